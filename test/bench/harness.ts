/**
 * The benchmark harness: every `*.bench.ts` in this folder exports a `benchmark`.
 * Tables go to stdout; with `--json`, stdout holds only one JSON array of figures and
 * everything else goes to stderr.
 */
export interface Figure {
  /** Dotted name, e.g. `associations.list.p95_ms`. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same measure of the baseline, taken in the same run. */
  readonly baseline?: number;
  /** value / baseline. */
  readonly ratio?: number;
}

export interface Reporter {
  /** A readable table: one object per row, same keys in each. */
  table(title: string, rows: readonly Record<string, string | number>[]): void;
  figure(figure: Figure): void;
  log(message: string): void;
}

export interface Benchmark {
  readonly title: string;
  run(report: Reporter): Promise<void>;
}

/** Median, p95 and friends of a list of numbers (sorted copy; the input is left as it is). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function formatTable(
  title: string,
  rows: readonly Record<string, string | number>[],
): string {
  const first = rows[0];
  if (!first) return `${title}\n  (no rows)\n`;
  const headers = Object.keys(first);
  const cells = rows.map((r) => headers.map((h) => String(r[h] ?? '')));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    '  ' +
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    title,
    line(headers),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
  ].join('\n');
}
