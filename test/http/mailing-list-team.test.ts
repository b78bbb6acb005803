/**
 * The mailing list without the people who are in the team, on a real server and Azurite with a
 * recording Bot Connector: the bot records the team's members when it is installed (the
 * connector's member list) and follows people joining and leaving (conversationUpdate); the
 * mailing list with `notInTeam=true` leaves them out and says how many. The roster keeps keyed
 * hashes only: no address, object id or Teams id in clear.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MailingList } from '@yhdistysyhteistyo/contract/associations';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';
import { until } from '../support/wait';

const BOT = { id: '28:bot-app-id', name: 'Yhdistysbotti' };
const TENANT = '00000000-0000-4000-8000-00000000c17e';
const TEAM = '19:team-mailing@thread.tacv2';
const HELENA = { id: '29:helena', aadObjectId: 'aad-helena', name: 'Helena Virtanen' };

type Json = Record<string, unknown>;

describe('mailing list without the people in the team', function () {
  this.timeout(90_000);
  let t: TestApp;
  let connector: FakeConnector;
  let token = '';
  let all: string[] = [];
  /** Two contact persons of associations: one a guest in the team, one a member. */
  let guest = '';
  let member = '';

  before(async () => {
    t = await startTestApp();
    token = await devToken(t.url, DEMO.coordinator);
    all = [...(await list(false)).emails];
    assert.ok(all.length >= 3, 'the demo associations have contact persons');
    [guest = '', member = ''] = all;
    connector = await startFakeConnector({
      threadWindows: false,
      members: [
        { ...HELENA, userPrincipalName: DEMO.coordinator },
        {
          id: '29:guest-in-team',
          aadObjectId: 'aad-guest-in-team',
          name: 'Vieras Jäsen',
          // A guest's principal name is the tenant's form; the e-mail is the address.
          userPrincipalName: `${guest.replace('@', '_')}#EXT#@kaupunki.example`,
          email: guest.toUpperCase(),
          userRole: 'guest',
        },
        {
          id: '29:member-in-team',
          aadObjectId: 'aad-member-in-team',
          name: 'Tiimin Jäsen',
          userPrincipalName: member,
          userRole: 'user',
        },
      ],
    });
  });
  after(async () => {
    await connector?.close();
    await t?.stop();
  });

  async function list(notInTeam: boolean): Promise<MailingList> {
    const res = await api<MailingList>(
      t.url,
      token,
      `/api/v1/associations/mailing-list${notInTeam ? '?notInTeam=true' : ''}`,
    );
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  async function teamActivity(extra: Json): Promise<void> {
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: connector.url,
        recipient: BOT,
        from: HELENA,
        locale: 'fi-FI',
        timestamp: new Date().toISOString(),
        conversation: { id: TEAM, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        ...extra,
        channelData: {
          tenant: { id: TENANT },
          team: { id: TEAM, name: 'Yhdistysyhteistyö' },
          ...((extra.channelData as Json | undefined) ?? {}),
        },
      }),
    });
    assert.equal(res.status, 200);
  }

  it('leaves out everyone the team had when the bot was installed, and says how many', async () => {
    const before = await list(true);
    assert.deepEqual(before.emails, all, 'no team recorded yet: nobody is left out');
    assert.equal(before.leftOut, 0);

    await teamActivity({ type: 'installationUpdate', action: 'add' });
    await until('the roster to be recorded', async () => (await list(true)).leftOut === 2);
    const without = await list(true);
    assert.deepEqual(
      without.emails,
      all.filter((e) => e !== guest && e !== member),
    );
    assert.equal(without.text, without.emails.join('; '));
    assert.deepEqual((await list(false)).emails, all, 'without the box ticked, everyone');
  });

  it('follows people leaving and joining the team', async () => {
    await teamActivity({
      type: 'conversationUpdate',
      membersRemoved: [{ id: '29:member-in-team', aadObjectId: 'aad-member-in-team' }],
      channelData: { eventType: 'teamMemberRemoved' },
    });
    let now = await list(true);
    assert.ok(now.emails.includes(member), 'who left is on the list again');
    assert.equal(now.leftOut, 1);

    const third = all[2] ?? '';
    connector.setRoster(TEAM, [
      { id: '29:joined', aadObjectId: 'aad-joined', name: 'Uusi Jäsen', userPrincipalName: third },
    ]);
    await teamActivity({
      type: 'conversationUpdate',
      membersAdded: [{ id: '29:joined', aadObjectId: 'aad-joined' }],
      channelData: { eventType: 'teamMemberAdded' },
    });
    now = await list(true);
    assert.ok(!now.emails.includes(third), 'who joined is left out');
    assert.equal(now.leftOut, 2);
  });

  it('keeps no address, object id or Teams id of a member in clear', async () => {
    const table = t.app.storage.table(TABLES.conversations);
    const rows: string[] = [];
    for await (const row of table.listEntities()) {
      if (String(row.partitionKey).startsWith('roster-')) rows.push(JSON.stringify(row));
    }
    assert.ok(rows.length >= 3, `roster rows: ${rows.length}`);
    for (const text of rows) {
      for (const secret of [guest, member, 'aad-guest-in-team', '29:guest-in-team', 'Vieras']) {
        assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${secret} in ${text}`);
      }
    }
  });
});
