/** Starts the real server against a real Azurite (in memory, free ports) for integration tests. */
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
  readonly azurite: AzuriteProcess;
  readonly config: Config;
  readonly logs: LogCapture;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const azurite = await startAzurite({ port: await freePort() });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'debug',
    DEV_AUTH: 'true',
    SEED_DEMO_DATA: 'true',
    INITIAL_COORDINATORS: 'helena.virtanen@kaupunki.example',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
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
      await azurite.stop();
    },
  };
}
