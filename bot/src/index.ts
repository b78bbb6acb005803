/**
 * Composition root: config → storage → stores, services and edges (built once, in
 * `compose/`) → HTTP server → listen. With `compose/`, the only place that knows every room.
 */
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { Server } from 'restify';
import { loadConfig, type Config } from './config';
import { composeApp, type AppOverrides } from './compose';
import { createHttpServer } from './http/server';
import { createLogger, type Logger } from './log';
import { seedDemoData } from './storage/seed';
import { TableStorage, type StorageAccount } from './storage/tables';
import { APP_VERSION } from './version';

export interface RunningApp {
  readonly url: string;
  readonly port: number;
  readonly storage: TableStorage;
  readonly log: Logger;
  /** Settles when the tables exist and demo data is seeded. */
  readonly storageReady: Promise<void>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`Port ${port} on ${host} is already in use: stop the other program or set PORT.`);
    this.name = 'PortInUseError';
  }
}

async function prepareStorage(storage: TableStorage, config: Config, log: Logger): Promise<void> {
  await storage.ensureTables();
  if (config.SEED_DEMO_DATA) {
    const result = await seedDemoData(storage);
    log.info(
      result,
      result.seeded === 'now' ? 'demo data seeded' : 'demo data was seeded before; left as it is',
    );
  }
}

/**
 * Prepares storage, retrying with backoff while it is down, so that the server answers
 * (and /healthz says "unreachable") instead of failing to start.
 */
async function prepareStorageWithRetry(
  storage: TableStorage,
  config: Config,
  log: Logger,
  stopped: () => boolean,
): Promise<void> {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      await prepareStorage(storage, config, log);
      return;
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      log.warn({ err: error, attempt, retryInMs: delay }, 'storage not ready, retrying');
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
}

/** A connection string wins; in Azure the managed identity reaches the table endpoint; else Azurite. */
function storageAccount(config: Config): StorageAccount {
  if (config.STORAGE_CONNECTION_STRING) return config.STORAGE_CONNECTION_STRING;
  if (config.STORAGE_TABLE_ENDPOINT) {
    const credential = config.AZURE_CLIENT_ID
      ? new ManagedIdentityCredential({ clientId: config.AZURE_CLIENT_ID })
      : new DefaultAzureCredential();
    return { endpoint: config.STORAGE_TABLE_ENDPOINT, credential };
  }
  return 'UseDevelopmentStorage=true';
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export type { AppOverrides };

export async function startApp(
  config: Config,
  log = createLogger(config.LOG_LEVEL),
  /** Tests: parts in place of the real ones (a fake connector sender, a token issuer …). */
  overrides: AppOverrides = {},
): Promise<RunningApp> {
  const storage = new TableStorage(storageAccount(config), config.TABLE_PREFIX);
  let closed = false;
  const app = await composeApp(config, storage, log, overrides);
  // The first attempt is awaited so a healthy start is ready when this returns.
  const storageReady = prepareStorage(storage, config, log)
    .catch((error: unknown) => {
      log.warn({ err: error }, 'storage not ready at start; the server starts and keeps retrying');
      return prepareStorageWithRetry(storage, config, log, () => closed);
    })
    .then(() => app.prepare());
  await Promise.race([storageReady, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);

  const { delivery } = app;
  const server = createHttpServer({
    log,
    storage,
    version: APP_VERSION,
    tabDist: config.TAB_DIST,
    routes: app.routes,
  });
  const port = await listen(server, config.PORT, config.HOST);
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host}:${port}`;
  app.listening(url);
  log.info({ url, version: APP_VERSION }, 'server listening');
  delivery.start();
  return {
    url,
    port,
    storage,
    log,
    storageReady,
    close: async () => {
      closed = true;
      await delivery.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; the process is stopping anyway.
        server.server.closeAllConnections();
      });
    },
  };
}

if (require.main === module) {
  startApp(loadConfig()).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
