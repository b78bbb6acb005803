/**
 * Once per mocha run, in the main process (before any worker starts): when the run has browser
 * suites, find or install a Chromium — or stop with one line that says what to do — and build
 * the tab once, so parallel workers neither race on tab/dist nor each look for a browser.
 */
import { readFileSync } from 'node:fs';
import { ensureTabBuilt } from '../../bot/scripts/tab-build';
import { ensureChromium } from '../../bot/scripts/chromium';

/** A test file that drives the tab in a browser imports the browser support module. */
export function usesBrowser(source: string): boolean {
  return /support\/browser['"]/.test(source);
}

/** The files mocha will run, as mocha collects them; undefined when that cannot be told. */
function filesOfThisRun(): string[] | undefined {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- mocha's own CLI helpers, untyped */
    const { loadOptions } = require('mocha/lib/cli/options') as {
      loadOptions: (argv: string[]) => Record<string, unknown>;
    };
    const collectFiles = require('mocha/lib/cli/collect-files') as (
      options: Record<string, unknown>,
    ) => { files: string[] };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const options = loadOptions(process.argv.slice(2));
    // Mocha puts the positional specs and the config's `spec` together under `_`.
    const specs = Array.isArray(options._) ? options._.map(String) : [];
    return collectFiles({
      ignore: options.ignore ?? [],
      extension: options.extension ?? ['js'],
      file: options.file ?? [],
      recursive: options.recursive,
      sort: false,
      spec: specs.length > 0 ? specs : ['./test'],
    }).files;
  } catch {
    return undefined;
  }
}

function runNeedsBrowser(): boolean {
  const files = filesOfThisRun();
  // When the files cannot be told, prepare the browser: a needless check costs a second.
  if (!files) return true;
  return files.some((file) => {
    try {
      return usesBrowser(readFileSync(file, 'utf8'));
    } catch {
      return true;
    }
  });
}

export function mochaGlobalSetup(): void {
  if (!runNeedsBrowser()) return;
  const chromium = ensureChromium((line) => console.log(line));
  if ('advice' in chromium) {
    console.error(chromium.advice);
    process.exit(1);
  }
  // Workers start after this and inherit it: every suite drives the same browser.
  process.env.CHROMIUM_PATH = chromium.path;
  ensureTabBuilt((line) => console.log(line));
}
