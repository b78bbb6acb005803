/**
 * Bad input, one request each: every one answers 4xx in the API's error shape with a
 * translated message, and changes nothing in the store (all tables compared row by row,
 * ETags included, before and after).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Association } from '@yhdistysyhteistyo/contract/associations';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

interface Case {
  readonly what: string;
  readonly method?: string;
  /** Path under /api/v1; `{id}` is an existing association's id. */
  readonly path: string;
  readonly json?: unknown;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** Field that must carry a message, when the answer names fields. */
  readonly field?: string;
  /** An import's row error that must be named. */
  readonly row?: number;
}

const good = {
  name: 'Hyvä yhdistys ry',
  units: ['kulttuuri'],
  contacts: [{ name: 'Maija Meikäläinen', email: 'maija@hyva.example', phone: '040 123 4567' }],
};
const post = (what: string, patch: Record<string, unknown>, field?: string): Case => ({
  what,
  method: 'POST',
  path: '/associations',
  json: { ...good, ...patch },
  status: 400,
  ...(field ? { field } : {}),
});
const contact = (patch: Record<string, unknown>) => ({
  contacts: [{ ...good.contacts[0], ...patch }],
});
const csv = (what: string, text: string, status: number, row?: number): Case => ({
  what: `CSV: ${what}`,
  method: 'POST',
  path: '/associations/import',
  body: Buffer.from(text, 'utf8'),
  headers: { 'Content-Type': 'text/csv' },
  status,
  ...(row !== undefined ? { row } : {}),
});
const ODATA = "' or 1 eq 1 or '";

const CASES: readonly Case[] = [
  // Association body: wrong types, lengths, formats
  post('name as a number', { name: 42 }, 'name'),
  post('name missing', { name: undefined }, 'name'),
  post('name of one letter', { name: 'A' }, 'name'),
  post('name of 201 characters', { name: 'n'.repeat(201) }, 'name'),
  post('script tag in the name', { name: '<script>alert(1)</script> ry' }, 'name'),
  post('control character in the name', { name: 'Seura\u0000 ry' }, 'name'),
  post('units missing', { units: undefined }, 'units'),
  post('units empty', { units: [] }, 'units'),
  post('units as a string', { units: 'kulttuuri' }, 'units'),
  post('unit that does not exist', { units: ['avaruus'] }, 'units'),
  post('OData quote trick as a unit', { units: [ODATA] }, 'units.0'),
  post('21 units', { units: Array.from({ length: 21 }, (_, i) => `u${i}`) }, 'units'),
  post('category that does not exist', { categories: ['salaseura'] }, 'categories'),
  post('category as a number', { categories: [7] }, 'categories.0'),
  post('business ID with a wrong check digit', { businessId: '1572860-1' }, 'businessId'),
  post('business ID without the hyphen', { businessId: '15728600' }, 'businessId'),
  post('business ID with letters', { businessId: 'ABCDEFG-1' }, 'businessId'),
  post('register number with letters', { registerNumber: 'ry-123' }, 'registerNumber'),
  post(
    'six contact people',
    { contacts: Array.from({ length: 6 }, () => good.contacts[0]) },
    'contacts',
  ),
  post('contacts as an object', { contacts: { name: 'x' } }, 'contacts'),
  post('e-mail without @', contact({ email: 'maija.hyva.example' }), 'contacts.0.email'),
  post(
    'e-mail with a space',
    contact({ email: 'maija meikalainen@hyva.example' }),
    'contacts.0.email',
  ),
  post(
    'e-mail of 300 characters',
    contact({ email: `${'m'.repeat(290)}@hyva.example` }),
    'contacts.0.email',
  ),
  post('e-mail with a script', contact({ email: '<script>@x.fi' }), 'contacts.0.email'),
  post('phone with letters', contact({ phone: '040-KUOROT' }), 'contacts.0.phone'),
  post('phone too short', contact({ phone: '123' }), 'contacts.0.phone'),
  post('phone with a bad country code', contact({ phone: '+0 40 123 4567' }), 'contacts.0.phone'),
  post('contact language not offered', contact({ language: 'de' }), 'contacts.0.language'),
  post('contact without a name', contact({ name: '' }), 'contacts.0.name'),
  post('contact name with markup', contact({ name: '<b>Maija</b>' }), 'contacts.0.name'),
  post('javascript: URL as web site', { website: 'javascript:alert(document.cookie)' }, 'website'),
  post('http URL as web site', { website: 'http://hyva.example/' }, 'website'),
  post('data: URL as web site', { website: 'data:text/html,<script>alert(1)</script>' }, 'website'),
  post(
    'profile link to another site',
    { profileUrl: 'https://evil.example/profiili' },
    'profileUrl',
  ),
  post('notes of 2,001 characters', { notes: 'x'.repeat(2001) }, 'notes'),
  post('script tag in the notes', { notes: 'Tervetuloa <script>alert(1)</script>' }, 'notes'),
  post('flag as a string', { hasRepresentative: 'kyllä' }, 'hasRepresentative'),
  post('unknown status', { status: 'archived' }, 'status'),
  post('working group that does not exist', { workingGroups: ['salaliitto'] }, 'workingGroups'),
  {
    what: 'body that is an array',
    method: 'POST',
    path: '/associations',
    json: [good],
    status: 400,
  },
  {
    what: 'body that is a JSON string',
    method: 'POST',
    path: '/associations',
    json: 'Hyvä ry',
    status: 400,
  },
  {
    what: 'body that is null',
    method: 'POST',
    path: '/associations',
    body: 'null',
    headers: { 'Content-Type': 'application/json' },
    status: 400,
  },
  {
    what: 'broken JSON',
    method: 'POST',
    path: '/associations',
    body: '{"name": "Hyvä ry", "units": [',
    headers: { 'Content-Type': 'application/json' },
    status: 400,
  },
  {
    what: 'JSON body over 2.5 MB',
    method: 'POST',
    path: '/associations',
    json: { ...good, notes: 'x'.repeat(2_700_000) },
    status: 413,
  },
  {
    what: 'duplicate name in the same unit',
    method: 'POST',
    path: '/associations',
    json: { name: 'Hiihtoseura Lumi ry', units: ['liikunta'] },
    status: 409,
    field: 'name',
  },
  // Updates and deletes
  {
    what: 'PUT with a malformed If-Match',
    method: 'PUT',
    path: '/associations/{id}',
    json: good,
    headers: { 'If-Match': 'not-an-etag' },
    status: 400,
  },
  {
    what: 'PUT with If-Match *',
    method: 'PUT',
    path: '/associations/{id}',
    json: good,
    headers: { 'If-Match': '*' },
    status: 400,
  },
  {
    what: 'PUT with a bad body and a valid If-Match',
    method: 'PUT',
    path: '/associations/{id}',
    json: { name: '' },
    headers: { 'If-Match': 'W/"x"' },
    status: 400,
    field: 'name',
  },
  {
    what: 'DELETE with a malformed If-Match',
    method: 'DELETE',
    path: '/associations/{id}',
    headers: { 'If-Match': "x' or '1'='1" },
    status: 400,
  },
  {
    what: 'PUT to an id that cannot exist',
    method: 'PUT',
    path: `/associations/${encodeURIComponent(ODATA)}`,
    json: good,
    headers: { 'If-Match': 'W/"x"' },
    status: 404,
  },
  // List queries
  { what: 'limit 0', path: '/associations?limit=0', status: 400, field: 'limit' },
  { what: 'limit 1001', path: '/associations?limit=1001', status: 400, field: 'limit' },
  { what: 'limit as text', path: '/associations?limit=kaikki', status: 400, field: 'limit' },
  {
    what: 'a garbage cursor',
    path: '/associations?cursor=bm90LWEtY3Vyc29y',
    status: 400,
    field: 'cursor',
  },
  {
    what: 'a cursor of another sort order',
    path: `/associations?sort=updatedAt&cursor=${Buffer.from(JSON.stringify(['name', 'A', 'a'])).toString('base64url')}`,
    status: 400,
    field: 'cursor',
  },
  { what: 'unknown sort', path: '/associations?sort=createdBy', status: 400, field: 'sort' },
  {
    what: 'unknown status filter',
    path: '/associations?status=deleted',
    status: 400,
    field: 'status',
  },
  {
    what: 'OData quote trick as status',
    path: `/associations?status=${encodeURIComponent(`active${ODATA}`)}`,
    status: 400,
    field: 'status',
  },
  {
    what: 'OData quote trick as unit',
    path: `/associations?unit=${encodeURIComponent(ODATA)}`,
    status: 400,
    field: 'unit',
  },
  {
    what: 'OData quote trick as category',
    path: `/associations?category=${encodeURIComponent(`x${ODATA}`)}`,
    status: 400,
    field: 'category',
  },
  {
    what: 'OData trick in the export filter',
    path: `/associations/export.csv?unit=${encodeURIComponent(`kulttuuri${ODATA}`)}`,
    status: 400,
    field: 'unit',
  },
  {
    what: 'search text over 100 characters',
    path: `/associations?q=${'a'.repeat(101)}`,
    status: 400,
    field: 'q',
  },
  { what: 'mine as a word', path: '/associations?mine=ehkä', status: 400, field: 'mine' },
  {
    what: 'unit given twice',
    path: '/associations?unit=kulttuuri&unit=liikunta',
    status: 400,
    field: 'unit',
  },
  // CSV import
  csv('an unclosed quote', 'Nimi;Yksiköt\nA ry;kulttuuri\n"B ry;kulttuuri\n', 400, 3),
  csv('a row with too many columns', 'Nimi;Yksiköt\nA ry;kulttuuri;ylimääräinen\n', 400, 2),
  csv('no name column', 'Yksiköt\nkulttuuri\n', 400, 1),
  csv('an unknown column', 'Nimi;Yksiköt;Salasana\nA ry;kulttuuri;x\n', 400, 1),
  csv('an empty file', '', 400, 1),
  csv('a header only', 'Nimi;Yksiköt\n', 400, 1),
  csv(
    'an id that does not exist',
    'Tunniste;Nimi;Yksiköt\nei-ole-olemassa;A ry;kulttuuri\n',
    400,
    2,
  ),
  csv(
    'a bad e-mail on the third row',
    'Nimi;Yksiköt;Yhteyshenkilö 1 nimi;Yhteyshenkilö 1 sähköposti\nA ry;kulttuuri;Ari;ari@a.example\nB ry;kulttuuri;Bea;bea(at)b.example\n',
    400,
    3,
  ),
  csv('a script in a cell', 'Nimi;Yksiköt\n<script>alert(1)</script>;kulttuuri\n', 400, 2),
  csv('an unknown unit name', 'Nimi;Yksiköt\nA ry;Avaruustoimi\n', 400, 2),
  csv(
    'a duplicate name in one unit',
    'Nimi;Yksiköt\nSama ry;kulttuuri\nSAMA ry;kulttuuri\n',
    400,
    3,
  ),
  csv(
    '5,001 data rows',
    `Nimi;Yksiköt\n${Array.from({ length: 5001 }, (_, i) => `Rivi ${i} ry;kulttuuri`).join('\n')}\n`,
    400,
  ),
  csv('over 2 MB', `Nimi;Yksiköt\n${'x'.repeat(2 * 1024 * 1024)};kulttuuri\n`, 413),
  {
    what: 'CSV: sent as JSON',
    method: 'POST',
    path: '/associations/import',
    json: { rows: [] },
    status: 415,
  },
  {
    what: 'CSV: dryRun as a word',
    method: 'POST',
    path: '/associations/import?dryRun=kylla',
    body: Buffer.from('Nimi;Yksiköt\nA ry;kulttuuri\n'),
    headers: { 'Content-Type': 'text/csv' },
    status: 400,
    field: 'dryRun',
  },
  // People, roles, units
  {
    what: 'personal data export for a non-address',
    path: '/people/export?email=maija',
    status: 400,
    field: 'email',
  },
  {
    what: 'erasure without an address',
    method: 'DELETE',
    path: '/people',
    status: 400,
    field: 'email',
  },
  {
    what: 'personal data export with an object id that is not one',
    path: `/people/export?email=a@b.fi&oid=${encodeURIComponent(`x'${ODATA}`)}`,
    status: 400,
    field: 'oid',
  },
  {
    what: 'erasure with a one-letter name',
    method: 'DELETE',
    path: '/people?email=a@b.fi&name=M',
    status: 400,
    field: 'name',
  },
  {
    what: 'erasure with an OData trick',
    method: 'DELETE',
    path: `/people?email=${encodeURIComponent(`a@b.fi${ODATA}`)}`,
    status: 400,
    field: 'email',
  },
  {
    what: 'role for a non-address',
    method: 'PUT',
    path: '/roles?upn=ei-osoite',
    json: { name: 'Uusi', role: 'reader' },
    status: 400,
    field: 'upn',
  },
  {
    what: 'role that does not exist',
    method: 'PUT',
    path: '/roles/uusi%40kaupunki.example',
    json: { name: 'Uusi', role: 'admin' },
    status: 400,
    field: 'role',
  },
  {
    what: 'contact person without units',
    method: 'PUT',
    path: '/roles/uusi%40kaupunki.example',
    json: { name: 'Uusi', role: 'contact', units: [] },
    status: 400,
    field: 'units',
  },
  {
    what: 'role with an unknown unit',
    method: 'PUT',
    path: '/roles/uusi%40kaupunki.example',
    json: { name: 'Uusi', role: 'contact', units: ['avaruus'] },
    status: 400,
    field: 'units',
  },
  {
    what: 'unit name of 101 characters',
    method: 'POST',
    path: '/units',
    json: { name: { fi: 'y'.repeat(101), en: 'Unit' } },
    status: 400,
    field: 'name.fi',
  },
  {
    what: 'unit id with capitals and spaces',
    method: 'POST',
    path: '/units',
    json: { id: 'Uusi Yksikkö', name: { fi: 'Uusi', en: 'New' } },
    status: 400,
    field: 'id',
  },
  {
    what: 'category name with markup',
    method: 'POST',
    path: '/categories',
    json: { name: { fi: '<i>x</i>', en: 'x' } },
    status: 400,
    field: 'name.fi',
  },
  {
    what: 'unit id that already exists',
    method: 'POST',
    path: '/units',
    json: { id: 'kulttuuri', name: { fi: 'Kulttuuri 2', en: 'Culture 2' } },
    status: 409,
    field: 'id',
  },
];

async function snapshot(t: TestApp): Promise<string> {
  const hash = createHash('sha256');
  for (const name of [
    TABLES.associations,
    TABLES.people,
    TABLES.units,
    TABLES.categories,
    TABLES.audit,
  ]) {
    const rows: string[] = [];
    for await (const e of t.app.storage.table(name).listEntities()) rows.push(JSON.stringify(e));
    hash.update(`${name}:${rows.sort().join('\n')}`);
  }
  return hash.digest('hex');
}

describe('bad input: 4xx with the error shape, and nothing changes (real server, real Azurite)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let token: string;
  let existing: Association;

  before(async () => {
    t = await startTestApp();
    token = await devToken(t.url, DEMO.coordinator);
    const list = await api<{ items: Association[] }>(
      t.url,
      token,
      '/api/v1/associations?q=hiihtoseura',
    );
    const first = list.body.items[0];
    assert.ok(first);
    existing = first;
  });
  after(async () => {
    await t?.stop();
  });

  it('has at least 50 distinct bad inputs', () => {
    assert.ok(CASES.length >= 50, String(CASES.length));
    assert.equal(new Set(CASES.map((c) => c.what)).size, CASES.length);
  });

  for (const c of CASES) {
    it(`${c.what} → ${c.status}`, async () => {
      const before = await snapshot(t);
      const res = await api<{
        error?: { code?: unknown; message?: unknown; fields?: Record<string, string> };
        errors?: { row: number; field: string; message: string }[];
      }>(t.url, token, `/api/v1${c.path.replace('{id}', encodeURIComponent(existing.id))}`, {
        method: c.method ?? 'GET',
        ...(c.json !== undefined ? { json: c.json } : {}),
        ...(c.body !== undefined ? { body: c.body } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      assert.equal(res.status, c.status, res.text.slice(0, 500));
      assert.equal(typeof res.body.error?.code, 'string', res.text.slice(0, 300));
      const message = res.body.error?.message;
      assert.ok(typeof message === 'string' && message.length > 10, 'a message to show');
      assert.ok(
        !/Error|at \w+ \(|ZodError|RestError|undefined/.test(res.text),
        'no raw error text',
      );
      if (c.field) {
        assert.ok(res.body.error?.fields?.[c.field], `field ${c.field}: ${res.text.slice(0, 300)}`);
        assert.ok(!res.body.error.fields[c.field]?.startsWith('associations.'), 'translated');
      }
      if (c.row !== undefined) {
        assert.ok(
          res.body.errors?.some((e) => e.row === c.row && e.message.length > 0),
          res.text.slice(0, 300),
        );
      }
      assert.equal(await snapshot(t), before, 'the store is unchanged');
    });
  }

  it('the store comparison sees a change (the guard above can fail)', async () => {
    const before = await snapshot(t);
    const res = await api(t.url, token, '/api/v1/associations', {
      method: 'POST',
      json: { ...good, name: 'Vertailun tarkistus ry' },
    });
    assert.equal(res.status, 201);
    assert.notEqual(await snapshot(t), before);
  });

  it('treats OData tricks in the search text as plain text: no match, nothing changes', async () => {
    const before = await snapshot(t);
    for (const q of [ODATA, "x') or (RowKey ne '", 'PartitionKey eq association']) {
      const res = await api<{ items: unknown[]; total: number }>(
        t.url,
        token,
        `/api/v1/associations?q=${encodeURIComponent(q)}`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 0, q);
    }
    assert.equal(await snapshot(t), before);
  });
});
