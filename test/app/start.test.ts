import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portAnswers } from '../../bot/scripts/azurite';

const ROOT = path.resolve(__dirname, '..', '..');

function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(text) && !l.includes('ps -eo'));
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('npm start entry', function () {
  this.timeout(90_000);

  it('serves /healthz, and on SIGTERM leaves neither the server nor Azurite behind', async () => {
    const [port, azuritePort] = [await freePort(), await freePort()];
    const data = mkdtempSync(path.join(os.tmpdir(), 'start-test-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/scripts/start.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        AZURITE_TABLE_PORT: String(azuritePort),
        AZURITE_LOCATION: data,
        STORAGE_CONNECTION_STRING: '',
        START_SKIP_TAB_BUILD: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      // tsx compiling the server and Azurite starting take seconds; far more on a busy machine.
      const healthy = await waitFor(async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
        } catch {
          return false;
        }
      }, 60_000);
      assert.ok(healthy, `healthy within 60 s:\n${output}`);
      assert.match(output, new RegExp(`Tab: +http://127\\.0\\.0\\.1:${port}/tab/`));
      assert.equal(processesMentioning(`--tablePort ${azuritePort}`).length, 1, 'Azurite runs');

      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.equal(await portAnswers(port), false, 'server gone');
      assert.equal(await portAnswers(azuritePort), false, 'Azurite gone');
      assert.deepEqual(
        processesMentioning(`--tablePort ${azuritePort}`),
        [],
        'no Azurite process left',
      );
    } finally {
      child.kill('SIGKILL');
      for (const line of processesMentioning(`--tablePort ${azuritePort}`)) {
        process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('says in one line that the port is taken and exits non-zero', async () => {
    const net = await import('node:net');
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bot/scripts/start.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), START_SKIP_TAB_BUILD: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.notEqual(code, 0);
      assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      blocker.close();
    }
  });
});
