import assert from 'node:assert/strict';
import type { TestApp } from '../support/app';
import {
  axeScan,
  callApi,
  describeViolations,
  devToken,
  openTabAs,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

describe('scheduled posts in the tab (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;

  const suite = useTabSuite();
  before(() => {
    ({ app: t, browser } = suite);
  });

  it('shows the coordinator the coming posts with their state, and pauses and resumes them', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByTestId('nav-deliveries').click();
    await page.getByTestId('deliveries-view').waitFor();

    // The demo year's monthly post ("this month in the cooperation") is always within two months.
    const rows = page.getByTestId('delivery-row');
    assert.ok((await rows.count()) > 0, 'coming posts are listed');
    assert.match((await rows.first().innerText()).replace(/\s+/g, ' '), /klo \d{1,2}\.\d{2}/);

    const token = await devToken(t.url, DEMO.coordinator);
    await page.getByTestId('deliveries-pause').click();
    await page.getByTestId('deliveries-paused').waitFor();
    const paused = await callApi<{ paused: boolean }>(t.url, token, 'GET', '/deliveries');
    assert.equal(paused.body.paused, true, 'the pause is stored');

    await page.getByTestId('deliveries-pause').click();
    await page.getByTestId('deliveries-paused').waitFor({ state: 'detached' });
    const resumed = await callApi<{ paused: boolean }>(t.url, token, 'GET', '/deliveries');
    assert.equal(resumed.body.paused, false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is not offered to a contact person', async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.contact);
    assert.equal(await page.getByTestId('nav-deliveries').count(), 0);
    await page.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no axe violations in the ${theme} theme`, async () => {
      const page = await browser.newPage();
      await openTabAs(page, t.url, DEMO.coordinator, { query: `theme=${theme}` });
      await page.getByTestId('nav-deliveries').click();
      await page.getByTestId('deliveries-view').waitFor();
      const violations = await axeScan(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await page.close();
    });
  }
});
