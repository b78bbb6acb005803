/**
 * The tab inside a Teams host. No Teams client runs here, so a stand-in host page plays
 * Teams' side of teams-js's postMessage protocol from Teams' own origin (served by Chromium's
 * request routing), and the real teams-js in the tab talks to it: initialize, getContext, the
 * theme change, notifySuccess, the SSO token for the API, and the channel tab's configuration
 * page. The tab itself comes from the real server, on an https origin the routing provides.
 */
import assert from 'node:assert/strict';
import type { Page, Route } from 'playwright-core';
import type { TestApp } from '../support/app';
import { devToken, watchProblems, type BrowserSession } from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

const HOST = 'https://teams.microsoft.com';
const TAB = 'https://yhdistykset.kaupunki.example';

/** Teams' side of the protocol: answers the tab's calls and records them in `hostLog`. */
function hostPage(tabPath: string, context: Record<string, unknown>, token: string): string {
  return `<!doctype html><html><head><title>Teams</title></head><body style="margin:0">
<iframe id="tab" src="${TAB}${tabPath}" style="border:0;width:1200px;height:760px"></iframe>
<script>
  window.hostLog = [];
  const frame = document.getElementById('tab');
  const context = ${JSON.stringify(context)};
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m.func !== 'string' || event.origin !== ${JSON.stringify(TAB)}) return;
    window.hostLog.push({ func: m.func, args: m.args });
    const reply = (args) =>
      frame.contentWindow.postMessage({ id: m.id, uuid: m.uuid, args }, event.origin);
    switch (m.func) {
      // No runtime object: teams-js then assumes the capabilities of a Teams of that version.
      case 'initialize': return reply([context.frameContext, 'web', '2.0.0', '2.0.0']);
      case 'getContext': return reply([context]);
      case 'authentication.getAuthToken': return reply([true, ${JSON.stringify(token)}]);
      default: return reply([true]);
    }
  });
  window.sendToTab = (func, args) =>
    frame.contentWindow.postMessage({ func, args }, ${JSON.stringify(TAB)});
</script></body></html>`;
}

interface HostCall {
  readonly func: string;
  readonly args: unknown[];
}

describe('associations tab inside a Teams host (Chromium, real teams-js)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let problems: string[];
  let token = '';

  async function openInHost(tabPath: string, context: Record<string, unknown>): Promise<void> {
    // The tab's https origin is the real server behind Chromium's routing.
    await page.route(`${TAB}/**`, async (route: Route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${t.url}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    });
    await page.route(`${HOST}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: hostPage(tabPath, context, token) }),
    );
    await page.goto(`${HOST}/_#/apps/yhdistykset`);
  }

  const hostLog = () => page.evaluate<HostCall[]>('window.hostLog');
  const tab = () => page.frameLocator('#tab');

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    token = await devToken(t.url, DEMO.contact);
  });
  beforeEach(async () => {
    page = await browser.newPage();
    problems = watchProblems(page);
  });
  afterEach(async function () {
    await page.close();
    // teams-js asks a Microsoft CDN for Teams' valid origins; this machine has no way out.
    const real = problems.filter((p) => !p.includes('res.cdn.office.net'));
    if (this.currentTest?.state === 'passed') assert.deepEqual(real, []);
  });

  it("opens the association a card's deep link names (subEntityId) for editing", async () => {
    const res = await fetch(`${t.url}/api/v1/associations?mine=true&limit=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const target = ((await res.json()) as { items: { id: string; name: string }[] }).items[0];
    assert.ok(target);
    await openInHost('/tab/index.html?view=personal', {
      frameContext: 'content',
      hostClientType: 'web',
      locale: 'fi-fi',
      theme: 'default',
      userPrincipalName: DEMO.contact,
      loginHint: DEMO.contact,
      entityId: 'associations',
      subEntityId: `association:${target.id}`,
    });
    const dialog = tab().getByRole('dialog');
    await dialog.waitFor();
    assert.equal(
      await dialog.getByRole('textbox', { name: /Nimi/ }).first().inputValue(),
      target.name,
    );
  });

  it('signs in with the SSO token from Teams, follows its theme and locale, and reports success', async () => {
    await openInHost('/tab/index.html', {
      frameContext: 'content',
      hostClientType: 'web',
      locale: 'en-us',
      theme: 'dark',
      userPrincipalName: DEMO.contact,
      loginHint: DEMO.contact,
      entityId: 'associations',
    });
    // Signed in as the person Teams vouches for, without the development sign-in.
    await tab().getByRole('tab', { name: 'My associations', selected: true }).waitFor();
    await tab().getByTestId('signed-in-user').getByText('Mikko Laine').waitFor();
    assert.equal(await tab().getByText('Opened outside Teams').count(), 0);
    const tabFrame = page.frames().find((f) => f.url().startsWith(TAB));
    assert.ok(tabFrame, 'the tab is framed');
    const background = () =>
      tabFrame.evaluate<string>(
        "getComputedStyle(document.querySelector('#root .fui-FluentProvider > div')).backgroundColor",
      );
    const dark = await background();
    // Teams' dark theme from the context: teamsDarkTheme's page background.
    assert.equal(dark, 'rgb(31, 31, 31)');

    const calls = (await hostLog()).map((c) => c.func);
    assert.ok(calls.includes('initialize'), calls.join(', '));
    assert.ok(calls.includes('getContext'), calls.join(', '));
    // One token for all of the first load's API calls: the tab keeps it until near expiry.
    assert.equal(
      calls.filter((c) => c === 'authentication.getAuthToken').length,
      1,
      calls.join(', '),
    );
    assert.ok(calls.includes('appInitialization.success'), calls.join(', '));

    // Teams switches to high contrast: the tab follows without a reload.
    await page.evaluate(`window.sendToTab('themeChange', ['contrast'])`);
    // React re-renders on the handler's call; poll the painted colour for a moment.
    let contrast = dark;
    for (let i = 0; i < 50 && contrast === dark; i++) {
      await page.waitForTimeout(100);
      contrast = await background();
    }
    assert.notEqual(contrast, dark, 'the background changed with the theme');
    assert.equal(contrast, 'rgb(0, 0, 0)');
  });

  it('the configuration page lets Teams save the channel tab with the list as its content', async () => {
    await openInHost('/tab/config.html', {
      frameContext: 'settings',
      hostClientType: 'web',
      locale: 'fi-fi',
      theme: 'default',
      userPrincipalName: DEMO.contact,
    });
    await tab().getByText('Valitse Tallenna lisätäksesi sen.', { exact: false }).waitFor();
    await page.waitForFunction(() =>
      (globalThis as unknown as { hostLog: { func: string }[] }).hostLog.some(
        (c) => c.func === 'settings.setValidityState',
      ),
    );
    // The user presses Save in Teams.
    await page.evaluate(`window.sendToTab('settings.save', [{}])`);
    await page.waitForFunction(() =>
      (globalThis as unknown as { hostLog: { func: string }[] }).hostLog.some(
        (c) => c.func === 'settings.save.success',
      ),
    );
    const log = await hostLog();
    assert.deepEqual(log.find((c) => c.func === 'settings.setValidityState')?.args, [true]);
    const saved = log.find((c) => c.func === 'settings.setSettings')?.args[0] as Record<
      string,
      string
    >;
    assert.equal(saved.entityId, 'associations');
    assert.equal(saved.suggestedDisplayName, 'Yhdistykset');
    assert.equal(saved.contentUrl, `${TAB}/tab/index.html?view=channel`);
    assert.equal(saved.websiteUrl, `${TAB}/tab/index.html?view=channel`);
  });
});
