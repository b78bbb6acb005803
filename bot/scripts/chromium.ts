/**
 * Which Chromium the tab's browser tests, screenshots and card pictures drive. The choice is a
 * pure function of the places to look and what exists there, so it is unit-tested; the one place
 * with effects (looking, running Playwright's installer) is `ensureChromium`, called once per
 * test run from the mocha global set-up and once by `npm run cards`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** These flags keep Chromium from reaching for the network at start, which this kind of machine refuses. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The variables a person may set to name their browser, first wins. */
export const BROWSER_VARIABLES = ['CHROMIUM_PATH', 'CHROME_PATH'] as const;

export interface ChromiumCandidate {
  readonly path: string;
  /** Where the candidate came from, for the log line and the advice. */
  readonly source: string;
  /** Named by the person (an environment variable): when it is wrong, say so, look no further. */
  readonly explicit: boolean;
}

export type ChromiumChoice =
  | { readonly kind: 'found'; readonly path: string; readonly source: string }
  | { readonly kind: 'install' }
  | { readonly kind: 'advice'; readonly line: string };

/** The usual places of a system Chromium or Chrome, by platform. */
export function systemBrowserPaths(platform: NodeJS.Platform): string[] {
  switch (platform) {
    case 'darwin':
      return [
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      ];
    case 'win32':
      return [
        'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
        'C:\\Program Files\\Chromium\\Application\\chrome.exe',
      ];
    default:
      return [
        // Debian's old headless shell first: the same browser engine without the windowing
        // parts, which the tests never show; it spends markedly less CPU per page than the
        // full browser (the suite is bound by CPU on a two-core machine). Playwright, too,
        // drives a headless shell when it runs headless.
        '/usr/bin/chromium-headless-shell',
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/snap/bin/chromium',
      ];
  }
}

export interface CandidateSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The browser Playwright would install for this version (`chromium.executablePath()`). */
  readonly playwrightPath: string | undefined;
  /** Other Chromium builds found in Playwright's browser folder (another Playwright version's). */
  readonly playwrightOthers: readonly string[];
  readonly platform: NodeJS.Platform;
}

/** Every place to look, in order: the person's variables, Playwright's folder, the system. */
export function chromiumCandidates(sources: CandidateSources): ChromiumCandidate[] {
  const candidates: ChromiumCandidate[] = [];
  for (const name of BROWSER_VARIABLES) {
    const value = sources.env[name];
    if (value) candidates.push({ path: value, source: name, explicit: true });
  }
  if (sources.playwrightPath) {
    candidates.push({ path: sources.playwrightPath, source: 'Playwright', explicit: false });
  }
  for (const other of sources.playwrightOthers) {
    candidates.push({ path: other, source: 'Playwright (other version)', explicit: false });
  }
  for (const system of systemBrowserPaths(sources.platform)) {
    candidates.push({ path: system, source: 'system', explicit: false });
  }
  return candidates;
}

export const NO_CHROMIUM_ADVICE =
  "No Chromium found for the tab's browser tests, and Playwright could not download one: install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome.";

/**
 * The browser to use, or the next step: Playwright's installer when nothing was found and it was
 * not tried yet, else one line that tells the person what to do.
 */
export function chooseChromium(
  candidates: readonly ChromiumCandidate[],
  exists: (file: string) => boolean,
  installerTried: boolean,
): ChromiumChoice {
  for (const candidate of candidates) {
    if (exists(candidate.path)) {
      return { kind: 'found', path: candidate.path, source: candidate.source };
    }
    if (candidate.explicit) {
      return {
        kind: 'advice',
        line: `${candidate.source} is set to ${candidate.path}, which is not there: point it at a Chromium or Chrome, or unset it.`,
      };
    }
  }
  return installerTried ? { kind: 'advice', line: NO_CHROMIUM_ADVICE } : { kind: 'install' };
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Playwright's browser folder, as Playwright itself finds it. */
function playwrightFolder(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.PLAYWRIGHT_BROWSERS_PATH;
  if (configured && configured !== '0') return configured;
  const platform = process.platform;
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Caches', 'ms-playwright');
  if (platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? homedir(), 'ms-playwright');
  }
  return path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'ms-playwright');
}

/** Chromium builds of other Playwright versions in its folder, newest revision first. */
function otherPlaywrightBuilds(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder).filter((e) => /^chromium-\d+$/.test(e));
  } catch {
    return [];
  }
  const revision = (e: string) => Number(e.slice('chromium-'.length));
  return entries
    .sort((a, b) => revision(b) - revision(a))
    .flatMap((e) => [
      path.join(folder, e, 'chrome-linux64', 'chrome'),
      path.join(folder, e, 'chrome-linux', 'chrome'),
      path.join(folder, e, 'chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
      path.join(folder, e, 'chrome-win', 'chrome.exe'),
    ]);
}

function playwrightExecutable(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The places to look on this machine, now. */
export function candidatesHere(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ChromiumCandidate[] {
  return chromiumCandidates({
    env,
    playwrightPath: playwrightExecutable(),
    playwrightOthers: otherPlaywrightBuilds(playwrightFolder(env)),
    platform: process.platform,
  });
}

/** The Chromium to use on this machine, without installing anything. */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ChromiumChoice {
  return chooseChromium(candidatesHere(env), isFile, true);
}

/** Runs Playwright's own installer for its Chromium; false when it could not. */
function runPlaywrightInstaller(log: (line: string) => void): boolean {
  log(
    'No Chromium found: asking Playwright to download its own (npx playwright-core install chromium)…',
  );
  const cli = path.join(path.dirname(require.resolve('playwright-core/package.json')), 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'install', '--no-shell', 'chromium'], {
    encoding: 'utf8',
    // A download can take minutes; a network that refuses it fails within half a minute.
    timeout: 10 * 60_000,
  });
  return result.status === 0;
}

/**
 * Finds a Chromium, or installs Playwright's, and returns its path; when neither works, returns
 * the one line to print instead of running the browser suites.
 */
export function ensureChromium(
  log: (line: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { path: string } | { advice: string } {
  let choice = chooseChromium(candidatesHere(env), isFile, false);
  if (choice.kind === 'install') {
    runPlaywrightInstaller(log);
    choice = chooseChromium(candidatesHere(env), isFile, true);
  }
  if (choice.kind === 'found') return { path: choice.path };
  if (choice.kind === 'advice') return { advice: choice.line };
  return { advice: NO_CHROMIUM_ADVICE };
}
