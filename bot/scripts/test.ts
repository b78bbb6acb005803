/**
 * `npm test`: the static checks (format, and lint with TypeScript's errors as one of its rules:
 * eslint.type-errors.mjs) run beside the mocha suite instead of before it. Lint builds the
 * same TypeScript programs as `tsc -p`, so a separate `npm run typecheck` would build and check
 * everything a second time. The suite spends much of its time waiting (on Azurite, Chromium, the
 * playground, lease timers), and the checks fill that time; they run at a lower CPU priority
 * so the suite's timing stays as it is alone. The first failure stops everything and prints
 * that check's whole output; on success each check's time is printed after the suite.
 *
 * `test:unit` names the test files longest first (the delivery engines' crash and outage run,
 * which mostly waits, then the browser suites, then the rest), so mocha's workers finish
 * together instead of one waiting alone on a long file at the end. Three workers on two cores:
 * the suite waits on Azurite, Chromium and timers more than it computes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';

interface Check {
  readonly name: string;
  readonly script: string;
}

const STATIC_CHECKS: readonly Check[] = [
  { name: 'format', script: 'format:check' },
  { name: 'lint and type errors', script: 'lint' },
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const running = new Set<ChildProcess>();

/** Each child leads its own process group: npm does not pass a signal on to what it started. */
function stopAll(): void {
  for (const child of running) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group has already exited.
    }
  }
}

function finish(code: number): never {
  stopAll();
  process.exit(code);
}

interface Outcome {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

function run(script: string, quiet: boolean, lowPriority: boolean): Promise<Outcome> {
  const started = Date.now();
  const child = spawn(npm, ['run', '--silent', script], {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    detached: process.platform !== 'win32',
  });
  running.add(child);
  if (lowPriority && child.pid !== undefined) {
    // npm and what it starts inherit the niceness; a refusal (no permission) only costs time.
    try {
      setPriority(child.pid, 5);
    } catch {
      // The check still runs, at normal priority.
    }
  }
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({
        code: code ?? (signal ? 1 : 0),
        output,
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

async function main(): Promise<void> {
  process.on('SIGINT', () => finish(130));
  process.on('SIGTERM', () => finish(143));

  const checks = STATIC_CHECKS.map(async (check) => {
    const outcome = await run(check.script, true, true);
    if (outcome.code !== 0) {
      process.stderr.write(
        `\n✗ ${check.name} (npm run ${check.script}) failed:\n${outcome.output}\n`,
      );
      finish(outcome.code);
    }
    return `✓ ${check.name} ${outcome.seconds.toFixed(0)} s`;
  });
  const suite = await run('test:unit', false, false);
  if (suite.code !== 0) finish(suite.code);
  const passed = await Promise.all(checks);
  console.log(`${passed.join(', ')}; mocha ${suite.seconds.toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  finish(1);
});
