/**
 * `npm run playground`: opens the Microsoft 365 Agents Playground, a local Teams, against the
 * bot of `npm start` on http://127.0.0.1:${PORT:-3978}/api/messages. Its people, team, channels
 * and chats come from `.m365agentsplayground.yml` at the repository root. Ctrl-C stops it.
 */
import { spawn } from 'node:child_process';
import { loadLocalEnv } from './local-env';
import { REPO_ROOT } from './tab-build';

function fail(message: string): never {
  console.error(`npm run playground: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  loadLocalEnv('local');
  const port = Number(process.env.PORT || 3978);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    fail(`PORT=${process.env.PORT} is not a port`);
  const base = `http://127.0.0.1:${port}`;
  const endpoint = `${base}/api/messages`;

  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(3000) });
    if (res.status !== 200 && res.status !== 503) throw new Error(`status ${res.status}`);
  } catch {
    fail(
      [
        `the bot server is not running on ${base}.`,
        '  Start it first in another terminal with `npm start`, then run `npm run playground` again.',
      ].join('\n'),
    );
  }
  if (process.env.BOT_ID) {
    console.warn(
      'npm run playground: BOT_ID is set; the playground talks to a bot without an app id, so the server may answer 401.',
    );
  }

  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  // --dt: no telemetry from a local run.
  const args = [cli, '-e', endpoint, '--dt'];
  if (process.env.PLAYGROUND_PORT) args.push('-p', process.env.PLAYGROUND_PORT);
  console.log(`Agents Playground → ${endpoint} (people and team from .m365agentsplayground.yml)`);
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  const stop = (signal: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
