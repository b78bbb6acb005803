import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';

/** Azurite's well-known development account (public, documented; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteProcess {
  readonly connectionString: string;
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number, host = '127.0.0.1'): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`;
}

/** Resolves true when something accepts connections on the port. */
export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AzuriteOptions {
  readonly port: number;
  /** A folder for its data; omitted → in memory (tests). */
  readonly location?: string;
  readonly host?: string;
}

/** Starts Azurite's table service as a child process and waits until it accepts connections. */
export async function startAzurite(options: AzuriteOptions): Promise<AzuriteProcess> {
  const host = options.host ?? '127.0.0.1';
  if (await portAnswers(options.port, host)) {
    throw new Error(
      `Port ${options.port} for Azurite is already in use: stop the other program or set AZURITE_TABLE_PORT.`,
    );
  }
  const bin = require.resolve('azurite/dist/src/table/main.js');
  const args = [
    bin,
    '--tableHost',
    host,
    '--tablePort',
    String(options.port),
    '--skipApiVersionCheck',
    // Azurite otherwise sends usage data to Application Insights: with no network it logs a
    // failed lookup each time, and with a network it would report every test run.
    '--disableTelemetry',
    // No access-log line per request: nobody reads it (the output is kept only for the error
    // below), and writing it costs Azurite CPU on every call.
    '--silent',
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the tail is kept, for the error below: a long run must not grow a string forever.
  let output = '';
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 20_000;
  while (!(await portAnswers(options.port, host))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Azurite did not start on port ${options.port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    connectionString: azuriteConnectionString(options.port, host),
    port: options.port,
    child,
    // Azurite's table service writes its data to disk on SIGINT (not on SIGTERM); a kill could
    // lose the last 5 s of writes.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
