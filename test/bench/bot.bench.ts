/**
 * Bot message turns over HTTP: this bot answering "ohje" (help) with its card, beside a bare
 * botbuilder echo bot (ActivityHandler on its own restify + CloudAdapter) measured in the same
 * run, both anonymous on loopback and both replying to the same recording fake Bot Connector.
 * autocannon, 20 connections, in a client process of its own (load-client.ts), as a person's
 * client is; the fake connector is in the bench's process, beside both bots.
 *
 * Three runs in a row; each run has
 * - warm: one person asking again and again (their reply language and the guide text cached),
 *   5 s of this bot and 5 s of the echo bot (the order alternates between runs);
 * - cold: 2,000 distinct people, each turn the first turn of its person on this instance.
 *   No person has anything cached for them; the reply languages of everyone who chose one are
 *   one shared read of the table, renewed every 30 s (so at most one turn in 30 s waits for
 *   it), and the guide text is shared and cached for 60 s.
 * The figures are the median of the three runs and the worst one.
 */
import { Writable } from 'node:stream';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import restify from 'restify';
import { freePort, startAzurite } from '../../bot/scripts/azurite';
import { loadConfig } from '../../bot/src/config';
import { startApp } from '../../bot/src/index';
import { createLogger } from '../../bot/src/log';
import { startFakeConnector } from '../support/fake-connector';
import { percentile, round, type Benchmark, type Reporter } from './harness';
import { CONNECTIONS, coldLoad, helpActivity, warmLoad, type LoadRun } from './load-client';

export const COLD_USERS = 2000;
const WARM_SECONDS = 5;
const RUNS = 3;

class Discard extends Writable {
  override _write(_chunk: Buffer, _encoding: string, done: () => void): void {
    done();
  }
}

/** The app as it runs in production (logs at info, serialised and written), on a fresh Azurite. */
export async function startBenchApp(): Promise<{ url: string; stop(): Promise<void> }> {
  const azurite = await startAzurite({ port: await freePort() });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    DEV_AUTH: 'true',
    SEED_DEMO_DATA: 'true',
    INITIAL_COORDINATORS: 'helena.virtanen@kaupunki.example',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
  });
  const app = await startApp(config, createLogger(config.LOG_LEVEL, new Discard()));
  await app.storageReady;
  return {
    url: app.url,
    async stop() {
      await app.close();
      await azurite.stop();
    },
  };
}

/** The smallest bot botbuilder makes: echo the text back. */
async function startEchoBot(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(
      {},
      new ConfigurationServiceClientCredentialFactory({}),
    ),
  );
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
}

interface RunFigures {
  readonly ours: LoadRun;
  readonly echo: LoadRun;
  readonly cold: LoadRun;
  readonly ratio: number;
}

function failures(...runs: LoadRun[]): number {
  return runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
}

export const benchmark: Benchmark = {
  title: `Bot message turns: help card vs. bare echo bot (autocannon, ${CONNECTIONS} connections, ${RUNS} runs)`,
  async run(report: Reporter) {
    const connector = await startFakeConnector({ threadWindows: false });
    const app = await startBenchApp();
    const echo = await startEchoBot();
    try {
      const warmBody = helpActivity(connector.url);
      report.log('warming up both bots…');
      await warmLoad(app.url, warmBody, 2);
      await warmLoad(echo.url, warmBody, 2);
      connector.reset();

      const runs: RunFigures[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternating the order spreads any drift of the machine over both bots.
        const oursFirst = i % 2 === 0;
        const first = await warmLoad(oursFirst ? app.url : echo.url, warmBody, WARM_SECONDS);
        const second = await warmLoad(oursFirst ? echo.url : app.url, warmBody, WARM_SECONDS);
        const [ours, bare] = oursFirst ? [first, second] : [second, first];
        const cold = await coldLoad(app.url, connector.url, `cold-${i}`, COLD_USERS);
        const ratio = round(ours.turnsPerSecond / bare.turnsPerSecond, 2);
        runs.push({ ours, echo: bare, cold, ratio });
        report.log(
          `run ${i + 1}: ratio ${ratio}, p99 ${ours.p99} ms, cold p99 ${cold.p99} ms, echo p99 ${bare.p99} ms`,
        );
      }
      const replies = connector.activities.length;
      connector.reset();

      report.table(
        'Each run (warm: one person asking again; cold: 2,000 people, each turn their first on this instance, nothing cached per person; both: reply languages one shared read renewed every 30 s, guide text cached 60 s)',
        runs.map((r, i) => ({
          run: i + 1,
          'this bot turns/s': round(r.ours.turnsPerSecond, 0),
          'echo turns/s': round(r.echo.turnsPerSecond, 0),
          ratio: r.ratio,
          'warm p50 ms': r.ours.p50,
          'warm p99 ms': r.ours.p99,
          'echo p99 ms': r.echo.p99,
          'cold turns/s': round(r.cold.turnsPerSecond, 0),
          'cold p50 ms': r.cold.p50,
          'cold p99 ms': r.cold.p99,
          failed: failures(r.ours, r.echo, r.cold),
        })),
      );
      const failed = runs.reduce((n, r) => n + failures(r.ours, r.echo, r.cold), 0);
      if (failed > 0) report.log(`${failed} requests failed: the figures below are not clean`);
      const expected = runs.reduce(
        (n, r) => n + r.ours.requests + r.echo.requests + r.cold.requests,
        0,
      );
      if (replies < expected) report.log(`only ${replies} replies for ${expected} turns`);

      const median = (pick: (r: RunFigures) => number) => percentile(runs.map(pick), 50);
      const worst = (pick: (r: RunFigures) => number, higherIsWorse: boolean) =>
        higherIsWorse ? Math.max(...runs.map(pick)) : Math.min(...runs.map(pick));
      const ratio = median((r) => r.ratio);
      const p99 = median((r) => r.ours.p99);
      const coldP99 = median((r) => r.cold.p99);
      const echoP99 = median((r) => r.echo.p99);
      report.table('Median and worst of the runs, with the goals', [
        {
          figure: 'bot.ratio (warm turns/s ÷ echo turns/s)',
          median: ratio,
          worst: worst((r) => r.ratio, false),
          goal: '≥ 0.8',
        },
        {
          figure: 'bot.p99_ms (warm, one person)',
          median: p99,
          worst: worst((r) => r.ours.p99, true),
          goal: '≤ 100',
        },
        {
          figure: 'bot.cold.p99_ms (each turn the first of its person)',
          median: coldP99,
          worst: worst((r) => r.cold.p99, true),
          goal: '≤ 150',
        },
        {
          figure: 'echo bot p99 ms (baseline)',
          median: echoP99,
          worst: worst((r) => r.echo.p99, true),
          goal: '',
        },
      ]);

      report.figure({
        name: 'bot.turns_per_s',
        value: round(
          median((r) => r.ours.turnsPerSecond),
          0,
        ),
        unit: 'turns/s',
        baseline: round(
          median((r) => r.echo.turnsPerSecond),
          0,
        ),
        ratio,
      });
      report.figure({
        name: 'bot.echo_turns_per_s',
        value: round(
          median((r) => r.echo.turnsPerSecond),
          0,
        ),
        unit: 'turns/s',
      });
      report.figure({ name: 'bot.ratio', value: ratio, unit: 'x' });
      report.figure({ name: 'bot.ratio.worst', value: worst((r) => r.ratio, false), unit: 'x' });
      report.figure({ name: 'bot.p99_ms', value: p99, unit: 'ms', baseline: echoP99 });
      report.figure({
        name: 'bot.p99_ms.worst',
        value: worst((r) => r.ours.p99, true),
        unit: 'ms',
        baseline: worst((r) => r.echo.p99, true),
      });
      report.figure({ name: 'bot.cold.p99_ms', value: coldP99, unit: 'ms', baseline: echoP99 });
      report.figure({
        name: 'bot.cold.p99_ms.worst',
        value: worst((r) => r.cold.p99, true),
        unit: 'ms',
        baseline: worst((r) => r.echo.p99, true),
      });
      report.log(
        `median: ratio ${ratio} (goal ≥ 0.8), p99 ${p99} ms (goal ≤ 100), cold p99 ${coldP99} ms (goal ≤ 150); echo p99 ${echoP99} ms`,
      );
    } finally {
      await echo.close();
      await app.stop();
      await connector.close();
    }
  },
};
