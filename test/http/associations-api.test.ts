import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type {
  Association,
  AssociationInput,
  AssociationList,
  ErasureResult,
  HistoryResponse,
  ImportResult,
  MailingList,
  PersonExport,
} from '@yhdistysyhteistyo/contract/associations';
import { parseCsv } from '../../bot/src/domain/csv';
import type { MeResponse } from '@yhdistysyhteistyo/contract/people';
import { StaleVersionError } from '../../bot/src/domain/errors';
import { AssociationsStore } from '../../bot/src/storage/associations-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
  current?: Association | null;
}

describe('associations API (real server, real Azurite, dev tokens)', function () {
  this.timeout(120_000);
  let t: TestApp;
  const tokens: Record<keyof typeof DEMO, string> = {
    coordinator: '',
    contact: '',
    contact2: '',
    reader: '',
    guest: '',
  };

  before(async () => {
    t = await startTestApp();
    for (const who of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
      tokens[who] = await devToken(t.url, DEMO[who]);
    }
  });
  after(async () => {
    await t?.stop();
  });

  const call = <T = unknown>(
    who: keyof typeof DEMO,
    path: string,
    init: Parameters<typeof api>[3] = {},
  ) => api<T>(t.url, tokens[who], path, init);

  async function create(
    who: keyof typeof DEMO,
    body: AssociationInput,
  ): Promise<Association & { etagHeader: string }> {
    const res = await call<Association>(who, '/api/v1/associations', {
      method: 'POST',
      json: body,
    });
    assert.equal(res.status, 201, res.text);
    return { ...res.body, etagHeader: res.headers.get('etag') ?? '' };
  }

  async function listAll(query = ''): Promise<Association[]> {
    const res = await call<AssociationList>('contact2', `/api/v1/associations?limit=1000${query}`);
    assert.equal(res.status, 200, res.text);
    return [...res.body.items];
  }

  it('GET /me names the user, the role and the units', async () => {
    const res = await call<MeResponse>('contact', '/api/v1/me');
    assert.equal(res.status, 200);
    assert.equal(res.body.user.upn, DEMO.contact);
    assert.equal(res.body.role, 'contact');
    assert.deepEqual(res.body.roles.units, ['kulttuuri', 'kirjasto']);
    assert.deepEqual(
      res.body.units.map((u) => u.name.fi),
      ['Kirjasto', 'Kulttuuri'],
    );
    assert.equal(res.body.devAuth, true);
  });

  it('creates, reads, updates and deletes with ETags, and keeps the history', async () => {
    const created = await create('contact', {
      name: 'Lahden Laulajat ry',
      units: ['kulttuuri'],
      categories: ['kulttuuri'],
      contacts: [
        { name: 'Sirpa Sointu', email: 'sirpa@laulajat.example', phone: '+358 40 765 4321' },
      ],
    });
    assert.ok(created.etagHeader.startsWith('W/"'));
    assert.equal(created.etag, created.etagHeader);
    assert.equal(created.createdBy, DEMO.contact);
    assert.match(created.createdAt, /^\d{4}-\d\d-\d\dT/);

    const got = await call<Association>('contact2', `/api/v1/associations/${created.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.name, 'Lahden Laulajat ry');
    assert.equal(got.headers.get('etag'), created.etag);

    const put = await call<Association>('contact', `/api/v1/associations/${created.id}`, {
      method: 'PUT',
      json: { ...got.body, notes: 'Harjoitukset torstaisin', status: 'inactive' },
      headers: { 'If-Match': created.etag },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.notes, 'Harjoitukset torstaisin');
    assert.notEqual(put.body.etag, created.etag);

    const renamed = await call<Association>('contact', `/api/v1/associations/${created.id}`, {
      method: 'PUT',
      json: {
        ...put.body,
        name: 'Lahden Laulajat ja Soittajat ry',
        units: ['kulttuuri', 'kirjasto'],
      },
      headers: { 'If-Match': put.body.etag },
    });
    assert.equal(renamed.status, 200, renamed.text);

    const history = await call<HistoryResponse>(
      'contact2',
      `/api/v1/associations/${created.id}/history`,
    );
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.items.map((h) => h.action),
      ['update', 'update', 'create'],
      'newest first',
    );
    assert.deepEqual(history.body.items[1]?.changes, [
      { field: 'notes', before: '', after: 'Harjoitukset torstaisin' },
      { field: 'status', before: 'active', after: 'inactive' },
    ]);
    assert.ok(history.body.items.every((h) => h.by === DEMO.contact));
    assert.ok(!history.text.includes('sirpa@laulajat.example'), 'no contact data in the trail');

    const del = await call('contact', `/api/v1/associations/${created.id}`, {
      method: 'DELETE',
      headers: { 'If-Match': renamed.body.etag },
    });
    assert.equal(del.status, 204);
    const gone = await call<ErrorBody>('contact2', `/api/v1/associations/${created.id}`);
    assert.equal(gone.status, 404);
    const after = await call<HistoryResponse>(
      'contact2',
      `/api/v1/associations/${created.id}/history`,
    );
    assert.equal(after.body.items[0]?.action, 'delete', 'the history outlives the association');

    // The name is free again once the association is gone.
    await create('contact', { name: 'Lahden Laulajat ja Soittajat ry', units: ['kirjasto'] });
  });

  it('refuses a stale ETag with 409 and the current version, and changes nothing', async () => {
    const a = await create('coordinator', { name: 'Versiokoe ry', units: ['nuoriso'] });
    const first = await call<Association>('coordinator', `/api/v1/associations/${a.id}`, {
      method: 'PUT',
      json: { name: 'Versiokoe ry', units: ['nuoriso'], notes: 'ensimmäinen' },
      headers: { 'If-Match': a.etag },
    });
    assert.equal(first.status, 200);
    const stale = await call<ErrorBody>('coordinator', `/api/v1/associations/${a.id}`, {
      method: 'PUT',
      json: { name: 'Versiokoe ry', units: ['nuoriso'], notes: 'toinen' },
      headers: { 'If-Match': a.etag, 'Accept-Language': 'en' },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'conflict');
    assert.equal(
      stale.body.error.message,
      'Someone else saved a change first. Please check the latest version.',
    );
    assert.equal(stale.body.current?.notes, 'ensimmäinen');
    assert.equal(stale.body.current?.etag, first.body.etag);
    const staleDelete = await call<ErrorBody>('coordinator', `/api/v1/associations/${a.id}`, {
      method: 'DELETE',
      headers: { 'If-Match': a.etag },
    });
    assert.equal(staleDelete.status, 409);
    assert.equal(staleDelete.body.current?.notes, 'ensimmäinen');
    const now = await call<Association>('contact2', `/api/v1/associations/${a.id}`);
    assert.equal(now.body.notes, 'ensimmäinen');
  });

  it('requires If-Match on PUT and DELETE (428)', async () => {
    const a = await create('coordinator', { name: 'Ehtokoe ry', units: ['nuoriso'] });
    for (const method of ['PUT', 'DELETE']) {
      const res = await call<ErrorBody>('coordinator', `/api/v1/associations/${a.id}`, {
        method,
        ...(method === 'PUT' ? { json: { name: 'Ehtokoe ry', units: ['nuoriso'] } } : {}),
      });
      assert.equal(res.status, 428, method);
      assert.equal(res.body.error.code, 'precondition_required');
      assert.equal(res.body.error.message, 'Pyynnöstä puuttuu versiotunniste (If-Match).');
    }
  });

  it('refuses a duplicate name in the same unit (409 with a field message), allows it in another unit', async () => {
    await create('coordinator', { name: 'Kaksoisnimi ry', units: ['liikunta', 'nuoriso'] });
    const dup = await call<ErrorBody>('coordinator', '/api/v1/associations', {
      method: 'POST',
      json: { name: '  KAKSOISNIMI   ry ', units: ['nuoriso'] },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'duplicate_name');
    assert.ok(dup.body.error.fields?.name);
    await create('coordinator', { name: 'Kaksoisnimi ry', units: ['kirjasto'] });
    // Renaming into a taken name is refused too.
    const other = await create('coordinator', { name: 'Yksinimi ry', units: ['liikunta'] });
    const rename = await call<ErrorBody>('coordinator', `/api/v1/associations/${other.id}`, {
      method: 'PUT',
      json: { name: 'kaksoisnimi ry', units: ['liikunta'] },
      headers: { 'If-Match': other.etag },
    });
    assert.equal(rename.status, 409);
    assert.equal(rename.body.error.code, 'duplicate_name');
    const still = await call<Association>('contact2', `/api/v1/associations/${other.id}`);
    assert.equal(still.body.name, 'Yksinimi ry');
  });

  it('pages through the list with a cursor: every row once, sorted by name', async () => {
    const all = await listAll();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call<AssociationList>(
        'reader',
        `/api/v1/associations?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.total, all.length);
      seen.push(...res.body.items.map((a) => a.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, Math.ceil(all.length / 7));
    assert.deepEqual(
      seen,
      all.map((a) => a.id),
    );
    assert.equal(new Set(seen).size, seen.length);
    const names = all.map((a) => a.name);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'fi', { sensitivity: 'base', numeric: true })),
    );
    const desc = await call<AssociationList>(
      'reader',
      '/api/v1/associations?limit=1000&sort=-name',
    );
    assert.deepEqual(
      desc.body.items.map((a) => a.id),
      [...seen].reverse(),
    );
  });

  it('filters by unit, category, status and "my units"', async () => {
    const all = await listAll();
    const byUnit = await listAll('&unit=liikunta');
    assert.ok(byUnit.length > 0);
    assert.deepEqual(
      byUnit.map((a) => a.id),
      all.filter((a) => a.units.includes('liikunta')).map((a) => a.id),
    );
    const byCategory = await listAll('&category=maahanmuuttajat');
    assert.ok(byCategory.length >= 4);
    assert.ok(byCategory.every((a) => a.categories.includes('maahanmuuttajat')));
    const inactive = await listAll('&status=inactive');
    assert.deepEqual(
      inactive.map((a) => a.id),
      all.filter((a) => a.status === 'inactive').map((a) => a.id),
    );
    const mine = await call<AssociationList>(
      'contact',
      '/api/v1/associations?mine=true&limit=1000',
    );
    assert.ok(mine.body.items.length > 0);
    assert.ok(
      mine.body.items.every((a) => a.units.some((u) => u === 'kulttuuri' || u === 'kirjasto')),
    );
    assert.equal(
      mine.body.total,
      all.filter((a) => a.units.some((u) => u === 'kulttuuri' || u === 'kirjasto')).length,
    );
    const readerMine = await call<AssociationList>('reader', '/api/v1/associations?mine=true');
    assert.equal(readerMine.body.total, 0, 'a reader has no units of their own');
  });

  it('searches names case-insensitively with and without ä/ö/å', async () => {
    await create('coordinator', {
      name: 'Äänekosken Öljymäen Kyläyhdistys ry',
      units: ['osallisuus'],
    });
    for (const q of [
      'aanekoski',
      'ÄÄNEKOSKI',
      'äänekosken',
      'oljymaen kyla',
      'KYLÄYHDISTYS ÖLJY',
    ]) {
      const hits = await listAll(`&q=${encodeURIComponent(q)}`);
      assert.ok(
        hits.some((a) => a.name === 'Äänekosken Öljymäen Kyläyhdistys ry'),
        q,
      );
    }
    const elakelaiset = await listAll('&q=elakelaiset');
    assert.deepEqual(
      elakelaiset.map((a) => a.name),
      ['Eläkeläiset Kanerva ry'],
    );
    assert.deepEqual(await listAll('&q=zzzz-ei-ole'), []);
    const combined = await listAll(`&q=ry&unit=osallisuus`);
    assert.ok(combined.every((a) => a.units.includes('osallisuus')));
  });

  it('exports CSV with the filters: UTF-8 with BOM, semicolons, one row per association', async () => {
    const res = await fetch(`${t.url}/api/v1/associations/export.csv?unit=liikunta`, {
      headers: { Authorization: `Bearer ${tokens.contact2}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /attachment; filename="yhdistykset-\d{4}-\d\d-\d\d\.csv"/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes)).rows;
    assert.equal(rows[0]?.[1], 'Nimi');
    const expected = await listAll('&unit=liikunta');
    assert.equal(rows.length - 1, expected.length);
    assert.ok(rows.slice(1).every((r) => (r[4] ?? '').includes('Liikunta')));
    const en = await fetch(`${t.url}/api/v1/associations/export.csv?q=hiihtoseura`, {
      headers: { Authorization: `Bearer ${tokens.contact2}`, 'Accept-Language': 'en' },
    });
    const enRows = parseCsv(await en.text()).rows;
    assert.equal(enRows[0]?.[1], 'Name');
    assert.deepEqual(
      enRows.slice(1).map((r) => r[1]),
      ['Hiihtoseura Lumi ry'],
    );
  });

  const importCsv = (
    who: keyof typeof DEMO,
    body: Uint8Array | string,
    dryRun: boolean,
    type = 'text/csv',
  ) =>
    call<ImportResult & ErrorBody>(
      who,
      `/api/v1/associations/import${dryRun ? '?dryRun=true' : ''}`,
      {
        method: 'POST',
        body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
        headers: { 'Content-Type': type },
      },
    );

  it('imports a dry run: counts and per-row errors, nothing written', async () => {
    const before = await listAll();
    const csv =
      'Nimi;Yksiköt;Luokat;Yhteyshenkilö 1 nimi;Yhteyshenkilö 1 sähköposti\r\n' +
      'Kuivaharjoitus ry;Kulttuuri;Kulttuuri;Maija;maija@kuiva.example\r\n' +
      'Toinen kuiva ry;kirjasto;;Matti;ei-osoite\r\n';
    const res = await importCsv('contact', csv, true);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.dryRun, true);
    assert.equal(res.body.applied, false);
    assert.equal(res.body.rows, 2);
    assert.equal(res.body.created, 1);
    assert.deepEqual(res.body.errors, [
      {
        row: 3,
        field: 'contact1Email',
        message: 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
      },
    ]);
    assert.deepEqual(await listAll(), before);
  });

  it('imports all rows or none: one bad row writes nothing and is named', async () => {
    const before = await listAll();
    const csv =
      'Nimi;Yksiköt;Y-tunnus\r\n' +
      'Hyvä rivi yksi ry;kulttuuri;\r\n' +
      'Hyvä rivi kaksi ry;kulttuuri;\r\n' +
      'Huono rivi ry;kulttuuri;1234567-8\r\n' +
      'Hyvä rivi neljä ry;kirjasto;\r\n';
    const res = await importCsv('contact', csv, false);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'import_invalid');
    assert.equal(res.body.applied, false);
    assert.deepEqual(
      res.body.errors.map((e) => [e.row, e.field]),
      [[4, 'businessId']],
    );
    assert.deepEqual(await listAll(), before, 'nothing written');
  });

  it('applies a good import: creates and updates, Windows-1252 and comma files too, with history', async () => {
    const existing = (await listAll('&q=hiihtoseura lumi'))[0];
    assert.ok(existing);
    const text =
      'Tunniste,Nimi,Yksiköt,Lisätiedot,Yhteyshenkilö 1 nimi,Yhteyshenkilö 1 sähköposti,Yhteyshenkilö 1 puhelin\r\n' +
      `${existing.id},Hiihtoseura Lumi ry,liikunta,"Latu-uutiset, talvi",Pekka Järvinen,pekka@lumi.example,'+358 40 111 2222\r\n` +
      ',Ääneniemen Äijät ry,"liikunta, nuoriso","Kokoukset\r\nmaanantaisin",Åke Öberg,ake@aijat.example,03 814 2000\r\n';
    const cp1252 = Buffer.from(text, 'latin1');
    const res = await importCsv('coordinator', cp1252, false, 'application/vnd.ms-excel');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      {
        created: res.body.created,
        updated: res.body.updated,
        applied: res.body.applied,
        errors: res.body.errors,
      },
      { created: 1, updated: 1, applied: true, errors: [] },
    );
    const updated = await call<Association>('contact2', `/api/v1/associations/${existing.id}`);
    assert.equal(updated.body.notes, 'Latu-uutiset, talvi');
    assert.equal(updated.body.contacts[0]?.phone, '+358 40 111 2222');
    assert.equal(updated.body.createdAt, existing.createdAt, 'created stays');
    const added = (await listAll('&q=aaneniemen aijat'))[0];
    assert.equal(added?.name, 'Ääneniemen Äijät ry');
    assert.deepEqual(added?.units, ['liikunta', 'nuoriso']);
    assert.equal(added?.notes, 'Kokoukset\r\nmaanantaisin');
    assert.equal(added?.contacts[0]?.name, 'Åke Öberg');
    const history = await call<HistoryResponse>(
      'contact2',
      `/api/v1/associations/${existing.id}/history`,
    );
    assert.equal(history.body.items[0]?.action, 'import');
    assert.equal(history.body.items[0]?.by, DEMO.coordinator);
    // The same file again changes nothing.
    const again = await importCsv('coordinator', cp1252, true, 'application/vnd.ms-excel');
    assert.equal(again.body.errors[0]?.field, 'name', 'the added row is now a duplicate name');
  });

  it('refuses an import with duplicate names in the file, and too large or wrong-type bodies', async () => {
    const dup = await importCsv(
      'coordinator',
      'Nimi;Yksiköt\nSama ry;kulttuuri\nsama  RY;kulttuuri\n',
      false,
    );
    assert.equal(dup.status, 400);
    assert.deepEqual(
      dup.body.errors.map((e) => [e.row, e.field]),
      [[3, 'name']],
    );
    const big = await importCsv(
      'coordinator',
      `Nimi;Yksiköt\n${'x'.repeat(2 * 1024 * 1024)}\n`,
      false,
    );
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'too_large');
    const json = await call<ErrorBody>('coordinator', '/api/v1/associations/import', {
      method: 'POST',
      json: { name: 'x' },
    });
    assert.equal(json.status, 415);
  });

  it('rolls a failed import back: a row changed meanwhile makes the whole import undo itself', async () => {
    const table = t.app.storage.table(TABLES.associations);
    const store = new AssociationsStore(table, randomUUID);
    const all = await store.all();
    const snapshot = async () =>
      JSON.stringify(
        (await store.all())
          .map(({ etag: _etag, ...a }) => a)
          .sort((x, y) => x.id.localeCompare(y.id)),
      );
    const before = await snapshot();
    // 150 new associations and one update: three transactions (100 + 51 rows, then claims).
    const plan = [
      ...Array.from({ length: 150 }, (_, i) => ({
        data: {
          name: `Palautuskoe ${i} ry`,
          registerNumber: '',
          businessId: '',
          units: ['palvelutori'],
          categories: [],
          contacts: [],
          website: '',
          profileUrl: '',
          hasRepresentative: false,
          workingGroups: [],
          notes: '',
          status: 'active' as const,
        },
      })),
      { existing: all[0], data: { ...all[0], notes: 'tuonnin muutos' } },
    ];
    let batches = 0;
    await assert.rejects(
      store.applyImport(plan, DEMO.coordinator, {
        async beforeBatch(index) {
          batches++;
          // After the first transaction is written, someone saves the row the second one updates.
          if (index === 1) {
            const current = await store.get(all[0].id);
            await store.update(
              all[0].id,
              { ...current!, notes: 'joku ehti' },
              'joku@x.fi',
              current!.etag,
            );
          }
        },
      }),
      (error) => error instanceof StaleVersionError,
    );
    assert.equal(batches, 2, 'the second transaction failed');
    const after = JSON.parse(await snapshot()) as Association[];
    const expected = (JSON.parse(before) as Association[]).map((a) =>
      a.id === all[0].id ? { ...a, notes: 'joku ehti' } : a,
    );
    // The other writer's change stays; everything the import wrote is gone.
    assert.deepEqual(
      after.map((a) => ({ ...a, updatedAt: '', updatedBy: '' })),
      expected.map((a) => ({ ...a, updatedAt: '', updatedBy: '' })),
    );
    assert.equal((await store.all({ q: 'palautuskoe' })).length, 0);
  });

  it('keeps each instance current: a write through another instance is seen on the next call', async () => {
    const table = t.app.storage.table(TABLES.associations);
    const one = new AssociationsStore(table, randomUUID);
    const two = new AssociationsStore(table, randomUUID);
    const before = await one.all({ q: 'toisen instanssin' });
    assert.deepEqual(before, []);
    const made = await two.create(
      {
        name: 'Toisen instanssin seura ry',
        registerNumber: '',
        businessId: '',
        units: ['kirjasto'],
        categories: [],
        contacts: [],
        website: '',
        profileUrl: '',
        hasRepresentative: false,
        workingGroups: [],
        notes: '',
        status: 'active',
      },
      DEMO.coordinator,
    );
    assert.deepEqual(
      (await one.all({ q: 'toisen instanssin' })).map((a) => a.id),
      [made.id],
    );
    const { after } = await two.update(
      made.id,
      { ...made, notes: 'muutettu' },
      DEMO.coordinator,
      made.etag,
    );
    assert.equal((await one.all({ q: 'toisen instanssin' }))[0]?.notes, 'muutettu');
    await two.remove(made.id, after.etag);
    assert.deepEqual(await one.all({ q: 'toisen instanssin' }), []);
    // The deletion mark stays for other instances to see, and holds no data.
    const mark = await table.getEntity<Record<string, unknown>>('association', made.id);
    assert.equal(mark.deleted, true);
    assert.equal(mark.name, undefined);
  });

  it('gives the mailing list of the chosen associations: unique, sorted, ready to paste', async () => {
    const res = await call<MailingList>(
      'contact2',
      '/api/v1/associations/mailing-list?unit=kirjasto',
    );
    assert.equal(res.status, 200);
    const expected = [
      ...new Set(
        (await listAll('&unit=kirjasto')).flatMap((a) =>
          a.contacts.map((c) => c.email.toLowerCase()),
        ),
      ),
    ].sort();
    assert.ok(expected.length > 0);
    assert.deepEqual(res.body.emails, expected);
    assert.equal(res.body.text, expected.join('; '));
  });

  it('manages units and categories: coordinators write, in-use ones cannot be removed', async () => {
    const created = await call<{ id: string; etag: string }>('coordinator', '/api/v1/units', {
      method: 'POST',
      json: { name: { fi: 'Ympäristöpalvelut', en: 'Environmental services' } },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.id, 'ymparistopalvelut');
    const renamed = await call<{ etag: string; name: { fi: string } }>(
      'coordinator',
      '/api/v1/units/ymparistopalvelut',
      {
        method: 'PUT',
        json: { name: { fi: 'Ympäristö', en: 'Environment' } },
        headers: { 'If-Match': created.body.etag },
      },
    );
    assert.equal(renamed.status, 200, renamed.text);
    const units = await call<{ items: { id: string; name: { fi: string } }[] }>(
      'reader',
      '/api/v1/units',
    );
    assert.ok(
      units.body.items.some((u) => u.id === 'ymparistopalvelut' && u.name.fi === 'Ympäristö'),
    );
    const kulttuuri = units.body.items.find((u) => u.id === 'kulttuuri') as
      { etag: string } | undefined;
    const inUse = await call<ErrorBody>('coordinator', '/api/v1/units/kulttuuri', {
      method: 'DELETE',
      headers: { 'If-Match': kulttuuri?.etag ?? '' },
    });
    assert.equal(inUse.status, 409);
    assert.equal(inUse.body.error.code, 'in_use');
    const removed = await call('coordinator', '/api/v1/units/ymparistopalvelut', {
      method: 'DELETE',
      headers: { 'If-Match': renamed.body.etag },
    });
    assert.equal(removed.status, 204);
    const unknown = await call<ErrorBody>('coordinator', '/api/v1/associations', {
      method: 'POST',
      json: { name: 'Poistetun yksikön seura ry', units: ['ymparistopalvelut'] },
    });
    assert.equal(unknown.status, 400);
    assert.ok(unknown.body.error.fields?.units);
  });

  it('assigns roles: a new contact person can then edit their unit', async () => {
    const upn = 'uusi.yhteyshenkilo@kaupunki.example';
    const put = await call<{ role: string; units: string[] }>(
      'coordinator',
      `/api/v1/roles?upn=${encodeURIComponent(upn)}`,
      {
        method: 'PUT',
        json: { name: 'Uusi Yhteyshenkilö', role: 'contact', units: ['palvelutori'] },
      },
    );
    assert.equal(put.status, 200, put.text);
    const roles = await call<{ items: { upn: string; role: string }[] }>(
      'contact2',
      '/api/v1/roles',
    );
    assert.ok(roles.body.items.some((r) => r.upn === upn && r.role === 'contact'));
    const token = await devToken(t.url, upn);
    const me = await api<MeResponse>(t.url, token, '/api/v1/me');
    assert.equal(me.body.role, 'contact');
    const made = await api(t.url, token, '/api/v1/associations', {
      method: 'POST',
      json: { name: 'Palvelutorin ystävät ry', units: ['palvelutori'] },
    });
    assert.equal(made.status, 201, made.text);
    const lastCoordinator = await call<ErrorBody>(
      'coordinator',
      `/api/v1/roles/${encodeURIComponent(DEMO.coordinator)}`,
      {
        method: 'PUT',
        json: { name: 'Helena', role: 'reader' },
      },
    );
    assert.equal(lastCoordinator.status, 409, 'the configured coordinator stays');
    const removed = await call('coordinator', `/api/v1/roles?upn=${encodeURIComponent(upn)}`, {
      method: 'DELETE',
    });
    assert.equal(removed.status, 204);
    const meAfter = await api<MeResponse>(t.url, token, '/api/v1/me');
    assert.equal(meAfter.body.role, 'reader');
  });

  it('exports a person’s data and erases it; the trail keeps only that an erasure happened', async () => {
    const email = 'poistettava.henkilo@yhdistys.example';
    const a = await create('coordinator', {
      name: 'Poistokoe ry',
      units: ['hyvinvointi'],
      contacts: [
        { name: 'Poistettava Henkilö', email, phone: '040 999 8888' },
        { name: 'Jäävä Henkilö', email: 'jaava@yhdistys.example' },
      ],
    });
    const b = await create('coordinator', {
      name: 'Toinen poistokoe ry',
      units: ['hyvinvointi'],
      contacts: [{ name: 'Poistettava Henkilö', email: email.toUpperCase() }],
    });
    const exported = await call<PersonExport>(
      'coordinator',
      `/api/v1/people/export?email=${encodeURIComponent(email)}`,
    );
    assert.equal(exported.status, 200, exported.text);
    assert.deepEqual(
      exported.body.contactIn.map((c) => [c.associationId, c.contact.name]).sort(),
      [
        [a.id, 'Poistettava Henkilö'],
        [b.id, 'Poistettava Henkilö'],
      ].sort(),
    );
    const erased = await call<ErasureResult>(
      'coordinator',
      `/api/v1/people?email=${encodeURIComponent(email)}`,
      {
        method: 'DELETE',
      },
    );
    assert.equal(erased.status, 200, erased.text);
    assert.equal(erased.body.contactsRemoved, 2);
    assert.equal(erased.body.associationsChanged, 2);
    const afterA = await call<Association>('contact2', `/api/v1/associations/${a.id}`);
    assert.deepEqual(
      afterA.body.contacts.map((c) => c.email),
      ['jaava@yhdistys.example'],
    );
    const again = await call<PersonExport>(
      'coordinator',
      `/api/v1/people/export?email=${encodeURIComponent(email)}`,
    );
    assert.deepEqual(again.body.contactIn, []);
    const history = await call<HistoryResponse>('contact2', `/api/v1/associations/${a.id}/history`);
    assert.equal(history.body.items[0]?.action, 'erasure');
    assert.ok(!history.text.toLowerCase().includes(email), 'the erased data is not in the trail');
    for await (const row of t.app.storage.table(TABLES.audit).listEntities()) {
      assert.ok(
        !JSON.stringify(row).toLowerCase().includes(email),
        'no audit row holds the address',
      );
    }
    for await (const row of t.app.storage.table(TABLES.associations).listEntities()) {
      assert.ok(!JSON.stringify(row).toLowerCase().includes(email), 'no association row holds it');
    }
  });

  it('pseudonymises an erased city employee in created/updated fields and the trail', async () => {
    const upn = 'lahteva.tyontekija@kaupunki.example';
    await call('coordinator', `/api/v1/roles?upn=${encodeURIComponent(upn)}`, {
      method: 'PUT',
      json: { name: 'Lähtevä Työntekijä', role: 'contact', units: ['nuoriso'] },
    });
    const token = await devToken(t.url, upn);
    const made = await api<Association>(t.url, token, '/api/v1/associations', {
      method: 'POST',
      json: { name: 'Työntekijän seura ry', units: ['nuoriso'] },
    });
    assert.equal(made.status, 201);
    const exported = await call<PersonExport & { history: unknown[] }>(
      'coordinator',
      `/api/v1/people/export?email=${encodeURIComponent(upn)}`,
    );
    assert.equal(exported.body.roleAssignment?.role, 'contact');
    assert.deepEqual(
      exported.body.recordsEdited.map((r) => r.associationId),
      [made.body.id],
    );
    assert.equal(exported.body.history.length, 1);
    const erased = await call<ErasureResult>(
      'coordinator',
      `/api/v1/people?email=${encodeURIComponent(upn)}`,
      {
        method: 'DELETE',
      },
    );
    assert.equal(erased.body.roleAssignmentRemoved, true);
    assert.equal(
      erased.body.authorFieldsPseudonymised,
      3,
      'createdBy, updatedBy and one audit row',
    );
    const after = await call<Association>('contact2', `/api/v1/associations/${made.body.id}`);
    assert.equal(after.body.createdBy, 'erased');
    const history = await call<HistoryResponse>(
      'contact2',
      `/api/v1/associations/${made.body.id}/history`,
    );
    assert.ok(history.body.items.every((h) => h.by !== upn));
  });
});
