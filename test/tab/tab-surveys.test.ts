/**
 * Surveys in the tab (Chromium): the coordinator builds a survey from the report's template,
 * edits it beside the card's preview and opens it; the results show a chart, a table and a
 * sentence per question; axe finds nothing in the light, dark and high-contrast themes.
 */
import assert from 'node:assert/strict';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
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

const day = (offset: number) =>
  localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());

describe('surveys in the tab (Chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let browser: BrowserSession;
  let answeredId = '';

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    // A survey answered by six associations through their links, for the results view.
    const token = await devToken(t.url, DEMO.coordinator);
    const made = await callApi<{ id: string }>(t.url, token, 'POST', '/surveys', {
      body: {
        ...TEMPLATES.associationSurvey.input(new Date().getUTCFullYear()),
        window: { first: day(-1), last: day(3) },
      },
    });
    answeredId = made.body.id;
    await callApi(t.url, token, 'POST', `/surveys/${answeredId}/open`);
    const links = await callApi<{ items: { url: string }[] }>(
      t.url,
      token,
      'GET',
      `/surveys/${answeredId}/links`,
    );
    const grants = ['good', 'moderate', 'moderate', 'poor', 'good', 'moderate'];
    for (const [i, link] of links.body.items.slice(0, 6).entries()) {
      const res = await fetch(link.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `a-grants=${grants[i]}&a-contact=${(i % 5) + 1}&a-groups=events`,
      });
      assert.equal(res.status, 200);
    }
  });

  it('builds a survey from the template, shows the card preview, saves and opens it', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByTestId('nav-surveys').click();
    await page.getByTestId('surveys-view').waitFor();
    await page.getByTestId('survey-create').click();
    await page.getByTestId('survey-editor').waitFor();
    // The draft as created, to check after the save that moved questions kept their ids.
    const token = await devToken(t.url, DEMO.coordinator);
    const drafts = await callApi<{ items: Survey[] }>(t.url, token, 'GET', '/surveys');
    const draft = drafts.body.items
      .filter((s) => s.state === 'draft')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    assert.ok(draft, 'the draft is stored as soon as it is made');
    const createdIds = draft.questions.map((q) => q.id);
    // The preview is the card the bot's own code builds, drawn with its inputs, not answerable.
    const card = page.getByTestId('survey-preview').getByTestId('survey-card');
    await card.getByText('En osaa sanoa').first().waitFor();
    assert.ok((await card.getByRole('radio').count()) > 0, 'choices as radio buttons');
    assert.ok(await card.getByRole('radio').first().isDisabled(), 'a preview is not answered');
    assert.ok((await card.getByRole('textbox').count()) > 0, 'free text as a text box');
    assert.equal(await page.getByTestId('survey-question').count(), 8);
    await page.getByLabel('Otsikko suomeksi').fill('Yhdistyskysely, testi');
    await page
      .getByTestId('survey-question')
      .first()
      .getByLabel('Kysymys suomeksi')
      .fill('Miten tilavaraus sujui tänä vuonna?');
    await card.getByText('Yhdistyskysely, testi').waitFor();
    await card
      .getByRole('radiogroup', { name: '1. Miten tilavaraus sujui tänä vuonna?' })
      .waitFor();
    // Questions move with the keyboard; the focus follows the moved question.
    const questions = page.getByTestId('survey-question');
    assert.ok(
      await questions
        .first()
        .getByRole('button', { name: /ylemmäs/ })
        .isDisabled(),
    );
    await questions.first().getByRole('button', { name: 'Siirrä kysymys 1 alemmas' }).focus();
    await page.keyboard.press('Enter');
    await card
      .getByRole('radiogroup', { name: '2. Miten tilavaraus sujui tänä vuonna?' })
      .waitFor();
    assert.equal(
      await questions.nth(1).getByLabel('Kysymys suomeksi').inputValue(),
      'Miten tilavaraus sujui tänä vuonna?',
    );
    assert.equal(await page.locator(':focus').textContent(), 'Siirrä kysymys 2 alemmas');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await card
      .getByRole('radiogroup', { name: '1. Miten tilavaraus sujui tänä vuonna?' })
      .waitFor();
    // At the top "up" is disabled, so the focus is on the same question's "down".
    assert.equal(await page.locator(':focus').textContent(), 'Siirrä kysymys 1 alemmas');
    // The card in English, as an English-speaking member gets it, and back.
    await page.getByTestId('survey-preview-en').click();
    await card.getByRole('button', { name: 'Send answer' }).waitFor();
    await page.getByTestId('survey-preview-fi').click();
    await card.getByRole('button', { name: 'Lähetä vastaus' }).waitFor();
    // A draft the card cannot be drawn from: the reason in Finnish, the last card kept.
    await page.getByLabel('Otsikko suomeksi').fill('');
    const failed = page.getByTestId('survey-preview-error');
    await failed.waitFor();
    assert.match(await failed.innerText(), /Korttia ei voitu piirtää: .*Kirjoita teksti suomeksi/);
    // The preview highlights no field, so it does not ask to check the highlighted ones.
    assert.doesNotMatch(await failed.innerText(), /korostetut/);
    await card.getByText('Yhdistyskysely, testi').waitFor();
    await page.getByLabel('Otsikko suomeksi').fill('Yhdistyskysely, testi');
    await failed.waitFor({ state: 'detached' });
    // Saved with the first two questions swapped: each keeps its id (answers and indicators
    // refer to a question by it), only the order changes.
    await questions.first().getByRole('button', { name: 'Siirrä kysymys 1 alemmas' }).click();
    await card
      .getByRole('radiogroup', { name: '2. Miten tilavaraus sujui tänä vuonna?' })
      .waitFor();
    await page.getByTestId('survey-save').click();
    await page.getByTestId('surveys-view').waitFor();
    const saved = await callApi<Survey>(t.url, token, 'GET', `/surveys/${draft.id}`);
    assert.deepEqual(
      saved.body.questions.map((q) => q.id),
      [createdIds[1], createdIds[0], ...createdIds.slice(2)],
    );
    assert.equal(saved.body.questions[1]?.text.fi, 'Miten tilavaraus sujui tänä vuonna?');
    const row = page.getByTestId('survey-row').filter({ hasText: 'Yhdistyskysely, testi' });
    await row.getByTestId('survey-open').click();
    await row.getByText('Avoinna').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows results as a chart with a table and a sentence, and the indicator tables', async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.reader);
    await page.getByTestId('nav-surveys').click();
    await page.getByTestId('surveys-view').waitFor();
    assert.equal(await page.getByTestId('survey-create').count(), 0, 'readers do not build');
    assert.match(await page.getByTestId('indicators-1').innerText(), /Kohtalainen\/hyvä/);
    await page.getByTestId('survey-results').first().click();
    await page.getByTestId('survey-results-view').waitFor();
    const grants = page.getByTestId('survey-result').first();
    const text = (await grants.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /6 vastasi\. Hyvä 33 %, kohtalainen 50 %, huono 17 %\./);
    assert.match(text, /Kohtalainen 3 50 %/);
    await page.close();
  });

  it('lets the coordinator enter an indicator’s value by hand, e.g. from interviews', async () => {
    const page = await browser.newPage();
    await openTabAs(page, t.url, DEMO.coordinator);
    await page.getByTestId('nav-surveys').click();
    const form = page.getByTestId('indicator-form');
    await form
      .getByLabel('Mittari')
      .selectOption({ label: '4. Koko kaupungin yhdistysyhteistyöhön koordinaattori' });
    await form.getByLabel('Vuosi').fill('2027');
    await form.getByLabel('Arvo suomeksi').fill('Koordinaattori aloitti');
    await form.getByRole('button', { name: 'Kirjaa arvo' }).click();
    await page.getByTestId('indicators-2').getByText('Koordinaattori aloitti').waitFor();
    assert.match(await page.getByTestId('indicators-2').innerText(), /2027/);
    await page.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`has no axe violations in the builder and the results (${theme})`, async () => {
      const page = await browser.newPage();
      await openTabAs(page, t.url, DEMO.coordinator, { query: `theme=${theme}` });
      await page.getByTestId('nav-surveys').click();
      await page.getByTestId('surveys-view').waitFor();
      let violations = await axeScan(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await page.getByTestId('survey-results').first().click();
      await page.getByTestId('survey-results-view').waitFor();
      violations = await axeScan(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await page.getByRole('button', { name: 'Takaisin kyselyihin' }).click();
      await page.getByTestId('survey-create').click();
      await page.getByTestId('survey-editor').waitFor();
      // The card's inputs are scanned too: wait until the server has drawn it.
      await page.getByTestId('survey-card').getByRole('radio').first().waitFor();
      violations = await axeScan(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await page.close();
    });
  }
});
