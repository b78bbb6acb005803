/**
 * The rooms' import rules (eslint.rooms.mjs) catch a wrong arrow: each case lints one import
 * as if it stood in a file of that room, with the project's own rules.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = path.resolve(__dirname, '..', '..');

interface Case {
  readonly file: string;
  readonly source: string;
}

let rooms: ESLint;

async function restrictedMessages({ file, source }: Case): Promise<string[]> {
  const [result] = await rooms.lintText(`import { x } from '${source}';\nexport { x };\n`, {
    filePath: path.join(ROOT, file),
  });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('lint keeps the rooms', function () {
  before(async function () {
    const { ROOMS } = (await import(path.join(ROOT, 'eslint.rooms.mjs'))) as {
      ROOMS: Linter.Config[];
    };
    rooms = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
        ...ROOMS,
      ],
    });
  });

  const wrong: (Case & { readonly why: RegExp })[] = [
    { file: 'bot/src/domain/wrong.ts', source: '../storage/tables', why: /domain/ },
    { file: 'bot/src/domain/wrong.ts', source: 'botbuilder', why: /Teams, HTTP or storage/ },
    { file: 'bot/src/domain/wrong.ts', source: '@azure/data-tables', why: /port/ },
    { file: 'bot/src/cards/wrong.ts', source: '../teams/adapter', why: /card/ },
    { file: 'bot/src/cards/wrong.ts', source: '../storage/events-store', why: /card/ },
    { file: 'bot/src/delivery/wrong.ts', source: '../storage/outbox-store', why: /ports only/ },
    { file: 'bot/src/delivery/wrong.ts', source: '../teams/connector-sender', why: /ports only/ },
    { file: 'bot/src/delivery/wrong.ts', source: '../http/server', why: /ports only/ },
    { file: 'bot/src/http/wrong.ts', source: '../storage/associations-store', why: /services/ },
    { file: 'bot/src/http/wrong.ts', source: '../delivery/engine', why: /services/ },
    { file: 'bot/src/http/nested/wrong.ts', source: '../../storage/tables', why: /services/ },
    { file: 'bot/src/storage/wrong.ts', source: '../http/handler', why: /no edge/ },
    { file: 'bot/src/teams/wrong.ts', source: '../storage/content-store', why: /ports/ },
    { file: 'contract/src/wrong.ts', source: 'node:fs', why: /browser/ },
    { file: 'contract/src/wrong.ts', source: '../../bot/src/domain/csv', why: /share/ },
    { file: 'tab/src/wrong.tsx', source: '../../bot/src/domain/csv', why: /contract/ },
    { file: 'tab/src/events/wrong.tsx', source: '../../../bot/src/http/errors', why: /contract/ },
  ];
  for (const c of wrong) {
    it(`refuses ${c.source} in ${path.dirname(c.file)}`, async function () {
      const messages = await restrictedMessages(c);
      assert.equal(messages.length, 1, `expected one refusal, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] ?? '', c.why);
    });
  }

  const right: Case[] = [
    { file: 'bot/src/domain/right.ts', source: '@yhdistysyhteistyo/contract/roles' },
    { file: 'bot/src/domain/right.ts', source: './errors' },
    { file: 'bot/src/cards/right.ts', source: '@yhdistysyhteistyo/contract/i18n' },
    { file: 'bot/src/storage/right.ts', source: '../delivery/ports' },
    { file: 'bot/src/teams/right.ts', source: '../delivery/ports' },
    { file: 'bot/src/http/right.ts', source: '../domain/events-service' },
    { file: 'tab/src/right.tsx', source: '@yhdistysyhteistyo/contract/events/model' },
  ];
  for (const c of right) {
    it(`allows ${c.source} in ${path.dirname(c.file)}`, async function () {
      assert.deepEqual(await restrictedMessages(c), []);
    });
  }

  it('is part of the lint that npm test runs', async function () {
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(
      path.join(ROOT, 'bot/src/delivery/engine.ts'),
    )) as Linter.Config;
    const rule = config.rules?.['no-restricted-imports'];
    assert.ok(Array.isArray(rule), 'no-restricted-imports is configured for delivery/');
    assert.match(JSON.stringify(rule), /ports only/);
  });
});
