/**
 * The guide texts in the tab, in headless Chromium against the real server and Azurite: the
 * coordinator chooses a text, edits it in Finnish and English beside the card's live preview,
 * is stopped by a field message, saves, and finds the change in its history; a save that
 * meets someone else's keeps the draft and shows the stored text; axe in three themes.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ContentEntry } from '@yhdistysyhteistyo/contract/content';
import { TableContentStore } from '../../bot/src/storage/content-store';
import { TABLES } from '../../bot/src/storage/tables';
import type { TestApp } from '../support/app';
import {
  axeScan,
  describeViolations,
  openTabAs,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';

async function openGuide(page: Page, t: TestApp, query = ''): Promise<void> {
  await openTabAs(page, t.url, DEMO.coordinator, { query });
  await page.getByTestId('nav-guide').click();
  await page.getByTestId('guide-view').waitFor();
  await page.getByTestId('guide-card').waitFor();
}

const store = (t: TestApp) => new TableContentStore(t.app.storage.table(TABLES.content));

async function stored(t: TestApp, section: 'topic' | 'houseRule', key: string) {
  const found = await store(t).entry(section, key);
  assert.ok(found);
  return found;
}

describe('guide texts in the tab (Chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let browser: BrowserSession;

  const suite = useTabSuite();
  before(() => {
    ({ app: t, browser } = suite);
  });

  it('edits a text beside its card preview, saves it and shows the change in the history', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openGuide(page, t);
    await page.getByTestId('guide-choose').selectOption('topic/grants');
    const card = page.getByTestId('guide-card');
    await card.getByText('Avustukset ja avustussääntö').waitFor();
    await page.getByTestId('guide-history').getByText('Ei muutoksia').waitFor();

    // Typing changes the preview.
    await page.getByTestId('guide-title.fi').fill('Avustussääntö 2027');
    await card.getByText('Avustussääntö 2027').waitFor();
    await page
      .getByTestId('guide-points.fi')
      .fill('Hakuaika päättyy 31.3.\nKysy *yhteyshenkilöltä*');
    await card.getByText('Kysy *yhteyshenkilöltä*').waitFor();
    // The English preview shows the English text.
    await page.getByTestId('guide-preview-en').click();
    await card.getByText('Grants and the grant rule').waitFor();
    await page.getByTestId('guide-preview-fi').click();

    // An empty field is named at the field in Finnish, and nothing is saved.
    await page.getByTestId('guide-text.en').fill('');
    await page.getByText('Kirjoita teksti: kenttä ei voi olla tyhjä.').waitFor();
    await page.getByTestId('guide-save').click();
    await page.getByText('Tarkista merkityt kentät.').first().waitFor();
    assert.equal(
      (await stored(t, 'topic', 'grants')).fields.title.fi,
      'Avustukset ja avustussääntö',
    );
    await page.getByTestId('guide-text.en').fill('The city supports associations with grants.');

    await page.getByTestId('guide-save').click();
    await page.getByText('Teksti tallennettu.', { exact: false }).first().waitFor();
    const saved = await stored(t, 'topic', 'grants');
    assert.equal(saved.fields.title.fi, 'Avustussääntö 2027');
    assert.deepEqual(saved.fields.points.fi, ['Hakuaika päättyy 31.3.', 'Kysy *yhteyshenkilöltä*']);
    assert.equal(saved.fields.text.en, 'The city supports associations with grants.');
    assert.equal(saved.updatedBy, DEMO.coordinator);

    const history = page.getByTestId('guide-history-item');
    await history.first().waitFor();
    assert.equal(await history.count(), 1);
    await history.first().getByText(DEMO.coordinator, { exact: false }).waitFor();
    await history.first().locator('summary').click();
    await history.first().getByText('Avustukset ja avustussääntö', { exact: false }).waitFor();
    await page
      .getByTestId('guide-last-changed')
      .getByText(DEMO.coordinator, { exact: false })
      .waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keeps the draft when someone else saved first, shows the stored text, and saves over it on request', async () => {
    const page = await browser.newPage();
    await openGuide(page, t);
    await page.getByTestId('guide-choose').selectOption('houseRule/together');
    await page
      .getByTestId('guide-card')
      .getByText('Yhdessä tekemisen', { exact: false })
      .first()
      .waitFor();
    await page.getByTestId('guide-title.fi').fill('Minun otsikkoni');

    // Someone saves the same text meanwhile.
    const read = await stored(t, 'houseRule', 'together');
    await store(t).replace(
      'houseRule',
      'together',
      { ...read.fields, title: { fi: 'Toisen otsikko', en: 'Their title' } },
      read.etag,
      { at: new Date(), by: DEMO.contact },
    );

    await page.getByTestId('guide-save').click();
    const conflict = page.getByTestId('guide-conflict');
    await conflict.getByText('Toisen otsikko', { exact: false }).waitFor();
    assert.equal(await page.getByTestId('guide-title.fi').inputValue(), 'Minun otsikkoni');
    assert.equal((await stored(t, 'houseRule', 'together')).fields.title.fi, 'Toisen otsikko');

    await page.getByTestId('guide-save').click();
    await page.getByText('Teksti tallennettu.', { exact: false }).first().waitFor();
    const after: ContentEntry = await stored(t, 'houseRule', 'together');
    assert.equal(after.fields.title.fi, 'Minun otsikkoni');
    // The history is read again after the save; wait for it rather than count the old list.
    await page.getByTestId('guide-history-item').nth(1).waitFor();
    assert.equal(await page.getByTestId('guide-history-item').count(), 2);
    await page.close();
  });

  it('is not offered to a contact person', async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.contact);
    await page.getByTestId('nav-events').waitFor();
    assert.equal(await page.getByTestId('nav-guide').count(), 0);
    await page.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no axe violations in the editor, its preview and history in the ${theme} theme`, async () => {
      const page = await browser.newPage();
      await openGuide(page, t, `theme=${theme}`);
      await page.getByTestId('guide-choose').selectOption('role/coordinator');
      await page.getByTestId('guide-card').getByText('Järjestökoordinaattori').first().waitFor();
      await page.getByTestId('guide-text.fi').fill('');
      await page.getByText('Kirjoita teksti: kenttä ei voi olla tyhjä.').waitFor();
      let violations = await axeScan(page);
      assert.equal(violations.length, 0, `editor:\n${describeViolations(violations)}`);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId('guide-choose').selectOption('topic/grants');
      await page.getByTestId('guide-history-item').first().locator('summary').click();
      violations = await axeScan(page);
      assert.equal(violations.length, 0, `history:\n${describeViolations(violations)}`);
      await page.close();
    });
  }
});
