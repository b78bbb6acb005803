/**
 * Reply languages against real Azurite: one read of everyone's choice serves every turn for
 * 30 s (no point read per person), a choice on this instance shows at once, one on another
 * instance within 30 s.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { TablePreferenceStore } from '../../bot/src/storage/conversation-store';
import { TableStorage } from '../../bot/src/storage/tables';

const AT = '2026-12-04T10:00:00.000Z';

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

describe('reply languages: one read serves every turn (real Azurite)', function () {
  this.timeout(60_000);
  let azurite: AzuriteProcess;
  let table: TableClient;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    const storage = new TableStorage(azurite.connectionString, `P${randomUUID().slice(0, 8)}`);
    table = storage.table('Conversations');
    await table.createTable();
  });

  it('answers many new people from one read, with no point read each', async () => {
    const other = new TablePreferenceStore(table);
    await other.setLanguage('aad-en', 'en', AT);
    await other.setLanguage('aad-fi', 'fi', AT);
    const { table: watched, calls } = counted(table);
    const store = new TablePreferenceStore(watched);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.get(`aad-new-${i}`)),
    );
    assert.ok(answers.every((a) => a.language === undefined));
    assert.deepEqual(await store.get('aad-en'), { language: 'en' });
    assert.deepEqual(await store.get('aad-fi'), { language: 'fi' });
    assert.deepEqual([...calls], [['listEntities', 1]]);
  });

  it('shows a choice here at once and one on another instance within 30 s', async () => {
    let clock = Date.now();
    const here = new TablePreferenceStore(table, () => clock);
    const elsewhere = new TablePreferenceStore(table);
    assert.deepEqual(await here.get('aad-p'), {});
    await here.setLanguage('aad-p', 'en', AT);
    assert.deepEqual(await here.get('aad-p'), { language: 'en' });
    await elsewhere.setLanguage('aad-q', 'en', AT);
    assert.deepEqual(await here.get('aad-q'), {}, 'within 30 s the kept read answers');
    clock += 30_001;
    assert.deepEqual(await here.get('aad-q'), { language: 'en' });
    assert.deepEqual(await here.get('aad-p'), { language: 'en' });
  });

  it('keeps a choice made here while a read is under way', async () => {
    const here = new TablePreferenceStore(table);
    const reading = here.get('aad-r');
    await here.setLanguage('aad-r', 'en', AT);
    await reading;
    assert.deepEqual(await here.get('aad-r'), { language: 'en' });
  });
});
