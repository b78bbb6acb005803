/**
 * The register's mailing list without the people in the team, in headless Chromium against the
 * real server and Azurite: with the box ticked, the copied list leaves out the contact person
 * the team's recorded roster holds, and the message says how many were left out.
 */
import assert from 'node:assert/strict';
import { addressKeyOf } from '../../bot/src/compose/surveys';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { TableTeamRosterStore } from '../../bot/src/storage/roster-store';
import { SurveyRespondentKeys } from '../../bot/src/storage/surveys-store';
import { TABLES } from '../../bot/src/storage/tables';
import type { TestApp } from '../support/app';
import { callApi, openTabAs, watchProblems, type BrowserSession } from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO, devToken } from '../support/tokens';

const TEAM = '19:mailing-tab-team@thread.tacv2';

describe('mailing list without the team members in the tab (Chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let browser: BrowserSession;
  let everyone: string[] = [];
  let inTeam = '';

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: t.url,
    });
    const token = await devToken(t.url, DEMO.coordinator);
    const list = await callApi<{ emails: string[] }>(
      t.url,
      token,
      'GET',
      '/associations/mailing-list',
    );
    everyone = list.body.emails;
    inTeam = everyone[0] ?? '';
    // The app is in a team whose recorded roster holds one of the contact persons.
    const at = new Date().toISOString();
    const storage = t.app.storage;
    await new TableConversationStore(storage.table(TABLES.conversations)).activate({
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
    const keyOf = addressKeyOf(new SurveyRespondentKeys(storage.table(TABLES.meta)));
    await new TableTeamRosterStore(storage.table(TABLES.conversations)).replace(
      TEAM,
      [{ memberKey: await keyOf('teams-id:29:x'), addressKey: await keyOf(inTeam) }],
      at,
    );
  });

  it('leaves out the people in the team when the box is ticked', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByRole('tab', { name: 'Kaikki yhdistykset' }).click();
    const copy = page.getByRole('button', { name: 'Kopioi sähköpostilista' });
    await copy.click();
    await page.getByText(`Sähköpostilista kopioitu (${everyone.length} osoitetta)`).waitFor();
    assert.equal(
      await page.evaluate<string>('navigator.clipboard.readText()'),
      everyone.join('; '),
    );

    await page.getByRole('checkbox', { name: 'Ilman tiimin jäseniä' }).check();
    await copy.click();
    await page
      .getByText(
        `Sähköpostilista kopioitu (${everyone.length - 1} osoitetta). 1 jätettiin pois, koska he ovat tiimissä.`,
      )
      .waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    assert.equal(copied, everyone.filter((e) => e !== inTeam).join('; '));
    assert.deepEqual(problems, []);
    await page.close();
  });
});
