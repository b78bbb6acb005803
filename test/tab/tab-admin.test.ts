/**
 * The coordinator's administration in the tab: units, categories and role assignments,
 * edited in headless Chromium against the real server and checked through the API.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Unit } from '@yhdistysyhteistyo/contract/associations';
import type { RoleAssignment } from '@yhdistysyhteistyo/contract/people';
import type { TestApp } from '../support/app';
import {
  callApi,
  devToken,
  openTabAs,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

describe('associations tab administration by the coordinator (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let problems: string[];
  let token = '';

  const units = async () =>
    (await callApi<{ items: Unit[] }>(t.url, token, 'GET', '/units')).body.items;
  const roles = async () =>
    (await callApi<{ items: RoleAssignment[] }>(t.url, token, 'GET', '/roles')).body.items;

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    token = await devToken(t.url, DEMO.coordinator);
  });
  beforeEach(async () => {
    page = await browser.newPage();
    problems = watchProblems(page);
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByRole('tab', { name: 'Hallinta' }).click();
  });
  afterEach(async function () {
    await page.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
  });

  it('adds a unit, renames it and removes it', async () => {
    await page.getByRole('button', { name: 'Lisää yksikkö' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.getByText('Tunniste on 1–80 merkkiä', { exact: false }).waitFor();
    await dialog.getByLabel('Tunniste').fill('ymparistopalvelut');
    await dialog.getByLabel('Nimi suomeksi').fill('Ympäristöpalvelut');
    await dialog.getByLabel('Nimi englanniksi').fill('Environmental services');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Ympäristöpalvelut', exact: true }).waitFor();
    assert.deepEqual((await units()).find((u) => u.id === 'ymparistopalvelut')?.name, {
      fi: 'Ympäristöpalvelut',
      en: 'Environmental services',
    });

    await page.getByRole('button', { name: 'Muokkaa: Ympäristöpalvelut' }).click();
    await dialog.getByLabel('Nimi suomeksi').fill('Ympäristö ja luonto');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Ympäristö ja luonto', exact: true }).waitFor();
    assert.equal(
      (await units()).find((u) => u.id === 'ymparistopalvelut')?.name.fi,
      'Ympäristö ja luonto',
    );

    await page.getByRole('button', { name: 'Poista: Ympäristö ja luonto' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Poista' }).click();
    // While the modal confirmation is open the page behind it is hidden from role queries, so the
    // row would count as gone at once: wait for the confirmation to close after the delete first.
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page
      .getByRole('cell', { name: 'Ympäristö ja luonto', exact: true })
      .waitFor({ state: 'detached' });
    assert.equal(
      (await units()).find((u) => u.id === 'ymparistopalvelut'),
      undefined,
    );
  });

  it('refuses to remove a unit that associations use, and says how many', async () => {
    await page.getByRole('button', { name: 'Poista: Kulttuuri' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Poista' }).click();
    await page
      .getByTestId('notices')
      .getByText(/Tätä ei voi poistaa, koska \d+ yhdistystä käyttää sitä\./)
      .waitFor();
    await page.getByRole('cell', { name: 'Kulttuuri', exact: true }).waitFor();
    assert.ok((await units()).some((u) => u.id === 'kulttuuri'));
  });

  it('assigns a new contact person to a unit, with the inline rule for units', async () => {
    await page.getByRole('tab', { name: 'Roolit' }).click();
    await page.getByRole('button', { name: 'Lisää henkilö' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Sähköposti (Teams-tunnus)').fill('Uusi.Henkilo@kaupunki.example');
    await dialog.getByLabel('Nimi').fill('Uusi Henkilö');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.getByText('Yhteyshenkilöllä on oltava vähintään yksi yksikkö.').waitFor();
    await dialog.getByRole('checkbox', { name: 'Liikunta' }).check();
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: /^Uusi Henkilö/ }).waitFor();
    const saved = (await roles()).find((r) => r.upn === 'uusi.henkilo@kaupunki.example');
    assert.equal(saved?.role, 'contact');
    assert.deepEqual(saved?.units, ['liikunta']);

    // The new person signs in and sees the unit's associations as their own.
    const other = await browser.newPage();
    try {
      await openTabAs(other, t.url, 'uusi.henkilo@kaupunki.example');
      await other.getByRole('tab', { name: 'Omat yhdistykset', selected: true }).waitFor();
      await other.getByRole('button', { name: 'Lisää yhdistys' }).waitFor();
    } finally {
      await other.close();
    }
  });
});
