/**
 * The load of the bot bench, run as a client process of its own: a person's Teams client and
 * the Bot Connector are never inside the bot's process, so neither is autocannon. In the same
 * process its request building and answer parsing would share the bot's one thread, and every
 * figure would include the load generator's own work.
 *
 * `warmLoad` and `coldLoad` start `load-child.ts` with what to send, and read its figures back.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

export const CONNECTIONS = 20;

export interface LoadRun {
  readonly turnsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** What the client process is asked to send. */
export type LoadPlan =
  | { readonly kind: 'warm'; readonly url: string; readonly body: string; readonly seconds: number }
  | {
      readonly kind: 'cold';
      readonly url: string;
      readonly serviceUrl: string;
      readonly prefix: string;
      readonly users: number;
    };

/** A personal-chat "ohje" from one person (`user` names them; each is a different person). */
export function helpActivity(serviceUrl: string, user = 'bench-user'): string {
  return JSON.stringify({
    type: 'message',
    id: 'bench-1',
    channelId: 'msteams',
    serviceUrl,
    locale: 'fi-FI',
    text: 'ohje',
    from: { id: `29:${user}`, aadObjectId: `aad-${user}`, name: 'Bench' },
    recipient: { id: '28:bench-bot', name: 'Yhdistysbotti' },
    conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 't-bench' },
    channelData: { tenant: { id: 't-bench' } },
  });
}

function summary(result: autocannon.Result): LoadRun {
  return {
    turnsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Runs a plan in this process: what the client process does. */
export async function runPlan(plan: LoadPlan): Promise<LoadRun> {
  const common = {
    url: `${plan.url}/api/messages`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
  };
  if (plan.kind === 'warm') {
    return summary(await autocannon({ ...common, body: plan.body, duration: plan.seconds }));
  }
  // Each person's body made once, before the clock starts, and sent in order.
  const bodies = Array.from({ length: plan.users }, (_, u) =>
    helpActivity(plan.serviceUrl, `${plan.prefix}-${u}`),
  );
  let next = 0;
  return summary(
    await autocannon({
      ...common,
      amount: bodies.length,
      requests: [
        { setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) },
      ],
    }),
  );
}

function inClientProcess(plan: LoadPlan): Promise<LoadRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'load-child.ts'), JSON.stringify(plan)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the load client exited with ${code ?? 'a signal'}`));
      else resolve(JSON.parse(out) as LoadRun);
    });
  });
}

/** `seconds` of the same turn again and again, from the client process. */
export function warmLoad(url: string, body: string, seconds: number): Promise<LoadRun> {
  return inClientProcess({ kind: 'warm', url, body, seconds });
}

/** One turn for each of `users` people (`prefix-0`, `prefix-1`, …), from the client process. */
export function coldLoad(
  url: string,
  serviceUrl: string,
  prefix: string,
  users: number,
): Promise<LoadRun> {
  return inClientProcess({ kind: 'cold', url, serviceUrl, prefix, users });
}
