/**
 * Where the tab runs and how it signs in, in headless Chromium against the real server: a
 * plain browser and a page that frames it (not Teams) both end at the development sign-in;
 * production without the development issuer points to Teams; a refused token signs out; the
 * query overrides theme and language; a phone gets no sideways scrolling; and the list stays
 * virtual with 2,000 associations.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import {
  axeScan,
  callApi,
  describeViolations,
  devToken,
  openTabAs,
  rowNamed,
  waitForList,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO, TEST_BOT, TEST_CLIENT_ID, TEST_TENANT } from '../support/tokens';

/** Relative luminance-ish brightness (0–255) of a CSS rgb() colour. */
function brightness(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const PAGE_BACKGROUND = `getComputedStyle(document.querySelector('#root .fui-FluentProvider > div')).backgroundColor`;

describe('associations tab host and sign-in (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let problems: string[];
  let scripts: string[];

  const suite = useTabSuite();
  before(() => {
    ({ app: t, browser } = suite);
  });
  beforeEach(async () => {
    page = await browser.newPage();
    problems = watchProblems(page);
    scripts = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
  });
  afterEach(async function () {
    await page.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
  });

  it('outside Teams offers the demo people, signs in as the one chosen, and can switch', async () => {
    await page.goto(`${t.url}/tab/`);
    await page.getByText('Avattu Teamsin ulkopuolella').waitFor();
    await page.getByRole('button', { name: /Mikko Laine/ }).click();
    await page.getByRole('tab', { name: 'Omat yhdistykset', selected: true }).waitFor();
    await page.getByTestId('signed-in-user').getByText('Mikko Laine').waitFor();
    // A plain browser never downloads teams-js, the Teams host module or the dialogs.
    assert.deepEqual(
      scripts.filter((s) => /\/assets\/(teams|Dialogs|associations)-/.test(s)),
      [],
      scripts.join('\n'),
    );
    // The sign-in survives a reload of the page.
    await page.reload();
    await waitForList(page);
    await page.getByRole('button', { name: 'Vaihda käyttäjää' }).click();
    await page.getByRole('button', { name: /Helena Virtanen/ }).click();
    await page.getByRole('tab', { name: 'Hallinta' }).waitFor();
  });

  it('framed by a page that is not Teams, gives up waiting for Teams and offers the sign-in', async () => {
    // A same-origin page that frames the tab, as a non-Teams host would: app.initialize()
    // never settles there, so the tab must stop waiting on its own.
    await page.route(`${t.url}/frame-host.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>host</title><iframe src="/tab/" style="width:1000px;height:700px"></iframe>',
      }),
    );
    await page.goto(`${t.url}/frame-host.html`);
    const frame = page.frameLocator('iframe');
    await frame.getByRole('button', { name: /Mikko Laine/ }).waitFor({ timeout: 10_000 });
    // teams-js asks a Microsoft CDN for Teams' valid origins; this machine has no way out.
    problems.splice(
      0,
      problems.length,
      ...problems.filter((p) => !p.includes('res.cdn.office.net')),
    );
    // Framed, it did try Teams: the Teams host module was fetched.
    assert.ok(
      scripts.some((s) => /\/assets\/teams-/.test(s)),
      scripts.join('\n'),
    );
  });

  it('a refused token sends the user back to choose who to sign in as', async () => {
    await page.addInitScript(
      `sessionStorage.setItem('yhdistykset.devSession', JSON.stringify({ upn: 'x@example.com', token: 'not-a-token' }))`,
    );
    await page.goto(`${t.url}/tab/`);
    await page.getByRole('button', { name: /Mikko Laine/ }).waitFor();
  });

  it('follows ?theme and ?lang: dark, high contrast, English', async () => {
    await openTabAs(page, t.url, DEMO.contact, { query: 'theme=default' });
    assert.ok(brightness(await page.evaluate<string>(PAGE_BACKGROUND)) > 200);
    await openTabAs(page, t.url, DEMO.contact, { query: 'theme=dark&lang=en' });
    assert.ok(brightness(await page.evaluate<string>(PAGE_BACKGROUND)) < 60);
    await page.getByRole('tab', { name: 'My associations' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.title(), 'Associations');
    await openTabAs(page, t.url, DEMO.contact, { query: 'theme=contrast' });
    assert.ok(brightness(await page.evaluate<string>(PAGE_BACKGROUND)) < 20);
  });

  it('says what went wrong when the API fails, and the retry button loads the list', async () => {
    let failing = true;
    await page.route('**/api/v1/units', (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'storage_unavailable',
                message: 'Tallennuspalvelu ei vastaa juuri nyt. Yritä hetken päästä uudelleen.',
              },
            }),
          })
        : route.continue(),
    );
    await openTabAs(page, t.url, DEMO.contact, { waitForList: false });
    await page.getByText('Tallennuspalvelu ei vastaa juuri nyt.', { exact: false }).waitFor();
    failing = false;
    await page.getByRole('button', { name: 'Yritä uudelleen' }).click();
    await waitForList(page);
  });

  it('fits a 360 px phone: no sideways scrolling in the list, the filters or a dialog', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = () =>
      page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
    await openTabAs(page, t.url, DEMO.contact);
    assert.equal(await overflow(), 0, 'list');
    await page.getByRole('button', { name: 'Suodattimet' }).click();
    await page.getByRole('combobox', { name: 'Luokka' }).waitFor();
    assert.equal(await overflow(), 0, 'filters');
    await page.getByRole('button', { name: 'Lisää yhdistys' }).click();
    await page.getByRole('dialog').waitFor();
    assert.equal(await overflow(), 0, 'add dialog');
  });

  it('the configuration page of the channel tab says, outside Teams, where it belongs (axe-clean)', async () => {
    await page.goto(`${t.url}/tab/config.html`);
    await page
      .getByText('Tämä sivu avautuu Teamsissa, kun välilehti lisätään kanavalle.')
      .waitFor();
    const violations = await axeScan(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('with 2,000 associations renders only the rows in view, and search and scrolling reach all', async () => {
    const token = await devToken(t.url, DEMO.coordinator);
    const lines = ['Nimi;Yksiköt'];
    for (let i = 1; i <= 2000; i++) {
      lines.push(
        `Massayhdistys ${String(i).padStart(4, '0')} ry;${i % 2 ? 'Kulttuuri' : 'Liikunta'}`,
      );
    }
    const imported = await fetch(`${t.url}/api/v1/associations/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: lines.join('\r\n'),
    });
    assert.equal(imported.status, 200, await imported.text());
    const all = await callApi<{ total?: number; items: unknown[] }>(
      t.url,
      token,
      'GET',
      '/associations?limit=1&status=all',
    );
    const total = all.body.total ?? 0;
    assert.ok(total >= 2000);

    await openTabAs(page, t.url, DEMO.coordinator);
    await page
      .getByTestId('count')
      .getByText(/^\d+ yhdistystä$/)
      .waitFor();
    const rendered = await page.getByTestId('association-row').count();
    assert.ok(rendered > 5 && rendered < 60, `rendered ${rendered} rows of ${total}`);
    assert.equal(
      await page.locator('[role="table"]').getAttribute('aria-rowcount'),
      String(total + 1),
    );

    await page.getByRole('searchbox').fill('massayhdistys 1999');
    await rowNamed(page, 'Massayhdistys 1999 ry').waitFor();
    await page.getByTestId('count').getByText('1 yhdistystä').waitFor();

    await page.getByRole('searchbox').fill('massayhdistys');
    await page.getByTestId('count').getByText('2000 yhdistystä').waitFor();
    // Scrolled to the end by the wheel, as a person would.
    await page.getByTestId('list-scroller').hover();
    await page.mouse.wheel(0, 200 * 2000);
    await rowNamed(page, 'Massayhdistys 2000 ry').waitFor();
    assert.ok((await page.getByTestId('association-row').count()) < 60);
  });
});

describe('associations tab in production, without the development issuer (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;

  const suite = useTabSuite({
    ...TEST_BOT,
    DEV_AUTH: 'false',
    AAD_APP_CLIENT_ID: TEST_CLIENT_ID,
    ALLOWED_TENANT_IDS: TEST_TENANT,
  });
  before(() => {
    ({ app: t, browser } = suite);
  });

  it('outside Teams tells the user to open the app in Teams and offers no sign-in', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(`${t.url}/tab/`);
    await page
      .getByText('Yhdistykset-välilehti toimii Microsoft Teamsissa.', { exact: false })
      .waitFor();
    assert.equal(await page.getByRole('button').count(), 0);
    // The one failed load is the probe for the development issuer, answered 404.
    assert.ok(
      problems.every((p) => p.includes('/dev/users')),
      problems.join('\n'),
    );
  });
});
