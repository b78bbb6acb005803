/**
 * Headless Chromium (the one `findChromium` picks, through playwright-core) for the tab's tests,
 * screenshots and benchmark: a fresh profile per browser, a signed-in opening of the tab as a demo person,
 * axe-core scans, and a record of the page's console errors and CSP violations.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../bot/scripts/chromium';
import { ensureTabBuilt } from '../../bot/scripts/tab-build';

/** Builds the tab when its sources are newer than tab/dist, as `npm start` does. */
export function buildTab(): void {
  ensureTabBuilt(() => undefined);
}

/** The browser's path, or an error with the one line that says what to do. */
export function chromiumPath(): string {
  const choice = findChromium();
  if (choice.kind === 'found') return choice.path;
  throw new Error(choice.kind === 'advice' ? choice.line : 'No Chromium found');
}

export interface BrowserSession {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  readonly viewport?: { width: number; height: number };
  readonly locale?: string;
  readonly deviceScaleFactor?: number;
  /** Touch and a phone's user agent, for Teams on phones. */
  readonly mobile?: boolean;
  /**
   * The person's "reduce motion" setting. Off by default, as for most people; the test suites
   * turn it on where they check what a page shows once still, which then needs no waiting for
   * Fluent's open and close animations nor the frames to draw them.
   */
  readonly reducedMotion?: boolean;
  /**
   * V8's optimizing compiler (TurboFan). On by default, as for people. The test suites turn it
   * off: their pages live for seconds, and compiling hot code for a later that never comes cost
   * about a tenth of the renderers' CPU there. The bench and the screenshots keep it.
   */
  readonly optimizingCompiler?: boolean;
}

function contextOptions(options: BrowserOptions) {
  return {
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'fi-FI',
    timezoneId: 'Europe/Helsinki',
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    acceptDownloads: true,
    reducedMotion: options.reducedMotion ? ('reduce' as const) : ('no-preference' as const),
  };
}

export async function startBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  const executablePath = chromiumPath();
  const profile = await mkdtemp(path.join(tmpdir(), 'tab-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        ...(options.optimizingCompiler === false ? ['--js-flags=--no-opt'] : []),
      ],
      ...contextOptions(options),
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors, uncaught exceptions and CSP reports of one page, for asserting none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every 4xx of the API (a 409 conflict, a 400 import) as a failed load; the
    // tab handles those. A failed load of anything else (a script, a style) is a problem.
    const url = message.location().url;
    if (message.text().startsWith('Failed to load resource') && url.includes('/api/v1/')) return;
    problems.push(`console: ${message.text()} ${url}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** A token of the server's development issuer for a demo person. */
export async function devToken(baseUrl: string, upn: string): Promise<string> {
  const response = await fetch(`${baseUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ upn }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(`POST /dev/token for ${upn} answered ${response.status}`);
  }
  return body.token;
}

/** The key the tab keeps its development sign-in under (tab/src/host/dev-auth.ts). */
const DEV_SESSION_KEY = 'yhdistykset.devSession';

export interface OpenOptions {
  /** Query string without `?`, e.g. `theme=dark&lang=en`. */
  readonly query?: string;
  /** Wait for the list (or its empty state); false to return right after navigation. */
  readonly waitForList?: boolean;
}

/**
 * Opens the tab signed in as a demo person: a development token is put where the tab's own
 * sign-in keeps it, before the page's scripts run, so the page opens as after choosing.
 */
export async function openTabAs(
  page: Page,
  baseUrl: string,
  upn: string,
  options: OpenOptions = {},
): Promise<void> {
  const token = await devToken(baseUrl, upn);
  await page.addInitScript(
    ([key, value]) => {
      // Runs in the page; the test program has no DOM types.
      const page = globalThis as unknown as {
        sessionStorage: { setItem(k: string, v: string): void };
      };
      page.sessionStorage.setItem(key, value);
    },
    [DEV_SESSION_KEY, JSON.stringify({ upn, token })] as const,
  );
  await page.goto(`${baseUrl}/tab/${options.query ? `?${options.query}` : ''}`);
  if (options.waitForList !== false) await waitForList(page);
}

/** The list's first row or the empty state, and the search box enabled. */
export async function waitForList(page: Page, timeout = 15_000): Promise<void> {
  await page
    .locator('[data-testid="association-row"], [data-testid="empty-state"]')
    .first()
    .waitFor({ state: 'visible', timeout });
  await page.locator('[data-testid="search"] input, input[data-testid="search"]').first().waitFor({
    state: 'visible',
    timeout,
  });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

let axeSource: string | undefined;

/**
 * axe-core over the page for WCAG 2.0/2.1 A and AA. Evaluated through the debugging protocol,
 * so the page's CSP (script-src 'self') stays on.
 */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Once per page: a second evaluation would parse axe's half a megabyte again for nothing.
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(axeSource);
  // A dialog that is still fading in has, for a moment, text of too little contrast: scan what a
  // person sees once the page is still, not a frame of an animation.
  await page
    .waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }
        ).document
          .getAnimations()
          .every((a) => a.playState !== 'running'),
      null,
      { timeout: 5000 },
    )
    // An endless animation (a spinner) never settles: then scan as the page is.
    .catch(() => undefined);
  return page.evaluate(async () => {
    interface AxeResult {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }
    const axe = (
      globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> } }
    ).axe;
    const result = await axe.run(
      // Fluent's Tabster focus sentinels are reported as aria-hidden-focus: a known false
      // positive (microsoft/tabster#288). Nothing else is left out.
      { exclude: [['[data-tabster-dummy]']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        // Only violations are read: passes and incomplete results cost time to gather.
        resultTypes: ['violations'],
      },
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
}

/** One line per violation, for an assertion message a person can act on. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) => `${v.id} (${v.impact ?? '-'}): ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}`,
    )
    .join('\n');
}

/** A JSON call to `/api/v1` with a bearer token, for arranging data beside the browser. */
export async function callApi<T = unknown>(
  baseUrl: string,
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  apiPath: string,
  options: { body?: unknown; ifMatch?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  const response = await fetch(`${baseUrl}/api/v1${apiPath}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The data fields of an association as the API returned it: what a PUT sends back. */
export function inputOf(association: object): Record<string, unknown> {
  const data: Record<string, unknown> = { ...association };
  for (const key of ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'etag']) {
    delete data[key];
  }
  return data;
}

/** A row of the list by the association's name. */
export function rowNamed(page: Page, name: string) {
  return page.locator('[data-testid="association-row"]').filter({
    has: page.getByRole('button', { name, exact: true }),
  });
}
