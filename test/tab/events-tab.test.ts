/**
 * The tab's events views in headless Chromium against the real server and Azurite: the
 * coordinator plans an evening, publishes it, people answer, and the coordinator sees the
 * answers; axe scans the new views in the light, dark and high-contrast themes.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { EventsStore } from '../../bot/src/storage/events-store';
import { TABLES } from '../../bot/src/storage/tables';
import type { TestApp } from '../support/app';
import {
  axeScan,
  callApi,
  describeViolations,
  devToken,
  openTabAs,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

const Y = new Date(Date.now() + 60 * 86_400_000).getFullYear();
const THEMES = ['default', 'dark', 'contrast'] as const;

async function openEvents(page: Page, t: TestApp, upn: string, query = ''): Promise<void> {
  await openTabAs(page, t.url, upn, { query });
  await page.getByTestId('nav-events').click();
  await page.getByTestId('events-view').waitFor();
}

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const violations = await axeScan(page);
  assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`);
}

describe('events in the tab (Chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let browser: BrowserSession;

  const suite = useTabSuite();
  before(() => {
    ({ app: t, browser } = suite);
  });

  it('lets the coordinator plan an evening, publish it and see the answers', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openEvents(page, t, DEMO.coordinator);
    await page.getByTestId('events-tab-events').click();
    await page.getByTestId('new-evening').click();

    const form = page.getByTestId('event-form');
    await form.getByTestId('title-fi').fill('Syksyn yhdistysilta');
    await form.getByTestId('start').fill(`${Y}-09-22T17:30`);
    await form.getByTestId('end').fill(`${Y}-09-22T16:00`);
    await form.getByTestId('deadline').fill(`${Y}-09-18T16:00`);
    await form.getByTestId('host').fill('Järjestökoordinaattori');
    await form.getByTestId('teams-url').fill('https://teams.microsoft.com/l/meetup-join/syksy');
    await form.getByTestId('save-event').click();
    // The form's own check, with the API's wording, before anything is sent.
    await form.getByText('Päättymisajan pitää olla alkamisajan jälkeen.').waitFor();
    await form.getByTestId('end').fill(`${Y}-09-22T19:30`);
    await form.getByTestId('save-event').click();
    await form.waitFor({ state: 'detached' });

    const item = page.getByTestId('event-item').filter({ hasText: 'Syksyn yhdistysilta' });
    await item.getByTestId('event-state').filter({ hasText: 'Luonnos' }).waitFor();
    await item.getByTestId('publish-event').click();
    await item.getByTestId('event-state').filter({ hasText: 'Julkaistu' }).waitFor();

    // Two people answer (as they would on the card); the coordinator then opens the answers.
    const events = await callApi<{ items: { id: string; title: { fi: string } }[] }>(
      t.url,
      await devToken(t.url, DEMO.coordinator),
      'GET',
      `/events?from=${Y}-09-01&to=${Y}-09-30&type=evening`,
    );
    const id = events.body.items.find((e) => e.title.fi === 'Syksyn yhdistysilta')?.id;
    assert.ok(id);
    for (const [upn, body] of [
      [
        DEMO.contact,
        {
          answer: 'yes',
          association: 'Kaupungin Kamarikuoro ry',
          contentWish: 'Tilavaraukset TIMMIssä',
        },
      ],
      [
        DEMO.reader,
        {
          answer: 'maybe',
          association: 'Harjulan kyläyhdistys ry',
          contentWish: 'tilavaraukset  TIMMIssä.\nAvustushaku',
        },
      ],
    ] as const) {
      const token = await devToken(t.url, upn);
      const res: { status: number } = await callApi(t.url, token, 'PUT', `/events/${id}/rsvps`, {
        body,
      });
      assert.equal(res.status, 200);
    }
    await item.getByTestId('open-answers').click();
    const counts = page.getByTestId('answer-counts');
    await page.getByTestId('answers-table').waitFor();
    assert.equal(await counts.getByTestId('count-yes').textContent(), '1');
    assert.equal(await counts.getByTestId('count-maybe').textContent(), '1');
    assert.equal(await counts.getByTestId('count-no').textContent(), '0');
    const rows = await page.getByTestId('answer-row').allTextContents();
    assert.deepEqual(rows, [
      'Aino KoskinenEhkäHarjulan kyläyhdistys rytilavaraukset  TIMMIssä.\nAvustushaku',
      'Mikko LaineTulenKaupungin Kamarikuoro ryTilavaraukset TIMMIssä',
    ]);

    // The coordinator answers too, in the same dialog, and the counts follow.
    await page.getByRole('radio', { name: 'Tulen' }).check();
    await page.getByTestId('send-answer').click();
    await page.getByRole('status').filter({ hasText: 'Vastauksesi on tallennettu.' }).waitFor();
    await counts.getByTestId('count-yes').filter({ hasText: '2' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Vie vastaukset (CSV)' }).click();
    const file = await (await download).path();
    const csv = (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
    assert.match(csv, /^"Nimi";"Vastaus";"Yhdistys";"Sisältötoive";"Vastattu"\r\n/);
    assert.match(csv, /"Mikko Laine";"Tulen";"Kaupungin Kamarikuoro ry";"Tilavaraukset TIMMIssä"/);

    // The wishes for the planning meeting: the same topic written alike is one, counted.
    const wishes = await page.getByTestId('wish-row').allTextContents();
    assert.deepEqual(wishes, [
      'Tilavaraukset TIMMIssä2Harjulan kyläyhdistys ry, Kaupungin Kamarikuoro ry',
      'Avustushaku1Harjulan kyläyhdistys ry',
    ]);
    const wishesFile = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Vie toiveet CSV-tiedostoon' }).click();
    const wishesCsv = (await readFile(await (await wishesFile).path(), 'utf8')).replace(
      /^\ufeff/,
      '',
    );
    assert.match(wishesCsv, /^Toive;Toivojia;Yhdistykset\r\nTilavaraukset TIMMIssä;2;/);
    const violations = await axeScan(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('plans a fortnightly working-group meeting with an exception and an all-day grant period', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openEvents(page, t, DEMO.coordinator);
    await page.getByTestId('events-tab-events').click();

    await page.getByRole('button', { name: 'Uusi kokous' }).click();
    const form = page.getByTestId('event-form');
    await form.getByTestId('title-fi').fill('Viestintätyöryhmä');
    // 2.9. of the year is a weekday; the preview names it, computed from the date.
    await form.getByTestId('start').fill(`${Y}-09-02T17:30`);
    await form.getByTestId('end').fill(`${Y}-09-02T19:00`);
    await form.getByLabel('Toistuu').selectOption('biweekly');
    await form.getByLabel('Viimeinen päivä (valinnainen)').fill(`${Y}-12-31`);
    await form.getByLabel('Poikkeukset: päivät, joina kokousta ei pidetä').fill(`${Y}-09-30`);
    const weekday = [
      'sunnuntai',
      'maanantai',
      'tiistai',
      'keskiviikko',
      'torstai',
      'perjantai',
      'lauantai',
    ][new Date(`${Y}-09-02T12:00:00Z`).getUTCDay()];
    await form
      .getByTestId('repeat-preview')
      .filter({ hasText: `joka toinen ${weekday} klo 17.30, 31.12.${Y} asti` })
      .waitFor();
    // An exception that is not a meeting of the series is refused with the API's wording.
    await form.getByLabel('Poikkeukset: päivät, joina kokousta ei pidetä').fill(`${Y}-09-03`);
    await form.getByTestId('save-event').click();
    await form.getByText('Tänä aikana sarjassa ei ole kokousta.').waitFor();
    await form.getByLabel('Poikkeukset: päivät, joina kokousta ei pidetä').fill(`${Y}-09-30`);
    // Its own reminders: typed wrong first, then two weeks and the day before.
    const leads = form.getByLabel('Muistutukset (päivää ennen ja kellonaika)');
    await form.getByText('Tyhjä: oletukset (7 09:00, 1 09:00).', { exact: false }).waitFor();
    await leads.fill('kaksi viikkoa');
    await form.getByTestId('save-event').click();
    await form.getByText('Kirjoita muistutukset muodossa', { exact: false }).waitFor();
    await leads.fill('14 9.00, 1 9.00');
    await form.getByTestId('save-event').click();
    await form.waitFor({ state: 'detached' });
    const meeting = page.getByTestId('event-item').filter({ hasText: 'Viestintätyöryhmä' });
    await meeting.getByText(`joka toinen ${weekday} klo 17.30`).waitFor();
    const stored = (await new EventsStore(t.app.storage.table(TABLES.events)).list({})).find(
      (e) => e.value.title.fi === 'Viestintätyöryhmä',
    );
    assert.deepEqual(stored?.value.kind === 'meeting' && stored.value.leadTimes, [
      { daysBefore: 14, at: '09:00' },
      { daysBefore: 1, at: '09:00' },
    ]);

    await page.getByRole('button', { name: 'Uusi kalenterimerkintä' }).click();
    await form.getByTestId('title-fi').fill('Syksyn avustushaku');
    await form.getByLabel('Luokka').selectOption('grant');
    await form.getByTestId('start').fill(`${Y}-10-01`);
    await form.getByTestId('end').fill(`${Y}-10-31`);
    await form.getByTestId('save-event').click();
    await form.waitFor({ state: 'detached' });
    const item = page.getByTestId('event-item').filter({ hasText: 'Syksyn avustushaku' });
    await item.getByText(`1.10.–31.10.${Y} · Avustushaku`).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows the annual calendar as a month list and as the wheel with its text alternative', async () => {
    const page = await browser.newPage();
    await openEvents(page, t, DEMO.reader);
    const wheel = page.getByTestId('wheel').locator('svg[role="img"]');
    await wheel.waitFor();
    assert.match(
      (await wheel.getAttribute('aria-labelledby')) ?? '',
      /vuosikello-title vuosikello-desc/,
    );
    assert.match(
      (await wheel.locator('title').first().textContent()) ?? '',
      new RegExp(`Vuosikello ${Y}`),
    );
    const list = page.getByTestId('month-list');
    assert.equal(await list.locator('h3').count(), 12);
    assert.ok((await page.getByTestId('calendar-entry').count()) > 0);
    assert.match(
      await page.getByTestId('feed-url').inputValue(),
      /\/api\/v1\/calendar\.ics\?year=\d{4}&sig=/,
    );
    await page.close();
  });

  for (const theme of THEMES) {
    it(`has no axe violations in the events views in the ${theme} theme`, async () => {
      const page = await browser.newPage();
      await openEvents(page, t, DEMO.coordinator, `theme=${theme}`);
      await page.getByTestId('wheel').locator('svg').waitFor();
      await expectNoViolations(page, `annual calendar, ${theme}`);
      await page.getByTestId('events-tab-events').click();
      await page.getByTestId('event-list').waitFor();
      await expectNoViolations(page, `event list, ${theme}`);
      await page.getByTestId('new-evening').click();
      await page.getByTestId('event-form').waitFor();
      await page.getByTestId('save-event').click();
      await page.getByText('Tallennus ei onnistunut').waitFor();
      await expectNoViolations(page, `event form with errors, ${theme}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('event-form').waitFor({ state: 'detached' });
      const published = page
        .getByTestId('event-item')
        .filter({ has: page.getByTestId('open-answers') })
        .first();
      await published.getByTestId('open-answers').click();
      await page.getByTestId('answer-counts').waitFor();
      await expectNoViolations(page, `answers, ${theme}`);
      await page.close();
    });
  }
});
