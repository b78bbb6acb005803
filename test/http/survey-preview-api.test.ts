/**
 * The survey builder's preview through the tab's API, on a real server and Azurite: the card
 * the bot would post for a draft, drawn by its own card code; validated as a save (field
 * messages in the reader's language); only for the coordinator; nothing stored.
 */
import assert from 'node:assert/strict';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

type Card = { type: string; body: { type: string; [k: string]: unknown }[] };
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const day = (offset: number) =>
  localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());

const draft = {
  title: { fi: 'Kevään kysely', en: 'Spring survey' },
  intro: { fi: 'Kerro meille.', en: 'Tell us.' },
  audience: 'associations',
  anonymous: true,
  window: { first: day(2), last: day(9) },
  questions: [
    {
      kind: 'single',
      text: { fi: 'Mistä kuulit tapahtumasta?', en: 'Where did you hear of the event?' },
      options: [{ text: { fi: 'Lehdestä', en: 'Newspaper' } }, { text: { fi: 'Somesta', en: '' } }],
      required: true,
    },
    {
      kind: 'multiple',
      text: { fi: 'Mitä tiloja käytätte?', en: 'Which rooms do you use?' },
      options: [{ text: { fi: 'Sali', en: 'Hall' } }, { text: { fi: 'Kerhohuone', en: 'Club' } }],
      required: false,
    },
    { kind: 'text', text: { fi: 'Vapaa sana', en: 'Anything else' }, options: [], required: false },
  ],
};

describe('survey preview API', function () {
  this.timeout(60_000);
  let t: TestApp;
  const tokens: Record<string, string> = {};

  before(async () => {
    t = await startTestApp();
    for (const [role, upn] of Object.entries(DEMO)) tokens[role] = await devToken(t.url, upn);
  });
  after(async () => {
    await t?.stop();
  });

  const stored = async () =>
    (await api<{ items: Survey[] }>(t.url, tokens.coordinator, '/api/v1/surveys')).body.items
      .length;

  it('gives the coordinator the card the bot would post: its texts and inputs', async () => {
    const before = await stored();
    const fi = await api<{ card: Card }>(t.url, tokens.coordinator, '/api/v1/surveys/preview', {
      method: 'POST',
      json: { survey: draft, locale: 'fi' },
    });
    assert.equal(fi.status, 200, fi.text);
    assert.equal(fi.body.card.type, 'AdaptiveCard');
    const text = JSON.stringify(fi.body.card);
    for (const s of ['Kevään kysely', '1. Mistä kuulit tapahtumasta?', 'Lehdestä', '3. Vapaa sana'])
      assert.ok(text.includes(s), s);
    const inputs = fi.body.card.body.filter((e) => e.type.startsWith('Input.'));
    assert.deepEqual(
      inputs.map((e) => [e.type, e.isMultiSelect ?? e.isMultiline]),
      [
        ['Input.ChoiceSet', false],
        ['Input.ChoiceSet', true],
        ['Input.Text', true],
      ],
    );
    const en = await api<{ card: Card }>(t.url, tokens.coordinator, '/api/v1/surveys/preview', {
      method: 'POST',
      json: { survey: draft, locale: 'en' },
    });
    const english = JSON.stringify(en.body.card);
    assert.ok(english.includes('1. Where did you hear of the event?'));
    assert.ok(english.includes('Somesta'), 'an option without English falls back to Finnish');
    assert.equal(await stored(), before, 'a preview stores nothing');
  });

  it('refuses a contact person and a reader', async () => {
    for (const role of ['contact', 'reader'] as const) {
      const res = await api<ErrorBody>(t.url, tokens[role], '/api/v1/surveys/preview', {
        method: 'POST',
        json: { survey: draft, locale: 'fi' },
      });
      assert.equal(res.status, 403, role);
    }
  });

  it('answers a bad draft with field messages in the reader’s language, storing nothing', async () => {
    const before = await stored();
    const bad = await api<ErrorBody>(t.url, tokens.coordinator, '/api/v1/surveys/preview', {
      method: 'POST',
      json: {
        survey: { ...draft, window: { first: day(9), last: day(2) }, questions: [] },
        locale: 'fi',
      },
      headers: { 'Accept-Language': 'en' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation');
    assert.deepEqual(bad.body.error.fields, {
      questions: 'Add at least one question to the survey.',
      'window.last': 'The last day of answering cannot be before the first.',
    });
    const missing = await api<ErrorBody>(t.url, tokens.coordinator, '/api/v1/surveys/preview', {
      method: 'POST',
      json: { locale: 'fi' },
    });
    assert.equal(missing.status, 400);
    assert.equal(await stored(), before);
  });
});
