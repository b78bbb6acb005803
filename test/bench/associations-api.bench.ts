/**
 * The associations list API over real HTTP with 2,000 associations in a fresh Azurite: the
 * first page, a search and a unit filter, p50/p95 and the table requests each API call makes
 * (counted by a pipeline policy on every table client the server uses), also right after an
 * edit (when the register must be read again), beside a baseline measured in the same run:
 * the raw `listEntities` of the same rows, straight from the table.
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

      const measure = async (path: string, afterEdit = false, samples = SAMPLES) => {
        const times: number[] = [];
        const counts: number[] = [];
        let total = 0;
        for (let i = 0; i < WARMUP + samples; i++) {
          if (afterEdit) await edit(i);
          const before = requests;
          const t0 = performance.now();
          const res = await fetch(`${app.url}${path}`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          const body = (await res.json()) as { items: unknown[]; total: number };
          const ms = performance.now() - t0;
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          total = body.total;
          if (i >= WARMUP) {
            times.push(ms);
            counts.push(requests - before);
          }
        }
        return { times, counts, total };
      };

      const firstPage = await measure('/api/v1/associations?limit=100');
      const search = await measure(
        `/api/v1/associations?limit=100&q=${encodeURIComponent('aanekoski')}`,
      );
      const unitFilter = await measure('/api/v1/associations?limit=100&unit=liikunta');
      // The worst case: someone saved just before, so the register is read again.
      const afterWrite = await measure('/api/v1/associations?limit=100', true, 20);

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
        row('first page right after an edit (read again)', afterWrite),
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
