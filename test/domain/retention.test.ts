import assert from 'node:assert/strict';
import {
  DEFAULT_RETENTION,
  eveningsDue,
  RetentionJob,
  retentionDue,
  type RetentionRow,
  type RetentionStore,
} from '../../bot/src/domain/retention';

const NOW = new Date('2027-06-15T01:00:00.000Z');

describe('retention: what is due (pure, injected clock)', () => {
  it('answers 90 days after the evening, the trail after 5 years, by default', () => {
    assert.deepEqual(retentionDue(NOW, DEFAULT_RETENTION), {
      rsvpEndedBefore: '2027-03-17T01:00:00.000Z',
      auditBefore: '2022-06-15T01:00:00.000Z',
    });
    assert.deepEqual(retentionDue(NOW, { rsvpDays: 30, auditYears: 1 }), {
      rsvpEndedBefore: '2027-05-16T01:00:00.000Z',
      auditBefore: '2026-06-15T01:00:00.000Z',
    });
  });

  it('runs at most once a day: not within 24 hours of the last run, nor with a clock gone back', () => {
    const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
    assert.equal(retentionDue(NOW, DEFAULT_RETENTION, hoursAgo(23.9)), undefined);
    assert.equal(retentionDue(NOW, DEFAULT_RETENTION, hoursAgo(-2)), undefined);
    assert.ok(retentionDue(NOW, DEFAULT_RETENTION, hoursAgo(24)));
    assert.ok(retentionDue(NOW, DEFAULT_RETENTION, 'not a time'));
  });

  it('takes the evenings that ended before the cutoff; an unreadable end never', () => {
    const cutoffs = retentionDue(NOW, DEFAULT_RETENTION);
    assert.ok(cutoffs);
    assert.deepEqual(
      eveningsDue(
        [
          { id: 'old', end: '2027-03-01T17:00:00.000Z' },
          { id: 'edge', end: cutoffs.rsvpEndedBefore },
          { id: 'recent', end: '2027-05-01T17:00:00.000Z' },
          { id: 'broken', end: '' },
        ],
        cutoffs,
      ),
      ['old'],
    );
  });
});

describe('retention: the job', () => {
  class FakeStore implements RetentionStore {
    last: string | undefined;
    reads = 0;
    cleared: string[] = [];
    removed: string[] = [];
    failOn = new Set<string>();
    lastRun() {
      this.reads++;
      return Promise.resolve(this.last);
    }
    saveLastRun(at: string) {
      this.last = at;
      return Promise.resolve();
    }
    evenings() {
      return Promise.resolve([
        { id: 'e1', end: '2027-01-10T17:00:00.000Z' },
        { id: 'e2', end: '2027-06-01T17:00:00.000Z' },
      ]);
    }
    answersWithPerson(id: string) {
      return Promise.resolve(['a', 'b', 'c'].map((x) => ({ ref: `${id}/${x}` })));
    }
    clearAnswer(row: RetentionRow) {
      if (this.failOn.has(row.ref)) {
        return Promise.reject(
          Object.assign(new Error('conflict at a!maija@yhdistys.example'), { statusCode: 500 }),
        );
      }
      this.cleared.push(row.ref);
      return Promise.resolve();
    }
    auditBefore() {
      return Promise.resolve([{ ref: 'audit/1' }, { ref: 'audit/2' }]);
    }
    removeAudit(row: RetentionRow) {
      this.removed.push(row.ref);
      return Promise.resolve();
    }
  }

  function job(store: FakeStore, now: { t: Date }) {
    const lines: { obj: object; msg: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => lines.push({ obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ obj, msg }),
    };
    return {
      lines,
      job: new RetentionJob({
        clock: { now: () => now.t },
        store,
        policy: DEFAULT_RETENTION,
        log,
      }),
    };
  }

  it('one row that fails never stops the batch: the rest is done, counted, logged without data', async () => {
    const store = new FakeStore();
    store.failOn.add('e1/b');
    const { job: j, lines } = job(store, { t: NOW });
    const result = await j.runIfDue();
    assert.deepEqual(result, { evenings: 1, answersCleared: 2, auditRemoved: 2, failed: 1 });
    assert.deepEqual(store.cleared, ['e1/a', 'e1/c']);
    assert.deepEqual(store.removed, ['audit/1', 'audit/2']);
    assert.equal(store.last, NOW.toISOString());
    const text = JSON.stringify(lines);
    assert.ok(!text.includes('maija'), 'no row content in the log');
    assert.ok(!text.includes('e1/'), 'no row keys in the log');
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['retention run', 'retention left rows for the next run'],
    );
  });

  it('runs once a day: the next tick reads nothing, the next day runs again', async () => {
    const store = new FakeStore();
    const now = { t: NOW };
    const { job: j } = job(store, now);
    assert.ok(await j.runIfDue());
    const reads = store.reads;
    now.t = new Date(NOW.getTime() + 30_000);
    assert.equal(await j.runIfDue(), undefined);
    assert.equal(store.reads, reads, 'no storage read until a day has passed');
    now.t = new Date(NOW.getTime() + 24 * 3_600_000);
    assert.ok(await j.runIfDue());
  });

  it('a new lease holder does not run again within the day another instance ran', async () => {
    const store = new FakeStore();
    store.last = new Date(NOW.getTime() - 3_600_000).toISOString();
    const { job: j } = job(store, { t: NOW });
    assert.equal(await j.runIfDue(), undefined);
    assert.deepEqual(store.cleared, []);
  });
});
