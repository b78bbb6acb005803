/**
 * Storage round trips against Azurite: a point read of one entity beside a query that
 * scans a 1,000-entity partition. A baseline for what later API benchmarks can cost at most.
 */
import { TableClient } from '@azure/data-tables';
import { freePort, startAzurite } from '../../bot/scripts/azurite';
import { percentile, round, type Benchmark } from './harness';

export const benchmark: Benchmark = {
  title: 'Azure Tables on Azurite: point read vs. partition scan',
  async run(report) {
    const azurite = await startAzurite({ port: await freePort() });
    try {
      const table = TableClient.fromConnectionString(azurite.connectionString, 'Bench', {
        allowInsecureConnection: true,
      });
      await table.createTable();
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        partitionKey: 'p',
        rowKey: String(i).padStart(4, '0'),
        name: `Yhdistys ${i}`,
      }));
      for (let i = 0; i < rows.length; i += 100) {
        await table.submitTransaction(rows.slice(i, i + 100).map((r) => ['create', r] as const));
      }
      const time = async (fn: () => Promise<unknown>, n: number) => {
        const samples: number[] = [];
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          await fn();
          samples.push(performance.now() - t0);
        }
        return samples;
      };
      const point = await time(() => table.getEntity('p', '0500'), 200);
      const scan = await time(async () => {
        for await (const page of table.listEntities().byPage({ maxPageSize: 1000 })) void page;
      }, 20);
      const p50Point = round(percentile(point, 50), 2);
      const p50Scan = round(percentile(scan, 50), 2);
      report.table('Latency (ms)', [
        {
          query: 'point read',
          p50: p50Point,
          p95: round(percentile(point, 95), 2),
          n: point.length,
        },
        {
          query: 'scan 1,000 rows',
          p50: p50Scan,
          p95: round(percentile(scan, 95), 2),
          n: scan.length,
        },
      ]);
      report.figure({ name: 'storage.point_read.p50_ms', value: p50Point, unit: 'ms' });
      report.figure({
        name: 'storage.scan_1000.p50_ms',
        value: p50Scan,
        unit: 'ms',
        baseline: p50Point,
        ratio: round(p50Scan / p50Point, 1),
      });
    } finally {
      await azurite.stop();
    }
  },
};
