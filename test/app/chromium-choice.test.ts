import assert from 'node:assert/strict';
import {
  chooseChromium,
  chromiumCandidates,
  NO_CHROMIUM_ADVICE,
  type CandidateSources,
} from '../../bot/scripts/chromium';
import { usesBrowser } from '../support/global-setup';

const PLAYWRIGHT = '/home/u/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
const OLDER_PLAYWRIGHT = '/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome';

function sources(extra: Partial<CandidateSources> = {}): CandidateSources {
  return {
    env: {},
    playwrightPath: PLAYWRIGHT,
    playwrightOthers: [],
    platform: 'linux',
    ...extra,
  };
}

function choose(extra: Partial<CandidateSources>, present: string[], installerTried = false) {
  const files = new Set(present);
  return chooseChromium(chromiumCandidates(sources(extra)), (f) => files.has(f), installerTried);
}

describe('which Chromium the browser tests drive', () => {
  it('takes the one CHROMIUM_PATH names, before anything else', () => {
    assert.deepEqual(
      choose({ env: { CHROMIUM_PATH: '/opt/my/chrome' } }, ['/opt/my/chrome', '/usr/bin/chromium']),
      { kind: 'found', path: '/opt/my/chrome', source: 'CHROMIUM_PATH' },
    );
  });

  it('takes CHROME_PATH when CHROMIUM_PATH is not set', () => {
    assert.deepEqual(choose({ env: { CHROME_PATH: '/opt/chrome' } }, ['/opt/chrome']), {
      kind: 'found',
      path: '/opt/chrome',
      source: 'CHROME_PATH',
    });
  });

  it('says so when a named browser is not there, instead of quietly taking another', () => {
    const choice = choose({ env: { CHROMIUM_PATH: '/nowhere/chrome' } }, ['/usr/bin/chromium']);
    assert.equal(choice.kind, 'advice');
    assert.match(choice.kind === 'advice' ? choice.line : '', /CHROMIUM_PATH .*\/nowhere\/chrome/);
  });

  it("prefers Playwright's own browser to the system's", () => {
    assert.deepEqual(choose({}, [PLAYWRIGHT, '/usr/bin/chromium']), {
      kind: 'found',
      path: PLAYWRIGHT,
      source: 'Playwright',
    });
  });

  it("takes another Playwright version's Chromium from its folder", () => {
    assert.deepEqual(choose({ playwrightOthers: [OLDER_PLAYWRIGHT] }, [OLDER_PLAYWRIGHT]), {
      kind: 'found',
      path: OLDER_PLAYWRIGHT,
      source: 'Playwright (other version)',
    });
  });

  it("finds Debian's headless shell or chromium, Ubuntu's chromium-browser and Google Chrome", () => {
    for (const system of [
      '/usr/bin/chromium-headless-shell',
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
    ]) {
      assert.deepEqual(choose({}, [system]), { kind: 'found', path: system, source: 'system' });
    }
  });

  it("prefers Debian's headless shell to its full chromium", () => {
    assert.deepEqual(choose({}, ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell']), {
      kind: 'found',
      path: '/usr/bin/chromium-headless-shell',
      source: 'system',
    });
  });

  it("looks in the Mac's applications on a Mac", () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    assert.deepEqual(choose({ platform: 'darwin' }, [chrome, '/usr/bin/chromium']), {
      kind: 'found',
      path: chrome,
      source: 'system',
    });
  });

  it("with nothing found, asks for Playwright's installer first", () => {
    assert.deepEqual(choose({}, []), { kind: 'install' });
  });

  it('after the installer, gives one line that says what to do', () => {
    const choice = choose({}, [], true);
    assert.deepEqual(choice, { kind: 'advice', line: NO_CHROMIUM_ADVICE });
    assert.ok(!NO_CHROMIUM_ADVICE.includes('\n'), 'one line');
    assert.match(NO_CHROMIUM_ADVICE, /apt-get install chromium/);
    assert.match(NO_CHROMIUM_ADVICE, /CHROMIUM_PATH/);
  });

  it('takes what the installer brought', () => {
    assert.deepEqual(choose({}, [PLAYWRIGHT], true), {
      kind: 'found',
      path: PLAYWRIGHT,
      source: 'Playwright',
    });
  });

  it('tells a browser suite by its import of the browser support', () => {
    assert.ok(usesBrowser("import { startBrowser } from '../support/browser';"));
    assert.ok(usesBrowser('} from "../../support/browser";'));
    assert.ok(!usesBrowser("import { startTestApp } from '../support/app';"));
    assert.ok(!usesBrowser("import { chooseChromium } from '../../bot/scripts/chromium';"));
  });
});
