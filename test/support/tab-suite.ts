/** The set-up every browser suite of the tab shares, registered once per `describe`. */
import { startTestApp, type TestApp } from './app';
import { buildTab, startBrowser, type BrowserOptions, type BrowserSession } from './browser';

export interface TabSuite {
  /** The real server on the test process's in-memory Azurite (tables of its own), with the demo data. */
  readonly app: TestApp;
  /** A Chromium with a fresh profile. */
  readonly browser: BrowserSession;
}

/**
 * Registers, in the calling `describe`, a `before` that builds the tab if stale and starts the
 * server and the browser side by side, and an `after` that stops both. Read `app` and `browser`
 * in hooks and tests, not while the suite is being declared.
 *
 * The browser has "reduce motion" on unless the suite asks otherwise: the suites check what a
 * page shows and does, and frames of Fluent's animations cost CPU and waits for nothing there.
 * The keyboard suite keeps the motion, so focus is also tested as it returns after a dialog's
 * closing animation. V8's optimizing compiler is off in every suite (see `BrowserOptions`).
 */
export function useTabSuite(
  env: Record<string, string> = {},
  browserOptions: BrowserOptions = { reducedMotion: true },
): TabSuite {
  let app: TestApp | undefined;
  let browser: BrowserSession | undefined;
  before(async function () {
    this.timeout(240_000);
    // A no-op when the run's global set-up built it already.
    buildTab();
    const [started, launched] = await Promise.allSettled([
      startTestApp(env),
      startBrowser({ ...browserOptions, optimizingCompiler: false }),
    ]);
    // Keep what did start, so `after` stops it even when the other failed.
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app() {
      if (!app) throw new Error('the tab suite has not started (read it in a hook or a test)');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('the tab suite has not started (read it in a hook or a test)');
      return browser;
    },
  };
}
