/**
 * Working groups in the tab, in headless Chromium against the real server and Azurite: the
 * coordinator creates a group with members in Teams and by e-mail only, its own reminders and
 * channel, renames it, archives and restores it; axe scans the view and the dialog in three themes.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { TABLES } from '../../bot/src/storage/tables';
import { WorkingGroupsStore } from '../../bot/src/storage/working-groups-store';
import type { TestApp } from '../support/app';
import {
  axeScan,
  describeViolations,
  openTabAs,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

const TEAM = '19:groups-test-team@thread.tacv2';
const CHANNEL = '19:verkosto-kanava@thread.tacv2';

async function openGroups(page: Page, t: TestApp, query = ''): Promise<void> {
  await openTabAs(page, t.url, DEMO.coordinator, { query });
  await page.getByTestId('nav-groups').click();
  await page.getByTestId('groups-view').waitFor();
}

async function stored(t: TestApp, fi: string): Promise<WorkingGroup | undefined> {
  const list = await new WorkingGroupsStore(t.app.storage.table(TABLES.workingGroups)).list();
  return list.find((g) => g.value.name.fi === fi)?.value;
}

describe('working groups in the tab (Chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let browser: BrowserSession;

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    // The app is in a team with two channels, as Teams told the bot.
    const conversations = new TableConversationStore(t.app.storage.table(TABLES.conversations));
    const at = new Date().toISOString();
    await conversations.activate({
      key: { kind: 'team', teamId: TEAM },
      reference: {
        bot: { id: '28:bot', name: 'Yhdistysbotti' },
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/',
        conversation: { id: TEAM, conversationType: 'channel', isGroup: true },
      },
      teamName: 'Yhdistysyhteistyö',
      at,
    });
    await conversations.updateTeam(
      TEAM,
      { channels: [{ id: TEAM }, { id: CHANNEL, name: 'Maahanmuuttajaverkosto' }] },
      at,
    );
  });

  it('creates a group with members in Teams and by e-mail, its reminders and channel; renames, archives and restores it', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openGroups(page, t);
    const active = page.getByTestId('groups-active');
    await active.getByText('Tilayhteistyö').waitFor();

    await page.getByRole('button', { name: 'Uusi työryhmä' }).click();
    const form = page.getByTestId('group-form');
    await form.getByLabel('Nimi suomeksi').fill('Maahanmuuttajayhdistysten verkosto');
    await form.getByLabel('Tarkoitus').fill('Kokoontuu kahdesti vuodessa.');
    await form.getByLabel('Yhteyshenkilön nimi').fill('Helena Virtanen');
    await form.getByLabel('Yhteyshenkilön sähköposti (Teams-tunnus)').fill(DEMO.coordinator);
    await form.getByRole('button', { name: 'Lisää jäsen' }).click();
    await form.getByLabel('Jäsenen 1 nimi').fill('Mikko Laine');
    await form.getByLabel('Jäsenen 1 sähköposti').fill('mikko.laine@kaupunki.example');
    await form.getByRole('button', { name: 'Lisää jäsen' }).click();
    await form.getByLabel('Jäsenen 2 nimi').fill('Amina Hassan');
    await form.getByLabel('Jäsenen 2 tavoittaa').selectOption('email');
    await form.getByLabel('Jäsenen 2 sähköposti').fill('amina.hassan');
    await form.getByLabel('Kanava, johon muistutukset menevät').selectOption({
      label: 'Yhdistysyhteistyö › Maahanmuuttajaverkosto',
    });
    await form.getByLabel('Muistutukset (päivää ennen ja kellonaika)').fill('14 9.00, 1 9.00');
    // A wrong address is named at its field, in Finnish, and nothing is saved.
    await form.getByRole('button', { name: 'Tallenna' }).click();
    await form.getByText('Anna sähköpostiosoite, esim. nimi@yhdistys.fi.').waitFor();
    assert.equal(await stored(t, 'Maahanmuuttajayhdistysten verkosto'), undefined);
    await form.getByLabel('Jäsenen 2 sähköposti').fill('amina.hassan@yhdistys.example');
    await form.getByRole('button', { name: 'Tallenna' }).click();
    await form.waitFor({ state: 'detached' });
    const row = active
      .getByTestId('group-row')
      .filter({ hasText: 'Maahanmuuttajayhdistysten verkosto' });
    await row.getByText('Maahanmuuttajaverkosto').waitFor();
    await row.getByText('14 09:00, 1 09:00').waitFor();

    const saved = await stored(t, 'Maahanmuuttajayhdistysten verkosto');
    assert.deepEqual(saved?.members, [
      { kind: 'user', name: 'Mikko Laine', upn: 'mikko.laine@kaupunki.example' },
      { kind: 'email', name: 'Amina Hassan', email: 'amina.hassan@yhdistys.example' },
    ]);
    assert.equal(saved?.channelId, CHANNEL);
    assert.deepEqual(saved?.leadTimes, [
      { daysBefore: 14, at: '09:00' },
      { daysBefore: 1, at: '09:00' },
    ]);

    // Rename.
    await row.getByRole('button', { name: 'Muokkaa: Maahanmuuttajayhdistysten verkosto' }).click();
    await form.getByLabel('Nimi suomeksi').fill('Monikulttuurinen verkosto');
    await form.getByRole('button', { name: 'Tallenna' }).click();
    await form.waitFor({ state: 'detached' });
    const renamed = active
      .getByTestId('group-row')
      .filter({ hasText: 'Monikulttuurinen verkosto' });
    await renamed.waitFor();
    assert.equal((await stored(t, 'Monikulttuurinen verkosto'))?.members.length, 2);

    // Archive, then restore.
    await renamed.getByRole('button', { name: 'Arkistoi: Monikulttuurinen verkosto' }).click();
    const archived = page.getByTestId('groups-archived');
    await archived.getByText('Monikulttuurinen verkosto').waitFor();
    assert.equal((await stored(t, 'Monikulttuurinen verkosto'))?.active, false);
    assert.equal(await renamed.count(), 0);
    await archived.getByRole('button', { name: 'Palauta: Monikulttuurinen verkosto' }).click();
    await renamed.waitFor();
    const restored = await stored(t, 'Monikulttuurinen verkosto');
    assert.equal(restored?.active, true);
    assert.equal(restored?.channelId, CHANNEL, 'archiving keeps everything else');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("offers an evening the team's recorded channels for its invitation", async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByTestId('nav-events').click();
    await page.getByTestId('events-tab-events').click();
    await page.getByRole('button', { name: 'Uusi yhdistysilta' }).click();
    const picker = page.getByLabel('Kanava, johon kutsu julkaistaan');
    await picker.waitFor();
    const options = await picker.locator('option').allInnerTexts();
    assert.deepEqual(options, [
      'Tiimin valittu kanava',
      'Yhdistysyhteistyö › Yleinen',
      'Yhdistysyhteistyö › Maahanmuuttajaverkosto',
    ]);
    await page.close();
  });

  it('is not offered to a contact person', async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.contact);
    await page.getByTestId('nav-events').waitFor();
    assert.equal(await page.getByTestId('nav-groups').count(), 0);
    await page.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no axe violations in the view and its dialog in the ${theme} theme`, async () => {
      const page = await browser.newPage();
      await openGroups(page, t, `theme=${theme}`);
      await page.getByTestId('groups-active').waitFor();
      let violations = await axeScan(page);
      assert.equal(violations.length, 0, `view:\n${describeViolations(violations)}`);
      await page.getByRole('button', { name: 'Uusi työryhmä' }).click();
      const form = page.getByTestId('group-form');
      await form.getByRole('button', { name: 'Lisää jäsen' }).click();
      await form.getByRole('button', { name: 'Tallenna' }).click();
      await form.getByText('Tarkista korostetut kentät.').waitFor();
      violations = await axeScan(page);
      assert.equal(violations.length, 0, `dialog:\n${describeViolations(violations)}`);
      await page.close();
    });
  }
});
