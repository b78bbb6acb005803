import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './tab-build';

/**
 * Loads env/.env.<name> and then env/.env.<name>.user (secrets, git-ignored).
 * A variable already set in the environment wins over both files.
 */
export function loadLocalEnv(name = 'local', env: NodeJS.ProcessEnv = process.env): void {
  const fromFiles: Record<string, string> = {};
  for (const file of [`.env.${name}`, `.env.${name}.user`]) {
    const full = path.join(REPO_ROOT, 'env', file);
    if (!existsSync(full)) continue;
    for (const line of readFileSync(full, 'utf8').split(/\r?\n/)) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (!m?.[1] || line.trimStart().startsWith('#')) continue;
      fromFiles[m[1]] = (m[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  for (const [key, value] of Object.entries(fromFiles)) {
    if (env[key] === undefined) env[key] = value;
  }
}
