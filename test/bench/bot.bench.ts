/**
 * Bot message turns over HTTP: this bot answering "ohje" (help) with its card, beside a bare
 * botbuilder echo bot (ActivityHandler on its own restify + CloudAdapter) in the same run, both
 * anonymous on loopback and both replying to the same recording fake Bot Connector. autocannon,
 * 20 connections, 10 s each, after a short warm-up.
 */
import autocannon from 'autocannon';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import restify from 'restify';
import { freePort } from '../../bot/scripts/azurite';
import { startTestApp } from '../support/app';
import { startFakeConnector } from '../support/fake-connector';
import { round, type Benchmark, type Reporter } from './harness';

const CONNECTIONS = 20;
const SECONDS = 10;

interface Run {
  readonly turnsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

function activity(serviceUrl: string): string {
  return JSON.stringify({
    type: 'message',
    id: 'bench-1',
    channelId: 'msteams',
    serviceUrl,
    locale: 'fi-FI',
    text: 'ohje',
    from: { id: '29:bench-user', aadObjectId: 'aad-bench-user', name: 'Bench' },
    recipient: { id: '28:bench-bot', name: 'Yhdistysbotti' },
    conversation: { id: 'a:bench-personal', conversationType: 'personal', tenantId: 't-bench' },
    channelData: { tenant: { id: 't-bench' } },
  });
}

async function load(url: string, body: string, seconds: number): Promise<Run> {
  const result = await autocannon({
    url: `${url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return {
    turnsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
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

function row(name: string, run: Run): Record<string, string | number> {
  return {
    bot: name,
    'turns/s': round(run.turnsPerSecond, 0),
    'p50 ms': run.p50,
    'p99 ms': run.p99,
    requests: run.requests,
    'non-2xx': run.non2xx,
    errors: run.errors,
  };
}

export const benchmark: Benchmark = {
  title: `Bot message turns: help card vs. bare echo bot (autocannon, ${CONNECTIONS} connections, ${SECONDS} s)`,
  async run(report: Reporter) {
    const connector = await startFakeConnector({ threadWindows: false });
    const app = await startTestApp({ LOG_LEVEL: 'info' });
    const echo = await startEchoBot();
    try {
      const body = activity(connector.url);
      report.log('warming up both bots…');
      await load(app.url, body, 2);
      await load(echo.url, body, 2);
      connector.reset();

      const ours = await load(app.url, body, SECONDS);
      const oursReplies = connector.activities.length;
      connector.reset();
      const bare = await load(echo.url, body, SECONDS);
      const bareReplies = connector.activities.length;
      connector.reset();

      report.table('Turns over HTTP (reply delivered to the fake Bot Connector)', [
        { ...row('this bot, "ohje" → help card', ours), replies: oursReplies },
        { ...row('bare echo bot', bare), replies: bareReplies },
      ]);
      if (ours.non2xx + ours.errors + bare.non2xx + bare.errors > 0) {
        report.log('some requests failed: the figures below are not clean');
      }
      const ratio = round(ours.turnsPerSecond / bare.turnsPerSecond, 2);
      report.figure({
        name: 'bot.turns_per_s',
        value: round(ours.turnsPerSecond, 0),
        unit: 'turns/s',
        baseline: round(bare.turnsPerSecond, 0),
        ratio,
      });
      report.figure({
        name: 'bot.echo_turns_per_s',
        value: round(bare.turnsPerSecond, 0),
        unit: 'turns/s',
      });
      report.figure({ name: 'bot.ratio', value: ratio, unit: 'x' });
      report.figure({ name: 'bot.p99_ms', value: ours.p99, unit: 'ms', baseline: bare.p99 });
      report.log(
        `ratio ${ratio} (goal ≥ 0.8), p99 ${ours.p99} ms (goal ≤ 100 ms); echo p99 ${bare.p99} ms`,
      );
    } finally {
      await echo.close();
      await app.stop();
      await connector.close();
    }
  },
};
