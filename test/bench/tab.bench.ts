/**
 * The tab in headless Chromium against the real server and Azurite: time from navigation to
 * a usable list (every association loaded and searchable, the count final; the first row on
 * screen is timed too, as tab.first_row_ms) and from a search keystroke to the
 * filtered list, medians of 5, with 2,000 associations beside a baseline of 100 measured in
 * the same run; and the gzipped JavaScript of the first load.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import {
  buildTab,
  chromiumPath,
  devToken,
  openTabAs,
  startBrowser,
  type BrowserSession,
} from '../support/browser';
import { DEMO } from '../support/tokens';
import { percentile, round, type Benchmark } from './harness';

const RUNS = 5;
const SEARCH = '[data-testid="search"] input, input[data-testid="search"]';

/**
 * Runs in the page before its scripts. Resolves `__firstRow` when a data row is on screen and
 * the search box is enabled, and `__usable` when, besides, every one of the `total`
 * associations is loaded (the count says `total` and no longer "loading more"), so a search
 * finds all of them; each after the frame is painted, in ms since navigation.
 */
function usableProbe(total: number): string {
  return `(() => {
  let firstRow;
  let usable;
  window.__firstRow = new Promise((r) => { firstRow = r; });
  window.__usable = new Promise((r) => { usable = r; });
  let firstSeen = false;
  const rowShown = () => {
    const row = document.querySelector('[data-testid="association-row"]');
    const search = document.querySelector(${JSON.stringify(SEARCH)});
    if (!row || !search || search.disabled) return false;
    const box = row.getBoundingClientRect();
    return box.height > 0 && box.top < window.innerHeight;
  };
  const allLoaded = () => {
    const text = document.querySelector('[data-testid="count"]')?.textContent ?? '';
    return !text.includes('…') && Number(text.replace(/[^0-9]/g, '')) === ${total};
  };
  const painted = (resolve) =>
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
  const observer = new MutationObserver(() => {
    if (!rowShown()) return;
    if (!firstSeen) {
      firstSeen = true;
      painted(firstRow);
    }
    if (!allLoaded()) return;
    observer.disconnect();
    painted(usable);
  });
  // The document, not its root element: this runs before the root element exists.
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})()`;
}

/**
 * Times each keystroke in the search box: from its keydown to the painted frame in which the
 * list answers the new search (the count's data-query equals what the box holds).
 */
const KEY_PROBE = `(() => {
  const input = document.querySelector(${JSON.stringify(SEARCH)});
  const count = document.querySelector('[data-testid="count"]');
  window.__keyTimes = [];
  let started;
  input.addEventListener('keydown', () => { started = performance.now(); }, true);
  new MutationObserver(() => {
    if (started === undefined || count.getAttribute('data-query') !== input.value) return;
    const t0 = started;
    started = undefined;
    requestAnimationFrame(() => setTimeout(() => window.__keyTimes.push(performance.now() - t0), 0));
  }).observe(count, { attributes: true, attributeFilter: ['data-query'] });
})()`;

interface Sample {
  readonly firstRowMs: number;
  readonly usableMs: number;
  readonly keyMs: number[];
  readonly jsBytes: number;
  readonly jsGzBytes: number;
  readonly scripts: number;
}

async function importRows(t: TestApp, token: string, from: number, to: number): Promise<void> {
  const lines = ['Nimi;Yksiköt;Luokat;Yhteyshenkilö 1 nimi;Yhteyshenkilö 1 sähköposti'];
  const units = ['Kulttuuri', 'Liikunta', 'Nuoriso', 'Kirjasto', 'Osallisuus'];
  for (let i = from; i <= to; i++) {
    lines.push(
      `Mittausyhdistys ${String(i).padStart(4, '0')} ry;${units[i % units.length]};Kulttuuri;Henkilö ${i};h${i}@example.com`,
    );
  }
  const response = await fetch(`${t.url}/api/v1/associations/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body: lines.join('\r\n'),
  });
  if (!response.ok) throw new Error(`import answered ${response.status}: ${await response.text()}`);
}

async function total(t: TestApp, token: string): Promise<number> {
  const response = await fetch(`${t.url}/api/v1/associations?limit=1&status=all`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { total?: number };
  return body.total ?? 0;
}

/** One cold load of the tab (fresh page, cache off) and five timed keystrokes. */
async function sample(browser: BrowserSession, t: TestApp, total: number): Promise<Sample> {
  const page: Page = await browser.newPage();
  try {
    const client = await page.context().newCDPSession(page);
    await client.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts: Promise<Buffer>[] = [];
    let loading = true;
    page.on('response', (response) => {
      if (loading && response.request().resourceType() === 'script') {
        scripts.push(response.body());
      }
    });
    await page.addInitScript(usableProbe(total));
    await openTabAs(page, t.url, DEMO.coordinator, { waitForList: false });
    const usableMs = await page.evaluate<number>('window.__usable');
    const firstRowMs = await page.evaluate<number>('window.__firstRow');
    loading = false;
    const bodies = await Promise.all(scripts);

    await page.evaluate(KEY_PROBE);
    await page.locator(SEARCH).first().focus();
    for (const key of 'yhdis') {
      const before = await page.evaluate<number>('window.__keyTimes.length');
      await page.keyboard.press(key);
      // A function, not a string: the page's CSP forbids eval.
      await page.waitForFunction(
        (n: number) => (globalThis as unknown as { __keyTimes: number[] }).__keyTimes.length > n,
        before,
      );
    }
    const keyMs = await page.evaluate<number[]>('window.__keyTimes');
    return {
      firstRowMs,
      usableMs,
      keyMs,
      jsBytes: bodies.reduce((n, b) => n + b.length, 0),
      jsGzBytes: bodies.reduce((n, b) => n + gzipSync(b).length, 0),
      scripts: bodies.length,
    };
  } finally {
    await page.close();
  }
}

async function measure(browser: BrowserSession, t: TestApp, total: number) {
  await sample(browser, t, total); // warm-up: the server's first list read, Chromium's first start
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await sample(browser, t, total));
  const keys = samples.flatMap((s) => s.keyMs);
  return {
    firstRow: percentile(
      samples.map((s) => s.firstRowMs),
      50,
    ),
    usable: percentile(
      samples.map((s) => s.usableMs),
      50,
    ),
    key: percentile(keys, 50),
    keyP95: percentile(keys, 95),
    jsGzKb: (samples[0]?.jsGzBytes ?? 0) / 1024,
    jsKb: (samples[0]?.jsBytes ?? 0) / 1024,
    scripts: samples[0]?.scripts ?? 0,
  };
}

export const benchmark: Benchmark = {
  title: 'The tab in Chromium: usable list and search keystroke, 2,000 vs 100 associations',
  async run(report) {
    buildTab();
    const t = await startTestApp({ LOG_LEVEL: 'warn' });
    const browser = await startBrowser();
    try {
      const token = await devToken(t.url, DEMO.coordinator);
      const demo = await total(t, token);
      await importRows(t, token, 1, 100 - demo);
      const smallCount = await total(t, token);
      const small = await measure(browser, t, smallCount);
      await importRows(t, token, 100 - demo + 1, 2000 - demo);
      const largeCount = await total(t, token);
      const large = await measure(browser, t, largeCount);

      report.table(
        // The browser is named: the full browser spends more per load than the headless shell.
        `Tab timings in ${path.basename(chromiumPath())} (medians of 5 loads; usable: all rows loaded and searchable, the count final; first row: the first page on screen; keystrokes: 5 per load)`,
        [
          {
            associations: smallCount,
            first_row_ms: round(small.firstRow),
            usable_ms: round(small.usable),
            keystroke_p50_ms: round(small.key),
            keystroke_p95_ms: round(small.keyP95),
          },
          {
            associations: largeCount,
            first_row_ms: round(large.firstRow),
            usable_ms: round(large.usable),
            keystroke_p50_ms: round(large.key),
            keystroke_p95_ms: round(large.keyP95),
          },
        ],
      );
      report.table('First load JavaScript (before any interaction)', [
        {
          scripts: large.scripts,
          raw_kb: round(large.jsKb),
          gzip_kb: round(large.jsGzKb),
          budget_gzip_kb: 200,
        },
      ]);
      report.figure({
        name: 'tab.usable_ms',
        value: round(large.usable),
        unit: 'ms',
        baseline: round(small.usable),
        ratio: round(large.usable / small.usable, 2),
      });
      report.figure({
        name: 'tab.first_row_ms',
        value: round(large.firstRow),
        unit: 'ms',
        baseline: round(small.firstRow),
        ratio: round(large.firstRow / small.firstRow, 2),
      });
      report.figure({
        name: 'tab.search_keystroke_ms',
        value: round(large.key),
        unit: 'ms',
        baseline: round(small.key),
        ratio: round(large.key / small.key, 2),
      });
      report.figure({ name: 'tab.first_load_js_gz_kb', value: round(large.jsGzKb), unit: 'KB' });
    } finally {
      await browser.close();
      await t.stop();
    }
  },
};
