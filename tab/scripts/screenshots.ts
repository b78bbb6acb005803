/**
 * `npm run screenshots`: the tab's views (associations, events and the annual calendar, scheduled
 * posts, administration, the coordinator's home, working groups, guide texts, content wishes, personal data and the privacy notice) in light and dark (and the list in high contrast), rendered by
 * headless Chromium against a real server with the demo data, written to
 * docs/screenshots/*.png. `npm run screenshots -- <name-filter> …` draws only the views whose
 * name contains one of them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { startTestApp, type TestApp } from '../../test/support/app';
import {
  buildTab,
  callApi,
  devToken,
  inputOf,
  openTabAs,
  rowNamed,
  startBrowser,
  type BrowserSession,
} from '../../test/support/browser';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const CONTACT = 'mikko.laine@kaupunki.example';
const COORDINATOR = 'helena.virtanen@kaupunki.example';
const CHOIR = 'Kaupungin Kamarikuoro ry';

type Theme = 'default' | 'dark' | 'contrast';
const THEME_NAME: Record<Theme, string> = { default: 'light', dark: 'dark', contrast: 'contrast' };

interface Shot {
  readonly name: string;
  readonly themes: readonly Theme[];
  readonly viewport?: { width: number; height: number };
  /** Opens the view; the page is fresh and not signed in. */
  readonly show: (page: Page, app: TestApp, query: string) => Promise<void>;
}

const WISHED_EVENING = 'Kevään suunnittelu-ilta';

/** A published evening that three people answered with content wishes (once per run). */
async function wishedEvening(app: TestApp): Promise<void> {
  const coordinator = await devToken(app.url, COORDINATOR);
  const list = await callApi<{ items: { id: string; title: { fi: string } }[] }>(
    app.url,
    coordinator,
    'GET',
    '/events?type=evening',
  );
  if (list.body.items.some((e) => e.title.fi === WISHED_EVENING)) return;
  // In the year the events view opens on: the year of the day 60 days ahead.
  const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const created = await callApi<{ id: string }>(app.url, coordinator, 'POST', '/events', {
    body: {
      kind: 'evening',
      title: { fi: WISHED_EVENING },
      start: `${day}T17:30`,
      end: `${day}T20:00`,
      host: 'Järjestökoordinaattori',
      registrationDeadline: `${day}T12:00`,
      place: { address: 'Kaupungintalo' },
    },
  });
  await callApi(app.url, coordinator, 'POST', `/events/${created.body.id}/publish`);
  const answers = [
    [CONTACT, 'Kaupungin Kamarikuoro ry', 'Avustushaku\nTilavaraukset TIMMIssä'],
    ['aino.koskinen@kaupunki.example', 'Harjulan kyläyhdistys ry', 'avustushaku.'],
    [COORDINATOR, 'Partiolippukunta Metsänkävijät', 'Vapaaehtoisten rekrytointi; Avustushaku'],
  ] as const;
  for (const [upn, association, contentWish] of answers) {
    const token = await devToken(app.url, upn);
    await callApi(app.url, token, 'PUT', `/events/${created.body.id}/rsvps`, {
      body: { answer: 'yes', association, contentWish },
    });
  }
}

/** The coordinator's events view; it opens on the annual calendar. */
async function openEvents(page: Page, app: TestApp, query: string): Promise<void> {
  await openTabAs(page, app.url, COORDINATOR, { query });
  await page.getByTestId('nav-events').click();
  await page.getByTestId('events-view').waitFor();
}

async function openEdit(page: Page, name: string): Promise<void> {
  await rowNamed(page, name).getByRole('button', { name, exact: true }).click();
  await page.getByRole('dialog').waitFor();
}

const SURVEY_TITLE = 'Yhdistyskysely (esimerkki)';
let surveyOnce: Promise<string> | undefined;

/** A survey open now and answered by twelve demo associations through their links (made once). */
function answeredSurvey(app: TestApp): Promise<string> {
  surveyOnce ??= (async () => {
    const token = await devToken(app.url, COORDINATOR);
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', {
        timeZone: 'Europe/Helsinki',
      });
    const template = TEMPLATES.associationSurvey.input(new Date().getFullYear());
    const made = await callApi<{ id: string }>(app.url, token, 'POST', '/surveys', {
      body: {
        ...template,
        title: { fi: SURVEY_TITLE, en: 'Association survey (example)' },
        window: { first: day(-3), last: day(20) },
      },
    });
    const id = made.body.id;
    await callApi(app.url, token, 'POST', `/surveys/${id}/open`);
    const links = await callApi<{ items: { url: string }[] }>(
      app.url,
      token,
      'GET',
      `/surveys/${id}/links`,
    );
    const ratings = ['good', 'moderate', 'moderate', 'poor', 'moderate', 'good'];
    for (const [i, link] of links.body.items.slice(0, 12).entries()) {
      const form = new URLSearchParams({
        'a-grants': ratings[i % 6] ?? 'good',
        'a-premises': ratings[(i + 2) % 6] ?? 'good',
        'a-events': ratings[(i + 1) % 6] ?? 'good',
        'a-communication': ratings[(i + 3) % 6] ?? 'good',
        'a-contact': String((i % 5) + 1),
        'a-evenings': String(((i + 2) % 5) + 1),
      });
      form.append('a-groups', i % 2 ? 'events' : 'premises');
      await fetch(link.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    }
    return id;
  })();
  return surveyOnce;
}

const SHOTS: readonly Shot[] = [
  {
    name: 'sign-in',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await page.goto(`${app.url}/tab/?${query}`);
      await page.getByRole('button', { name: /Mikko Laine/ }).waitFor();
    },
  },
  {
    name: 'own-associations',
    themes: ['default', 'dark', 'contrast'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
    },
  },
  {
    name: 'all-associations-search',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await page.getByRole('tab', { name: 'Kaikki yhdistykset' }).click();
      await page.getByRole('searchbox').fill('yhdistys');
      await page.getByRole('combobox', { name: 'Järjestys' }).selectOption('updated');
      await page.waitForTimeout(200);
    },
  },
  {
    name: 'edit-dialog',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await openEdit(page, CHOIR);
    },
  },
  {
    name: 'add-dialog-validation',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await page.getByRole('button', { name: 'Lisää yhdistys' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('[data-field="name"]').fill('K');
      await dialog.getByLabel('Y-tunnus').fill('1234567-2');
      await dialog.getByRole('button', { name: 'Tallenna' }).click();
      await dialog.getByText('Nimen pituus on 2–200 merkkiä.').waitFor();
      await dialog.locator('[data-field="name"]').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'conflict-dialog',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await openEdit(page, CHOIR);
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Lisätiedot').fill('Harjoitukset tiistaisin kirjaston salissa.');
      // Meanwhile the coordinator saves the same association.
      const token = await devToken(app.url, COORDINATOR);
      const list = await callApi<{ items: { id: string; name: string }[] }>(
        app.url,
        token,
        'GET',
        `/associations?q=${encodeURIComponent(CHOIR)}&status=all`,
      );
      const id = list.body.items[0]?.id ?? '';
      const current = await callApi<Record<string, unknown> & { etag: string }>(
        app.url,
        token,
        'GET',
        `/associations/${encodeURIComponent(id)}`,
      );
      await callApi(app.url, token, 'PUT', `/associations/${encodeURIComponent(id)}`, {
        ifMatch: current.body.etag,
        body: {
          ...inputOf(current.body),
          website: 'https://kamarikuoro.example',
          notes: 'Konsertti 12.12. kaupungintalolla.',
        },
      });
      await dialog.getByRole('button', { name: 'Tallenna' }).click();
      await page.getByRole('alertdialog').getByText('Joku muu tallensi ensin').waitFor();
    },
  },
  {
    name: 'import-preview',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await page.getByRole('button', { name: 'Tuo CSV' }).click();
      const csv = [
        'Nimi;Yksiköt;Y-tunnus;Yhteyshenkilö 1 nimi;Yhteyshenkilö 1 sähköposti',
        'Lasten kuvataidekoulu ry;Kulttuuri;;Tiina Aalto;tiina.aalto@example.com',
        'Kirjaston ystävät ry;Kirjasto;1234567-2;Pertti Oja;pertti.oja@example.com',
        'Sarjakuvaseura ry;Kirjasto;;Ville Kivi;ville.kivi(at)example.com',
      ].join('\r\n');
      await page.getByTestId('import-file').setInputFiles({
        name: 'yhdistykset.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`\ufeff${csv}\r\n`, 'utf8'),
      });
      await page.getByRole('button', { name: 'Tarkista tiedosto' }).click();
      await page.getByTestId('import-errors').waitFor();
    },
  },
  {
    name: 'history',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      // A change first, so the history has more than the creation.
      await openTabAs(page, app.url, CONTACT, { query });
      await openEdit(page, CHOIR);
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Verkkosivut').fill('https://kamarikuoro.example/konsertit');
      await dialog.getByLabel('Lisätiedot').fill('Kevätkonsertti toukokuussa.');
      await page.getByRole('dialog').getByRole('button', { name: 'Tallenna' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await rowNamed(page, CHOIR)
        .getByRole('button', { name: `Historia: ${CHOIR}` })
        .click();
      await page.getByTestId('history').waitFor();
    },
  },
  {
    name: 'remove-confirmation',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await rowNamed(page, CHOIR)
        .getByRole('button', { name: `Poista: ${CHOIR}` })
        .click();
      await page.getByRole('alertdialog').waitFor();
    },
  },
  {
    name: 'administration-units',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByRole('tab', { name: 'Hallinta' }).click();
      await page.getByRole('tab', { name: 'Yksiköt', selected: true }).waitFor();
      await page.getByRole('table').waitFor();
    },
  },
  {
    name: 'administration-roles',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByRole('tab', { name: 'Hallinta' }).click();
      await page.getByRole('tab', { name: 'Roolit' }).click();
      await page.getByRole('table').waitFor();
    },
  },
  {
    name: 'annual-calendar',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openEvents(page, app, query);
      await page.getByTestId('wheel').locator('svg').waitFor();
      await page.getByTestId('calendar-entry').first().waitFor();
    },
  },
  {
    name: 'events-list',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openEvents(page, app, query);
      await page.getByTestId('events-tab-events').click();
      await page.getByTestId('event-list').waitFor();
    },
  },
  {
    name: 'deliveries',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-deliveries').click();
      await page.getByTestId('deliveries-view').waitFor();
      await page.getByTestId('delivery-row').first().waitFor();
    },
  },
  {
    name: 'survey-builder',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-surveys').click();
      await page.getByTestId('survey-create').click();
      // The card is drawn by the server a moment after the editor opens.
      await page.getByTestId('survey-card').getByRole('radio').first().waitFor();
    },
  },
  {
    name: 'survey-results',
    themes: ['default', 'dark', 'contrast'],
    async show(page, app, query) {
      await answeredSurvey(app);
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-surveys').click();
      await page
        .getByTestId('survey-row')
        .filter({ hasText: SURVEY_TITLE })
        .getByTestId('survey-results')
        .click();
      await page.getByTestId('survey-results-view').waitFor();
    },
  },
  {
    name: 'coordinator-home',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-home').click();
      await page.getByTestId('home-view').waitFor();
      await page.getByTestId('home-coming-row').first().waitFor();
    },
  },
  {
    name: 'working-groups',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-groups').click();
      await page.getByTestId('group-row').first().waitFor();
    },
  },
  {
    name: 'working-group-dialog',
    themes: ['default', 'contrast'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-groups').click();
      await page
        .getByRole('button', { name: /^Muokkaa: / })
        .first()
        .click();
      await page.getByTestId('group-form').waitFor();
    },
  },
  {
    name: 'guide-texts',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByTestId('nav-guide').click();
      await page.getByTestId('guide-choose').selectOption('topic/grants');
      await page.getByTestId('guide-title.fi').fill('Avustukset ja avustussääntö 2027');
      await page.getByTestId('guide-card').getByText('Avustukset ja avustussääntö 2027').waitFor();
    },
  },
  {
    name: 'content-wishes',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await wishedEvening(app);
      await openEvents(page, app, query);
      await page.getByTestId('events-tab-events').click();
      await page
        .getByTestId('event-item')
        .filter({ hasText: WISHED_EVENING })
        .getByTestId('open-answers')
        .click();
      await page.getByTestId('wishes-table').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'personal-data',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, COORDINATOR, { query });
      await page.getByRole('tab', { name: 'Hallinta' }).click();
      await page.getByRole('tab', { name: 'Henkilötiedot' }).click();
      await page.getByLabel('Sähköpostiosoite').fill(CONTACT);
      await page.getByRole('button', { name: 'Hae tiedot' }).click();
      await page.getByRole('table', { name: 'Tulokset' }).waitFor();
    },
  },
  {
    name: 'privacy-notice',
    themes: ['default', 'dark'],
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
      await page.getByTestId('nav-privacy').click();
      await page.getByTestId('privacy-notice').waitFor();
    },
  },
  {
    name: 'phone',
    themes: ['default', 'dark'],
    viewport: { width: 360, height: 740 },
    async show(page, app, query) {
      await openTabAs(page, app.url, CONTACT, { query });
    },
  },
];

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const shots = SHOTS.filter(
    (shot) => filters.length === 0 || filters.some((f) => shot.name.includes(f)),
  );
  if (shots.length === 0) throw new Error(`no view is named like "${filters.join('", "')}"`);
  buildTab();
  await mkdir(OUT, { recursive: true });
  const app = await startTestApp();
  const browsers = new Map<string, BrowserSession>();
  try {
    for (const shot of shots) {
      const size = shot.viewport ?? { width: 1280, height: 800 };
      const key = `${size.width}x${size.height}`;
      let browser = browsers.get(key);
      if (!browser) {
        browser = await startBrowser({ viewport: size, mobile: size.width < 600 });
        browsers.set(key, browser);
      }
      for (const theme of shot.themes) {
        // Every view starts from the demo data as seeded, in a fresh page.
        const page = await browser.newPage();
        try {
          await shot.show(page, app, `theme=${theme}`);
          await page.waitForTimeout(300); // Fluent's open animations
          const file = path.join(OUT, `${shot.name}-${THEME_NAME[theme]}.png`);
          await writeFile(file, await page.screenshot());
          console.log(path.relative(process.cwd(), file));
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    for (const browser of browsers.values()) await browser.close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
