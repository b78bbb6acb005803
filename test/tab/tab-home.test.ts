/**
 * The coordinator's home view in headless Chromium against the real server and Azurite: the
 * next 30 days of posts, a failed post sent again by a click, a working group with no next
 * meeting, an association not checked for over a year; axe in three themes.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { versionRow } from '../../bot/src/storage/associations-store';
import { TABLES } from '../../bot/src/storage/tables';
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

const PERSON = '00000000-0000-4000-a000-0000000000aa';

async function openHome(page: Page, t: TestApp, query = ''): Promise<void> {
  await openTabAs(page, t.url, DEMO.coordinator, { query });
  await page.getByTestId('nav-home').click();
  await page.getByTestId('home-view').waitFor();
}

describe("the coordinator's home view (Chromium)", function () {
  this.timeout(180_000);
  let t: TestApp;
  let browser: BrowserSession;
  let staleName = '';
  let outbox: TableOutboxStore;

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    const storage = t.app.storage;
    // A reminder that failed yesterday: the person had blocked the bot.
    outbox = new TableOutboxStore(storage);
    const dueAt = new Date(Date.now() - 86_400_000).toISOString();
    await outbox.insert([
      {
        postId: 'monthly',
        occurrence: 'home-test',
        target: { kind: 'personal', personId: PERSON },
        kind: 'monthly',
        dueAt,
        state: 'waiting',
        payload: { kind: 'monthly', month: dueAt.slice(0, 7) },
      },
    ]);
    const [row] = (
      await outbox.list({
        from: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        to: new Date().toISOString(),
      })
    ).filter((r) => r.occurrence === 'home-test');
    assert.ok(row);
    const claimed = await outbox.claim(row, { holder: 'test', epoch: 1, at: dueAt });
    assert.ok(claimed);
    await outbox.finish(claimed, {
      state: 'failed',
      reason: 'blocked',
      httpStatus: 403,
      errorCode: 'ConversationBlockedByUser',
      at: dueAt,
    });
    // A group with no meetings at all.
    const token = await devToken(t.url, DEMO.coordinator);
    const group = await callApi(t.url, token, 'POST', '/working-groups', {
      body: {
        name: { fi: 'Hiljainen verkosto' },
        contact: { name: 'Helena Virtanen', upn: DEMO.coordinator },
      },
    });
    assert.equal(group.status, 201);
    // One association last checked two years ago.
    const associations = storage.table(TABLES.associations);
    for await (const a of associations.listEntities<{ name: string }>({
      queryOptions: { filter: "PartitionKey eq 'association' and RowKey ge '0'" },
    })) {
      staleName = a.name;
      await associations.updateEntity(
        {
          partitionKey: a.partitionKey ?? '',
          rowKey: a.rowKey ?? '',
          updatedAt: new Date(Date.now() - 2 * 365 * 86_400_000).toISOString(),
        },
        'Merge',
      );
      break;
    }
    await associations.upsertEntity(versionRow(new Date()), 'Replace');
  });

  it('lists what will be posted, what failed (sent again by a click), idle groups and stale associations, each leading to its fix', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openHome(page, t);
    // The demo year's monthly post is always within 30 days.
    const coming = page.getByTestId('home-coming-row');
    await coming.first().waitFor();
    assert.match((await coming.first().innerText()).replace(/\s+/g, ' '), /klo \d{1,2}\.\d{2}/);

    const failed = page.getByTestId('home-failed-row');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.innerText(), /estänyt botin viestit/);
    await failed
      .getByRole('button', { name: /^Lähetä uudelleen: Tässä kuussa yhteistyössä/ })
      .click();
    await page.getByText('Viimeisen 30 päivän julkaisut ovat menneet perille.').waitFor();
    const rows = await outbox.list({
      from: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const again = rows.filter((r) => r.resendOf !== undefined);
    assert.equal(again.length, 1, 'a new row, sent again');
    assert.equal(again[0]?.state, 'waiting');

    await page.getByTestId('home-idle-list').getByText('Hiljainen verkosto').waitFor();
    await page.getByRole('button', { name: 'Suunnittele kokous: Hiljainen verkosto' }).click();
    await page.getByTestId('events-view').waitFor();
    await page.getByTestId('nav-home').click();

    // The share of fresh records per service area: the stale one is missing from its units' share.
    await page.getByTestId('home-fresh-row').first().waitFor();
    const fresh = await page.getByTestId('home-fresh-row').allInnerTexts();
    assert.ok(fresh.length > 0);
    const shares = fresh.map((r) => Number(/(\d+) %/.exec(r)?.[1]));
    assert.ok(shares.some((p) => p < 100) && shares.some((p) => p === 100), fresh.join(' | '));
    const stale = page.getByTestId('home-stale-list');
    await stale.getByText(staleName, { exact: false }).waitFor();
    await page.getByRole('button', { name: `Tarkista tiedot: ${staleName}` }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // "Still correct": saved as it is, checked today, off the list.
    await page.getByRole('button', { name: `Tiedot ovat ajan tasalla: ${staleName}` }).click();
    await page
      .getByText('Kaikkien yhdistysten tiedot on tarkistettu viimeisen vuoden aikana.')
      .waitFor();
    const token = await devToken(t.url, DEMO.coordinator);
    const list = await callApi<{ items: { name: string; updatedAt: string }[] }>(
      t.url,
      token,
      'GET',
      '/associations?limit=1000',
    );
    const checked = list.body.items.find((a) => a.name === staleName);
    assert.ok(checked && Date.now() - Date.parse(checked.updatedAt) < 600_000, 'checked today');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is not offered to a contact person', async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.contact);
    await page.getByTestId('nav-events').waitFor();
    assert.equal(await page.getByTestId('nav-home').count(), 0);
    await page.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no axe violations in the ${theme} theme`, async () => {
      const page = await browser.newPage();
      await openHome(page, t, `theme=${theme}`);
      await page.getByTestId('home-coming-table').waitFor();
      const violations = await axeScan(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await page.close();
    });
  }
});
