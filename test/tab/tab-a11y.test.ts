/**
 * axe-core over every view and dialog of the associations tab in the light, dark and
 * high-contrast themes (WCAG 2.0/2.1 A and AA), against the real server with the demo data —
 * small on purpose: axe over 2,000 rows takes 11–20 s and finds nothing more.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Association } from '@yhdistysyhteistyo/contract/associations';
import type { TestApp } from '../support/app';
import {
  axeScan,
  callApi,
  describeViolations,
  devToken,
  inputOf,
  openTabAs,
  rowNamed,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

const THEMES = ['default', 'dark', 'contrast'] as const;
const CHOIR = 'Kaupungin Kamarikuoro ry';

async function expectClean(page: Page, what: string): Promise<void> {
  // axeScan waits for Fluent's open and close animations to end before it scans.
  const violations = await axeScan(page);
  assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`);
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });
  // The dialog hides the page from assistive technology while open and gives it back a moment
  // after it has gone.
  await page.locator('#root[aria-hidden="true"]').waitFor({ state: 'detached' });
}

describe('associations tab accessibility: axe in every theme (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let coordinatorToken = '';

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    coordinatorToken = await devToken(t.url, DEMO.coordinator);
  });

  for (const theme of THEMES) {
    describe(`theme ${theme}`, () => {
      let page: Page;
      let problems: string[];

      beforeEach(async () => {
        page = await browser.newPage();
        problems = watchProblems(page);
        // Teams on some clients blocks the clipboard in tabs: the tab then shows the list
        // in a dialog, which is scanned too.
        await page.addInitScript(
          "Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('blocked by the host')) } });",
        );
      });
      afterEach(async function () {
        await page.close();
        if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
      });

      it('the sign-in page', async () => {
        await page.goto(`${t.url}/tab/?theme=${theme}`);
        await page.getByRole('button', { name: /Mikko Laine/ }).waitFor();
        await expectClean(page, 'sign-in');
      });

      it("a contact person's list, search, empty state, dialogs and notices", async () => {
        await openTabAs(page, t.url, DEMO.contact, { query: `theme=${theme}` });
        await expectClean(page, 'own associations');
        await page.getByRole('tab', { name: 'Kaikki yhdistykset' }).click();
        await expectClean(page, 'all associations');
        await page.getByRole('searchbox').fill('ei tällaista nimeä');
        await page.getByTestId('empty-state').waitFor();
        await expectClean(page, 'empty state');
        await page.getByRole('button', { name: 'Tyhjennä haku ja suodattimet' }).click();
        await page.getByRole('tab', { name: 'Omat yhdistykset' }).click();

        await page.getByRole('button', { name: 'Lisää yhdistys' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Lisää yhteyshenkilö' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Tallenna' }).click();
        await page.getByRole('dialog').getByText('Valitse vähintään yksi yksikkö.').waitFor();
        await expectClean(page, 'add dialog with validation messages');
        await closeDialog(page);

        await rowNamed(page, CHOIR).getByRole('button', { name: CHOIR, exact: true }).click();
        await page.getByRole('dialog').waitFor();
        await expectClean(page, 'edit dialog');
        await closeDialog(page);

        await rowNamed(page, CHOIR)
          .getByRole('button', { name: `Historia: ${CHOIR}` })
          .click();
        await page.getByRole('dialog').getByRole('button', { name: 'Sulje' }).waitFor();
        await expectClean(page, 'history dialog');
        await closeDialog(page);

        await rowNamed(page, CHOIR)
          .getByRole('button', { name: `Poista: ${CHOIR}` })
          .click();
        await page.getByRole('alertdialog').waitFor();
        await expectClean(page, 'remove confirmation');
        await closeDialog(page);

        await page.getByRole('button', { name: 'Tuo CSV' }).click();
        await page.getByTestId('import-file').setInputFiles({
          name: 'virhe.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('Nimi;Yksiköt\r\nX;Kulttuuri\r\n', 'utf8'),
        });
        await page.getByRole('button', { name: 'Tarkista tiedosto' }).click();
        await page.getByTestId('import-errors').waitFor();
        await expectClean(page, 'import dialog with row errors');
        await closeDialog(page);

        await page.getByRole('button', { name: 'Kopioi sähköpostilista' }).click();
        await page.getByRole('dialog').getByRole('textbox').waitFor();
        await expectClean(page, 'mailing list dialog');
        await closeDialog(page);

        await page.getByRole('button', { name: 'Vie CSV' }).click();
        await page.getByTestId('notices').getByText('CSV-tiedosto ladattu').waitFor();
        await expectClean(page, 'a notice after an action');
      });

      it('the conflict dialog', async () => {
        const created = await callApi<Association>(
          t.url,
          coordinatorToken,
          'POST',
          '/associations',
          {
            body: { name: `Ristiriitaseura ${theme} ry`, units: ['kulttuuri'] },
          },
        );
        const a = created.body;
        await openTabAs(page, t.url, DEMO.contact, { query: `theme=${theme}` });
        await page.getByRole('searchbox').fill(a.name);
        await rowNamed(page, a.name).getByRole('button', { name: a.name, exact: true }).click();
        await page.getByRole('dialog').getByLabel('Lisätiedot').fill('Omat');
        await callApi(t.url, coordinatorToken, 'PUT', `/associations/${encodeURIComponent(a.id)}`, {
          ifMatch: a.etag,
          body: { ...inputOf(a), notes: 'Heidän' },
        });
        await page.getByRole('dialog').getByRole('button', { name: 'Tallenna' }).click();
        await page.getByTestId('conflict-table').waitFor();
        await expectClean(page, 'conflict dialog');
      });

      it("a reader's details dialog", async () => {
        await openTabAs(page, t.url, DEMO.reader, { query: `theme=${theme}` });
        await rowNamed(page, CHOIR).getByRole('button', { name: CHOIR, exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Sulje' }).waitFor();
        await expectClean(page, 'details dialog');
      });

      it("the coordinator's units, categories and roles, and their dialogs", async () => {
        await openTabAs(page, t.url, DEMO.coordinator, { query: `theme=${theme}` });
        await page.getByRole('tab', { name: 'Hallinta' }).click();
        await page.getByRole('button', { name: 'Lisää yksikkö' }).waitFor();
        await expectClean(page, 'units');
        await page.getByRole('button', { name: 'Lisää yksikkö' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Tallenna' }).click();
        await page.getByRole('dialog').getByText('Tunniste on', { exact: false }).waitFor();
        await expectClean(page, 'unit dialog with messages');
        await closeDialog(page);
        await page.getByRole('tab', { name: 'Luokat' }).click();
        await page.getByRole('button', { name: 'Lisää luokka' }).waitFor();
        await expectClean(page, 'categories');
        await page.getByRole('tab', { name: 'Roolit' }).click();
        await page.getByRole('button', { name: /^Muokkaa: Mikko Laine$/ }).click();
        await page.getByRole('dialog').waitFor();
        await expectClean(page, 'role dialog');
        await closeDialog(page);
        await expectClean(page, 'roles');
      });

      it('the error state when the register cannot be loaded', async () => {
        // The server answering 503 as it does when storage is down.
        await page.route('**/api/v1/associations?*', (route) =>
          route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'storage_unavailable',
                message: 'Tallennuspalvelu ei vastaa juuri nyt. Yritä hetken päästä uudelleen.',
              },
            }),
          }),
        );
        await openTabAs(page, t.url, DEMO.contact, { query: `theme=${theme}`, waitForList: false });
        await page.getByText('Tietoja ei saatu ladattua').waitFor();
        await expectClean(page, 'error state');
      });

      it('the list on a 360 px phone, filters open', async () => {
        await page.setViewportSize({ width: 360, height: 740 });
        await openTabAs(page, t.url, DEMO.contact, { query: `theme=${theme}` });
        await page.getByRole('button', { name: 'Suodattimet' }).click();
        await page.getByRole('combobox', { name: 'Yksikkö' }).waitFor();
        await expectClean(page, 'phone list with filters');
      });
    });
  }
});
