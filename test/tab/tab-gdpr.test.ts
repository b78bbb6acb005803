/**
 * The coordinator finds, downloads and erases one person's data in the tab's administration
 * (Chromium against the real server), with field messages and an axe scan, in Finnish.
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
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

const EMAIL = 'lahteva.koordinaattori@kaupunki.example';

describe('personal data in the tab: find, download, erase (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let problems: string[];
  let token = '';

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    token = await devToken(t.url, DEMO.coordinator);
    const role = await callApi(t.url, token, 'PUT', `/roles?upn=${encodeURIComponent(EMAIL)}`, {
      body: {
        name: 'Lähtevä Koordinaattori',
        role: 'contact',
        units: ['nuoriso'],
      },
    });
    assert.equal(role.status, 200);
    const made = await callApi(t.url, token, 'POST', '/associations', {
      body: {
        name: 'Lähtijöiden seura ry',
        units: ['nuoriso'],
        contacts: [{ name: 'Lähtevä Koordinaattori', email: EMAIL }],
      },
    });
    assert.equal(made.status, 201);
  });
  beforeEach(async () => {
    page = await browser.newPage();
    problems = watchProblems(page);
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByRole('tab', { name: 'Hallinta' }).click();
    await page.getByRole('tab', { name: 'Henkilötiedot' }).click();
  });
  afterEach(async function () {
    await page.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
  });

  it('says what is wrong under the field, finds every table and passes axe', async () => {
    await page.getByLabel('Sähköpostiosoite').fill('maija');
    await page.getByLabel('Objektitunnus (valinnainen)').fill('ei-tunnus');
    await page.getByRole('button', { name: 'Hae tiedot' }).click();
    await page.getByText('Anna sähköpostiosoite muodossa nimi@esimerkki.fi.').waitFor();
    await page.getByText('Objektitunnus (object id) on muotoa', { exact: false }).waitFor();
    await page.getByLabel('Objektitunnus (valinnainen)').fill('');
    await page.getByLabel('Sähköpostiosoite').fill(EMAIL);
    await page.getByRole('button', { name: 'Hae tiedot' }).click();
    await page.getByRole('status').getByText('Henkilöstä on tietoja 2 taulussa.').waitFor();
    const table = page.getByRole('table', { name: 'Tulokset' });
    for (const name of ['Roolit', 'Yhdistysrekisteri']) {
      await table.getByRole('rowheader', { name }).waitFor();
    }
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Lataa tiedot (JSON)' }).click();
    assert.equal((await download).suggestedFilename(), 'personal-data.json');
    const violations = await axeScan(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('erases after a confirmation and shows what changed per table', async () => {
    await page.getByLabel('Sähköpostiosoite').fill(EMAIL);
    await page.getByRole('button', { name: 'Poista henkilön tiedot' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText(`Poistetaanko henkilön ${EMAIL} tiedot?`).waitFor();
    await confirm.getByRole('button', { name: 'Poista tiedot' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .getByText(/Tiedot poistettu: \d+ riviä \d+ taulusta\./)
      .waitFor();
    await page
      .getByRole('table', { name: 'Tulokset' })
      .getByRole('rowheader', { name: 'Roolit' })
      .waitFor();
    const after = await callApi<{ tables: object }>(
      t.url,
      token,
      'GET',
      `/people/export?email=${encodeURIComponent(EMAIL)}`,
    );
    assert.deepEqual(after.body.tables, {});
  });
});
