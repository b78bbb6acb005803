/**
 * `npm run bench [-- --json] [-- name-filter]`: runs every benchmark in this folder.
 * Every figure is measured beside a baseline taken in the same run; on a shared, busy machine
 * the absolute figures move with the load, the ratios much less.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { formatTable, type Benchmark, type Figure, type Reporter } from './harness';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const filters = args.filter((a) => !a.startsWith('--'));
  const out = (text: string) => (json ? process.stderr : process.stdout).write(`${text}\n`);
  const figures: Figure[] = [];
  const reporter: Reporter = {
    table: (title, rows) => out(formatTable(title, rows)),
    figure: (f) => figures.push(f),
    log: (message) => process.stderr.write(`${message}\n`),
  };

  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  let failed = false;
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as { benchmark: Benchmark };
    out(`\n# ${mod.benchmark.title}`);
    const started = performance.now();
    try {
      await mod.benchmark.run(reporter);
    } catch (error) {
      failed = true;
      process.stderr.write(`benchmark ${file} failed: ${String(error)}\n`);
    }
    // Up to five other people run tests on this kind of 2-core machine: say how long it took.
    process.stderr.write(`${file} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const named = figures.map((f) => ({
    name: f.name,
    value: f.value,
    unit: f.unit,
    ...(f.baseline !== undefined ? { baseline: f.baseline } : {}),
    ...(f.ratio !== undefined ? { ratio: f.ratio } : {}),
  }));
  if (json) process.stdout.write(`${JSON.stringify(named)}\n`);
  else
    out(
      formatTable(
        'All figures',
        named.map((f) => ({ ...f, baseline: f.baseline ?? '', ratio: f.ratio ?? '' })),
      ),
    );
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
