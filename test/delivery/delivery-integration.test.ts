import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import type { DeliveryEngine } from '../../bot/src/delivery/engine';
import type { DeliveryRules, OutboxRow } from '../../bot/src/delivery/ports';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { TableStorage } from '../../bot/src/storage/tables';
import {
  buildEngine,
  personalChatId,
  rulesFiringNow,
  seedEvening,
  TEAM_ID,
  type HarnessOptions,
} from '../support/delivery-harness';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { afterSteps, until } from '../support/wait';

// A batch of 101 posts: long enough at 25–50 posts a second that a stop, a kill or an outage
// falls in its middle, with posts before and after. More people add Azurite work, not cases.
const PEOPLE = 100;
const TARGETS = PEOPLE + 1; // every person's chat and the team's channel
const OUTAGE_MS = 12_000;

/**
 * Stops Azurite so that it keeps its data: azurite-table saves on SIGINT; on SIGTERM it exits at
 * once and loses what it wrote in the last 5 s.
 */
async function stopKeepingData(azurite: AzuriteProcess): Promise<void> {
  const { child } = azurite;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const closed = new Promise<void>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('successfully closed')) resolve();
    });
  });
  child.kill('SIGINT');
  await Promise.race([exited, closed.then(() => new Promise((r) => setTimeout(r, 500)))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

function allRows(storage: TableStorage): Promise<OutboxRow[]> {
  const now = Date.now();
  return new TableOutboxStore(storage).list({
    from: new Date(now - 86_400_000).toISOString(),
    to: new Date(now + 86_400_000).toISOString(),
  });
}

/** Every target delivered to: the channel and each personal chat. */
function expectedConversations(): string[] {
  return [TEAM_ID, ...Array.from({ length: PEOPLE }, (_, i) => personalChatId(i))];
}

function deliveredEverywhere(fake: FakeConnector): boolean {
  const counts = fake.deliveryCounts();
  return expectedConversations().every((c) => (counts.get(c) ?? 0) >= 1);
}

function doubles(fake: FakeConnector): number {
  return [...fake.deliveryCounts().values()].filter((n) => n > 1).reduce((s, n) => s + n - 1, 0);
}

describe('delivery: engines on Azurite with the fake Bot Connector', function () {
  this.timeout(180_000);
  let fake: FakeConnector;
  const engines: DeliveryEngine[] = [];
  const children: ChildProcess[] = [];
  let azurite: AzuriteProcess | undefined;
  let folder: string | undefined;

  beforeEach(async () => {
    fake = await startFakeConnector();
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    for (const c of children.splice(0))
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await fake.close();
    await azurite?.stop();
    azurite = undefined;
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  // One set of rules per evening: every instance must compute the same posts (same keys).
  const rulesOf = new Map<string, DeliveryRules>();
  function rulesFor(start: string): DeliveryRules {
    const rules = rulesOf.get(start) ?? rulesFiringNow(start);
    rulesOf.set(start, rules);
    return rules;
  }
  function options(
    connectionString: string,
    instanceId: string,
    start: string,
    extra: Partial<HarnessOptions> = {},
  ): HarnessOptions {
    return {
      connectionString,
      prefix: 'D',
      instanceId,
      rules: rulesFor(start),
      tenantRate: 50,
      ...extra,
    };
  }

  it('two instances against one store deliver each post exactly once, also when the leader stops mid-batch', async () => {
    azurite = await startAzurite({ port: await freePort() });
    const storage = new TableStorage(azurite.connectionString, 'D');
    const { evening } = await seedEvening(storage, fake.url, PEOPLE);
    fake.inject({ fault: { kind: 'latency', ms: 20 } });
    const a = buildEngine(
      options(azurite.connectionString, 'instance-a', evening.start, { tenantRate: 25 }),
    ).engine;
    const b = buildEngine(
      options(azurite.connectionString, 'instance-b', evening.start, { tenantRate: 25 }),
    ).engine;
    engines.push(a, b);
    a.start();
    b.start();
    await until('a leader', () => a.isLeader || b.isLeader, 10_000);
    assert.ok(!(a.isLeader && b.isLeader), 'never two leaders');
    const [leader, follower] = a.isLeader ? [a, b] : [b, a];
    await until('a third of the posts', () => fake.activities.length >= TARGETS / 3, 30_000);
    // The leader stops (a deploy): it finishes what it holds and lets the lease go.
    await leader.stop();
    await until('the follower to take over', () => follower.isLeader, 10_000);
    await until('every post', () => deliveredEverywhere(fake), 60_000);
    // Let the new leader tick a few more times: computing the same posts again adds nothing.
    await afterSteps('ticks of the new leader', () => follower.stats.ticks, 2);

    const counts = fake.deliveryCounts();
    assert.equal(counts.size, TARGETS);
    assert.deepEqual(
      [...counts.values()].filter((n) => n !== 1),
      [],
      'each post exactly once',
    );
    const rows = await allRows(storage);
    assert.equal(rows.length, TARGETS);
    assert.ok(rows.every((r) => r.state === 'sent'));
    // The outbox has Teams' activity id of each post.
    const ids = new Map(fake.activities.map((x) => [x.conversationId, x.activityId]));
    assert.ok(rows.every((r) => r.activityId === ids.get(r.conversationId ?? '')));
    assert.ok(leader.stats.sent > 0 && follower.stats.sent > 0, 'both sent a part');
    console.log(
      `      leader sent ${leader.stats.sent}, follower ${follower.stats.sent} after take-over`,
    );
  });

  it('kill -9 of the leader mid-batch: a new instance delivers the rest; doubles only for rows in flight at the kill', async () => {
    azurite = await startAzurite({ port: await freePort() });
    const storage = new TableStorage(azurite.connectionString, 'D');
    const { evening } = await seedEvening(storage, fake.url, PEOPLE);
    // Slow answers, so sends are in the air when the process dies.
    fake.inject({ fault: { kind: 'latency', ms: 150 } });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', 'support', 'delivery-worker.ts')],
      {
        env: {
          ...process.env,
          DELIVERY_WORKER: JSON.stringify(
            options(azurite.connectionString, 'doomed', evening.start),
          ),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    let leaderLine = '';
    child.stdout?.on('data', (d: Buffer) => (leaderLine += d.toString()));
    await until('the child to lead', () => leaderLine.includes('leader doomed'), 30_000);
    await until('40 % of the posts', () => fake.activities.length >= TARGETS * 0.4, 60_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    const beforeTakeOver = fake.activities.length;
    const inFlight = (await allRows(storage)).filter((r) => r.state === 'sending').length;

    const { engine } = buildEngine(options(azurite.connectionString, 'successor', evening.start));
    engines.push(engine);
    const started = Date.now();
    engine.start();
    await until('the successor to lead', () => engine.isLeader, 10_000);
    const takeOverMs = Date.now() - started;
    await until('every post', () => deliveredEverywhere(fake), 60_000);
    // Two more ticks, each with its dispatch: a post sent twice late would show by then.
    await afterSteps('ticks of the successor', () => engine.stats.ticks, 2);

    const doubled = doubles(fake);
    const rows = await allRows(storage);
    assert.equal(rows.length, TARGETS);
    assert.ok(
      rows.every((r) => r.state === 'sent'),
      'no post lost',
    );
    assert.ok(inFlight > 0, 'the kill came mid-batch, with sends in flight');
    assert.ok(doubled <= inFlight, `doubles ${doubled} ≤ rows in flight at the kill ${inFlight}`);
    assert.equal(
      engine.stats.takenOver,
      inFlight,
      'the successor took over exactly the rows left in sending',
    );
    assert.ok(takeOverMs <= 3_000 + 1_500, `take-over in ${takeOverMs} ms, lease 3 s`);
    console.log(
      `      killed after ${beforeTakeOver} deliveries; ${inFlight} rows in flight; ${doubled} delivered twice; successor led after ${takeOverMs} ms`,
    );
  });

  it('a 12 s storage outage during a batch: the engine waits, resumes, and loses nothing', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'delivery-outage-'));
    const port = await freePort();
    azurite = await startAzurite({ port, location: folder });
    const storage = new TableStorage(azurite.connectionString, 'D');
    const { evening } = await seedEvening(storage, fake.url, PEOPLE);
    // 25/s: the outage still falls mid-batch (it starts after 30 of 101 posts), and the posts
    // before and after it do not wait on a slow rate.
    const { engine } = buildEngine(
      options(azurite.connectionString, 'steady', evening.start, { tenantRate: 25 }),
    );
    engines.push(engine);
    engine.start();
    await until('the first posts', () => fake.activities.length >= 30, 30_000);
    await stopKeepingData(azurite);
    const atStop = fake.activities.length;
    // Four times the lease (3 s) and six times the retry's longest wait (2 s): the lease runs out,
    // ticks fail, and the engine must find its way back by itself.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const duringOutage = fake.activities.length - atStop;
    azurite = await startAzurite({ port, location: folder });
    await until('every post', () => deliveredEverywhere(fake), 90_000);
    // Two more ticks, each with its dispatch: a post sent twice late would show by then.
    await afterSteps('ticks after the outage', () => engine.stats.ticks, 2);

    const rows = await allRows(storage);
    assert.equal(rows.length, TARGETS);
    const notSent = rows.filter((r) => r.state !== 'sent');
    assert.deepEqual(
      notSent.map((r) => `${r.state} ${r.reason ?? ''} ${r.conversationId ?? ''}`),
      [],
      'nothing lost',
    );
    assert.equal(doubles(fake), 0, 'nothing sent twice');
    // Without storage no row can be claimed: at most the sends in hand finish.
    assert.ok(duringOutage <= 8, `${duringOutage} sends during the outage`);
    console.log(
      `      ${atStop} sent before the outage, ${duringOutage} during it, the rest after`,
    );
  });
});
