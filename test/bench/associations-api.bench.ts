/**
 * The associations list API over real HTTP with 2,000 associations in a fresh Azurite: the
 * first page, a search and a unit filter, p50/p95 and the table requests each API call makes
 * (counted by a pipeline policy on every table client the server uses), also right after an
 * edit through this server and right after an edit on another instance (a second store on the
 * same table), beside a baseline measured in the same run: the raw `listEntities` of the same
 * rows, straight from the table. An edit within a few seconds of a bulk write (the seeded
 * 2,000 rows, as an import makes) is shown apart: its changes read takes in the import again.
 *
 * Cold, at the store (no HTTP; a store with its own clock, as another server would be): the
 * first page after its kept copy has idled past its lifetime and another instance wrote
 * (`associations.list.cold.p95_ms`), and the first page of an instance that has no copy yet
 * (a full read, as after a start and every ten minutes).
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { freePort, startAzurite } from '../../bot/scripts/azurite';
import { loadConfig } from '../../bot/src/config';
import { DEMO_CATEGORIES, DEMO_UNITS } from '../../bot/src/domain/demo-data';
import { startApp } from '../../bot/src/index';
import { createLogger } from '../../bot/src/log';
import {
  ASSOCIATION_PARTITION,
  associationRows,
  AssociationsStore,
  CHANGES_OVERLAP_MS,
  versionRow,
} from '../../bot/src/storage/associations-store';
import { TABLES } from '../../bot/src/storage/tables';
import { percentile, round, type Benchmark } from './harness';

const TOTAL = 2000;
const SAMPLES = 60;
const WARMUP = 5;

const WORDS = [
  'Kuoro',
  'Urheiluseura',
  'Kyläyhdistys',
  'Nuorisoseura',
  'Eläkeläiset',
  'Teatteri',
  'Partio',
  'Tanssiseura',
  'Kirjallisuusseura',
  'Omaishoitajat',
  'Luontoyhdistys',
  'Shakkikerho',
  'Äänekosken',
  'Öljymäen',
  'Ylöjärven',
  'Hämeen',
  'Lahden',
  'Mäkelän',
  'Östersundom',
  'Åbo',
];

function pick<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** 2,000 associations with realistic sizes: 1–2 units, 1–2 contact people, some notes. */
function associations(count: number, start: number) {
  const at = new Date().toISOString();
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const name = `${pick(WORDS, i * 7)} ${pick(WORDS, i * 3 + 1)} ${i} ry`;
    const units = [...new Set([pick(DEMO_UNITS, i).id, pick(DEMO_UNITS, i * 5 + 2).id])].slice(
      0,
      1 + (i % 2),
    );
    return {
      id: randomUUID(),
      name,
      registerNumber: `${100 + (i % 800)}.${String(i % 1000).padStart(3, '0')}`,
      businessId: '',
      units,
      categories: [pick(DEMO_CATEGORIES, i).id],
      contacts: Array.from({ length: 1 + (i % 2) }, (_, c) => ({
        name: `Yhteyshenkilö ${i}-${c}`,
        role: 'Puheenjohtaja',
        email: `henkilo.${i}.${c}@yhdistys${i}.example`,
        phone: '040 123 4567',
        language: 'fi' as const,
      })),
      website: `https://yhdistys${i}.example/`,
      profileUrl: '',
      hasRepresentative: i % 4 === 0,
      workingGroups: [],
      notes: i % 3 === 0 ? 'Kokoontuu kerran kuussa; jäsenmäärä noin 40. '.repeat(3) : '',
      status: i % 10 === 0 ? ('inactive' as const) : ('active' as const),
      createdAt: at,
      createdBy: 'bench',
      updatedAt: at,
      updatedBy: 'bench',
    };
  });
}

class Silent extends Writable {
  override _write(_c: Buffer, _e: string, done: () => void): void {
    done();
  }
}

export const benchmark: Benchmark = {
  title: 'Associations list API, 2,000 associations: first page and search over HTTP',
  async run(report) {
    const azurite = await startAzurite({ port: await freePort() });
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DEV_AUTH: 'true',
      SEED_DEMO_DATA: 'true',
      INITIAL_COORDINATORS: 'helena.virtanen@kaupunki.example',
      STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
    const app = await startApp(config, createLogger('warn', new Silent()));
    try {
      await app.storageReady;
      const table = app.storage.table(TABLES.associations);
      // Seed up to 2,000 (the demo data has ~40): association rows, then their name claims.
      let existing = 0;
      for await (const page of table
        .listEntities({ queryOptions: { filter: "RowKey ge '0'", select: ['rowKey'] } })
        .byPage({ maxPageSize: 1000 })) {
        existing += page.length;
      }
      const rows = associations(TOTAL - existing, 0).flatMap((a) => associationRows(a));
      const ordered = [
        ...rows.filter((r) => !r.rowKey.startsWith('!')),
        ...rows.filter((r) => r.rowKey.startsWith('!')),
      ];
      for (let i = 0; i < ordered.length; i += 99) {
        await table.submitTransaction([
          ...ordered.slice(i, i + 99).map((r): TransactionAction => ['create', r as TableEntity]),
          // Written beside the store, so the version row changes as the store's writes do.
          ['upsert', versionRow(new Date()), 'Replace'],
        ]);
      }
      const seededAt = performance.now();

      // Every table request the server makes, whatever the table.
      let requests = 0;
      const counter: PipelinePolicy = {
        name: 'benchRequestCounter',
        sendRequest: (request, next) => {
          requests++;
          return next(request);
        },
      };
      for (const name of Object.values(TABLES)) app.storage.table(name).pipeline.addPolicy(counter);

      const token = await (async () => {
        const res = await fetch(`${app.url}/dev/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ upn: 'mikko.laine@kaupunki.example' }),
        });
        return ((await res.json()) as { token: string }).token;
      })();

      /** Changes one association through the API, so the next list call must read again. */
      const edit = async (i: number) => {
        const list = await fetch(`${app.url}/api/v1/associations?limit=1&unit=kulttuuri`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const a = ((await list.json()) as { items: Record<string, unknown>[] }).items[0];
        const res = await fetch(`${app.url}/api/v1/associations/${String(a?.id)}`, {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'If-Match': String(a?.etag),
          },
          body: JSON.stringify({ ...a, notes: `muokkaus ${i}` }),
        });
        if (res.status !== 200) throw new Error(`edit: ${res.status}`);
        await res.arrayBuffer();
      };

      // Another instance: a store of its own on the same table, writing beside the server.
      const other = new AssociationsStore(table, randomUUID);
      const otherTargets = (await other.all({ unit: 'liikunta' })).slice(0, 40);
      const editElsewhere = async (i: number) => {
        const target = otherTargets[i % otherTargets.length];
        if (!target) throw new Error('no association to edit');
        const current = await other.get(target.id);
        if (!current) throw new Error('association vanished');
        await other.update(
          current.id,
          { ...current, notes: `toisaalla ${i}` },
          'bench',
          current.etag ?? '',
        );
      };

      const measure = async (
        path: string,
        prepare?: (i: number) => Promise<void>,
        samples = SAMPLES,
        warmup = WARMUP,
      ) => {
        const times: number[] = [];
        const counts: number[] = [];
        let total = 0;
        for (let i = 0; i < warmup + samples; i++) {
          if (prepare) await prepare(i);
          const before = requests;
          const t0 = performance.now();
          const res = await fetch(`${app.url}${path}`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          const body = (await res.json()) as { items: unknown[]; total: number };
          const ms = performance.now() - t0;
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          total = body.total;
          if (i >= warmup) {
            times.push(ms);
            counts.push(requests - before);
          }
        }
        return { times, counts, total };
      };

      // Right after a bulk write (the 2,000 rows above, as an import makes): every changes read
      // in the next few seconds starts before the import (the store's overlap for inexact
      // storage clocks), so it reads the imported rows again. Shown apart, without warm-up.
      await measure('/api/v1/associations?limit=100', undefined, 1, 0);
      const afterImport = await measure('/api/v1/associations?limit=100', edit, 5, 0);
      const firstPage = await measure('/api/v1/associations?limit=100');
      const search = await measure(
        `/api/v1/associations?limit=100&q=${encodeURIComponent('aanekoski')}`,
      );
      const unitFilter = await measure('/api/v1/associations?limit=100&unit=liikunta');
      // Someone saved just before, through this server or another instance; the import has
      // left the overlap window by now, as it has for a user editing on an ordinary day.
      const sinceSeed = performance.now() - seededAt;
      if (sinceSeed < CHANGES_OVERLAP_MS + 500) {
        await new Promise((resolve) => setTimeout(resolve, CHANGES_OVERLAP_MS + 500 - sinceSeed));
      }
      const afterWrite = await measure('/api/v1/associations?limit=100', edit, 20);
      const afterRemoteWrite = await measure('/api/v1/associations?limit=100', editElsewhere, 20);

      // Cold, at the store: a copy idle past its lifetime after a write elsewhere; a new copy.
      let clock = Date.now();
      const idle = new AssociationsStore(table, randomUUID, () => new Date(clock));
      await idle.list({}, { sort: 'name', limit: 100 });
      const storeMeasure = async (
        list: () => Promise<unknown>,
        before: (i: number) => Promise<void>,
        samples = 20,
      ) => {
        const times: number[] = [];
        const counts: number[] = [];
        for (let i = 0; i < WARMUP + samples; i++) {
          await before(i);
          const start = requests;
          const t0 = performance.now();
          await list();
          if (i >= WARMUP) {
            times.push(performance.now() - t0);
            counts.push(requests - start);
          }
        }
        return { times, counts, total: TOTAL };
      };
      const coldIdle = await storeMeasure(
        () => idle.list({}, { sort: 'name', limit: 100 }),
        async (i) => {
          await editElsewhere(1000 + i);
          clock += 61_000;
        },
      );
      let fresh = new AssociationsStore(table, randomUUID);
      const fullRead = await storeMeasure(
        () => fresh.list({}, { sort: 'name', limit: 100 }),
        () => {
          fresh = new AssociationsStore(table, randomUUID);
          return Promise.resolve();
        },
        10,
      );

      // Baseline: the same rows read straight from the table, no HTTP, no API.
      const baseTimes: number[] = [];
      const baseCounts: number[] = [];
      const rawFilter = `PartitionKey eq '${ASSOCIATION_PARTITION}' and RowKey ge '0'`;
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const before = requests;
        const t0 = performance.now();
        let n = 0;
        for await (const page of table
          .listEntities({ queryOptions: { filter: rawFilter } })
          .byPage({ maxPageSize: 1000 })) {
          n += page.length;
        }
        if (n !== TOTAL) throw new Error(`baseline read ${n} rows`);
        if (i >= WARMUP) {
          baseTimes.push(performance.now() - t0);
          baseCounts.push(requests - before);
        }
      }

      const row = (query: string, r: { times: number[]; counts: number[]; total: number }) => ({
        query,
        matches: r.total,
        p50_ms: round(percentile(r.times, 50), 1),
        p95_ms: round(percentile(r.times, 95), 1),
        table_requests: Math.max(...r.counts),
        n: r.times.length,
      });
      report.table('Latency per call and table requests per call', [
        row('GET /associations?limit=100 (first page)', firstPage),
        row('GET /associations?q=aanekoski', search),
        row('GET /associations?unit=liikunta', unitFilter),
        row('first page right after an edit on this server (changed rows read)', afterWrite),
        row(
          'first page right after an edit on another instance (changed rows read)',
          afterRemoteWrite,
        ),
        row(
          'first page after an edit within 5 s of a 2,000-row import (import read again)',
          afterImport,
        ),
        row('cold, store only: copy idle past its 60 s lifetime + edit elsewhere', coldIdle),
        row(
          'store only: an instance with no copy yet (full read; at start, every 10 min)',
          fullRead,
        ),
        row('baseline: raw listEntities of all rows', {
          times: baseTimes,
          counts: baseCounts,
          total: TOTAL,
        }),
      ]);
      const basePct = round(percentile(baseTimes, 95), 1);
      const listP95 = round(
        Math.max(percentile(firstPage.times, 95), percentile(search.times, 95)),
        1,
      );
      report.figure({
        name: 'associations.list.p95_ms',
        value: listP95,
        unit: 'ms',
        baseline: basePct,
        ratio: round(listP95 / basePct, 2),
      });
      const maxRequests = Math.max(...firstPage.counts, ...search.counts, ...unitFilter.counts);
      const baseRequests = Math.max(...baseCounts);
      const afterP95 = round(percentile(afterWrite.times, 95), 1);
      report.figure({
        name: 'associations.list_after_write.p95_ms',
        value: afterP95,
        unit: 'ms',
        baseline: basePct,
        ratio: round(afterP95 / basePct, 2),
      });
      const remoteP95 = round(percentile(afterRemoteWrite.times, 95), 1);
      report.figure({
        name: 'associations.list_after_remote_write.p95_ms',
        value: remoteP95,
        unit: 'ms',
        baseline: basePct,
        ratio: round(remoteP95 / basePct, 2),
      });
      report.figure({
        name: 'associations.list_after_remote_write.table_requests',
        value: Math.max(...afterRemoteWrite.counts),
        unit: 'requests',
        baseline: baseRequests,
      });
      const importP95 = round(percentile(afterImport.times, 95), 1);
      report.figure({
        name: 'associations.list_after_import_write.p95_ms',
        value: importP95,
        unit: 'ms',
        baseline: basePct,
        ratio: round(importP95 / basePct, 2),
      });
      const coldP95 = round(percentile(coldIdle.times, 95), 1);
      report.figure({
        name: 'associations.list.cold.p95_ms',
        value: coldP95,
        unit: 'ms',
        baseline: basePct,
        ratio: round(coldP95 / basePct, 2),
      });
      report.figure({
        name: 'associations.list.cold.table_requests',
        value: Math.max(...coldIdle.counts),
        unit: 'requests',
        baseline: baseRequests,
      });
      const fullP95 = round(percentile(fullRead.times, 95), 1);
      report.figure({
        name: 'associations.list.full_read.p95_ms',
        value: fullP95,
        unit: 'ms',
        baseline: basePct,
        ratio: round(fullP95 / basePct, 2),
      });
      report.log(
        `after a write here p95 ${afterP95} ms, elsewhere ${remoteP95} ms, within 5 s of an import ${importP95} ms; cold (idle + write elsewhere, store) ${coldP95} ms with ${Math.max(...coldIdle.counts)} requests (goal ≤ 150 ms, ≤ 4); full read ${fullP95} ms`,
      );
      report.figure({
        name: 'associations.list_after_write.table_requests',
        value: Math.max(...afterWrite.counts),
        unit: 'requests',
        baseline: Math.max(...baseCounts),
      });
      report.figure({
        name: 'associations.list.table_requests',
        value: maxRequests,
        unit: 'requests',
        baseline: baseRequests,
        ratio: round(maxRequests / baseRequests, 2),
      });
    } finally {
      await app.close();
      await azurite.stop();
    }
  },
};
