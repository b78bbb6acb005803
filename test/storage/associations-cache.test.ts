/**
 * The associations store's kept copy of the register, against real Azurite: instance B keeps
 * its copy current by reading only what changed since its version (never the whole register
 * again), and sees A's creates, edits and removals on its next call, also when A writes while
 * B is reading its changes. Both instances are stores on the same table, as two servers are.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AssociationData } from '@yhdistysyhteistyo/contract/associations';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import {
  ASSOCIATION_PARTITION,
  AssociationsStore,
  DELETION_MARK_KEEP_MS,
} from '../../bot/src/storage/associations-store';
import { TableStorage } from '../../bot/src/storage/tables';

function data(name: string, notes = ''): AssociationData {
  return {
    name,
    registerNumber: '',
    businessId: '',
    units: ['kirjasto'],
    categories: [],
    contacts: [],
    website: '',
    profileUrl: '',
    hasRepresentative: false,
    workingGroups: [],
    notes,
    status: 'active',
  };
}

/** A table that records the filter of every query and lets a test act around one. */
interface Watched {
  readonly table: TableClient;
  readonly queries: string[];
  /** Runs once, after the next changes query has returned its rows. */
  afterNextChanges?: () => Promise<void>;
  /** Runs once, before the next changes query is sent. */
  beforeNextChanges?: () => Promise<void>;
  /** Runs once, before the next full read is sent. */
  beforeNextFullRead?: () => Promise<void>;
}

function watched(table: TableClient): Watched {
  const w: Watched = { table: undefined as unknown as TableClient, queries: [] };
  const proxy = new Proxy(table, {
    get(target, prop, receiver) {
      if (prop !== 'listEntities') return Reflect.get(target, prop, receiver) as unknown;
      return (options?: { queryOptions?: { filter?: string } }) => {
        const filter = options?.queryOptions?.filter ?? '';
        w.queries.push(filter);
        const isChanges = filter.includes('Timestamp ge');
        const inner = target.listEntities(options);
        return {
          byPage: (settings?: { maxPageSize?: number }) =>
            (async function* () {
              const before = isChanges ? w.beforeNextChanges : w.beforeNextFullRead;
              if (before) {
                if (isChanges) w.beforeNextChanges = undefined;
                else w.beforeNextFullRead = undefined;
                await before();
              }
              yield* inner.byPage(settings);
              const after = isChanges ? w.afterNextChanges : undefined;
              if (after) {
                w.afterNextChanges = undefined;
                await after();
              }
            })(),
        };
      };
    },
  });
  (w as { table: TableClient }).table = proxy;
  return w;
}

const names = async (store: AssociationsStore) =>
  (await store.all({ status: 'all' })).map((a) => a.name);

describe('associations store: the kept copy follows other instances (real Azurite)', function () {
  this.timeout(60_000);
  let azurite: AzuriteProcess;
  let storage: TableStorage;
  let table: TableClient;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    // A table of its own for each test: no copy or row carries over.
    storage = new TableStorage(azurite.connectionString, `C${randomUUID().slice(0, 8)}`);
    table = storage.table('Associations');
    await table.createTable();
  });

  it('sees a create, an edit and a rename on A by reading only the changed rows', async () => {
    const a = new AssociationsStore(table, randomUUID);
    const b = watched(table);
    const storeB = new AssociationsStore(b.table, randomUUID);
    const kuoro = await a.create(data('Kuoro ry'), 'a');
    await a.create(data('Partio ry'), 'a');
    assert.deepEqual(await names(storeB), ['Kuoro ry', 'Partio ry']);
    assert.equal(b.queries.length, 1, 'the first call reads the register');
    assert.ok(!b.queries[0]?.includes('Timestamp'));

    await a.create(data('Aikuiskuoro ry'), 'a');
    assert.deepEqual(await names(storeB), ['Aikuiskuoro ry', 'Kuoro ry', 'Partio ry']);
    await a.update(kuoro.id, data('Yökuoro ry', 'uusi nimi'), 'a', kuoro.etag ?? '');
    assert.deepEqual(await names(storeB), ['Aikuiskuoro ry', 'Partio ry', 'Yökuoro ry']);
    assert.equal((await storeB.all({ q: 'yökuoro' }))[0]?.notes, 'uusi nimi');
    // Nothing changed: the version row alone, no query.
    assert.deepEqual(await names(storeB), ['Aikuiskuoro ry', 'Partio ry', 'Yökuoro ry']);
    assert.equal(b.queries.length, 3);
    assert.ok(
      b.queries.slice(1).every((q) => q.includes('Timestamp ge')),
      b.queries.join('\n'),
    );
  });

  it('sees a removal on A, and the deletion mark holds no data', async () => {
    const a = new AssociationsStore(table, randomUUID);
    const b = watched(table);
    const storeB = new AssociationsStore(b.table, randomUUID);
    const gone = await a.create(data('Lähtevä seura ry'), 'a');
    await a.create(data('Jäävä seura ry'), 'a');
    assert.deepEqual(await names(storeB), ['Jäävä seura ry', 'Lähtevä seura ry']);
    await a.remove(gone.id, gone.etag ?? '');
    assert.deepEqual(await names(storeB), ['Jäävä seura ry']);
    assert.equal(await storeB.get(gone.id), undefined);
    assert.ok(b.queries.slice(1).every((q) => q.includes('Timestamp ge')));
    const mark = await table.getEntity<Record<string, unknown>>(ASSOCIATION_PARTITION, gone.id);
    assert.deepEqual(
      Object.keys(mark)
        .filter(
          (k) => !['partitionKey', 'rowKey', 'etag', 'timestamp', 'odata.metadata'].includes(k),
        )
        .sort(),
      ['deleted', 'kind'],
    );
  });

  it('does not lose a write A makes while B reads its changes', async () => {
    const a = new AssociationsStore(table, randomUUID);
    const b = watched(table);
    const storeB = new AssociationsStore(b.table, randomUUID);
    await a.create(data('Ensimmäinen ry'), 'a');
    assert.deepEqual(await names(storeB), ['Ensimmäinen ry']);

    await a.create(data('Toinen ry'), 'a');
    // After B has read the version row, before its changes query is sent.
    b.beforeNextChanges = async () => {
      await a.create(data('Kesken tullut ry'), 'a');
    };
    const first = await names(storeB);
    assert.ok(first.includes('Toinen ry'));
    assert.deepEqual(await names(storeB), ['Ensimmäinen ry', 'Kesken tullut ry', 'Toinen ry']);

    await a.create(data('Neljäs ry'), 'a');
    // After B's changes query has returned, before B keeps its copy.
    b.afterNextChanges = async () => {
      await a.create(data('Viimeinen ry'), 'a');
    };
    assert.ok((await names(storeB)).includes('Neljäs ry'));
    assert.deepEqual(await names(storeB), [
      'Ensimmäinen ry',
      'Kesken tullut ry',
      'Neljäs ry',
      'Toinen ry',
      'Viimeinen ry',
    ]);
  });

  it('finds a change written beside the store once its copy is past its lifetime', async () => {
    let clock = Date.now();
    const storeB = new AssociationsStore(table, randomUUID, () => new Date(clock));
    const a = new AssociationsStore(table, randomUUID);
    const made = await a.create(data('Käsin muutettu ry'), 'a');
    assert.deepEqual(await names(storeB), ['Käsin muutettu ry']);
    // An edit by hand: the version row is not touched.
    await table.updateEntity(
      { partitionKey: ASSOCIATION_PARTITION, rowKey: made.id, name: 'Käsin korjattu ry' },
      'Merge',
    );
    assert.deepEqual(await names(storeB), ['Käsin muutettu ry'], 'within its lifetime');
    clock += 61_000;
    assert.deepEqual(await names(storeB), ['Käsin korjattu ry'], 'past its lifetime');
  });

  it('removes deletion marks older than their keep time on a full read, and only those', async () => {
    let clock = Date.now();
    const storeB = new AssociationsStore(table, randomUUID, () => new Date(clock));
    const a = new AssociationsStore(table, randomUUID);
    const old = await a.create(data('Vanha ry'), 'a');
    await a.remove(old.id, old.etag ?? '');
    assert.deepEqual(await names(storeB), []);
    const fresh = await a.create(data('Tuore ry'), 'a');
    await a.remove(fresh.id, fresh.etag ?? '');
    // Both marks are young: a full read keeps them.
    clock += 11 * 60_000;
    assert.deepEqual(await names(storeB), []);
    await storeB.settled();
    await table.getEntity(ASSOCIATION_PARTITION, old.id);
    clock += DELETION_MARK_KEEP_MS;
    assert.deepEqual(await names(storeB), []);
    await storeB.settled();
    await assert.rejects(
      table.getEntity(ASSOCIATION_PARTITION, old.id),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
  });

  it('past the full-read age answers from the changes at once, and reads in full behind the answer', async () => {
    let clock = Date.now();
    const w = watched(table);
    const storeB = new AssociationsStore(w.table, randomUUID, () => new Date(clock));
    const a = new AssociationsStore(table, randomUUID);
    await a.create(data('Eka ry'), 'a');
    const byHand = await a.create(data('Käsin poistettava ry'), 'a');
    assert.deepEqual(await names(storeB), ['Eka ry', 'Käsin poistettava ry']);
    await a.create(data('Toka ry'), 'a');
    // A removal by hand leaves no deletion mark: only a full read can see it.
    await table.deleteEntity(ASSOCIATION_PARTITION, byHand.id);
    clock += 11 * 60_000;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    w.beforeNextFullRead = () => held;
    assert.deepEqual(
      await names(storeB),
      ['Eka ry', 'Käsin poistettava ry', 'Toka ry'],
      'answered from the changes while the full read is held',
    );
    release();
    await storeB.settled();
    assert.deepEqual(await names(storeB), ['Eka ry', 'Toka ry'], 'after the full read behind');
    const fullReads = w.queries.filter((q) => !q.includes('Timestamp ge'));
    assert.equal(fullReads.length, 2, 'the first read and the one behind the answer');
  });
});
