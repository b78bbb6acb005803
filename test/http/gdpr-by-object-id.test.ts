/**
 * A person who never had a role (an association's volunteer who answered an evening on a card
 * and chats with the bot) is found by the object id the coordinator gives: what is keyed by it
 * is exported and erased, and a neighbour's answer and chat stay.
 */
import assert from 'node:assert/strict';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { EventsStore } from '../../bot/src/storage/events-store';
import { RsvpStore } from '../../bot/src/storage/rsvp-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

const OID = '7a7a7a7a-1111-4222-8333-444444444444';
const NEIGHBOUR = '7b7b7b7b-1111-4222-8333-444444444444';
const EMAIL = 'vapaaehtoinen@yhdistys.example';

describe('GDPR: a person without a role, found by the object id', function () {
  this.timeout(60_000);
  let t: TestApp;
  let coordinator = '';

  before(async () => {
    t = await startTestApp();
    coordinator = await devToken(t.url, DEMO.coordinator);
    const events = new EventsStore(t.app.storage.table(TABLES.events));
    const at = new Date().toISOString();
    await events.create({
      id: 'ilta-oid',
      kind: 'evening',
      title: { fi: 'Ilta', en: '' },
      description: { fi: '', en: '' },
      start: at,
      end: at,
      place: { address: 'Kaupungintalo' },
      state: 'published',
      record: false,
      host: 'Järjestökoordinaattori',
      agenda: [],
      registrationDeadline: at,
      createdAt: at,
      createdBy: 'system',
      updatedAt: at,
      updatedBy: 'system',
    });
    const rsvps = new RsvpStore(t.app.storage.table(TABLES.rsvps));
    const conversations = new TableConversationStore(t.app.storage.table(TABLES.conversations));
    for (const [oid, name] of [
      [OID, 'Ville Vapaaehtoinen'],
      [NEIGHBOUR, 'Noora Naapuri'],
    ] as const) {
      await rsvps.answer(
        {
          eventId: 'ilta-oid',
          userId: oid,
          name,
          answer: 'yes',
          association: 'Kyläyhdistys ry',
          contentWish: 'Avustukset',
          answeredAt: at,
          via: 'card',
          teamsId: `29:${oid}`,
        },
        () => undefined,
      );
      await conversations.activate({
        key: { kind: 'personal', conversationId: `a:chat-${oid}` },
        reference: {
          bot: { id: '28:bot' },
          channelId: 'msteams',
          serviceUrl: 'https://smba.trafficmanager.net/emea/',
          user: { id: `29:${oid}`, name, aadObjectId: oid },
          conversation: { id: `a:chat-${oid}` },
        },
        userAadObjectId: oid,
        at,
      });
    }
  });
  after(async () => {
    await t?.stop();
  });

  const query = `email=${encodeURIComponent(EMAIL)}&oid=${OID.toUpperCase()}`;

  it('the address alone finds nothing; with the object id the answer and the chat show', async () => {
    const alone = await api<{ tables: object }>(
      t.url,
      coordinator,
      `/api/v1/people/export?email=${encodeURIComponent(EMAIL)}`,
    );
    assert.deepEqual(alone.body.tables, {});
    const res = await api<{ tables: Record<string, unknown[]>; identity: { names: string[] } }>(
      t.url,
      coordinator,
      `/api/v1/people/export?${query}`,
    );
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body.tables).sort(), ['Conversations', 'Rsvps']);
    assert.deepEqual(res.body.identity.names, ['ville vapaaehtoinen']);
  });

  it('only a coordinator may erase', async () => {
    for (const who of ['contact', 'reader', 'guest'] as const) {
      const res = await api(t.url, await devToken(t.url, DEMO[who]), `/api/v1/people?${query}`, {
        method: 'DELETE',
      });
      assert.equal(res.status, 403, who);
    }
  });

  it('erases what is keyed by it, and nothing of the neighbour', async () => {
    const res = await api<{ tables: Record<string, number> }>(
      t.url,
      coordinator,
      `/api/v1/people?${query}`,
      { method: 'DELETE' },
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.tables.Rsvps, 1);
    assert.equal(res.body.tables.Conversations, 1);
    const left: string[] = [];
    for (const table of [TABLES.rsvps, TABLES.conversations]) {
      for await (const row of t.app.storage.table(table).listEntities()) {
        left.push(JSON.stringify(row).toLowerCase());
      }
    }
    assert.ok(!left.some((r) => r.includes(OID.toLowerCase()) || r.includes('ville')));
    assert.equal(left.filter((r) => r.includes(NEIGHBOUR.toLowerCase())).length, 2);
    assert.ok(left.some((r) => r.includes('noora naapuri')));
    const counts = await new RsvpStore(t.app.storage.table(TABLES.rsvps)).counts('ilta-oid');
    assert.equal(counts.yes, 2, 'both answers still count');
  });
});
