/**
 * Scheduled delivery at the tenant ceiling: an evening reminder to 2,000 personal chats (and the
 * team's channel) through the whole engine — Azurite outbox, lease, limiter, botbuilder sender —
 * into the fake Bot Connector, which enforces the same tenant ceiling and Teams' per-thread
 * windows. Three runs: at 50/s clean, at 50/s with 10 % of sends answered 429 with
 * Retry-After: 1, and clean at the shipped default rate of 30/s (DELIVERY_TENANT_RATE).
 *
 * Share of the ceiling = deliveries per second from the first send to the last delivery
 * ((n − 1) ÷ span) ÷ the full ceiling, in every run. The fake connector does not charge a
 * refused send against its ceiling, but the engine's own limiter spends a slot on every
 * attempt: with 10 % refused, 90 % is the most the faulty run can reach. Lateness = delivery −
 * due time, with the engine running (30 s ticks, as in production) before the posts fall due.
 * Baseline, same run: the limiter and the sender alone (no storage) over the same 2,001 sends.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { DateTime } from 'luxon';
import { freePort, startAzurite } from '../../bot/scripts/azurite';
import { RateLimiter, TEAMS_THREAD_WINDOWS } from '../../bot/src/delivery/limiter';
import { DEFAULT_RULES, type DeliveryRules } from '../../bot/src/delivery/ports';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { TableStorage } from '../../bot/src/storage/tables';
import { ConnectorActivitySender } from '../../bot/src/teams/connector-sender';
import { buildEngine, personalChatId, seedEvening, TEAM_ID } from '../support/delivery-harness';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { percentile, round, type Benchmark } from './harness';

const PEOPLE = 2000;
const CEILING = 50;
/** The shipped default of DELIVERY_TENANT_RATE. */
const DEFAULT_RATE = 30;

interface RunResult {
  readonly delivered: number;
  readonly lost: number;
  readonly doubled: number;
  readonly seconds: number;
  readonly share: number;
  readonly requests: number;
  readonly injected429: number;
  readonly ceiling429: number;
  readonly firstSendAfterDue: number;
  readonly latenessP50: number;
  readonly latenessP95: number;
}

function conversations(): string[] {
  return [TEAM_ID, ...Array.from({ length: PEOPLE }, (_, i) => personalChatId(i))];
}

function measure(fake: FakeConnector, dueAt: number, ceiling: number, injected: number): RunResult {
  const sends = fake.requests.filter((r) => r.operation === 'send');
  const first = Math.min(...sends.map((r) => r.at));
  const firstDelivery = new Map<string, number>();
  for (const a of fake.activities) {
    if (!firstDelivery.has(a.conversationId)) firstDelivery.set(a.conversationId, a.at);
  }
  const last = Math.max(...fake.activities.map((a) => a.at));
  const counts = fake.deliveryCounts();
  const targets = conversations();
  const lost = targets.filter((c) => !counts.has(c)).length;
  const doubled = [...counts.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
  const delivered = targets.length - lost;
  const seconds = (last - first) / 1000;
  // After the first send, each further one needs 1/ceiling s: (n − 1) in `seconds` is the rate.
  const rate = (delivered - 1) / seconds;
  const lateness = [...firstDelivery.values()].map((at) => (at - dueAt) / 1000);
  const refused = sends.filter((r) => r.status === 429).length;
  return {
    delivered,
    lost,
    doubled,
    seconds,
    share: (rate / ceiling) * 100,
    requests: sends.length,
    injected429: injected,
    ceiling429: refused - injected,
    firstSendAfterDue: (first - dueAt) / 1000,
    latenessP50: percentile(lateness, 50),
    latenessP95: percentile(lateness, 95),
  };
}

/** Waits for the next full minute at least `leadMs` away; returns it. */
function nextMinute(leadMs: number): DateTime {
  const now = DateTime.now().setZone('Europe/Helsinki');
  let m = now.startOf('minute').plus({ minutes: 1 });
  if (m.toMillis() - now.toMillis() < leadMs) m = m.plus({ minutes: 1 });
  return m;
}

async function engineRun(
  faulty: boolean,
  ceiling: number,
  log: (m: string) => void,
): Promise<RunResult> {
  const azurite = await startAzurite({ port: await freePort() });
  const fake = await startFakeConnector({
    tenantWindow: { limit: ceiling, windowMs: 1_000 },
    seed: 7,
  });
  try {
    const storage = new TableStorage(azurite.connectionString, 'B');
    const { evening } = await seedEvening(storage, fake.url, PEOPLE);
    const due = nextMinute(3_000);
    const startDay = DateTime.fromISO(evening.start).setZone('Europe/Helsinki').startOf('day');
    const rules: DeliveryRules = {
      ...DEFAULT_RULES,
      meetingLeadTimes: [],
      eveningLeadTimes: [
        {
          daysBefore: Math.round(startDay.diff(due.startOf('day'), 'days').days),
          at: due.toFormat('HH:mm'),
        },
      ],
      monthlyAt: undefined,
      annualAt: undefined,
    };
    const rule = faulty
      ? fake.inject({ fault: { kind: 'throttle', retryAfterSeconds: 1 }, rate: 0.1 })
      : undefined;
    const { engine } = buildEngine({
      connectionString: azurite.connectionString,
      prefix: 'B',
      instanceId: `bench-${faulty ? 'faulty' : 'clean'}-${ceiling}`,
      rules,
      tenantRate: ceiling,
      tickMs: 30_000,
      leaseMs: 30_000,
      concurrency: 8,
    });
    engine.start();
    log(
      `  ${faulty ? 'faulty' : 'clean'} run at ${ceiling}/s: ${PEOPLE} people seeded; posts due at ${due.toFormat('HH:mm:ss')}`,
    );
    const targets = conversations();
    const deadline = due.toMillis() + 180_000;
    for (;;) {
      const counts = fake.deliveryCounts();
      if (targets.every((c) => counts.has(c)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // A moment more, so a late double would show.
    await new Promise((r) => setTimeout(r, 2_000));
    await engine.stop();
    const rows = await new TableOutboxStore(storage).list({
      from: new Date(due.toMillis() - 60_000).toISOString(),
      to: new Date(due.toMillis() + 60_000).toISOString(),
    });
    const notSent = rows.filter((r) => r.state !== 'sent').length;
    if (notSent > 0) log(`  ${notSent} outbox rows not in state sent`);
    return measure(fake, due.toMillis(), ceiling, rule?.hits ?? 0);
  } finally {
    await fake.close();
    await azurite.stop();
  }
}

/** The limiter and the sender alone, same ceiling, same fake: what the engine adds is the gap. */
async function baselineRun(): Promise<RunResult> {
  const fake = await startFakeConnector({
    tenantWindow: { limit: CEILING, windowMs: 1_000 },
    seed: 7,
  });
  try {
    const limiter = new RateLimiter({
      perConversation: TEAMS_THREAD_WINDOWS,
      tenant: [{ limit: CEILING, windowMs: 1_000 }],
      marginMs: 2,
    });
    const sender = new ConnectorActivitySender({
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      botAppId: '',
    });
    const queue = conversations();
    const start = Date.now();
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        let takenAt = Date.now();
        for (let w = limiter.tryTake(id, takenAt); w > 0; w = limiter.tryTake(id, takenAt)) {
          await new Promise((r) => setTimeout(r, w));
          takenAt = Date.now();
        }
        await sender.send(
          {
            conversationId: id,
            serviceUrl: fake.url,
            reference: { channelId: 'msteams', bot: { id: '28:b' }, conversation: { id } },
          },
          { type: 'message', text: 'Muistutus' },
        );
        limiter.settle(id, takenAt, Date.now());
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return measure(fake, start, CEILING, 0);
  } finally {
    await fake.close();
  }
}

export const benchmark: Benchmark = {
  title: `Scheduled delivery: 2,000 personal reminders at a ${CEILING}/s and the default ${DEFAULT_RATE}/s tenant ceiling`,
  async run(report) {
    const baseline = await baselineRun();
    const clean = await engineRun(false, CEILING, (m) => report.log(m));
    const faulty = await engineRun(true, CEILING, (m) => report.log(m));
    const shipped = await engineRun(false, DEFAULT_RATE, (m) => report.log(m));
    const row = (name: string, ceiling: number, r: RunResult) => ({
      run: name,
      'ceiling /s': ceiling,
      delivered: r.delivered,
      lost: r.lost,
      doubled: r.doubled,
      seconds: round(r.seconds, 1),
      'share of ceiling %': round(r.share, 1),
      'send requests': r.requests,
      'injected 429': r.injected429,
      '429 by ceiling': r.ceiling429,
      'first send after due s': round(r.firstSendAfterDue, 2),
      'lateness p50 s': round(r.latenessP50, 1),
      'lateness p95 s': round(r.latenessP95, 1),
    });
    report.table(
      'Delivery runs (share: of the full ceiling in every run; refused sends are not charged by the fake, so the 10 % 429 run can reach 90 % at most)',
      [
        row('limiter + sender alone (baseline)', CEILING, baseline),
        row('engine, clean', CEILING, clean),
        row('engine, 10 % 429', CEILING, faulty),
        row('engine, clean, shipped default rate', DEFAULT_RATE, shipped),
      ],
    );
    report.figure({
      name: 'delivery.ceiling_share',
      value: round(clean.share, 1),
      unit: '%',
      baseline: round(baseline.share, 1),
      ratio: round(clean.share / baseline.share, 3),
    });
    report.figure({
      name: 'delivery.faulty_share',
      value: round(faulty.share, 1),
      unit: '% of the full ceiling',
      baseline: round(baseline.share, 1),
      ratio: round(faulty.share / baseline.share, 3),
    });
    report.figure({
      name: 'delivery.lost',
      value: clean.lost + faulty.lost + shipped.lost,
      unit: 'posts',
    });
    report.figure({
      name: 'delivery.doubled',
      value: clean.doubled + faulty.doubled + shipped.doubled,
      unit: 'posts',
    });
    report.figure({
      name: 'delivery.lateness_p95_s',
      value: round(shipped.latenessP95, 1),
      unit: `s at ${DEFAULT_RATE}/s`,
    });
    report.figure({
      name: 'delivery.lateness_p95_s.rate50',
      value: round(clean.latenessP95, 1),
      unit: `s at ${CEILING}/s`,
      baseline: round(baseline.latenessP95, 1),
    });
    report.figure({
      name: 'delivery.faulty.lateness_p95_s',
      value: round(faulty.latenessP95, 1),
      unit: `s at ${CEILING}/s, 10 % 429`,
    });
  },
};
