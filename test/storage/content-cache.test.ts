/**
 * The guide texts' cache against real Azurite: reads within a second cost nothing, after that
 * one point read of the version row, and the texts are read again only when the version
 * changed — by an edit on this instance (at once) or on another (at the next check).
 */
import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { TableContentStore, VERSION_CHECK_MS } from '../../bot/src/storage/content-store';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';

/** The table, counting the requests of each kind made through it. */
function counted(table: TableClient): { table: TableClient; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(table, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(prop, (calls.get(prop) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { table: proxy, calls };
}

describe('guide texts cache: follows changes with one point read a second (real Azurite)', function () {
  this.timeout(60_000);
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

  it('serves reads from memory, checks the version once a second and re-reads only on change', async () => {
    const { table, calls } = counted(storage.table(TABLES.content));
    let tick = 0;
    const bot = new TableContentStore(table, undefined, () => tick);
    const editor = new TableContentStore(storage.table(TABLES.content));

    assert.equal((await bot.topics())[0]?.title.fi, 'Avustukset ja avustussääntö');
    await Promise.all([bot.houseRules(), bot.roles(), bot.guide()]);
    const lists = calls.get('listEntities');
    for (let i = 0; i < 50; i++) {
      await Promise.all([bot.houseRules(), bot.roles(), bot.topics(), bot.guide()]);
    }
    // 200 reads within the second: no table read at all, and the version was read once.
    assert.equal(calls.get('listEntities'), lists);
    assert.equal(calls.get('getEntity'), 1);

    // A second later: one point read of the version, and nothing else when it is the same.
    tick += VERSION_CHECK_MS;
    await Promise.all([bot.houseRules(), bot.topics(), bot.guide()]);
    assert.equal(calls.get('getEntity'), 2);
    assert.equal(calls.get('listEntities'), lists);

    // Another instance saves: within this second nothing is asked; at the next check it shows.
    const grants = await editor.entry('topic', 'grants');
    assert.ok(grants);
    await editor.replace(
      'topic',
      'grants',
      { ...grants.fields, title: { fi: 'Avustukset 2028', en: 'Grants 2028' } },
      grants.etag,
      { at: new Date(), by: 'helena.virtanen@kaupunki.example' },
    );
    assert.equal((await bot.topics())[0]?.title.fi, 'Avustukset ja avustussääntö');
    tick += VERSION_CHECK_MS;
    assert.equal((await bot.topics())[0]?.title.fi, 'Avustukset 2028');
    assert.equal(calls.get('getEntity'), 3);
  });

  it('shows an edit made on the same instance at once', async () => {
    const store = new TableContentStore(storage.table(TABLES.content), undefined, () => 0);
    const rule = await store.entry('houseRule', 'together');
    assert.ok(rule);
    await store.houseRules();
    await store.replace(
      'houseRule',
      'together',
      { ...rule.fields, title: { fi: 'Yhdessä', en: 'Together' } },
      rule.etag,
      { at: new Date(), by: 'helena.virtanen@kaupunki.example' },
    );
    const rules = await store.houseRules();
    assert.equal(rules.find((r) => r.kind === 'together')?.title.fi, 'Yhdessä');
    // History rows live beside the texts and never reach a card.
    assert.equal(rules.length, 4);
    assert.equal((await store.history('houseRule', 'together')).length, 1);
  });
});
