/**
 * The yearly stale-data reminder as a pure decision on an injected clock (who, with which
 * associations, for which year), and its job: a rerun, a second instance or a crash between the
 * marker and the outbox row never sends a person two reminders in a year.
 */
import assert from 'node:assert/strict';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import type { NewOutboxRow, StaleDataMarkers } from '../../bot/src/delivery/ports';
import {
  StaleDataJob,
  staleDataPeriod,
  staleDataReminders,
  staleDataWindow,
  type StaleDataAssociation,
  type StaleDataPerson,
} from '../../bot/src/delivery/stale-data';

/** Tuesday 2.2.2027 at 10.00 Helsinki time. */
const NOW = new Date(localToUtc('2027-02-02T10:00'));
const MONTHS = (n: number) => new Date(NOW.getTime() - n * 30.5 * 86_400_000).toISOString();

const PEOPLE: StaleDataPerson[] = [
  { personId: 'mikko', units: ['kulttuuri'] },
  { personId: 'sanna', units: ['liikunta', 'nuoriso'] },
  { personId: 'jari', units: ['kirjasto'] },
];
const ASSOCIATIONS: StaleDataAssociation[] = [
  { id: 'kuoro', units: ['kulttuuri'], updatedAt: MONTHS(14) },
  { id: 'teatteri', units: ['kulttuuri'], updatedAt: MONTHS(30) },
  { id: 'tuore', units: ['kulttuuri', 'liikunta'], updatedAt: MONTHS(2) },
  { id: 'seura', units: ['liikunta'], updatedAt: MONTHS(13) },
  { id: 'lepaava', units: ['liikunta'], updatedAt: MONTHS(40), status: 'inactive' },
  { id: 'kirjapiiri', units: ['kirjasto'], updatedAt: MONTHS(11) },
];

class MemoryMarkers implements StaleDataMarkers {
  readonly rows = new Map<string, { at: string; done: boolean }>();
  failDoneOnce = false;
  reminded(period: string) {
    return Promise.resolve(
      new Set(
        [...this.rows]
          .filter(([k, v]) => k.startsWith(`${period}|`) && v.done)
          .map(([k]) => k.split('|')[1] ?? ''),
      ),
    );
  }
  claim(period: string, personId: string, at: string) {
    const key = `${period}|${personId}`;
    const existing = this.rows.get(key);
    if (existing) return Promise.resolve(existing.at);
    this.rows.set(key, { at, done: false });
    return Promise.resolve(at);
  }
  done(period: string, personId: string) {
    if (this.failDoneOnce) {
      this.failDoneOnce = false;
      return Promise.reject(new Error('storage went away'));
    }
    const row = this.rows.get(`${period}|${personId}`);
    if (row) row.done = true;
    return Promise.resolve();
  }
}

/** An outbox that keeps one row per key, as the real one does. */
class MemoryOutbox {
  readonly rows = new Map<string, NewOutboxRow>();
  insert(rows: readonly NewOutboxRow[]) {
    let created = 0;
    for (const r of rows) {
      const key = `${r.dueAt}|${r.postId}|${r.occurrence}|${JSON.stringify(r.target)}`;
      if (!this.rows.has(key)) {
        this.rows.set(key, r);
        created++;
      }
    }
    return Promise.resolve({ created, existing: rows.length - created });
  }
}

describe('delivery: the yearly stale-data reminder', () => {
  it('reminds each contact person of their units’ active associations not checked for 12 months, oldest first', () => {
    const due = staleDataReminders({
      now: NOW,
      people: PEOPLE,
      associations: ASSOCIATIONS,
      reminded: new Set(),
    });
    assert.deepEqual(
      due.map((r) => [r.personId, r.period, r.associationIds]),
      [
        ['mikko', '2027', ['teatteri', 'kuoro']],
        ['sanna', '2027', ['seura']],
      ],
      'Jari’s only association is fresh; an inactive one is not asked about',
    );
  });

  it('skips people already reminded this year, and never goes at night or at the weekend', () => {
    const base = { people: PEOPLE, associations: ASSOCIATIONS };
    assert.deepEqual(
      staleDataReminders({ ...base, now: NOW, reminded: new Set(['mikko']) }).map(
        (r) => r.personId,
      ),
      ['sanna'],
    );
    const saturday = new Date(localToUtc('2027-02-06T10:00'));
    const early = new Date(localToUtc('2027-02-02T08:59'));
    const evening = new Date(localToUtc('2027-02-02T16:00'));
    for (const now of [saturday, early, evening]) {
      assert.equal(staleDataWindow(now), false, now.toISOString());
      assert.deepEqual(staleDataReminders({ ...base, now, reminded: new Set() }), []);
    }
    // The year is Helsinki's: 31.12. at 23.30 UTC is already the new year there.
    assert.equal(staleDataPeriod(new Date('2027-12-31T23:30:00Z')), '2028');
  });

  it('a rerun, a second instance and a crash after the marker never send twice in a year', async () => {
    let now = NOW;
    const markers = new MemoryMarkers();
    const outbox = new MemoryOutbox();
    const job = () =>
      new StaleDataJob({
        clock: { now: () => now },
        people: () => Promise.resolve(PEOPLE),
        associations: () => Promise.resolve(ASSOCIATIONS),
        markers,
        outbox,
        log: { info() {} },
      });
    // The first run writes Mikko's row, then storage fails before his marker says done.
    markers.failDoneOnce = true;
    await assert.rejects(job().runIfDue(), /storage went away/);
    assert.equal(outbox.rows.size, 1);
    // An hour later (another instance): Mikko's row is written again under the same key.
    now = new Date(NOW.getTime() + 3_600_000);
    assert.equal(await job().runIfDue(), 2);
    assert.equal(outbox.rows.size, 2, 'Mikko once, Sanna once');
    const rows = [...outbox.rows.values()];
    assert.deepEqual(
      rows.map((r) => [r.kind, r.target, r.postId, r.occurrence]),
      [
        ['staleData', { kind: 'personal', personId: 'mikko' }, 'staleData:2027', '2027'],
        ['staleData', { kind: 'personal', personId: 'sanna' }, 'staleData:2027', '2027'],
      ],
    );
    assert.equal(rows[0]?.dueAt, NOW.toISOString(), 'the row keeps the first claim’s time');
    // Later in the year, a fresh instance: nothing more for them; Jari's association has now
    // gone 12 months unchecked, and he was not reminded this year, so he is.
    now = new Date(localToUtc('2027-09-14T11:00'));
    assert.equal(await job().runIfDue(), 1);
    assert.deepEqual(
      [...outbox.rows.values()].map((r) => (r.target.kind === 'personal' ? r.target.personId : '')),
      ['mikko', 'sanna', 'jari'],
    );
    assert.equal(await job().runIfDue(), 0, 'and a rerun adds nothing');
    // The next year, all three are asked again.
    now = new Date(localToUtc('2028-02-01T09:30'));
    assert.equal(await job().runIfDue(), 3);
    assert.equal(outbox.rows.size, 6);
  });
});
