/**
 * The stale-data reminder card's "edit the data" link (`?association=<id>`) opens that
 * association's edit dialog in the tab, in headless Chromium against the real server.
 */
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app';
import { callApi, devToken, openTabAs, type BrowserSession } from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

describe('a card link to an association opens its edit dialog (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  const suite = useTabSuite();
  before(() => {
    ({ app: t, browser } = suite);
  });

  it('opens the linked association for editing, and nothing without a link', async () => {
    const token = await devToken(t.url, DEMO.contact);
    const mine = await callApi<{ items: { id: string; name: string }[] }>(
      t.url,
      token,
      'GET',
      '/associations?mine=true&limit=1',
    );
    const target = mine.body.items[0];
    assert.ok(target);
    const page = await browser.newPage();
    try {
      await openTabAs(page, t.url, DEMO.contact, {
        query: `view=personal&association=${encodeURIComponent(target.id)}`,
      });
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      assert.equal(
        await dialog.getByRole('textbox', { name: /Nimi/ }).first().inputValue(),
        target.name,
      );
      await page.goto(`${t.url}/tab/?view=personal`);
      await page.getByRole('searchbox').first().waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0);
    } finally {
      await page.close();
    }
  });
});
