/**
 * `npm start`: the local run on the embedded default. Builds the tab when stale, starts
 * Azurite's table service (data under .data/) unless a storage connection string is set,
 * seeds demo data once, and serves everything on 127.0.0.1. Ctrl-C stops it all.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { PortInUseError, startApp, type RunningApp } from '../src/index';
import { portAnswers, startAzurite, type AzuriteProcess } from './azurite';
import { loadLocalEnv } from './local-env';
import { ensureTabBuilt, REPO_ROOT } from './tab-build';

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  loadLocalEnv('local');
  const env = process.env;
  let azurite: AzuriteProcess | undefined;
  let app: RunningApp | undefined;
  let stopping = false;

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await app?.close();
    await azurite?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const config = (() => {
    try {
      return loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message);
      throw error;
    }
  })();

  if (await portAnswers(config.PORT, config.HOST)) {
    fail(
      `port ${config.PORT} on ${config.HOST} is already in use: stop the other program or set PORT.`,
    );
  }

  if (env.START_SKIP_TAB_BUILD !== '1') ensureTabBuilt((line) => console.log(line));

  let finalConfig = config;
  if (!config.STORAGE_CONNECTION_STRING) {
    const port = Number(env.AZURITE_TABLE_PORT || 10002);
    const location = path.resolve(REPO_ROOT, env.AZURITE_LOCATION || '.data/azurite');
    try {
      azurite = await startAzurite({ port, location });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    console.log(
      `Azurite (tables) on 127.0.0.1:${port}, data in ${path.relative(REPO_ROOT, location) || '.'}`,
    );
    finalConfig = loadConfig({ ...env, STORAGE_CONNECTION_STRING: azurite.connectionString });
  }

  try {
    app = await startApp(finalConfig);
  } catch (error) {
    await azurite?.stop();
    if (error instanceof PortInUseError) fail(error.message);
    throw error;
  }
  console.log(
    [
      '',
      `  Tab:          ${app.url}/tab/`,
      `  Bot endpoint: ${app.url}/api/messages`,
      `  Health:       ${app.url}/healthz`,
      '',
      '  Chat with the bot: npm run playground    Stop: Ctrl-C',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
