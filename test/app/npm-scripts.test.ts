/** Every `npm run` command that starts a TypeScript file names a file that exists. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm scripts', () => {
  for (const pkgFile of ['package.json', 'bot/package.json', 'tab/package.json']) {
    it(`in ${pkgFile} start files that exist`, () => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, pkgFile), 'utf8')) as {
        scripts?: Record<string, string>;
      };
      const dir = path.dirname(path.join(ROOT, pkgFile));
      const missing = Object.entries(pkg.scripts ?? {}).flatMap(([name, command]) =>
        [...command.matchAll(/(?:^|\s)([\w./-]+\.ts)(?=\s|$)/g)]
          .map((m) => m[1] ?? '')
          .filter((file) => !existsSync(path.join(dir, file)))
          .map((file) => `${name}: ${file}`),
      );
      assert.deepEqual(missing, []);
    });
  }
});
