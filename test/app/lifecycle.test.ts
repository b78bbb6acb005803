// The toolkit lifecycle files (teamsapp.yml, teamsapp.local.yml) read as text: real action and
// argument names, and every ${{VAR}} — in them and in the files they hand to actions — set by
// the env file or by an earlier action. Also the infra parameters and the deploy ignore file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parseEnvFile, placeholders, readText, repoPath, repoRoot } from '../support/manifest';

// ---------------------------------------------------------------------------------------------
// A small scanner for the lifecycle yaml: enough for the shapes these files use (block
// mappings and lists, plain scalars), no general YAML parser.

interface Action {
  stage: string;
  uses: string;
  line: number;
  /** The item's lines without comments, the leading `- ` turned into spaces. */
  lines: string[];
  indent: number;
  /** Direct children of the item (`uses`, `with`, …). */
  keys: string[];
  /** Direct children of `with:`. */
  withKeys: string[];
  /** `key: value` anywhere in the item; the first one wins. */
  fields: Map<string, string>;
  /** writeToEnvironmentFile: property → env variable. */
  writes: Map<string, string>;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Direct children (keys) of the mapping that starts below line `from` at `indent`. */
function childKeys(lines: string[], from: number, indent: number): string[] {
  const keys: string[] = [];
  let childIndent: number | undefined;
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const ind = indentOf(line);
    if (ind <= indent) break;
    childIndent ??= ind;
    const m = /^\s*([A-Za-z][\w]*):/.exec(line);
    if (ind === childIndent && m) keys.push(m[1]);
  }
  return keys;
}

function parseLifecycle(text: string): Action[] {
  const actions: Action[] = [];
  let stage: string | undefined;
  let itemIndent: number | undefined;
  let current: { line: number; lines: string[] } | undefined;
  const items: { stage: string; line: number; lines: string[]; indent: number }[] = [];

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = stripComment(raw);
    if (line.trim() === '') {
      current?.lines.push('');
      return;
    }
    if (!/^\s/.test(line)) {
      const m = /^([A-Za-z]\w*):\s*$/.exec(line);
      stage = m ? m[1] : undefined;
      itemIndent = undefined;
      current = undefined;
      return;
    }
    if (!stage) return;
    const ind = indentOf(line);
    const item = /^(\s*)-\s+(.*)$/.exec(line);
    if (item && (itemIndent === undefined || ind === itemIndent)) {
      itemIndent = ind;
      current = { line: index + 1, lines: [' '.repeat(ind + 2) + item[2]] };
      items.push({ stage, indent: ind, ...current });
      return;
    }
    if (current && itemIndent !== undefined && ind > itemIndent) current.lines.push(line);
  });

  for (const item of items) {
    const { lines } = item;
    const own = item.indent + 2;
    const keys = lines
      .filter((l) => indentOf(l) === own && /^\s*[A-Za-z]\w*:/.test(l))
      .map((l) => /^\s*([A-Za-z]\w*):/.exec(l)![1]);
    const fields = new Map<string, string>();
    for (const l of lines) {
      const m = /^\s*(?:-\s+)?([A-Za-z]\w*):\s*(\S.*)$/.exec(l);
      if (m && !fields.has(m[1])) fields.set(m[1], m[2].replace(/^(['"])(.*)\1$/, '$2'));
    }
    const withLine = lines.findIndex((l) => indentOf(l) === own && /^\s*with:\s*$/.test(l));
    const writesLine = lines.findIndex(
      (l) => indentOf(l) === own && /^\s*writeToEnvironmentFile:\s*$/.test(l),
    );
    const writes = new Map<string, string>();
    if (writesLine >= 0) {
      for (
        let i = writesLine + 1;
        i < lines.length && (lines[i] === '' || indentOf(lines[i]) > own);
        i++
      ) {
        const m = /^\s*([A-Za-z]\w*):\s*(\S+)\s*$/.exec(lines[i]);
        if (m) writes.set(m[1], m[2]);
      }
    }
    actions.push({
      stage: item.stage,
      uses: fields.get('uses') ?? '',
      line: item.line,
      lines,
      indent: item.indent,
      keys,
      withKeys: withLine >= 0 ? childKeys(lines, withLine, own) : [],
      fields,
      writes,
    });
  }
  return actions;
}

/** `with` arguments per action, as in the toolkit's yaml schema v1.7: [required, optional]. */
const ACTION_ARGS: Record<string, [string[], string[]]> = {
  'teamsApp/create': [['name'], []],
  'aadApp/create': [
    ['name', 'generateClientSecret', 'signInAudience'],
    ['serviceManagementReference', 'clientSecretExpireDays', 'clientSecretDescription'],
  ],
  'aadApp/update': [['manifestPath', 'outputFilePath'], []],
  'arm/deploy': [['subscriptionId', 'resourceGroupName', 'templates'], ['bicepCliVersion']],
  'teamsApp/validateManifest': [['manifestPath'], []],
  'teamsApp/zipAppPackage': [['manifestPath', 'outputZipPath', 'outputFolder'], []],
  'teamsApp/validateAppPackage': [['appPackagePath'], []],
  'teamsApp/update': [['appPackagePath'], []],
  'teamsApp/publishAppPackage': [['appPackagePath'], []],
  'cli/runNpmCommand': [['args'], ['workingDirectory']],
  'cli/runNpxCommand': [['args'], ['workingDirectory']],
  'azureAppService/zipDeploy': [
    ['artifactFolder', 'resourceId'],
    ['workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'],
  ],
  'botAadApp/create': [['name'], []],
  'botFramework/create': [
    ['botId', 'name', 'messagingEndpoint'],
    ['description', 'iconUrl', 'channels'],
  ],
  'file/createOrUpdateEnvironmentFile': [['envs', 'target'], []],
  script: [['run'], ['workingDirectory', 'shell', 'timeout', 'redirectTo']],
};

/** writeToEnvironmentFile properties per action: [required, optional]. */
const ACTION_WRITES: Record<string, [string[], string[]]> = {
  'teamsApp/create': [['teamsAppId'], []],
  'aadApp/create': [
    ['clientId', 'objectId'],
    ['clientSecret', 'tenantId', 'authority', 'authorityHost'],
  ],
  'botAadApp/create': [['botId', 'botPassword'], []],
  'teamsApp/publishAppPackage': [['publishedAppId'], []],
};
const SECRET_WRITES = new Set(['clientSecret', 'botPassword']);

interface CheckOptions {
  /** The lifecycle file, relative to the repository root. */
  file: string;
  /** Its text, when a test wants to check a changed copy. */
  text?: string;
  /** Contents of env/.env.<env>. */
  env: ReadonlyMap<string, string>;
  /** Variables that may be empty or missing: the toolkit asks for them, or someone else sets them. */
  inputs: ReadonlySet<string>;
  /** Replacement texts for files the actions read (relative path → text). */
  files?: ReadonlyMap<string, string>;
}

interface CheckResult {
  /** Unknown actions, arguments or output properties. */
  structure: string[];
  /** Variables read before anything sets them. */
  variables: string[];
  /** Variable → the action that writes it. */
  writtenBy: Map<string, string>;
  /** Every variable read, by any action or by a file an action reads. */
  reads: Set<string>;
  bicepOutputs: Set<string>;
}

/** `output NAME type = …` lines of a bicep file. */
function bicepOutputs(text: string): string[] {
  return Array.from(text.matchAll(/^output\s+([A-Za-z_]\w*)\s+\w+\s*=/gm), (m) => m[1]);
}

/** `param NAME type` lines of a bicep file, and whether each has a default. */
function bicepParams(text: string): Map<string, boolean> {
  return new Map(
    Array.from(text.matchAll(/^param\s+([A-Za-z_]\w*)\s+\w+(\s*=)?/gm), (m) => [m[1], !!m[2]]),
  );
}

function checkLifecycle(options: CheckOptions): CheckResult {
  const base = dirname(options.file);
  const read = (relative: string): string => {
    const key = posix.normalize(posix.join(base, relative));
    return options.files?.get(key) ?? readText(key);
  };
  const text = options.text ?? readText(options.file);
  const actions = parseLifecycle(text);
  const structure: string[] = [];
  const variables: string[] = [];
  const writtenBy = new Map<string, string>();
  const reads = new Set<string>();
  const outputs = new Set<string>();

  // The toolkit sets TEAMSFX_ENV from the environment's name.
  const available = new Set(['TEAMSFX_ENV', ...options.inputs]);
  for (const [key, value] of options.env) if (value !== '') available.add(key);

  for (const action of actions) {
    const where = `${options.file}:${action.line} ${action.uses}`;
    const args = ACTION_ARGS[action.uses];
    if (!args) {
      structure.push(`${where}: unknown action`);
      continue;
    }
    for (const key of action.keys) {
      if (!['uses', 'name', 'env', 'with', 'writeToEnvironmentFile'].includes(key)) {
        structure.push(`${where}: unknown key ${key}`);
      }
    }
    const [required, optional] = args;
    for (const arg of required) {
      if (!action.withKeys.includes(arg)) structure.push(`${where}: missing argument ${arg}`);
    }
    for (const arg of action.withKeys) {
      if (!required.includes(arg) && !optional.includes(arg)) {
        structure.push(`${where}: unknown argument ${arg}`);
      }
    }
    const writeProps = ACTION_WRITES[action.uses];
    if (action.writes.size > 0 && !writeProps) {
      structure.push(`${where}: writes nothing to the environment file`);
    }
    if (writeProps) {
      const [must, may] = writeProps;
      const needed = [...must];
      if (action.uses === 'aadApp/create' && action.fields.get('generateClientSecret') === 'true') {
        needed.push('clientSecret');
      }
      for (const prop of needed) {
        if (!action.writes.has(prop))
          structure.push(`${where}: writeToEnvironmentFile needs ${prop}`);
      }
      for (const [prop, name] of action.writes) {
        if (!must.includes(prop) && !may.includes(prop)) {
          structure.push(`${where}: unknown output ${prop}`);
        }
        const pattern = SECRET_WRITES.has(prop) ? /^SECRET_[A-Z0-9_]+$/ : /^[A-Z][A-Z0-9_]*$/;
        if (!pattern.test(name)) structure.push(`${where}: ${prop} may not be written to ${name}`);
      }
    }

    // What this action reads: its own text and the files it hands to the toolkit.
    const used = placeholders(action.lines.join('\n'));
    const readFiles: string[] = [];
    if (
      ['teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'aadApp/update'].includes(action.uses)
    ) {
      readFiles.push(action.fields.get('manifestPath') ?? '');
    }
    const templates: string[] = [];
    if (action.uses === 'arm/deploy') {
      for (const l of action.lines) {
        const m = /^\s*(?:-\s+)?(path|parameters):\s*(\S+)\s*$/.exec(l);
        if (m?.[1] === 'parameters') readFiles.push(m[2]);
        if (m?.[1] === 'path') templates.push(m[2]);
      }
    }
    const fileVars = new Set<string>();
    for (const file of readFiles) {
      for (const name of placeholders(read(file))) {
        used.add(name);
        fileVars.add(name);
      }
    }
    // aadApp/update makes up the scope id when the manifest uses it and it is still empty.
    const generated =
      action.uses === 'aadApp/update' && fileVars.has('AAD_APP_ACCESS_AS_USER_PERMISSION_ID')
        ? ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID']
        : [];
    for (const name of used) {
      reads.add(name);
      if (!available.has(name) && !generated.includes(name)) {
        variables.push(`${where} reads \${{${name}}} before anything sets it`);
      }
    }

    // What it writes.
    const written: string[] = [...action.writes.values(), ...generated];
    if (action.uses === 'script') {
      for (const l of action.lines) {
        for (const m of l.matchAll(/::set-teamsfx-env\s+([A-Za-z_]\w*)=/g)) written.push(m[1]);
      }
    }
    if (action.uses === 'arm/deploy') {
      // Each output lands in the env file under its name upper-cased.
      for (const template of templates) {
        for (const name of bicepOutputs(read(template))) {
          outputs.add(name.toUpperCase());
          written.push(name.toUpperCase());
        }
      }
    }
    for (const name of written) {
      available.add(name);
      if (!writtenBy.has(name)) writtenBy.set(name, action.uses);
    }
  }
  return { structure, variables, writtenBy, reads, bicepOutputs: outputs };
}

// ---------------------------------------------------------------------------------------------

/** Keys of env/.env.dev that may stay empty: the toolkit asks for them, or empty is a value. */
const DEV_INPUTS = new Set([
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP_NAME',
  'RESOURCE_SUFFIX',
  'INITIAL_COORDINATORS',
]);

/** Outputs of azure.bicep the app and the lifecycle rely on. */
const REQUIRED_BICEP_OUTPUTS = [
  'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
  'BOT_DOMAIN',
  'BOT_ID',
  'BOT_TENANT_ID',
  'TAB_DOMAIN',
  'TAB_ENDPOINT',
  'STORAGE_TABLE_ENDPOINT',
];

/** Keys env/.env.local must hold for the local lifecycle; the dev tunnel fills the BOT_ ones. */
const LOCAL_ENV_FILE_KEYS = new Set([
  'TEAMSFX_ENV',
  'APP_NAME_SUFFIX',
  'BOT_ENDPOINT',
  'BOT_DOMAIN',
]);

/** What the local lifecycle writes to env/.env.local(.user) itself. */
const LOCAL_WRITES = [
  'TEAMS_APP_ID',
  'BOT_ID',
  'SECRET_BOT_PASSWORD',
  'TAB_DOMAIN',
  'TAB_ENDPOINT',
  'AAD_APP_CLIENT_ID',
  'AAD_APP_OBJECT_ID',
  'AAD_APP_TENANT_ID',
  'AAD_APP_OAUTH_AUTHORITY',
  'AAD_APP_OAUTH_AUTHORITY_HOST',
  'AAD_APP_ACCESS_AS_USER_PERMISSION_ID',
];

const devEnv = parseEnvFile(readText('env/.env.dev'));
const checkDev = (overrides: Partial<CheckOptions> = {}) =>
  checkLifecycle({ file: 'teamsapp.yml', env: devEnv, inputs: DEV_INPUTS, ...overrides });

function localEnv(): Map<string, string> {
  return existsSync(repoPath('env/.env.local'))
    ? parseEnvFile(readText('env/.env.local'))
    : new Map<string, string>();
}

describe('teamsapp.yml (the cloud lifecycle)', () => {
  it('uses real actions with their documented arguments and outputs', () => {
    assert.deepEqual(checkDev().structure, []);
  });

  it('reads every ${{VAR}} only after env/.env.dev or an earlier action sets it', () => {
    assert.deepEqual(checkDev().variables, []);
  });

  it('reads the manifest, the Entra manifest and the infra parameters it hands on', () => {
    const { reads } = checkDev();
    for (const file of [
      'appPackage/manifest.json',
      'aad.manifest.json',
      'infra/azure.parameters.json',
    ]) {
      for (const name of placeholders(readText(file)))
        assert.ok(reads.has(name), `${file}: ${name}`);
    }
  });

  it('runs provision, then builds and zip-deploys to the web app from azure.bicep', () => {
    const actions = parseLifecycle(readText('teamsapp.yml'));
    const sequence = (stage: string) => actions.filter((a) => a.stage === stage).map((a) => a.uses);
    assert.deepEqual(sequence('provision'), [
      'teamsApp/create',
      'aadApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    const deploy = actions.filter((a) => a.stage === 'deploy');
    assert.deepEqual(
      deploy.map((a) => `${a.uses} ${a.fields.get('args') ?? ''}`.trim()),
      ['cli/runNpmCommand ci', 'cli/runNpmCommand run build', 'azureAppService/zipDeploy'],
    );
    const zip = deploy[2];
    assert.equal(zip.fields.get('artifactFolder'), '.');
    assert.equal(zip.fields.get('ignoreFile'), '.webappignore');
    assert.equal(checkDev().writtenBy.get('BOT_AZURE_APP_SERVICE_RESOURCE_ID'), 'arm/deploy');
  });

  it('every key in env/.env.dev is set, an input, or written by the lifecycle', () => {
    const { writtenBy } = checkDev();
    const stray = [...devEnv]
      .filter(([key, value]) => value === '' && !DEV_INPUTS.has(key) && !writtenBy.has(key))
      .map(([key]) => key);
    assert.deepEqual(stray, []);
    for (const key of DEV_INPUTS) assert.ok(devEnv.has(key), `env/.env.dev lacks ${key}`);
  });

  it('takes from azure.bicep only outputs that it has', () => {
    const { bicepOutputs: outputs, reads, writtenBy } = checkDev();
    for (const name of REQUIRED_BICEP_OUTPUTS) assert.ok(outputs.has(name), name);
    const fromBicep = [...reads].filter((name) => writtenBy.get(name) === 'arm/deploy').sort();
    assert.deepEqual(fromBicep, [
      'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
      'BOT_ID',
      'TAB_DOMAIN',
      'TAB_ENDPOINT',
    ]);
  });
});

describe('infra/azure.parameters.json', () => {
  it('passes every parameter azure.bicep requires and none it lacks', () => {
    const params = bicepParams(readText('infra/azure.bicep'));
    const given = Object.keys(
      (JSON.parse(readText('infra/azure.parameters.json')) as { parameters: object }).parameters,
    );
    assert.deepEqual(
      given.filter((name) => !params.has(name)),
      [],
    );
    const missing = [...params].filter(
      ([name, hasDefault]) => !hasDefault && !given.includes(name),
    );
    assert.deepEqual(missing, []);
  });
});

describe('teamsapp.local.yml (the local lifecycle)', () => {
  const checkLocal = () =>
    checkLifecycle({ file: 'teamsapp.local.yml', env: localEnv(), inputs: LOCAL_ENV_FILE_KEYS });

  it('uses real actions with their documented arguments and outputs', () => {
    assert.deepEqual(checkLocal().structure, []);
  });

  it('reads every ${{VAR}} only after env/.env.local or an earlier action sets it', () => {
    assert.deepEqual(checkLocal().variables, []);
  });

  it('writes exactly the keys it is expected to write', () => {
    assert.deepEqual([...checkLocal().writtenBy.keys()].sort(), [...LOCAL_WRITES].sort());
  });

  it('registers the bot at the tunnel address and hands the server its settings', () => {
    const actions = parseLifecycle(readText('teamsapp.local.yml'));
    const bot = actions.find((a) => a.uses === 'botFramework/create');
    assert.equal(bot?.fields.get('messagingEndpoint'), '${{BOT_ENDPOINT}}/api/messages');
    const settings = actions.find((a) => a.uses === 'file/createOrUpdateEnvironmentFile');
    assert.equal(settings?.stage, 'deploy');
    // The file holds the bot's secret: git must ignore it, and npm start reads it.
    assert.equal(settings.fields.get('target'), './env/.env.local.user');
    assert.ok(ignoreMatcher(readText('.gitignore'))('env/.env.local.user'));
    for (const key of ['BOT_ID', 'BOT_PASSWORD', 'BOT_TYPE', 'AAD_APP_CLIENT_ID', 'PUBLIC_URL']) {
      assert.ok(settings.fields.has(key), key);
    }
  });

  it('finds the keys it needs in env/.env.local', () => {
    const env = localEnv();
    assert.deepEqual(
      [...LOCAL_ENV_FILE_KEYS].filter((key) => !env.has(key)),
      [],
      'keys missing from env/.env.local',
    );
    assert.equal(env.get('TEAMSFX_ENV'), 'local');
  });
});

describe('lifecycle checker', () => {
  const yml = readText('teamsapp.yml');

  it('reports a variable that nothing sets', () => {
    const text = yml.replace(
      'name: Yhdistysyhteistyo-${{APP_NAME_SUFFIX}}',
      'name: Yhdistysyhteistyo-${{NOT_DEFINED_ANYWHERE}}',
    );
    assert.notEqual(text, yml);
    const { variables } = checkDev({ text });
    assert.equal(variables.length, 1, variables.join('\n'));
    assert.match(variables[0], /teamsApp\/create reads \$\{\{NOT_DEFINED_ANYWHERE\}\}/);
  });

  it('reports a variable read before the action that writes it', () => {
    const actions = parseLifecycle(yml);
    const update = actions.find((a) => a.uses === 'aadApp/update')!;
    const lines = yml.split('\n');
    const start = update.line - 1;
    let end = start + 1;
    while (end < lines.length && !/^\s*-\s+uses:/.test(lines[end]) && !/^\S/.test(lines[end]))
      end++;
    const block = lines.splice(start, end - start);
    const armAt = lines.findIndex((l) => /-\s+uses:\s*arm\/deploy/.test(l));
    lines.splice(armAt, 0, ...block);
    const { variables } = checkDev({ text: lines.join('\n') });
    assert.ok(
      variables.some((v) => /aadApp\/update reads \$\{\{TAB_DOMAIN\}\}/.test(v)),
      variables.join('\n'),
    );
  });

  it('reports an output that azure.bicep does not have', () => {
    const bicep = readText('infra/azure.bicep').replace(/^output TAB_DOMAIN .*$/m, '');
    const { variables } = checkDev({ files: new Map([['infra/azure.bicep', bicep]]) });
    assert.ok(
      variables.some((v) => v.includes('${{TAB_DOMAIN}}')),
      variables.join('\n'),
    );
  });

  it('reports a misspelt action, a misspelt argument and a secret in a plain variable', () => {
    const text = yml
      .replace('teamsApp/validateAppPackage', 'teamsApp/validatePackage')
      .replace('outputZipPath:', 'outputPath:');
    const { structure } = checkDev({ text });
    assert.ok(structure.some((s) => s.includes('teamsApp/validatePackage: unknown action')));
    assert.ok(structure.some((s) => s.includes('unknown argument outputPath')));
    assert.ok(structure.some((s) => s.includes('missing argument outputZipPath')));

    const local = readText('teamsapp.local.yml').replace(
      'botPassword: SECRET_BOT_PASSWORD',
      'botPassword: BOT_PASSWORD',
    );
    const result = checkLifecycle({
      file: 'teamsapp.local.yml',
      text: local,
      env: new Map(),
      inputs: LOCAL_ENV_FILE_KEYS,
    });
    assert.ok(
      result.structure.some((s) => s.includes('botPassword may not be written to BOT_PASSWORD')),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// .webappignore, read with gitignore rules as the zip deploy does.

function ignoreMatcher(text: string): (path: string, isDir?: boolean) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      let pattern = negate ? l.slice(1) : l;
      const dirOnly = pattern.endsWith('/');
      if (dirOnly) pattern = pattern.slice(0, -1);
      const anchored = pattern.includes('/');
      if (pattern.startsWith('/')) pattern = pattern.slice(1);
      const body = pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) =>
          part === '**/'
            ? '(?:.*/)?'
            : part === '**'
              ? '.*'
              : part === '*'
                ? '[^/]*'
                : part === '?'
                  ? '[^/]'
                  : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('');
      return { negate, dirOnly, regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`) };
    });
  const matches = (path: string, isDir: boolean) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(path)) ignored = !rule.negate;
    }
    return ignored;
  };
  // A file inside an ignored folder stays ignored, as in git.
  return (path, isDir = false) => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (matches(parts.slice(0, i).join('/'), true)) return true;
    }
    return matches(path, isDir);
  };
}

/** Package folders the server loads: the bot's dependencies and tsx, with all of theirs. */
function runtimePackages(): string[] {
  const root = repoRoot();
  const found = new Set<string>();
  const resolve = (name: string, from: string): string | undefined => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      if (dir === root || dirname(dir) === dir) return undefined;
    }
  };
  const visit = (dir: string) => {
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const deps = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
    for (const name of Object.keys(deps)) {
      const at = resolve(name, dir);
      if (at) visit(at); // optional platform packages for other systems are not installed
    }
  };
  const bot = JSON.parse(readText('bot/package.json')) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(bot.dependencies), 'tsx']) {
    const at = resolve(name, repoPath('bot')) ?? resolve(name, root);
    assert.ok(at, `${name} is not installed`);
    visit(at);
  }
  return [...found]
    .map((dir) =>
      dir
        .slice(root.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

describe('.webappignore', () => {
  const ignored = ignoreMatcher(readText('.webappignore'));

  it('keeps the server, the built tab and every package the server loads', () => {
    for (const path of [
      'package.json',
      'bot/package.json',
      'bot/src/index.ts',
      'tab/dist/index.html',
    ]) {
      assert.equal(ignored(path), false, path);
    }
    const packages = runtimePackages();
    assert.ok(packages.includes('node_modules/tsx') && packages.length > 20, packages.join(' '));
    assert.deepEqual(
      packages.filter((dir) => ignored(`${dir}/package.json`)),
      [],
    );
  });

  it('leaves out secrets, local data, tests and build-only packages', () => {
    for (const path of [
      'env/.env.dev',
      'env/.env.dev.user',
      '.localConfigs',
      '.git/config',
      '.data/table/data.json',
      'test/app/app-package.test.ts',
      'appPackage/build/appPackage.dev.zip',
      'tab/src/main.tsx',
      'tab/node_modules/vite/package.json',
      'node_modules/@fluentui/react-components/package.json',
      'node_modules/azurite/package.json',
      'node_modules/typescript/package.json',
    ]) {
      assert.equal(ignored(path), true, path);
    }
  });

  it('is read with gitignore rules', () => {
    const m = ignoreMatcher('/a/*\n!/a/keep/\n*.log\n/dir/\n');
    assert.deepEqual(
      ['a/x.js', 'a/keep/y.js', 'b/c.log', 'dir/f', 'sub/dir/f', 'dir'].map((p) => m(p)),
      [true, false, true, true, false, false],
    );
  });
});
