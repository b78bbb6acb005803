/** The demo seeding's transactions: one table and partition each, at most 100 rows, in order. */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { demoRows, seedTransactions } from '../../bot/src/storage/seed';
import { TABLES } from '../../bot/src/storage/tables';

const row = (table: string, partitionKey: string, rowKey: string) =>
  [table, { partitionKey, rowKey }] as Parameters<typeof seedTransactions>[0][number];

describe('storage: the demo seeding in transactions', () => {
  it('starts a new transaction when the table or the partition changes', () => {
    const runs = seedTransactions([
      row(TABLES.units, 'unit', 'a'),
      row(TABLES.units, 'unit', 'b'),
      row(TABLES.categories, 'unit', 'c'),
      row(TABLES.categories, 'category', 'd'),
      row(TABLES.units, 'unit', 'e'),
    ]);
    assert.deepEqual(
      runs.map((run) => run.map(([, e]) => e.rowKey)),
      [['a', 'b'], ['c'], ['d'], ['e']],
    );
  });

  it('cuts a partition of 250 rows into 100, 100 and 50, in order', () => {
    const rows = Array.from({ length: 250 }, (_, i) =>
      row(TABLES.associations, 'association', `r${i}`),
    );
    const runs = seedTransactions(rows);
    assert.deepEqual(
      runs.map((run) => run.length),
      [100, 100, 50],
    );
    assert.deepEqual(runs.flat(), rows);
  });

  it('keeps every demo row once, each transaction within one partition, the version last of the register', () => {
    const rows = demoRows(DateTime.fromISO('2026-12-05T10:00:00Z'));
    const runs = seedTransactions(rows);
    assert.deepEqual(runs.flat(), rows);
    for (const run of runs) {
      assert.ok(run.length <= 100);
      assert.equal(new Set(run.map(([t, e]) => `${t}/${String(e.partitionKey)}`)).size, 1);
    }
    const register = runs.flat().filter(([t]) => t === TABLES.associations);
    assert.equal(register.at(-1)?.[1].kind, 'version');
  });
});
