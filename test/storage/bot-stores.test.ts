/** The bot's Azure Tables adapters against a real Azurite. */
import assert from 'node:assert/strict';
import type { ConversationReference } from 'botbuilder';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { SEED_HOUSE_RULES } from '../../bot/src/domain/content-seed';
import type { ConversationRef } from '../../bot/src/domain/installations';
import { TableCalendarReader } from '../../bot/src/storage/calendar-reader';
import { ContentError, TableContentStore } from '../../bot/src/storage/content-store';
import {
  TableConversationStore,
  TablePreferenceStore,
} from '../../bot/src/storage/conversation-store';
import { TableDirectoryReader } from '../../bot/src/storage/directory-reader';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { InstallationReferenceStore } from '../../bot/src/teams/reference-store';

const TEAM = '19:a;b@thread.tacv2';
const CHANNEL = '19:c:d;e@thread.tacv2';
const AT = '2026-12-01T10:00:00.000Z';

function ref(conversationId: string, type = 'channel'): ConversationRef {
  return {
    bot: { id: '28:bot' },
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/emea/',
    conversation: { id: conversationId, conversationType: type, tenantId: 't' },
  };
}

describe('bot stores on Azurite', function () {
  this.timeout(30_000);
  let azurite: AzuriteProcess;
  let storage: TableStorage;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
    storage = new TableStorage(azurite.connectionString);
    await storage.ensureTables();
  });

  after(async () => {
    await azurite?.stop();
  });

  describe('installations', () => {
    it('activates once when many events about one install race', async () => {
      const store = new TableConversationStore(storage.table(TABLES.conversations));
      const key = { kind: 'team' as const, teamId: TEAM };
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.activate({ key, reference: ref(TEAM), teamName: 'Tiimi', at: AT }),
        ),
      );
      assert.equal(results.filter((r) => r.activated).length, 1);
      const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimWelcome(key)));
      assert.equal(claims.filter(Boolean).length, 1);
      const row = await store.get(key);
      assert.equal(row?.state, 'active');
      assert.equal(row?.welcomed, true);
      assert.deepEqual(row?.key, key, 'ids with : ; @ survive the key encoding');
    });

    it('keeps the post channel, adds a channel it did not know, and targets it with a new post', async () => {
      const store = new TableConversationStore(storage.table(TABLES.conversations));
      await store.setPostChannel(TEAM, `${CHANNEL};messageid=17`, { id: '29:h' }, AT);
      const target = await store.postTarget(TEAM);
      assert.equal(target?.channelId, CHANNEL);
      assert.equal(target?.reference.conversation.id, CHANNEL);
      assert.equal(target?.reference.activityId, undefined);
      const channel = await store.get({ kind: 'channel', teamId: TEAM, channelId: CHANNEL });
      assert.equal(channel?.state, 'active');
    });

    it('marks a team and its channels gone, and a new install starts a new welcome', async () => {
      const store = new TableConversationStore(storage.table(TABLES.conversations));
      const key = { kind: 'team' as const, teamId: TEAM };
      assert.equal(await store.markGone(key, AT), true);
      assert.equal((await store.get(key))?.state, 'gone');
      assert.equal(
        (await store.get({ kind: 'channel', teamId: TEAM, channelId: CHANNEL }))?.state,
        'gone',
      );
      assert.equal(await store.postTarget(TEAM), undefined);
      assert.equal(await store.claimWelcome(key), false);
      assert.deepEqual((await store.listActive('team')).length, 0);
      const again = await store.activate({ key, reference: ref(TEAM), at: AT });
      assert.equal(again.activated, true);
      assert.equal(await store.claimWelcome(key), true);
      assert.equal(await store.markGone({ kind: 'personal', conversationId: 'a:none' }, AT), false);
    });

    it('falls back to General when the chosen channel is gone', async () => {
      const store = new TableConversationStore(storage.table(TABLES.conversations));
      await store.updateTeam(TEAM, { channels: [{ id: TEAM }] }, AT);
      assert.equal((await store.postTarget(TEAM))?.channelId, TEAM);
    });

    it('keeps personal chats apart and lists them by kind', async () => {
      const store = new TableConversationStore(storage.table(TABLES.conversations));
      await store.activate({
        key: { kind: 'personal', conversationId: 'a:1:x@y' },
        reference: ref('a:1:x@y', 'personal'),
        userAadObjectId: 'aad-1',
        at: AT,
      });
      const personal = await store.listActive('personal');
      assert.deepEqual(
        personal.map((p) => [p.key, p.userAadObjectId]),
        [[{ kind: 'personal', conversationId: 'a:1:x@y' }, 'aad-1']],
      );
    });
  });

  describe('teamsfx ConversationReferenceStore face', () => {
    it('adds, lists by page and removes installations as teamsfx expects', async () => {
      const store = new TableConversationStore(storage.table(TABLES.conversations));
      const refs = new InstallationReferenceStore(store, () => new Date(AT));
      const chat: Partial<ConversationReference> = {
        bot: { id: '28:bot', name: 'Yhdistysbotti' },
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/emea/',
        conversation: {
          id: '19:groupchat-x@thread.v2',
          conversationType: 'groupChat',
          isGroup: true,
          name: '',
          tenantId: 't',
        },
      };
      assert.equal(await refs.add('_t_19:groupchat-x@thread.v2', chat, {}), true);
      assert.equal(await refs.add('_t_19:groupchat-x@thread.v2', chat, {}), false, 'already there');
      assert.equal(await refs.add('_t_19:groupchat-x@thread.v2', chat, { overwrite: true }), true);
      const all: string[] = [];
      let token: string | undefined;
      do {
        const page = await refs.list(1, token);
        all.push(...page.data.map((r) => r.conversation?.id ?? ''));
        token = page.continuationToken;
      } while (token);
      assert.ok(all.includes('19:groupchat-x@thread.v2'), all.join());
      assert.equal(await refs.remove('_t_19:groupchat-x@thread.v2', chat), true);
      const after = (await refs.list(100)).data.map((r) => r.conversation?.id);
      assert.ok(!after.includes('19:groupchat-x@thread.v2'));
    });
  });

  describe('preferences', () => {
    it('has none until chosen, then remembers the language across instances', async () => {
      const a = new TablePreferenceStore(storage.table(TABLES.conversations));
      assert.deepEqual(await a.get('aad-p'), {});
      await a.setLanguage('aad-p', 'en', AT);
      const b = new TablePreferenceStore(storage.table(TABLES.conversations));
      assert.deepEqual(await b.get('aad-p'), { language: 'en' });
    });
  });

  describe('content', () => {
    it('writes the seed texts on the first read of an empty table and reads edits after', async () => {
      const store = new TableContentStore(storage.table(TABLES.content));
      const rules = await store.houseRules();
      assert.deepEqual(
        rules.map((r) => r.kind),
        ['evening', 'contactPerson', 'workingGroups', 'together'],
      );
      await storage
        .table(TABLES.content)
        .updateEntity(
          { partitionKey: 'houseRule', rowKey: 'evening', titleFi: 'Iltojen pelisäännöt' },
          'Merge',
        );
      const fresh = new TableContentStore(storage.table(TABLES.content));
      assert.equal((await fresh.houseRules())[0]?.title.fi, 'Iltojen pelisäännöt');
      assert.equal((await fresh.houseRules())[1]?.title.fi, SEED_HOUSE_RULES[1]?.title.fi);
      assert.equal((await fresh.roles()).length, 5);
      assert.ok((await fresh.guide()).welcomeTeam.fi.startsWith('Hei!'));
    });

    it('fails loudly on a broken row instead of showing half a card', async () => {
      await storage
        .table(TABLES.content)
        .updateEntity(
          { partitionKey: 'houseRule', rowKey: 'together', pointsEn: 'not json' },
          'Merge',
        );
      const store = new TableContentStore(storage.table(TABLES.content));
      await assert.rejects(store.houseRules(), ContentError);
    });
  });

  describe('calendar reader', () => {
    it('reads both row shapes in time order and leaves out cancelled items and drafts', async () => {
      const table = storage.table(TABLES.events);
      await table.createEntity({
        partitionKey: '2027',
        rowKey: 'demo-ilta',
        kind: 'evening',
        titleFi: 'Yhdistysilta',
        titleEn: 'Association evening',
        start: '2027-02-22T15:30:00.000Z',
        end: '2027-02-22T18:00:00.000Z',
        hostFi: 'Koordinaattori',
        hostEn: 'Coordinator',
        place: 'teams',
        workingGroup: '',
        state: 'published',
      });
      await table.createEntity({
        partitionKey: 'event',
        rowKey: 'e-1',
        kind: 'item',
        category: 'survey',
        titleFi: 'Kysely',
        titleEn: '',
        start: '2027-01-10T08:00:00.000Z',
        end: '2027-01-31T22:00:00.000Z',
        host: 'Koordinaattori',
        teamsUrl: 'https://teams.example/x',
        address: 'Kaupungintalo',
        state: 'published',
      });
      await table.createEntity({
        partitionKey: 'event',
        rowKey: 'e-2',
        kind: 'meeting',
        titleFi: 'Peruttu',
        start: '2027-01-15T08:00:00.000Z',
        end: '2027-01-15T09:00:00.000Z',
        state: 'cancelled',
      });
      await table.createEntity({
        partitionKey: 'event',
        rowKey: 'e-3',
        kind: 'evening',
        titleFi: 'Luonnos',
        start: '2027-01-20T15:30:00.000Z',
        end: '2027-01-20T17:00:00.000Z',
        state: 'draft',
      });
      const items = await new TableCalendarReader(table).itemsBetween(
        '2027-01-01T00:00:00.000Z',
        '2028-01-01T00:00:00.000Z',
      );
      assert.deepEqual(
        items.map((i) => [i.id, i.category, i.place, i.host.en]),
        [
          ['e-1', 'survey', 'hybrid', 'Koordinaattori'],
          ['demo-ilta', 'evening', 'teams', 'Coordinator'],
        ],
      );
      const none = await new TableCalendarReader(table).itemsBetween(
        '2027-03-01T00:00:00.000Z',
        '2027-04-01T00:00:00.000Z',
      );
      assert.deepEqual(none, []);
    });
  });

  describe('directory reader', () => {
    it('reads contact persons and knows coordinators from rows and from config', async () => {
      const people = storage.table(TABLES.people);
      await people.createEntity({
        partitionKey: 'person',
        rowKey: encodeURIComponent('mikko.laine@kaupunki.example'),
        upn: 'mikko.laine@kaupunki.example',
        name: 'Mikko Laine',
        role: 'contact',
        units: '["kulttuuri"]',
      });
      await people.createEntity({
        partitionKey: 'person',
        rowKey: encodeURIComponent('helena.virtanen@kaupunki.example'),
        upn: 'helena.virtanen@kaupunki.example',
        name: 'Helena Virtanen',
        role: 'coordinator',
        units: '[]',
      });
      const reader = new TableDirectoryReader(
        {
          workingGroups: storage.table(TABLES.workingGroups),
          units: storage.table(TABLES.units),
          people,
        },
        ['Config.Coordinator@kaupunki.example'],
      );
      const contacts = await reader.contacts();
      assert.deepEqual(
        contacts.map((c) => [c.name, c.role, c.units, c.title.fi]),
        [
          ['Helena Virtanen', 'coordinator', [], 'Järjestökoordinaattori'],
          ['Mikko Laine', 'contact', ['kulttuuri'], 'Yhdistysyhteyshenkilö'],
        ],
      );
      assert.equal(await reader.isCoordinator('HELENA.virtanen@kaupunki.example'), true);
      assert.equal(await reader.isCoordinator('mikko.laine@kaupunki.example'), false);
      assert.equal(await reader.isCoordinator('config.coordinator@kaupunki.example'), true);
      assert.equal(await reader.isCoordinator('nobody@kaupunki.example'), false);
      // Bound at the first sign-in: the bot's check follows the same binding as the API.
      await people.updateEntity(
        {
          partitionKey: 'person',
          rowKey: encodeURIComponent('helena.virtanen@kaupunki.example'),
          oid: 'aad-helena',
        },
        'Merge',
      );
      assert.equal(
        await reader.isCoordinator('helena.virtanen@kaupunki.example', 'aad-helena'),
        true,
      );
      assert.equal(
        await reader.isCoordinator('helena.virtanen@kaupunki.example', 'aad-other'),
        false,
      );
    });
  });
});
