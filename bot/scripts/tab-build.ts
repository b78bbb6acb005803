import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Newest modification time under a file or folder (0 when missing). */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(target).reduce(
    (newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))),
    info.mtimeMs,
  );
}

/** True when tab/dist is missing or older than anything it is built from. */
export function tabBuildIsStale(root = REPO_ROOT): boolean {
  const built = path.join(root, 'tab', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = [
    'tab/src',
    'tab/index.html',
    'tab/config.html',
    'tab/public',
    'tab/vite.config.ts',
    'tab/package.json',
    'contract/src',
  ];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  return newestSource > statSync(built).mtimeMs;
}

/** Builds the tab when stale; throws with the build's output when the build fails. */
export function ensureTabBuilt(log: (line: string) => void = console.log, root = REPO_ROOT): void {
  if (!tabBuildIsStale(root)) return;
  log('Building the tab (tab/dist is missing or older than its sources)…');
  const result = spawnSync(
    process.execPath,
    [
      // vite's `exports` hide bin/: find it next to its package.json.
      path.join(
        path.dirname(require.resolve('vite/package.json', { paths: [path.join(root, 'tab')] })),
        'bin',
        'vite.js',
      ),
      'build',
      '--logLevel',
      'warn',
    ],
    {
      cwd: path.join(root, 'tab'),
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(`The tab build failed:\n${result.stdout}${result.stderr}`);
  }
}
