/**
 * Retention against Azurite with a fake clock: the answers of an evening that ended more than
 * 90 days ago lose their people and keep their counts, newer ones stay; audit entries older than
 * five years go. And only the lease holder of two engines runs it.
 */
import assert from 'node:assert/strict';
import type { Evening } from '@yhdistysyhteistyo/contract/events/model';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { buildDeliveryEngine, scheduleSource } from '../../bot/src/compose/delivery';
import { tableStores } from '../../bot/src/compose/stores';
import type { DeliveryEngine } from '../../bot/src/delivery/engine';
import { DEFAULT_RETENTION, RetentionJob } from '../../bot/src/domain/retention';
import { DEFAULT_RULES, type ActivitySender } from '../../bot/src/delivery/ports';
import { AuditStore } from '../../bot/src/storage/audit-store';
import { EventsStore } from '../../bot/src/storage/events-store';
import { TableRetentionStore } from '../../bot/src/storage/retention-store';
import { RsvpStore } from '../../bot/src/storage/rsvp-store';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { engineConfig, quietLog } from '../support/delivery-harness';
import { until } from '../support/wait';

const NOW = new Date('2027-06-15T01:00:00.000Z');
const DAY = 86_400_000;

function evening(id: string, endDaysAgo: number): Evening {
  const end = new Date(NOW.getTime() - endDaysAgo * DAY);
  return {
    id,
    kind: 'evening',
    title: { fi: `Ilta ${id}`, en: '' },
    description: { fi: '', en: '' },
    start: new Date(end.getTime() - 2 * 3_600_000).toISOString(),
    end: end.toISOString(),
    place: { address: 'Kaupungintalo' },
    state: 'published',
    record: false,
    host: 'Järjestökoordinaattori',
    agenda: [],
    registrationDeadline: end.toISOString(),
    createdAt: NOW.toISOString(),
    createdBy: 'system',
    updatedAt: NOW.toISOString(),
    updatedBy: 'system',
  };
}

function stores(storage: TableStorage) {
  return {
    retention: new TableRetentionStore({
      events: storage.table(TABLES.events),
      rsvps: storage.table(TABLES.rsvps),
      audit: storage.table(TABLES.audit),
      leases: storage.table(TABLES.leases),
    }),
    rsvps: new RsvpStore(storage.table(TABLES.rsvps)),
  };
}

describe('retention against Azurite (fake clock)', function () {
  this.timeout(90_000);
  let azurite: AzuriteProcess;
  let n = 0;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  after(async () => {
    await azurite?.stop();
  });

  async function fresh(): Promise<TableStorage> {
    const storage = new TableStorage(azurite.connectionString, `R${++n}`);
    await storage.ensureTables();
    return storage;
  }

  it('clears the people of answers 90 days after the evening, keeps counts, and removes 5-year-old audit entries', async () => {
    const storage = await fresh();
    const { retention, rsvps } = stores(storage);
    const events = new EventsStore(storage.table(TABLES.events));
    await events.create(evening('vanha', 100));
    await events.create(evening('tuore', 10));
    const answer = (eventId: string, i: number, answer: 'yes' | 'no') =>
      rsvps.answer(
        {
          eventId,
          userId: `0000000${i}-0000-4000-8000-000000000000`,
          name: `Henkilö ${i}`,
          answer,
          association: `Yhdistys ${i} ry`,
          contentWish: `Toive ${i}`,
          answeredAt: NOW.toISOString(),
          via: 'tab',
          teamsId: `29:henkilo-${i}`,
        },
        () => undefined,
      );
    await answer('vanha', 1, 'yes');
    await answer('vanha', 2, 'no');
    await answer('tuore', 3, 'yes');
    const old = new AuditStore(
      storage.table(TABLES.audit),
      () => new Date(NOW.getTime() - 6 * 365 * DAY),
    );
    await old.record({
      by: 'lahtenyt@kaupunki.example',
      action: 'update',
      associationId: 'x',
      changes: [],
    });
    const recent = new AuditStore(storage.table(TABLES.audit), () => new Date(NOW.getTime() - DAY));
    await recent.record({
      by: 'helena@kaupunki.example',
      action: 'update',
      associationId: 'x',
      changes: [],
    });

    const lines: object[] = [];
    const job = new RetentionJob({
      clock: { now: () => NOW },
      store: retention,
      policy: DEFAULT_RETENTION,
      log: { info: (o) => lines.push(o), warn: (o) => lines.push(o) },
    });
    const result = await job.runIfDue();
    assert.deepEqual(result, { evenings: 1, answersCleared: 2, auditRemoved: 1, failed: 0 });

    const cleared = await rsvps.list('vanha');
    assert.equal(cleared.length, 2);
    for (const r of cleared) {
      assert.deepEqual([r.name, r.association, r.contentWish, r.teamsId], ['', '', '', undefined]);
      assert.match(r.userId, /^anonymous-/);
    }
    assert.deepEqual(cleared.map((r) => r.answer).sort(), ['no', 'yes']);
    assert.deepEqual(await rsvps.counts('vanha'), { yes: 1, maybe: 0, no: 1, total: 2 });
    const kept = await rsvps.list('tuore');
    assert.deepEqual(
      kept.map((r) => [r.name, r.association, r.contentWish]),
      [['Henkilö 3', 'Yhdistys 3 ry', 'Toive 3']],
    );
    const trail: string[] = [];
    for await (const row of storage.table(TABLES.audit).listEntities()) trail.push(String(row.by));
    assert.deepEqual(trail, ['helena@kaupunki.example']);
    assert.ok(!JSON.stringify(lines).includes('Henkilö'), 'the log holds counts only');

    // The same day again: nothing runs. A day later: it runs and finds nothing left to do.
    assert.equal(await job.runIfDue(), undefined);
    const nextDay = new RetentionJob({
      clock: { now: () => new Date(NOW.getTime() + DAY) },
      store: retention,
      policy: DEFAULT_RETENTION,
      log: quietLog,
    });
    assert.deepEqual(await nextDay.runIfDue(), {
      evenings: 1,
      answersCleared: 0,
      auditRemoved: 0,
      failed: 0,
    });
  });

  it('only the timer’s lease holder runs it, once, of two instances', async () => {
    const storage = await fresh();
    const shared = tableStores(storage, { INITIAL_COORDINATORS: [] });
    const { rsvps } = stores(storage);
    // An evening that ended 100 days before the real clock, with one answer.
    const ended = evening('kevat', 0);
    const endAt = new Date(Date.now() - 100 * DAY);
    await new EventsStore(storage.table(TABLES.events)).create({
      ...ended,
      start: new Date(endAt.getTime() - 2 * 3_600_000).toISOString(),
      end: endAt.toISOString(),
    });
    await rsvps.answer(
      {
        eventId: 'kevat',
        userId: '00000009-0000-4000-8000-000000000000',
        name: 'Henkilö 9',
        answer: 'yes',
        association: '',
        contentWish: '',
        answeredAt: endAt.toISOString(),
        via: 'tab',
      },
      () => undefined,
    );
    const runs: string[] = [];
    const sender: ActivitySender = {
      send: () => Promise.reject(new Error('nothing is sent in this test')),
    };
    const engines: DeliveryEngine[] = ['a', 'b'].map((id) =>
      buildDeliveryEngine(
        {
          stores: shared,
          schedule: scheduleSource(shared),
          sender,
          retention: DEFAULT_RETENTION,
          log: {
            ...quietLog,
            info: (_o, msg) => {
              if (msg === 'retention run') runs.push(id);
            },
          },
        },
        engineConfig({
          connectionString: azurite.connectionString,
          prefix: '',
          instanceId: `retention-${id}`,
          rules: {
            ...DEFAULT_RULES,
            meetingLeadTimes: [],
            eveningLeadTimes: [],
            monthlyAt: undefined,
            annualAt: undefined,
          },
          tenantRate: 10,
        }),
      ),
    );
    try {
      for (const e of engines) e.start();
      await until('a retention run', () => runs.length > 0, 20_000);
      // A few more ticks of both instances.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const leader = engines.findIndex((e) => e.isLeader);
      assert.deepEqual(runs, [['a', 'b'][leader]], 'one run, by the lease holder');
      assert.equal((await rsvps.list('kevat'))[0]?.name, '');
    } finally {
      await Promise.all(engines.map((e) => e.stop()));
    }
  });
});
