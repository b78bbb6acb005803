/**
 * No silent data loss: a stored row whose JSON column is damaged is never read as an empty
 * default. A read of that row answers `CorruptRecordError`, a list leaves it out and reports it,
 * a save built on it is refused (the damaged text stays as it was), and the API answers one
 * clear error instead of a 200 with an empty list. Real server, real Azurite.
 */
import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { TestAdapter } from 'botbuilder';
import { CorruptRecordError } from '../../bot/src/domain/errors';
import type { NewOutboxRow } from '../../bot/src/delivery/ports';
import { AssociationsStore, versionRow } from '../../bot/src/storage/associations-store';
import { AuditStore } from '../../bot/src/storage/audit-store';
import { TableCalendarReader } from '../../bot/src/storage/calendar-reader';
import { TableContentStore } from '../../bot/src/storage/content-store';
import {
  TableConversationStore,
  TablePreferenceStore,
} from '../../bot/src/storage/conversation-store';
import { TableDirectoryReader } from '../../bot/src/storage/directory-reader';
import { EventsStore } from '../../bot/src/storage/events-store';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { PeopleStore } from '../../bot/src/storage/people-store';
import { TABLES, type TableName } from '../../bot/src/storage/tables';
import { WorkingGroupsStore } from '../../bot/src/storage/working-groups-store';
import { AssociationBot } from '../../bot/src/teams/bot';
import { TURN_ID } from '../../bot/src/teams/turn';
import { createLogger } from '../../bot/src/log';
import { assertValidCard, cardTexts } from '../support/card-check';
import { encodeKey } from '../../bot/src/storage/keys';
import { makeEvent } from '../support/events-fixtures';
import { LogCapture, startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

/** What a damaged column holds: JSON cut short, as a failed hand edit leaves it. */
const DAMAGED = '[{"name": "Liisa Lahti", "email": "liisa@';

interface ErrorBody {
  error: { code: string; message: string; reference?: string };
}

describe('storage: corrupt rows are errors, never empty defaults (real Azurite)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let coordinator = '';
  /** What the stores under test reported as left out of their lists. */
  let reported: CorruptRecordError[] = [];
  const report = (error: CorruptRecordError) => reported.push(error);

  before(async () => {
    t = await startTestApp();
    coordinator = await devToken(t.url, DEMO.coordinator);
  });
  after(async () => {
    await t?.stop();
  });
  beforeEach(() => {
    reported = [];
  });

  const table = (name: TableName): TableClient => t.app.storage.table(name);
  const call = <T = unknown>(path: string, init: Parameters<typeof api>[3] = {}) =>
    api<T>(t.url, coordinator, path, init);

  /** Writes a damaged value into one column of a stored row, as a hand edit would. */
  async function damage(
    name: TableName,
    partitionKey: string,
    rowKey: string,
    column: string,
    value = DAMAGED,
  ): Promise<void> {
    await table(name).updateEntity({ partitionKey, rowKey, [column]: value }, 'Merge');
  }

  async function rawColumn(
    name: TableName,
    partitionKey: string,
    rowKey: string,
    column: string,
  ): Promise<unknown> {
    const e = await table(name).getEntity<Record<string, unknown>>(partitionKey, rowKey);
    return e[column];
  }

  /** The API's one answer for a corrupt row, in the asked language, without the stored text. */
  function assertCorruptAnswer(
    res: { status: number; body: unknown; text: string },
    language: 'fi' | 'en',
  ): void {
    assert.equal(res.status, 500, res.text);
    const body = res.body as ErrorBody;
    assert.equal(body.error.code, 'corrupt_record');
    assert.ok(body.error.reference, 'a reference to find the log line');
    assert.ok(body.error.message.includes(body.error.reference ?? '-'), body.error.message);
    assert.match(body.error.message, language === 'fi' ? /tallennettu/i : /stored/i);
    assert.ok(!res.text.includes('liisa@'), 'no stored text in the answer');
    assert.ok(!res.text.includes('CorruptRecordError'), 'no raw error in the answer');
  }

  function assertReported(key: string, column: string): void {
    assert.ok(
      reported.some((e) => e.key.includes(key) && e.column === column),
      `reported ${key}/${column}: ${reported.map((e) => `${e.key}/${e.column}`).join(', ')}`,
    );
  }

  describe('associations (Associations.units, categories, contacts, workingGroups)', () => {
    let id = '';
    let etag = '';
    const body = {
      name: 'Rikkinäisen rivin yhdistys ry',
      units: ['kulttuuri'],
      contacts: [{ name: 'Liisa Lahti', email: 'liisa@example.org' }],
    };

    before(async () => {
      const res = await call<{ id: string; etag: string }>('/api/v1/associations', {
        method: 'POST',
        json: body,
      });
      assert.equal(res.status, 201, res.text);
      id = res.body.id;
      await damage(TABLES.associations, 'association', id, 'contacts');
      // A hand edit does not move the register's version row: touch it so lists read again.
      await table(TABLES.associations).upsertEntity(versionRow(new Date()), 'Replace');
      etag = (await table(TABLES.associations).getEntity('association', id)).etag;
    });

    it('a read of the row answers CorruptRecordError; the list leaves it out and reports it', async () => {
      const store = new AssociationsStore(
        table(TABLES.associations),
        () => 'x',
        () => new Date(),
        report,
      );
      await assert.rejects(store.get(id), (e: unknown) => {
        assert.ok(e instanceof CorruptRecordError);
        assert.equal(e.column, 'contacts');
        assert.ok(e.key.includes(id));
        return true;
      });
      const all = await store.all();
      assert.ok(all.length > 10, 'the other associations are still listed');
      assert.ok(!all.some((a) => a.id === id));
      assertReported(id, 'contacts');
    });

    it('each JSON column is checked, not only contacts', async () => {
      const store = new AssociationsStore(table(TABLES.associations), () => 'x');
      for (const column of ['units', 'categories', 'workingGroups']) {
        const other = (await store.all())[0]?.id ?? '';
        const before = await rawColumn(TABLES.associations, 'association', other, column);
        await damage(TABLES.associations, 'association', other, column, '{"not": "a list"}');
        await assert.rejects(store.get(other), CorruptRecordError, column);
        await table(TABLES.associations).updateEntity(
          { partitionKey: 'association', rowKey: other, [column]: before },
          'Merge',
        );
      }
    });

    it('a save through the store or the API does not replace the damaged column', async () => {
      const store = new AssociationsStore(table(TABLES.associations), () => 'x');
      await assert.rejects(
        store.update(id, { ...(await validData()), name: 'Uusi nimi ry' }, DEMO.coordinator, etag),
        CorruptRecordError,
      );
      const res = await call(`/api/v1/associations/${id}`, {
        method: 'PUT',
        json: { ...body, contacts: [] },
        headers: { 'If-Match': etag, 'Accept-Language': 'en' },
      });
      assertCorruptAnswer(res, 'en');
      assert.equal(await rawColumn(TABLES.associations, 'association', id, 'contacts'), DAMAGED);
    });

    it('over HTTP: the row answers the clear error; the list still answers the others', async () => {
      const res = await call(`/api/v1/associations/${id}`, {
        headers: { 'Accept-Language': 'fi' },
      });
      assertCorruptAnswer(res, 'fi');
      const reference = (res.body as ErrorBody).error.reference ?? '-';
      const logged = t.logs.lines.find((l) => l.includes(reference) && l.includes(id));
      assert.ok(logged, 'the log names the row by its key under the reference');
      assert.ok(!logged.includes('liisa'), 'and holds nothing of its data');
      const list = await call<{ items: { id: string }[] }>('/api/v1/associations?limit=1000');
      assert.equal(list.status, 200, list.text);
      assert.ok(list.body.items.length > 10);
      assert.ok(!list.body.items.some((a) => a.id === id));
    });

    it('an erasure refuses to run past a row it cannot read, and changes nothing', async () => {
      const res = await call(`/api/v1/people?email=${encodeURIComponent('liisa@example.org')}`, {
        method: 'DELETE',
        headers: { 'Accept-Language': 'en' },
      });
      assertCorruptAnswer(res, 'en');
      assert.equal(await rawColumn(TABLES.associations, 'association', id, 'contacts'), DAMAGED);
    });

    async function validData() {
      const { associationInputSchema } = await import('@yhdistysyhteistyo/contract/associations');
      return associationInputSchema.parse(body);
    }
  });

  describe('audit trail (Audit.changes)', () => {
    it('the history leaves the damaged entry out, reports it, and erasure keeps its text', async () => {
      const store = new AuditStore(table(TABLES.audit), () => new Date(), report);
      await store.record({
        by: DEMO.coordinator,
        action: 'update',
        associationId: 'audit-damaged',
        changes: [{ field: 'name', before: 'A', after: 'B' }],
      });
      await store.record({
        by: DEMO.coordinator,
        action: 'update',
        associationId: 'audit-damaged',
        changes: [{ field: 'notes' }],
      });
      const [first] = await store.history('audit-damaged');
      const rowKey = first?.id ?? '';
      await damage(TABLES.audit, 'a:audit-damaged', rowKey, 'changes');
      const history = await store.history('audit-damaged');
      assert.equal(history.length, 1);
      assert.ok(!history.some((h) => h.id === rowKey));
      assertReported(rowKey, 'changes');
      await store.pseudonymise(DEMO.coordinator);
      assert.equal(await rawColumn(TABLES.audit, 'a:audit-damaged', rowKey, 'changes'), DAMAGED);
    });
  });

  describe('role assignments (People.units)', () => {
    const upn = 'rikki.rooli@kaupunki.example';
    const rowKey = encodeKey(upn);

    before(async () => {
      const res = await call(`/api/v1/roles/${encodeURIComponent(upn)}`, {
        method: 'PUT',
        json: { name: 'Rikki Rooli', role: 'contact', units: ['kulttuuri'] },
      });
      assert.equal(res.status, 200, res.text);
      await damage(TABLES.people, 'person', rowKey, 'units');
    });

    it('a read answers CorruptRecordError without the UPN in it; the list reports and leaves it out', async () => {
      const store = new PeopleStore(table(TABLES.people), [], () => new Date(), report);
      await assert.rejects(store.get(upn), (e: unknown) => {
        assert.ok(e instanceof CorruptRecordError);
        assert.equal(e.column, 'units');
        assert.ok(!e.message.includes('rikki'), 'no UPN in the error');
        return true;
      });
      const list = await store.list();
      assert.ok(list.length > 0);
      assert.ok(!list.some((a) => a.upn === upn));
      assert.equal(reported.length, 1);
      assert.equal(reported[0]?.column, 'units');
      assert.ok(!reported[0]?.key.includes('rikki'), 'no UPN in the report');
    });

    it('a save through the store or the API does not replace the damaged units', async () => {
      const store = new PeopleStore(table(TABLES.people), []);
      await assert.rejects(
        store.put(upn, { name: 'Rikki', role: 'contact', units: [] }, DEMO.coordinator),
        CorruptRecordError,
      );
      const res = await call(`/api/v1/roles/${encodeURIComponent(upn)}`, {
        method: 'PUT',
        json: { name: 'Rikki Rooli', role: 'contact', units: ['kirjasto'] },
        headers: { 'Accept-Language': 'fi' },
      });
      assertCorruptAnswer(res, 'fi');
      assert.equal(await rawColumn(TABLES.people, 'person', rowKey, 'units'), DAMAGED);
    });

    it('over HTTP the roles list answers the others; the bot directory leaves the row out', async () => {
      const res = await call<{ items: { upn: string }[] }>('/api/v1/roles');
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.items.some((a) => a.upn === DEMO.contact));
      assert.ok(!res.body.items.some((a) => a.upn === upn));
      const directory = new TableDirectoryReader(
        {
          workingGroups: table(TABLES.workingGroups),
          units: table(TABLES.units),
          people: table(TABLES.people),
        },
        [],
        report,
      );
      const contacts = await directory.contacts();
      assert.ok(contacts.some((c) => c.upn === DEMO.contact));
      assert.ok(!contacts.some((c) => c.upn === upn));
      assert.ok(reported.some((e) => e.column === 'units'));
    });
  });

  describe('events (Events.agenda, recurrence)', () => {
    const evening = makeEvent('rikki-ilta', {
      kind: 'evening',
      title: { fi: 'Rikkinäinen ilta', en: 'Broken evening' },
      start: '2027-02-22T17:30',
      end: '2027-02-22T20:00',
      host: 'Järjestökoordinaattori',
      registrationDeadline: '2027-02-19T16:00',
      agenda: [{ start: '17:30', title: { fi: 'Avaus', en: 'Opening' } }],
    });
    const series = makeEvent('rikki-sarja', {
      kind: 'meeting',
      title: { fi: 'Rikkinäinen sarja', en: 'Broken series' },
      start: '2027-03-11T17:30',
      end: '2027-03-11T19:00',
      workingGroupId: 'avustukset',
      recurrence: { rule: 'FREQ=WEEKLY;UNTIL=20270601', exdates: [], moved: [] },
    });
    let etag = '';

    before(async () => {
      const store = new EventsStore(table(TABLES.events));
      await store.create(evening);
      await store.create(series);
      await damage(TABLES.events, 'event', evening.id, 'agenda');
      await damage(TABLES.events, 'event', series.id, 'recurrence', '{"rule": 7}');
      etag = (await table(TABLES.events).getEntity('event', evening.id)).etag;
    });

    it('a read answers CorruptRecordError; the list and the bot calendar leave them out and report them', async () => {
      const store = new EventsStore(table(TABLES.events), report);
      await assert.rejects(store.get(evening.id), CorruptRecordError);
      await assert.rejects(store.get(series.id), CorruptRecordError);
      const list = await store.list();
      assert.ok(list.length > 0, 'the demo events are still listed');
      assert.ok(!list.some((e) => e.value.id === evening.id || e.value.id === series.id));
      assertReported(evening.id, 'agenda');
      assertReported(series.id, 'recurrence');
      reported = [];
      const calendar = new TableCalendarReader(table(TABLES.events), report);
      const items = await calendar.itemsBetween('2027-01-01T00:00:00Z', '2027-12-31T00:00:00Z');
      assert.ok(!items.some((i) => i.id.startsWith(series.id)));
      assertReported(series.id, 'recurrence');
    });

    it('a save through the store or the API does not replace the damaged agenda', async () => {
      const res = await call(`/api/v1/events/${evening.id}`, {
        method: 'PUT',
        json: {
          kind: 'evening',
          title: { fi: 'Uusi nimi', en: 'New name' },
          start: '2027-02-22T17:30',
          end: '2027-02-22T20:00',
          host: 'Järjestökoordinaattori',
          registrationDeadline: '2027-02-19T16:00',
        },
        headers: { 'If-Match': etag, 'Accept-Language': 'en' },
      });
      assertCorruptAnswer(res, 'en');
      assert.equal(await rawColumn(TABLES.events, 'event', evening.id, 'agenda'), DAMAGED);
    });

    it('over HTTP: the event answers the clear error; the list answers the others', async () => {
      assertCorruptAnswer(
        await call(`/api/v1/events/${evening.id}`, { headers: { 'Accept-Language': 'fi' } }),
        'fi',
      );
      const list = await call<{ items: { id: string }[] }>('/api/v1/events');
      assert.equal(list.status, 200, list.text);
      assert.ok(!list.body.items.some((e) => e.id === evening.id));
    });
  });

  describe('working groups (WorkingGroups.members)', () => {
    const id = 'tilat';
    let etag = '';

    before(async () => {
      await damage(TABLES.workingGroups, 'group', id, 'members');
      etag = (await table(TABLES.workingGroups).getEntity('group', id)).etag;
    });

    it('a read answers CorruptRecordError; the list leaves it out and reports it', async () => {
      const store = new WorkingGroupsStore(table(TABLES.workingGroups), report);
      await assert.rejects(store.get(id), CorruptRecordError);
      const list = await store.list();
      assert.ok(list.length > 0);
      assert.ok(!list.some((g) => g.value.id === id));
      assertReported(id, 'members');
    });

    it('a save over the API answers the clear error and keeps the damaged members', async () => {
      const res = await call(`/api/v1/working-groups/${id}`, {
        method: 'PUT',
        json: { name: { fi: 'Tilat', en: 'Premises' }, contact: { name: 'Helena Virtanen' } },
        headers: { 'If-Match': etag, 'Accept-Language': 'fi' },
      });
      assertCorruptAnswer(res, 'fi');
      assert.equal(await rawColumn(TABLES.workingGroups, 'group', id, 'members'), DAMAGED);
      assertCorruptAnswer(
        await call(`/api/v1/working-groups/${id}`, { headers: { 'Accept-Language': 'en' } }),
        'en',
      );
    });
  });

  describe('installations (Conversations.reference, channels)', () => {
    const team = '19:rikki;tiimi@thread.tacv2';
    const chat = 'a:rikki-chat';

    before(async () => {
      const store = new TableConversationStore(table(TABLES.conversations));
      for (const [key, id] of [
        [{ kind: 'team' as const, teamId: team }, team],
        [{ kind: 'personal' as const, conversationId: chat }, chat],
      ] as const) {
        await store.activate({
          key,
          reference: {
            bot: { id: '28:bot' },
            channelId: 'msteams',
            serviceUrl: 'https://smba.example/emea/',
            conversation: { id, tenantId: 't' },
          },
          at: '2026-12-01T10:00:00.000Z',
        });
      }
      await damage(TABLES.conversations, `team-${encodeKey(team)}`, 'team', 'channels');
      await damage(TABLES.conversations, 'personal', encodeKey(chat), 'reference');
    });

    it('a read answers CorruptRecordError; the delivery list leaves the rows out and reports them', async () => {
      const store = new TableConversationStore(table(TABLES.conversations), report);
      await assert.rejects(store.get({ kind: 'team', teamId: team }), CorruptRecordError);
      await assert.rejects(
        store.get({ kind: 'personal', conversationId: chat }),
        CorruptRecordError,
      );
      const active = await store.listActive();
      assert.ok(!active.some((i) => i.key.kind === 'personal' && i.key.conversationId === chat));
      assertReported(encodeKey(chat), 'reference');
      assertReported(encodeKey(team), 'channels');
    });

    it('a bot turn that meets the damaged row ends in the error card, not a crash', async () => {
      const logs = new LogCapture();
      const installations = new TableConversationStore(table(TABLES.conversations));
      const bot = new AssociationBot({
        installations,
        preferences: new TablePreferenceStore(table(TABLES.conversations)),
        content: new TableContentStore(table(TABLES.content)),
        calendar: new TableCalendarReader(table(TABLES.events)),
        directory: new TableDirectoryReader(
          {
            workingGroups: table(TABLES.workingGroups),
            units: table(TABLES.units),
            people: table(TABLES.people),
          },
          [DEMO.coordinator],
        ),
        teams: {
          channels: () => Promise.resolve([{ id: team }]),
          userPrincipalName: () => Promise.resolve(DEMO.coordinator),
        },
        publisher: { postToTeam: () => Promise.resolve({ ok: false, reason: 'notInstalled' }) },
        log: createLogger('debug', logs),
      });
      const adapter = new TestAdapter();
      // "Post here" reads the team's row, whose channel list is damaged.
      await adapter.processActivity(
        {
          type: 'message',
          channelId: 'msteams',
          recipient: { id: '28:bot', name: 'Yhdistysbotti' },
          text: '<at>Yhdistysbotti</at> julkaise tänne',
          locale: 'fi-FI',
          // Helena's object id as the local issuer gives it: her role was bound to it when
          // she signed in to the API above, and the bot's coordinator check holds her to it.
          from: {
            id: '29:helena',
            aadObjectId: '00000000-0000-4000-8000-000000000101',
            name: 'Helena Virtanen',
          },
          conversation: {
            id: `${team};messageid=1700000000001`,
            conversationType: 'channel',
            isGroup: true,
            name: '',
            tenantId: 't',
          },
          channelData: { team: { id: team }, channel: { id: team } },
          entities: [
            {
              type: 'mention',
              text: '<at>Yhdistysbotti</at>',
              mentioned: { id: '28:bot', name: 'Yhdistysbotti' },
            },
          ],
        },
        (ctx) => {
          ctx.turnState.set(TURN_ID, 'turn-corrupt');
          return bot.run(ctx);
        },
      );
      const [reply] = adapter.activeQueue.splice(0);
      const card = reply?.attachments?.[0]?.content as { body: unknown[] } | undefined;
      assert.ok(card, 'a card came back');
      assertValidCard(card, 'reply');
      const texts = cardTexts(card);
      assert.equal(texts[0], 'Jokin meni vikaan');
      assert.ok(texts.includes('turn-corrupt'));
      assert.ok(texts.every((text) => !text.includes('channels')));
      assert.ok(
        logs.lines.some((l) => l.includes('CorruptRecordError') && l.includes('turn-corrupt')),
      );
      assert.equal(
        await rawColumn(TABLES.conversations, `team-${encodeKey(team)}`, 'team', 'channels'),
        DAMAGED,
      );
    });

    it('a channel change does not rebuild the damaged channel list from a default', async () => {
      const store = new TableConversationStore(table(TABLES.conversations));
      await assert.rejects(
        store.updateTeam(
          team,
          { channels: (known) => [...known, { id: '19:uusi@thread.tacv2' }] },
          '2026-12-02T10:00:00.000Z',
        ),
        CorruptRecordError,
      );
      assert.equal(
        await rawColumn(TABLES.conversations, `team-${encodeKey(team)}`, 'team', 'channels'),
        DAMAGED,
      );
    });
  });

  describe('outbox (Outbox.payload)', () => {
    const row: NewOutboxRow = {
      postId: 'evening:rikki',
      occurrence: '2027-02-22T17:30-1d09:00',
      target: { kind: 'channel' },
      kind: 'eveningReminder',
      dueAt: '2027-02-21T07:00:00.000Z',
      state: 'waiting',
      payload: {
        kind: 'eveningReminder',
        eveningId: 'rikki',
        start: '2027-02-22T15:30:00.000Z',
        daysBefore: 1,
      },
    };

    it('a delivery pass leaves the damaged row out and reports it; a read of it fails', async () => {
      const outbox = new TableOutboxStore(t.app.storage, report);
      await outbox.insert([row, { ...row, postId: 'evening:ehja', occurrence: 'x' }]);
      const window = { from: '2027-02-21T00:00:00.000Z', to: '2027-02-22T00:00:00.000Z' };
      const [first] = (await outbox.list(window)).filter((r) => r.postId === 'evening:rikki');
      assert.ok(first);
      const [partitionKey = '', rowKey = ''] = first.ref.split('|');
      await damage(TABLES.outbox, partitionKey, rowKey, 'payload');
      const rows = await outbox.list(window);
      assert.ok(
        rows.some((r) => r.postId === 'evening:ehja'),
        'the other row is still there',
      );
      assert.ok(!rows.some((r) => r.postId === 'evening:rikki'));
      assertReported(rowKey, 'payload');
      await assert.rejects(outbox.get(first.id), CorruptRecordError);
    });
  });
});
