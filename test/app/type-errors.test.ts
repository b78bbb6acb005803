/**
 * Lint reports TypeScript's own errors (eslint.type-errors.mjs), which is why `npm test` runs
 * no separate `tsc`. Each case lints a small project of two tsconfigs in a temporary folder,
 * shaped like this repository: a root tsconfig and a stricter one for a browser folder that
 * also compiles a shared file the root one owns.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = path.resolve(__dirname, '..', '..');

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, types: [], lib: ['ES2022'] },
    include: ['server', 'shared'],
  }),
  'browser/tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      noUnusedLocals: true,
      types: [],
      lib: ['ES2022'],
    },
    include: ['.'],
  }),
  'server/wrong.ts': "export const count: number = 'three';\n",
  'server/right.ts': 'export const count: number = 3;\n',
  // Unused only matters under the browser's stricter tsconfig, which lint never applies to
  // this file directly: the error must still surface.
  'shared/unused.ts': 'const unused = 1;\nexport const used = 2;\n',
  'browser/main.ts': "import { used } from '../shared/unused';\nexport const shown = used;\n",
};

interface Reported {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

describe('lint reports TypeScript errors', function () {
  // The project service builds a TypeScript program per tsconfig on first use.
  this.timeout(30_000);

  let dir: string;
  let eslint: ESLint;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), 'type-errors-'));
    for (const [file, text] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const { typescriptPlugin } = (await import(path.join(ROOT, 'eslint.type-errors.mjs'))) as {
      typescriptPlugin: NonNullable<Linter.Config['plugins']>[string];
    };
    eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: {
            parser: tseslint.parser,
            parserOptions: { projectService: true, tsconfigRootDir: dir },
          },
          plugins: { typescript: typescriptPlugin },
          rules: { 'typescript/errors': 'error' },
        },
      ],
    });
  });

  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  async function reported(file: string): Promise<Reported[]> {
    const [result] = await eslint.lintFiles([path.join(dir, file)]);
    return (result?.messages ?? []).map(({ line, column, message }) => ({
      line,
      column,
      message,
    }));
  }

  it('reports a type error where tsc reports it', async function () {
    assert.deepEqual(await reported('server/wrong.ts'), [
      {
        line: 1,
        column: 14,
        message: "TS2322: Type 'string' is not assignable to type 'number'.",
      },
    ]);
  });

  it('reports nothing for a file without errors', async function () {
    assert.deepEqual(await reported('server/right.ts'), []);
  });

  it("reports another tsconfig's file once, on the first file of the stricter program", async function () {
    assert.deepEqual(await reported('browser/main.ts'), [
      {
        line: 1,
        column: 1,
        message: "shared/unused.ts:1:7: TS6133: 'unused' is declared but its value is never read.",
      },
    ]);
  });

  it('is part of the lint that npm test runs, for the bot and the tab alike', async function () {
    for (const file of ['bot/src/delivery/engine.ts', 'tab/src/App.tsx']) {
      const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(
        path.join(ROOT, file),
      )) as Linter.Config;
      const rule = config.rules?.['typescript/errors'];
      assert.ok(Array.isArray(rule) ? rule[0] === 2 : rule === 2, `${file}: ${String(rule)}`);
    }
  });
});
