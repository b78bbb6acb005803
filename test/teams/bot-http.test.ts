/**
 * The bot over real HTTP: activities POSTed to /api/messages of the real server (with its own
 * Azurite), replies and proactive posts received by the recording fake Bot Connector that
 * `serviceUrl` points at.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { addressKeyOf } from '../../bot/src/compose/surveys';
import { encodeKey } from '../../bot/src/storage/keys';
import { TABLES } from '../../bot/src/storage/tables';
import { SurveyRespondentKeys } from '../../bot/src/storage/surveys-store';
import { assertValidCard, cardTexts } from '../support/card-check';
import {
  startFakeConnector,
  type FakeConnector,
  type RecordedActivity,
} from '../support/fake-connector';
import { startTestApp, type TestApp } from '../support/app';

const BOT = { id: '28:bot-app-id', name: 'Yhdistysbotti' };
const TENANT = '00000000-0000-4000-8000-00000000c17e';
const TEAM = '19:team-http@thread.tacv2';
const CHANNEL = '19:channel-http@thread.tacv2';
const HELENA = { id: '29:helena', aadObjectId: 'aad-helena', name: 'Helena Virtanen' };
const MIKKO = { id: '29:mikko', aadObjectId: 'aad-mikko', name: 'Mikko Laine' };
const ROSTER = [
  { ...HELENA, userPrincipalName: 'helena.virtanen@kaupunki.example' },
  { ...MIKKO, userPrincipalName: 'mikko.laine@kaupunki.example' },
];

type Json = Record<string, unknown>;

function cardOf(recorded: RecordedActivity | undefined): unknown {
  const attachments = recorded?.activity.attachments as { content?: unknown }[] | undefined;
  const content = attachments?.[0]?.content;
  assert.ok(content, `no card in ${JSON.stringify(recorded?.activity).slice(0, 200)}`);
  assertValidCard(content, 'reply');
  return content;
}

describe('bot over HTTP with a recording Bot Connector', function () {
  this.timeout(60_000);
  let app: TestApp;
  let connector: FakeConnector;
  let conversations: TableClient;

  before(async () => {
    // Its own Azurite: a test stops it.
    app = await startTestApp({}, { ownAzurite: true });
    connector = await startFakeConnector({ threadWindows: false, members: ROSTER });
    conversations = app.app.storage.table(TABLES.conversations);
  });

  after(async () => {
    await connector?.close();
    await app?.stop();
  });

  beforeEach(() => connector.reset());

  async function post(activity: Json): Promise<Response> {
    return fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  function base(conversation: Json, extra: Json = {}): Json {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      recipient: BOT,
      from: HELENA,
      locale: 'fi-FI',
      timestamp: new Date().toISOString(),
      conversation: { tenantId: TENANT, ...conversation },
      channelData: { tenant: { id: TENANT } },
      ...extra,
    };
  }

  const personalConversation = { id: 'a:personal-helena', conversationType: 'personal' };

  function personal(text: string, extra: Json = {}): Json {
    return base(personalConversation, { type: 'message', text, ...extra });
  }

  function channel(text: string, mention: boolean, from = HELENA): Json {
    return base(
      { id: `${CHANNEL};messageid=1700000000123`, conversationType: 'channel', isGroup: true },
      {
        type: 'message',
        from,
        text: mention ? `<at>${BOT.name}</at> ${text}` : text,
        entities: mention
          ? [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }]
          : [],
        channelData: {
          tenant: { id: TENANT },
          team: { id: TEAM, name: 'Yhdistysyhteistyö' },
          channel: { id: CHANNEL },
        },
      },
    );
  }

  function teamEvent(type: 'installationUpdate' | 'conversationUpdate', action = 'add'): Json {
    return base(
      { id: TEAM, conversationType: 'channel', isGroup: true },
      {
        type,
        ...(type === 'installationUpdate'
          ? { action }
          : action === 'add'
            ? { membersAdded: [{ id: BOT.id }] }
            : { membersRemoved: [{ id: BOT.id }] }),
        channelData: {
          tenant: { id: TENANT },
          team: { id: TEAM, name: 'Yhdistysyhteistyö' },
          ...(type === 'conversationUpdate'
            ? { eventType: `teamMember${action === 'add' ? 'Added' : 'Removed'}` }
            : {}),
        },
      },
    );
  }

  it('answers a personal message with its card as a reply, and logs the turn id', async () => {
    const activity = personal('ohje');
    const res = await post(activity);
    assert.equal(res.status, 200);
    const requestId = res.headers.get('x-request-id');
    assert.ok(requestId);
    const replies = connector.deliveriesTo(personalConversation.id);
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.operation, 'reply');
    assert.equal(replies[0]?.replyToId, activity.id);
    assert.equal(cardTexts(cardOf(replies[0]))[0], 'Näin käytät bottia');
    assert.ok(app.logs.lines.some((l) => l.includes(`"turnId":"${requestId}"`)));
  });

  it('answers in English for an English Teams client', async () => {
    await post(personal('calendar', { locale: 'en-GB' }));
    const reply = connector.deliveriesTo(personalConversation.id)[0];
    assert.match(cardTexts(cardOf(reply))[0] ?? '', /^Annual calendar /);
  });

  it('stays silent in a channel unless mentioned', async () => {
    const res = await post(channel('vuosikello', false));
    assert.equal(res.status, 200);
    assert.equal(connector.activities.length, 0);
  });

  it('answers a mention in the channel thread, mention stripped, typo forgiven', async () => {
    await post(channel('tyoryhmat', true));
    const replies = connector.deliveriesTo(`${CHANNEL};messageid=1700000000123`);
    assert.equal(replies.length, 1);
    assert.equal(cardTexts(cardOf(replies[0]))[0], 'Työryhmät');
  });

  it('greets a team once when installationUpdate and conversationUpdate arrive together', async () => {
    const [a, b] = await Promise.all([
      post(teamEvent('installationUpdate')),
      post(teamEvent('conversationUpdate')),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const welcomes = connector.deliveriesTo(TEAM);
    assert.equal(welcomes.length, 1);
    assert.equal(cardTexts(cardOf(welcomes[0]))[0], 'Tervetuloa yhdistysyhteistyöhön');
    const row = await conversations.getEntity<Json>(`team-${encodeKey(TEAM)}`, 'team');
    assert.equal(row.state, 'active');
    assert.equal(row.teamName, 'Yhdistysyhteistyö');
    assert.equal(row.installedByAadObjectId, HELENA.aadObjectId);
    const reference = JSON.parse(String(row.reference)) as {
      serviceUrl: string;
      conversation: { id: string };
    };
    assert.equal(reference.serviceUrl, connector.url);
    assert.equal(reference.conversation.id, TEAM);
  });

  it('posts the annual calendar proactively to the chosen channel, for a coordinator only', async () => {
    await post(channel('julkaise tänne', true, MIKKO));
    assert.equal(
      cardTexts(cardOf(connector.deliveriesTo(`${CHANNEL};messageid=1700000000123`)[0]))[0],
      'Vain koordinaattorille',
    );
    connector.reset();
    await post(channel('julkaise tänne', true, HELENA));
    assert.equal(
      cardTexts(cardOf(connector.deliveriesTo(`${CHANNEL};messageid=1700000000123`)[0]))[0],
      'Julkaisukanava vaihdettu',
    );
    connector.reset();
    await post(personal('julkaise vuosikello'));
    const post1 = connector.deliveriesTo(CHANNEL);
    assert.equal(post1.length, 1, JSON.stringify(connector.requests));
    assert.equal(post1[0]?.operation, 'send', 'a new post, not a reply');
    assert.match(cardTexts(cardOf(post1[0]))[0] ?? '', /^Vuosikello /);
    assert.equal(connector.deliveriesTo(TEAM).length, 0);
    const answer = connector.deliveriesTo(personalConversation.id)[0];
    assert.equal(cardTexts(cardOf(answer))[0], 'Vuosikello julkaistu');
  });

  it('marks the team gone when Teams says the bot left, and never posts there again', async () => {
    connector.inject({
      fault: { kind: 'forbidden', code: 'BotNotInConversationRoster' },
      conversations: [CHANNEL],
      times: 1,
    });
    await post(personal('julkaise vuosikello'));
    const row = await conversations.getEntity<Json>(`team-${encodeKey(TEAM)}`, 'team');
    assert.equal(row.state, 'gone');
    connector.reset();
    await post(personal('julkaise vuosikello'));
    assert.equal(connector.requests.filter((r) => r.conversationId === CHANNEL).length, 0);
    const answer = connector.deliveriesTo(personalConversation.id)[0];
    assert.match(cardTexts(cardOf(answer))[1] ?? '', /En ole yhdessäkään tiimissä/);
  });

  it('marks a personal chat gone on uninstall', async () => {
    await post(base(personalConversation, { type: 'installationUpdate', action: 'add' }));
    assert.equal(
      cardTexts(cardOf(connector.deliveriesTo(personalConversation.id)[0]))[0],
      'Tervetuloa!',
    );
    await post(base(personalConversation, { type: 'installationUpdate', action: 'remove' }));
    const row = await conversations.getEntity<Json>('personal', encodeKey(personalConversation.id));
    assert.equal(row.state, 'gone');
  });

  it('keeps what Teams says of who installs it in personal chat: guest or not, and a keyed hash of the address, never the address', async () => {
    const leena = { id: '29:leena', aadObjectId: 'aad-leena', name: 'Leena Mäkinen' };
    const leenaChat = { id: 'a:personal-leena', conversationType: 'personal' };
    connector.setRoster(leenaChat.id, [
      {
        ...leena,
        userPrincipalName: 'leena.makinen_kuoro.example#EXT#@kaupunki.example',
        email: 'leena.makinen@kuoro.example',
        userRole: 'guest',
      },
    ]);
    connector.setRoster(personalConversation.id, [{ ...ROSTER[0], userRole: 'user' }]);
    await post(base(leenaChat, { type: 'installationUpdate', action: 'add', from: leena }));
    await post(base(personalConversation, { type: 'installationUpdate', action: 'add' }));

    const meta = app.app.storage.table(TABLES.meta);
    const keyOf = addressKeyOf(new SurveyRespondentKeys(meta));
    const guest = await conversations.getEntity<Json>('personal', encodeKey(leenaChat.id));
    assert.equal(guest.guest, true);
    assert.equal(guest.addressKey, await keyOf('leena.makinen@kuoro.example'));
    const member = await conversations.getEntity<Json>(
      'personal',
      encodeKey(personalConversation.id),
    );
    assert.equal(member.guest, false);
    assert.equal(member.addressKey, await keyOf('helena.virtanen@kaupunki.example'));
    assert.doesNotMatch(JSON.stringify([guest, member]), /@kaupunki\.example|@kuoro\.example/);
  });

  it('refuses a body that is not an activity with the API error shape', async () => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'fi' },
      body: JSON.stringify({ hello: 'world' }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bad_activity');
    assert.equal(body.error.message, 'Tarkista korostetut kentät.');
  });

  it('answers with the error card and a reference when storage is down, within the deadline', async () => {
    await app.azurite.stop();
    const started = Date.now();
    const res = await post(
      personal('vuosikello', { from: { id: '29:new', aadObjectId: 'aad-new', name: 'Uusi' } }),
    );
    const took = Date.now() - started;
    assert.equal(res.status, 200);
    assert.ok(took < 10_000, `took ${took} ms`);
    const reference = res.headers.get('x-request-id') ?? '';
    const texts = cardTexts(cardOf(connector.deliveriesTo(personalConversation.id)[0]));
    assert.equal(texts[0], 'Jokin meni vikaan');
    assert.ok(texts.includes(reference));
    assert.ok(texts.every((t) => !/ECONNREFUSED|RestError|127\.0\.0\.1/.test(t)));
    const failure = app.logs.lines.find(
      (l) => l.includes('answer failed') && l.includes(reference),
    );
    assert.ok(failure, 'the failure is logged with the turn id');
  });
});
