/**
 * The guide texts through the tab's API on a real server and Azurite: the coordinator's list,
 * a save on the ETag read with its history (who, when, the text before), a conflicting save
 * refused with the stored text and nothing lost, validation in the reader's language, the
 * card preview drawn by the bot's own card code, and refusals for everyone else.
 */
import assert from 'node:assert/strict';
import type {
  ContentChange,
  ContentEntry,
  ContentFields,
} from '@yhdistysyhteistyo/contract/content';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const fieldsOf = (e: ContentEntry): ContentFields => e.fields;

describe('guide texts API', function () {
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

  async function entry(section: string, key: string): Promise<ContentEntry> {
    const list = await api<{ items: ContentEntry[] }>(t.url, tokens.coordinator, '/api/v1/content');
    assert.equal(list.status, 200);
    const found = list.body.items.find((e) => e.section === section && e.key === key);
    assert.ok(found, `${section}/${key} is listed`);
    return found;
  }

  it('lists every text of the four sections for the coordinator, nobody else', async () => {
    const list = await api<{ items: ContentEntry[] }>(t.url, tokens.coordinator, '/api/v1/content');
    assert.equal(list.status, 200);
    const ids = list.body.items.map((e) => `${e.section}/${e.key}`);
    for (const id of [
      'houseRule/evening',
      'houseRule/together',
      'role/coordinator',
      'topic/grants',
      'topic/eventCooperation',
      'guide/helpIntro',
    ]) {
      assert.ok(ids.includes(id), `${id} in ${ids.join()}`);
    }
    assert.equal(ids.length, 4 + 5 + 2 + 4);
    assert.ok(list.body.items.every((e) => e.etag !== ''));
    for (const role of ['contact', 'reader', 'guest'] as const) {
      const refused = await api(t.url, tokens[role], '/api/v1/content');
      assert.equal(refused.status, 403, role);
      const put = await api(t.url, tokens[role], '/api/v1/content/topic/grants', {
        method: 'PUT',
        json: fieldsOf(await entry('topic', 'grants')),
        headers: { 'If-Match': (await entry('topic', 'grants')).etag },
      });
      assert.equal(put.status, 403, role);
    }
  });

  it('saves on the ETag read and keeps who, when and the text before in the history', async () => {
    const before = await entry('topic', 'grants');
    const changed: ContentFields = {
      ...before.fields,
      title: { fi: 'Avustukset 2027', en: 'Grants 2027' },
    };
    const saved = await api<ContentEntry>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/topic/grants',
      {
        method: 'PUT',
        json: changed,
        headers: { 'If-Match': before.etag },
      },
    );
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.fields.title.fi, 'Avustukset 2027');
    assert.equal(saved.body.updatedBy, DEMO.coordinator);
    assert.equal(saved.headers.get('etag'), saved.body.etag);
    assert.notEqual(saved.body.etag, before.etag);

    const history = await api<{ items: ContentChange[] }>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/topic/grants/history',
    );
    assert.equal(history.status, 200);
    assert.equal(history.body.items.length, 1);
    const [change] = history.body.items;
    assert.equal(change?.by, DEMO.coordinator);
    assert.ok(Math.abs(Date.parse(change?.at ?? '') - Date.now()) < 60_000);
    assert.deepEqual(change?.before, before.fields);
    // The history holds the editor's address and the texts, nothing else about anyone.
    assert.deepEqual(Object.keys(change ?? {}).sort(), ['at', 'before', 'by']);
    assert.equal((await entry('topic', 'grants')).fields.title.en, 'Grants 2027');
  });

  it('refuses a save on a stale ETag with the stored text, and loses nothing', async () => {
    const read = await entry('houseRule', 'evening');
    const first = await api<ContentEntry>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/evening',
      {
        method: 'PUT',
        json: { ...read.fields, text: { fi: 'Ensimmäinen tallennus.', en: 'First save.' } },
        headers: { 'If-Match': read.etag },
      },
    );
    assert.equal(first.status, 200);
    const second = await api<ErrorBody & { current: ContentEntry }>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/evening',
      {
        method: 'PUT',
        json: { ...read.fields, text: { fi: 'Toinen tallennus.', en: 'Second save.' } },
        headers: { 'If-Match': read.etag, 'Accept-Language': 'fi' },
      },
    );
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'conflict');
    assert.equal(second.body.current.fields.text.fi, 'Ensimmäinen tallennus.');
    assert.equal(second.body.current.etag, first.body.etag);
    assert.equal((await entry('houseRule', 'evening')).fields.text.fi, 'Ensimmäinen tallennus.');
    const history = await api<{ items: ContentChange[] }>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/evening/history',
    );
    assert.equal(history.body.items.length, 1, 'the refused save left no history row');
    const missing = await api<ErrorBody>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/evening',
      {
        method: 'PUT',
        json: read.fields,
      },
    );
    assert.equal(missing.status, 428);
  });

  it('validates every field with a message in the reader’s language', async () => {
    const read = await entry('role', 'coordinator');
    const bad = await api<ErrorBody>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/role/coordinator',
      {
        method: 'PUT',
        json: {
          title: { fi: '  ', en: 'x'.repeat(81) },
          text: read.fields.text,
          points: { fi: [], en: read.fields.points.en },
        },
        headers: { 'If-Match': read.etag, 'Accept-Language': 'en' },
      },
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation');
    const fields = bad.body.error.fields ?? {};
    assert.deepEqual(Object.keys(fields).sort(), ['points.fi', 'title.en', 'title.fi']);
    assert.ok(Object.values(fields).every((m) => m.length > 0 && !m.includes('zod')));
    const unknown = await api(t.url, tokens.coordinator, '/api/v1/content/role/mayor', {
      method: 'PUT',
      json: read.fields,
      headers: { 'If-Match': read.etag },
    });
    assert.equal(unknown.status, 404);
    assert.equal((await entry('role', 'coordinator')).etag, read.etag, 'nothing was written');
  });

  it('previews the card the bot will show, drawn from the draft', async () => {
    const read = await entry('houseRule', 'together');
    const draft = {
      ...read.fields,
      title: { fi: 'Luonnoksen otsikko', en: 'Draft title' },
      points: { fi: ['Ensimmäinen *kohta*'], en: ['First point'] },
    };
    const fi = await api<{ card: { type: string; body: unknown[] } }>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/together/preview',
      { method: 'POST', json: { fields: draft, locale: 'fi' } },
    );
    assert.equal(fi.status, 200, fi.text);
    assert.equal(fi.body.card.type, 'AdaptiveCard');
    const text = JSON.stringify(fi.body.card);
    assert.ok(text.includes('Luonnoksen otsikko'));
    assert.ok(text.includes('Ensimmäinen \\\\*kohta\\\\*'), 'escaped as the bot escapes it');
    const en = await api<{ card: unknown }>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/together/preview',
      { method: 'POST', json: { fields: draft, locale: 'en' } },
    );
    assert.ok(JSON.stringify(en.body.card).includes('Draft title'));
    const bad = await api<ErrorBody>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/houseRule/together/preview',
      { method: 'POST', json: { fields: { ...draft, title: { fi: '', en: 'x' } }, locale: 'fi' } },
    );
    assert.equal(bad.status, 400);
    assert.ok(bad.body.error.fields?.['title.fi']);
    const guide = await api<{ card: unknown }>(
      t.url,
      tokens.coordinator,
      '/api/v1/content/guide/helpIntro/preview',
      { method: 'POST', json: { fields: { text: { fi: 'Uusi ohje.', en: 'New help.' } } } },
    );
    assert.equal(guide.status, 200, guide.text);
    assert.ok(JSON.stringify(guide.body.card).includes('Uusi ohje.'));
  });
});
