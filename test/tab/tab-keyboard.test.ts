/**
 * Add, edit and remove with the keyboard alone: Tab, Shift+Tab, Enter, Space, Escape and
 * typing, never a click, in headless Chromium against the real server.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Association, AssociationList } from '@yhdistysyhteistyo/contract/associations';
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
import { eventually } from '../support/wait';

/** The focused element's accessible name as the page gives it: aria-label, label or text. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const labelled = el.getAttribute('aria-labelledby');
  const byId = labelled ? labelled.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
  const label = el.id ? document.querySelector('label[for="' + el.id + '"]')?.textContent ?? '' : '';
  return (el.getAttribute('aria-label') || byId || label || el.textContent || '').trim();
})()`;

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails after `max`. */
async function tabTo(page: Page, name: string | RegExp, max = 120, key = 'Tab'): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const focused = await page.evaluate<string>(FOCUSED);
    seen.push(focused);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  assert.fail(
    `no focusable "${String(name)}" within ${max} presses; saw: ${seen.slice(-15).join(' | ')}`,
  );
}

/** The same, for a form field by its `data-field`. */
async function tabToField(page: Page, field: string, key = 'Tab', max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if ((await page.locator(':focus').getAttribute('data-field')) === field) return;
  }
  assert.fail(`no field ${field} within ${max} presses`);
}

describe('associations tab with the keyboard alone (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let problems: string[];
  let token = '';

  async function find(name: string): Promise<Association | undefined> {
    const list = await callApi<AssociationList>(
      t.url,
      token,
      'GET',
      `/associations?status=all&limit=1000&q=${encodeURIComponent(name)}`,
    );
    return list.body.items.find((a) => a.name === name);
  }

  // With Fluent's animations on, as most people have them: focus must come back after a
  // dialog's closing animation, not only when there is none.
  const suite = useTabSuite({}, { reducedMotion: false });
  before(async () => {
    ({ app: t, browser } = suite);
    token = await devToken(t.url, DEMO.contact);
    page = await browser.newPage();
    problems = watchProblems(page);
    await openTabAs(page, t.url, DEMO.contact);
  });

  it('adds an association: Tab to the button, type, Space for a unit, Enter to save', async () => {
    await tabTo(page, 'Lisää yhdistys');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    // The dialog puts focus in its first field.
    assert.equal(await page.locator(':focus').getAttribute('data-field'), 'name');
    await page.keyboard.type('Näppäimistöyhdistys ry');
    await tabTo(page, 'Kirjasto');
    await page.keyboard.press('Space');
    await tabTo(page, 'Lisää yhteyshenkilö');
    await page.keyboard.press('Enter');
    // The new contact's fields come before the button.
    await tabToField(page, 'contacts.0.name', 'Shift+Tab');
    await page.keyboard.type('Kaisa Näppäilijä');
    await tabToField(page, 'contacts.0.email');
    await page.keyboard.type('kaisa@example.com');
    await tabTo(page, 'Tallenna');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // Focus goes back to where the dialog was opened from.
    assert.equal(await page.evaluate<string>(FOCUSED), 'Lisää yhdistys');

    const saved = await find('Näppäimistöyhdistys ry');
    assert.ok(saved, 'the API has it');
    assert.deepEqual(saved.units, ['kirjasto']);
    assert.equal(saved.contacts[0]?.name, 'Kaisa Näppäilijä');
  });

  it('edits it: search by typing, Tab to its edit button, change the notes, Enter to save', async () => {
    await tabTo(page, 'Hae nimellä', 20, 'Shift+Tab');
    await page.keyboard.type('näppäimistö');
    // The rows shown before the search stay until the filtered list replaces them.
    await eventually(async () =>
      assert.equal(await page.getByTestId('association-row').count(), 1),
    );
    await tabTo(page, 'Muokkaa: Näppäimistöyhdistys ry');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await tabTo(page, /^Lisätiedot/);
    await page.keyboard.type('Kirjoitettu näppäimistöllä.');
    // Enter in a single-line field submits the form, like a click on Tallenna.
    await tabTo(page, /^Profiili/, 20, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal((await find('Näppäimistöyhdistys ry'))?.notes, 'Kirjoitettu näppäimistöllä.');
  });

  it('Escape closes a dialog without saving', async () => {
    await tabTo(page, 'Muokkaa: Näppäimistöyhdistys ry', 40, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type(' muutos jota ei tallenneta');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal((await find('Näppäimistöyhdistys ry'))?.name, 'Näppäimistöyhdistys ry');
  });

  it('removes it: Tab to its remove button, Enter, and confirm with Enter', async () => {
    await tabTo(page, 'Poista: Näppäimistöyhdistys ry', 40);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    await tabTo(page, 'Poista', 10);
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await page.getByTestId('empty-state').waitFor();
    assert.equal(await find('Näppäimistöyhdistys ry'), undefined);
    assert.deepEqual(problems, []);
  });
});
