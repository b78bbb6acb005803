import assert from 'node:assert/strict';
import type { TableEntity } from '@azure/data-tables';
import { DateTime } from 'luxon';
import { demoRows, SEEDED_MARKER, seedDemoData } from '../../bot/src/storage/seed';
import { TABLES } from '../../bot/src/storage/tables';
import { startAzurite, startTestApp, type TestApp } from '../support/app';

async function countRows(app: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of Object.values(TABLES)) {
    let n = 0;
    for await (const page of app.app.storage
      .table(name)
      .listEntities({ queryOptions: { select: ['rowKey'] } })
      .byPage({ maxPageSize: 1000 })) {
      n += page.length;
    }
    counts[name] = n;
  }
  return counts;
}

/** The first demo unit's row, as seeding writes it. */
function demoUnitRow(): TableEntity<Record<string, unknown>> {
  const row = demoRows(DateTime.utc()).find(([table]) => table === TABLES.units);
  assert.ok(row, 'the demo data has units');
  return row[1];
}

describe('server and storage (real Azurite, real HTTP)', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    // Its own Azurite: a test stops it.
    t = await startTestApp({}, { ownAzurite: true });
  });
  after(async () => {
    await t?.stop();
  });

  it('answers /healthz with ok, storage ok and the version', async () => {
    const res = await fetch(`${t.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, string>;
    assert.equal(body.status, 'ok');
    assert.equal(body.storage, 'ok');
    assert.match(body.version ?? '', /^\d+\.\d+\.\d+/);
  });

  it('seeds the demo data once: a later seeding writes nothing, and a removed demo row stays removed', async () => {
    const before = await countRows(t);
    assert.ok((before[TABLES.associations] ?? 0) >= 40, 'about 40 demo associations');
    assert.ok((before[TABLES.events] ?? 0) >= 8, 'the annual rhythm');
    const unit = demoUnitRow();
    const units = t.app.storage.table(TABLES.units);
    await units.deleteEntity(unit.partitionKey, unit.rowKey);
    try {
      const again = await seedDemoData(t.app.storage);
      assert.equal(again.seeded, 'before');
      assert.deepEqual(await countRows(t), {
        ...before,
        [TABLES.units]: (before[TABLES.units] ?? 0) - 1,
      });
    } finally {
      await units.createEntity(unit);
    }
  });

  it('finishes a seeding that stopped halfway: the missing rows, then the marker', async () => {
    const before = await countRows(t);
    const unit = demoUnitRow();
    await t.app.storage
      .table(TABLES.meta)
      .deleteEntity(SEEDED_MARKER.partitionKey, SEEDED_MARKER.rowKey);
    await t.app.storage.table(TABLES.units).deleteEntity(unit.partitionKey, unit.rowKey);
    const result = await seedDemoData(t.app.storage);
    assert.deepEqual(result, {
      seeded: 'now',
      created: 2,
      existing: demoRows(DateTime.utc()).length - 1,
    });
    assert.deepEqual(await countRows(t), before);
    assert.equal((await seedDemoData(t.app.storage)).seeded, 'before');
  });

  it('answers unknown routes in the error shape, in the asked language', async () => {
    const fi = await fetch(`${t.url}/api/v1/nothing-here`);
    assert.equal(fi.status, 404);
    assert.deepEqual(await fi.json(), {
      error: { code: 'not_found', message: 'Pyydettyä kohdetta ei löytynyt.' },
    });
    const en = await fetch(`${t.url}/api/v1/nothing-here`, {
      headers: { 'Accept-Language': 'en-GB' },
    });
    assert.equal(
      ((await en.json()) as { error: { message: string } }).error.message,
      'The requested item was not found.',
    );
  });

  it('gives every response a request id and logs it with no query string', async () => {
    const res = await fetch(`${t.url}/healthz?email=someone@example.test`, {
      headers: { 'X-Request-Id': 'test-req-1' },
    });
    assert.equal(res.headers.get('x-request-id'), 'test-req-1');
    await res.arrayBuffer();
    const line = t.logs.lines.find((l) => l.includes('"reqId":"test-req-1"'));
    assert.ok(line, 'the request is logged with its id');
    assert.ok(!line.includes('someone@example.test'), 'no personal data from the query in logs');
  });

  it('serves the tab with a CSP that only Teams and Microsoft 365 may frame', async () => {
    const res = await fetch(`${t.url}/tab/index.html`);
    const csp = res.headers.get('content-security-policy') ?? '';
    await res.arrayBuffer();
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
    assert.ok(ancestors.includes('https://teams.microsoft.com'));
    for (const a of ancestors) {
      assert.match(
        a,
        /^('self'|https:\/\/([*a-z0-9-]+\.)*(microsoft|office|office365|microsoft365|cloud\.microsoft|microsoft\.us)(\.com)?)$/,
        a,
      );
    }
    const traversal = await fetch(`${t.url}/tab/..%2f..%2fpackage.json`);
    assert.equal(traversal.status, 404);
    await traversal.arrayBuffer();
  });

  it('turns /healthz into 503 when storage stops and back to 200 when it returns', async () => {
    const port = t.azurite.port;
    await t.azurite.stop();
    const down = await fetch(`${t.url}/healthz`);
    assert.equal(down.status, 503);
    assert.equal(((await down.json()) as { storage: string }).storage, 'unreachable');

    const again = await startAzurite({ port });
    try {
      const up = await fetch(`${t.url}/healthz`);
      assert.equal(up.status, 200);
      await up.arrayBuffer();
    } finally {
      await again.stop();
    }
  });
});
