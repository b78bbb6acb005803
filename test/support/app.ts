/** Starts the real server against a real Azurite (in memory, free ports) for integration tests. */
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { loadConfig, type Config } from '../../bot/src/config';
import { startApp, type RunningApp } from '../../bot/src/index';
import { createLogger } from '../../bot/src/log';

export { freePort, startAzurite };
export type { AzuriteProcess };

/** Log lines of a test server, kept in memory so a test can assert on them and the output stays clean. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  readonly app: RunningApp;
  /** The server's Azurite: shared with the other servers of this test process unless `ownAzurite`. */
  readonly azurite: AzuriteProcess;
  readonly config: Config;
  readonly logs: LogCapture;
  readonly url: string;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * An Azurite for this server alone: for a test that stops it (an outage) or reads the whole
   * account (every table). Otherwise the server shares its test process's Azurite.
   */
  readonly ownAzurite?: boolean;
}

let azuriteOfThisProcess: Promise<AzuriteProcess> | undefined;
let serversStarted = 0;

/**
 * One in-memory Azurite per test process, started on first use and ended with the process.
 * Starting one costs most of a second of CPU, which the seventy-odd servers of a run would otherwise
 * pay each; the servers keep apart by table prefix, as environments sharing an account do.
 */
function sharedAzurite(): Promise<AzuriteProcess> {
  azuriteOfThisProcess ??= freePort()
    .then((port) => startAzurite({ port }))
    .then(
      (azurite) => {
        // Nobody stops it: it must neither keep a script alive (screenshots end by themselves)
        // nor outlive the process.
        azurite.child.unref();
        for (const stream of [azurite.child.stdout, azurite.child.stderr]) {
          (stream as Socket | null)?.unref();
        }
        process.once('exit', () => azurite.child.kill('SIGKILL'));
        // Stopped by a test after all: the next server starts a new one.
        azurite.child.once('exit', () => (azuriteOfThisProcess = undefined));
        return azurite;
      },
      (error: unknown) => {
        azuriteOfThisProcess = undefined;
        throw error;
      },
    );
  return azuriteOfThisProcess;
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const own = options.ownAzurite ?? false;
  const azurite = own ? await startAzurite({ port: await freePort() }) : await sharedAzurite();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'debug',
    DEV_AUTH: 'true',
    SEED_DEMO_DATA: 'true',
    INITIAL_COORDINATORS: 'helena.virtanen@kaupunki.example',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: own ? '' : `App${++serversStarted}`,
    ...env,
  });
  const logs = new LogCapture();
  const app = await startApp(config, createLogger(config.LOG_LEVEL, logs));
  await app.storageReady;
  return {
    app,
    azurite,
    config,
    logs,
    url: app.url,
    async stop() {
      await app.close();
      if (own) await azurite.stop();
    },
  };
}
