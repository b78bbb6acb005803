/**
 * The year's events: what an RSVP costs (an answer and its counts in one conditional
 * transaction) beside a plain upsert of the same row, a burst of answers to one evening, and
 * drawing the annual wheel as SVG (the tab) beside rendering it to PNG (the card image).
 */
import { TableClient } from '@azure/data-tables';
import { freePort, startAzurite } from '../../bot/scripts/azurite';
import { buildAnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import { applyRsvp } from '@yhdistysyhteistyo/contract/events/rsvp';
import { wheelSvg } from '@yhdistysyhteistyo/contract/wheel';
import { wheelPng } from '../../bot/src/http/wheel-png';
import { RsvpStore } from '../../bot/src/storage/rsvp-store';
import { sampleYear } from '../support/events-fixtures';
import { percentile, round, type Benchmark } from './harness';

async function time(fn: (i: number) => unknown, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

const answer = (eventId: string, userId: string) =>
  applyRsvp(
    { answer: 'yes', association: 'Kaupungin Kamarikuoro ry', contentWish: 'Tilavaraukset' },
    { eventId, userId, name: userId, now: new Date(), via: 'card' },
  );

export const benchmark: Benchmark = {
  title: 'Events: RSVP writes on Azurite, the annual wheel as SVG and PNG',
  async run(report) {
    const azurite = await startAzurite({ port: await freePort() });
    try {
      const table = TableClient.fromConnectionString(azurite.connectionString, 'BenchRsvps', {
        allowInsecureConnection: true,
      });
      await table.createTable();
      const store = new RsvpStore(table);
      const accept = () => undefined;

      // Warm the connection, then one person after another.
      await store.answer(answer('warm', 'w'), accept);
      const upsert = await time(
        (i) =>
          table.upsertEntity({
            partitionKey: 'plain',
            rowKey: `a!u${i}`,
            ...answer('plain', `u${i}`),
          }),
        100,
      );
      const rsvp = await time((i) => store.answer(answer('seq', `u${i}`), accept), 100);
      const p50Upsert = round(percentile(upsert, 50), 2);
      const p50Rsvp = round(percentile(rsvp, 50), 2);

      // 50 people press "coming" on one card at the same moment.
      const burstStart = performance.now();
      const burst = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const t0 = performance.now();
          await store.answer(answer('burst', `b${i}`), accept);
          return performance.now() - t0;
        }),
      );
      const burstTotal = performance.now() - burstStart;
      const counts = await store.counts('burst');

      // The same burst for an evening of 30 places: "coming" answers queue on the seats row.
      const capacity = 30;
      const full = (previous: { answer: string } | undefined, c: { yes: number }) =>
        previous?.answer !== 'yes' && c.yes >= capacity ? 'full' : undefined;
      const limitedStart = performance.now();
      const limited = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const t0 = performance.now();
          const r = await store.answer(answer('limited', `c${i}`), full, { capacity });
          return { ms: performance.now() - t0, ok: r.ok };
        }),
      );
      const limitedTotal = performance.now() - limitedStart;
      const limitedYes = (await store.counts('limited')).yes;

      report.table('RSVP write latency (ms)', [
        {
          write: 'plain upsert (baseline)',
          p50: p50Upsert,
          p95: round(percentile(upsert, 95), 2),
          n: upsert.length,
        },
        {
          write: 'answer + counts, conditional',
          p50: p50Rsvp,
          p95: round(percentile(rsvp, 95), 2),
          n: rsvp.length,
        },
        {
          write: '50 at once, each',
          p50: round(percentile(burst, 50), 1),
          p95: round(percentile(burst, 95), 1),
          n: burst.length,
        },
        {
          write: '50 at once, 30 places, each',
          p50: round(
            percentile(
              limited.map((l) => l.ms),
              50,
            ),
            1,
          ),
          p95: round(
            percentile(
              limited.map((l) => l.ms),
              95,
            ),
            1,
          ),
          n: limited.length,
        },
      ]);
      report.log(
        `burst of 50: ${round(burstTotal, 0)} ms in all; counts afterwards yes=${counts.yes}`,
      );
      report.figure({
        name: 'events.rsvp.answer.p50_ms',
        value: p50Rsvp,
        unit: 'ms',
        baseline: p50Upsert,
        ratio: round(p50Rsvp / p50Upsert, 2),
      });
      report.figure({
        name: 'events.rsvp.burst50.total_ms',
        value: round(burstTotal, 0),
        unit: 'ms',
      });
      report.figure({
        name: 'events.rsvp.burst50.counted_yes',
        value: counts.yes,
        unit: 'answers',
      });
      report.figure({
        name: 'events.rsvp.burst50_capacity30.total_ms',
        value: round(limitedTotal, 0),
        unit: 'ms',
        baseline: round(burstTotal, 0),
        ratio: round(limitedTotal / burstTotal, 2),
      });
      report.figure({
        name: 'events.rsvp.burst50_capacity30.coming',
        value: limitedYes,
        unit: 'answers',
      });
      report.log(
        `with 30 places: ${limited.filter((l) => l.ok).length} taken, ${limited.filter((l) => !l.ok).length} refused as full`,
      );
    } finally {
      await azurite.stop();
    }

    const calendar = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const svg = await time(() => wheelSvg(calendar, { theme: 'light', locale: 'fi' }), 50);
    const png = await time(() => wheelPng(calendar, 'fi'), 20);
    const p50Svg = round(percentile(svg, 50), 2);
    const p50Png = round(percentile(png, 50), 1);
    const bytes = wheelPng(calendar, 'fi').length;
    report.table('Annual wheel (ms)', [
      {
        drawing: 'SVG string (baseline)',
        p50: p50Svg,
        p95: round(percentile(svg, 95), 2),
        n: svg.length,
      },
      {
        drawing: 'PNG 768 px via resvg',
        p50: p50Png,
        p95: round(percentile(png, 95), 1),
        n: png.length,
      },
    ]);
    report.figure({
      name: 'events.wheel.png.p50_ms',
      value: p50Png,
      unit: 'ms',
      baseline: p50Svg,
      ratio: round(p50Png / p50Svg, 1),
    });
    report.figure({ name: 'events.wheel.png.bytes', value: bytes, unit: 'bytes' });
  },
};
