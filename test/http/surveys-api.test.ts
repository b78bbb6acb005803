/**
 * Surveys through the tab's API and the signed link page, on a real server and Azurite: built
 * from a template, opened, answered through links, counted, exported as CSV and read back with
 * the project's own CSV reader; refusals after the window and for non-coordinators.
 */
import assert from 'node:assert/strict';
import { formatDate, localDateOf, startOfLocalDay } from '@yhdistysyhteistyo/contract/time';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import type { SurveyResults } from '@yhdistysyhteistyo/contract/surveys/results';
import { decodeCsvBytes, parseCsv } from '../../bot/src/domain/csv';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

type View = Survey & { etag: string };
const day = (offset: number) =>
  localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());
const Y = new Date().getUTCFullYear();

function input(first: string, last: string) {
  return { ...TEMPLATES.associationSurvey.input(Y), window: { first, last } };
}

describe('surveys API and the signed link page', function () {
  this.timeout(90_000);
  let t: TestApp;
  const tokens: Record<string, string> = {};

  before(async () => {
    t = await startTestApp();
    for (const [role, upn] of Object.entries(DEMO)) tokens[role] = await devToken(t.url, upn);
  });
  after(async () => {
    await t?.stop();
  });

  const as = (role: keyof typeof DEMO) => tokens[role];

  it('only a coordinator builds surveys, with field messages in the reader’s language', async () => {
    const refused = await api(t.url, as('contact'), '/api/v1/surveys', {
      method: 'POST',
      json: { template: 'associationSurvey', year: Y },
    });
    assert.equal(refused.status, 403);
    const bad = await api<{ error: { code: string; fields: Record<string, string> } }>(
      t.url,
      as('coordinator'),
      '/api/v1/surveys',
      {
        method: 'POST',
        json: { ...input(day(3), day(1)), questions: [] },
        headers: { 'Accept-Language': 'en' },
      },
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.fields, {
      questions: 'Add at least one question to the survey.',
      'window.last': 'The last day of answering cannot be before the first.',
    });
  });

  it('answered through five associations’ links: counts, a replaced answer, CSV read back', async () => {
    const created = await api<View>(t.url, as('coordinator'), '/api/v1/surveys', {
      method: 'POST',
      json: input(day(-1), day(1)),
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    // Links are refused while the survey is a draft.
    const links = await api<{ items: { associationId: string; name: string; url: string }[] }>(
      t.url,
      as('coordinator'),
      `/api/v1/surveys/${id}/links`,
    );
    assert.equal(links.status, 200);
    assert.ok(links.body.items.length >= 5);
    const five = links.body.items.slice(0, 5);
    const draftPage = await fetch(five[0]?.url ?? '');
    assert.equal(draftPage.status, 404);

    const opened = await api<View>(t.url, as('coordinator'), `/api/v1/surveys/${id}/open`, {
      method: 'POST',
      headers: { 'If-Match': created.body.etag },
    });
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.body.state, 'open');

    const page = await fetch(five[0]?.url ?? '');
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /<html lang="fi">/);
    assert.ok(html.includes(five[0]?.name.replace(/&/g, '&amp;') ?? '-'));
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);

    const grants = ['good', 'good', 'moderate', 'poor', 'moderate'];
    const post = (url: string, form: [string, string][]) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    for (const [i, link] of five.entries()) {
      const res = await post(link.url, [
        ['a-grants', grants[i] ?? 'good'],
        ['a-contact', String(i + 1)],
        ['a-groups', 'events'],
        ['a-groups', 'grants'],
        ['a-wishes', `Toive ${i}`],
      ]);
      assert.equal(res.status, 200, await res.text());
    }
    // The first association answers again: its answer replaces the first one.
    const again = await post(five[0]?.url ?? '', [
      ['a-grants', 'poor'],
      ['a-contact', '5'],
    ]);
    assert.equal(again.status, 200);
    assert.match(await again.text(), /Vastaus tallennettu/);
    // A wrong value comes back as the form with its message, linked from the summary.
    const wrong = await post(five[1]?.url ?? '', [['a-grants', 'great']]);
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /href="#q-a-grants">Valitse jokin annetuista vaihtoehdoista/);
    // A link signed for another association does not open this one.
    const forged = (five[0]?.url ?? '').replace(
      five[0]?.associationId ?? '',
      five[1]?.associationId ?? '',
    );
    assert.equal((await fetch(forged)).status, 403);

    const results = await api<{ results: SurveyResults; texts: Record<string, string[]> }>(
      t.url,
      as('reader'),
      `/api/v1/surveys/${id}/results`,
    );
    assert.equal(results.status, 200);
    assert.equal(results.body.results.respondents, 5);
    const byId = (qid: string) => results.body.results.questions.find((q) => q.id === qid);
    // By hand: grants poor, good, moderate, poor, moderate; contact 5, 2, 3, 4, 5.
    assert.deepEqual(
      byId('a-grants')?.distribution?.map((b) => [b.value, b.count]),
      [
        ['good', 1],
        ['moderate', 2],
        ['poor', 2],
      ],
    );
    assert.equal(byId('a-contact')?.agreeShare, 0.6);
    assert.equal(byId('a-groups')?.n, 4);
    assert.equal(byId('a-groups')?.tooFew, true);
    assert.equal(byId('a-wishes')?.tooFew, true);
    const texts = await api<{ texts: Record<string, string[]> }>(
      t.url,
      as('reader'),
      `/api/v1/surveys/${id}/texts`,
    );
    // Four free answers: under five, withheld like any small group.
    assert.deepEqual(texts.body.texts['a-wishes'], []);

    const csv = await fetch(`${t.url}/api/v1/surveys/${id}/results.csv`, {
      headers: { Authorization: `Bearer ${as('coordinator')}` },
    });
    assert.equal(csv.status, 200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    const decoded = decodeCsvBytes(bytes);
    assert.equal(decoded.encoding, 'utf-8-bom');
    assert.ok(decoded.text.includes('\r\n'));
    const parsed = parseCsv(decoded.text);
    assert.equal(parsed.delimiter, ';');
    const [header, ...rows] = parsed.rows;
    assert.deepEqual(header, [
      'Kysymys',
      'Tyyppi',
      'Vastauksia',
      'Vastaus',
      'Lukumäärä',
      'Osuus %',
      'Samaa mieltä (4–5) %',
    ]);
    const grantRows = rows.filter((r) => r[0]?.includes('avustuksissa'));
    assert.deepEqual(
      grantRows.map((r) => [r[3], r[4], r[5]]),
      [
        ['Hyvä', '1', '20,0'],
        ['Kohtalainen', '2', '40,0'],
        ['Huono', '2', '40,0'],
      ],
    );
    const contactRows = rows.filter((r) => r[0]?.includes('yhdistysyhteyshenkilö'));
    assert.deepEqual(
      contactRows.map((r) => r[4]),
      ['0', '1', '1', '1', '2', '0'],
    );
    assert.ok(contactRows.every((r) => r[6] === '60,0'));
  });

  it('refuses an answer after the window with the day it closed', async () => {
    const created = await api<View>(t.url, as('coordinator'), '/api/v1/surveys', {
      method: 'POST',
      json: input(day(-10), day(-2)),
    });
    await api(t.url, as('coordinator'), `/api/v1/surveys/${created.body.id}/open`, {
      method: 'POST',
    });
    const links = await api<{ items: { url: string }[] }>(
      t.url,
      as('coordinator'),
      `/api/v1/surveys/${created.body.id}/links`,
    );
    const url = links.body.items[0]?.url ?? '';
    const res = await fetch(`${url}&lang=en`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a-grants=good',
    });
    assert.equal(res.status, 409);
    const closed = formatDate(startOfLocalDay(day(-2)), 'en');
    const html = await res.text();
    assert.ok(html.includes(`The survey closed on ${closed}. Answers are no longer taken.`), html);
    assert.doesNotMatch(html, /<form/);
  });

  it('copies a survey to another year and seeds the report’s indicators', async () => {
    const list = await api<{ items: View[] }>(t.url, as('coordinator'), '/api/v1/surveys');
    const source = list.body.items[0];
    const copy = await api<View>(t.url, as('coordinator'), `/api/v1/surveys/${source?.id}/copy`, {
      method: 'POST',
      json: { year: Y + 1 },
    });
    assert.equal(copy.status, 201, copy.text);
    assert.equal(copy.body.state, 'draft');
    assert.equal(copy.body.year, Y + 1);
    const readers = await api<{ items: View[] }>(t.url, as('reader'), '/api/v1/surveys');
    assert.ok(readers.body.items.every((s) => s.state !== 'draft'));
    const indicators = await api<{ items: { indicator: { id: string; table: number } }[] }>(
      t.url,
      as('reader'),
      '/api/v1/indicators',
    );
    assert.equal(indicators.status, 200);
    assert.deepEqual(
      indicators.body.items.map((i) => i.indicator.table),
      [1, 1, 2, 2, 2, 2, 2, 2, 2],
    );
  });
});
