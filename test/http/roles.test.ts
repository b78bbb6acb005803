/**
 * Every cell of the role × action matrix over real HTTP: coordinator, contact person (for
 * actions on one association: of their own unit and of another unit), reader and guest (a guest
 * without an assignment is refused whatever a reader is refused).
 */
import assert from 'node:assert/strict';
import type { Association, AssociationList } from '@yhdistysyhteistyo/contract/associations';
import { ACTIONS, type Action } from '@yhdistysyhteistyo/contract/roles';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

type Who = 'coordinator' | 'contact' | 'reader' | 'guest';
const WHO: readonly Who[] = ['coordinator', 'contact', 'reader', 'guest'];

interface Ctx {
  readonly t: TestApp;
  readonly token: string;
  readonly who: Who;
  /** A fresh association in the contact's own unit (kulttuuri) or another unit (liikunta). */
  fresh(unit: 'own' | 'other'): Promise<Association>;
}

interface Cell {
  readonly action: Action;
  readonly what: string;
  /** Expected status per role (a guest's, when not given, is the reader's). */
  readonly expect: Record<Exclude<Who, 'guest'>, number> & { guest?: number };
  readonly run: (c: Ctx) => Promise<{ status: number; text: string }>;
  /** Checks that a refused request changed nothing. */
  readonly unchanged?: (c: Ctx, before: unknown) => Promise<void>;
}

let seq = 0;
const uniqueName = (who: string) => `Roolikoe ${who} ${++seq} ry`;

async function names(t: TestApp, token: string): Promise<string[]> {
  const res = await api<AssociationList>(t.url, token, '/api/v1/associations?limit=1000');
  return res.body.items.map((a) => `${a.name}|${a.notes}|${a.units.join(',')}`).sort();
}

const CELLS: readonly Cell[] = [
  {
    action: 'association.read',
    what: 'GET /associations and /associations/:id',
    expect: { coordinator: 200, contact: 200, reader: 200 },
    run: async (c) => {
      const list = await api<AssociationList>(c.t.url, c.token, '/api/v1/associations?limit=5');
      const one = await api(
        c.t.url,
        c.token,
        `/api/v1/associations/${list.body.items[0]?.id ?? 'x'}`,
      );
      return { status: Math.max(list.status, one.status), text: one.text };
    },
  },
  {
    action: 'association.create',
    what: 'POST in the own unit',
    expect: { coordinator: 201, contact: 201, reader: 403 },
    run: (c) =>
      api(c.t.url, c.token, '/api/v1/associations', {
        method: 'POST',
        json: { name: uniqueName(c.who), units: ['kulttuuri'] },
      }),
  },
  {
    action: 'association.create',
    what: 'POST in another unit',
    expect: { coordinator: 201, contact: 403, reader: 403 },
    run: (c) =>
      api(c.t.url, c.token, '/api/v1/associations', {
        method: 'POST',
        json: { name: uniqueName(c.who), units: ['liikunta'] },
      }),
  },
  {
    action: 'association.update',
    what: 'PUT in the own unit',
    expect: { coordinator: 200, contact: 200, reader: 403 },
    run: async (c) => {
      const a = await c.fresh('own');
      return api(c.t.url, c.token, `/api/v1/associations/${a.id}`, {
        method: 'PUT',
        json: { ...a, notes: `muokattu ${c.who}` },
        headers: { 'If-Match': a.etag },
      });
    },
  },
  {
    action: 'association.update',
    what: 'PUT in another unit',
    expect: { coordinator: 200, contact: 403, reader: 403 },
    run: async (c) => {
      const a = await c.fresh('other');
      return api(c.t.url, c.token, `/api/v1/associations/${a.id}`, {
        method: 'PUT',
        json: { ...a, notes: `muokattu ${c.who}` },
        headers: { 'If-Match': a.etag },
      });
    },
  },
  {
    action: 'association.update',
    what: 'PUT moving an own association to another unit',
    expect: { coordinator: 200, contact: 403, reader: 403 },
    run: async (c) => {
      const a = await c.fresh('own');
      return api(c.t.url, c.token, `/api/v1/associations/${a.id}`, {
        method: 'PUT',
        json: { ...a, units: ['liikunta'] },
        headers: { 'If-Match': a.etag },
      });
    },
  },
  {
    action: 'association.delete',
    what: 'DELETE in the own unit',
    expect: { coordinator: 204, contact: 204, reader: 403 },
    run: async (c) => {
      const a = await c.fresh('own');
      return api(c.t.url, c.token, `/api/v1/associations/${a.id}`, {
        method: 'DELETE',
        headers: { 'If-Match': a.etag },
      });
    },
  },
  {
    action: 'association.delete',
    what: 'DELETE in another unit',
    expect: { coordinator: 204, contact: 403, reader: 403 },
    run: async (c) => {
      const a = await c.fresh('other');
      return api(c.t.url, c.token, `/api/v1/associations/${a.id}`, {
        method: 'DELETE',
        headers: { 'If-Match': a.etag },
      });
    },
  },
  {
    action: 'association.export',
    what: 'GET /associations/export.csv',
    expect: { coordinator: 200, contact: 200, reader: 403 },
    run: (c) => api(c.t.url, c.token, '/api/v1/associations/export.csv'),
  },
  {
    action: 'association.import',
    what: 'POST /associations/import (own unit)',
    expect: { coordinator: 200, contact: 200, reader: 403 },
    run: (c) =>
      api(c.t.url, c.token, '/api/v1/associations/import', {
        method: 'POST',
        body: Buffer.from(`Nimi;Yksiköt\n${uniqueName(c.who)};kulttuuri\n`),
        headers: { 'Content-Type': 'text/csv' },
      }),
  },
  {
    action: 'association.import',
    what: 'POST /associations/import (another unit: the row is refused, nothing written)',
    expect: { coordinator: 200, contact: 400, reader: 403 },
    run: (c) =>
      api(c.t.url, c.token, '/api/v1/associations/import', {
        method: 'POST',
        body: Buffer.from(`Nimi;Yksiköt\n${uniqueName(c.who)};liikunta\n`),
        headers: { 'Content-Type': 'text/csv' },
      }),
  },
  {
    action: 'association.mailingList',
    what: 'GET /associations/mailing-list',
    expect: { coordinator: 200, contact: 200, reader: 403 },
    run: (c) => api(c.t.url, c.token, '/api/v1/associations/mailing-list?unit=kulttuuri'),
  },
  {
    action: 'association.history',
    what: 'GET /associations/:id/history',
    expect: { coordinator: 200, contact: 200, reader: 403 },
    run: async (c) => {
      const a = await c.fresh('other');
      return api(c.t.url, c.token, `/api/v1/associations/${a.id}/history`);
    },
  },
  {
    action: 'reference.read',
    what: 'GET /units and /categories',
    expect: { coordinator: 200, contact: 200, reader: 200 },
    run: async (c) => {
      const u = await api(c.t.url, c.token, '/api/v1/units');
      const k = await api(c.t.url, c.token, '/api/v1/categories');
      return { status: Math.max(u.status, k.status), text: u.text };
    },
  },
  {
    action: 'reference.write',
    what: 'POST /units',
    expect: { coordinator: 201, contact: 403, reader: 403 },
    run: (c) =>
      api(c.t.url, c.token, '/api/v1/units', {
        method: 'POST',
        json: { id: `koe-${c.who}-${++seq}`, name: { fi: 'Koeyksikkö', en: 'Test unit' } },
      }),
  },
  {
    action: 'reference.write',
    what: 'POST /categories',
    expect: { coordinator: 201, contact: 403, reader: 403 },
    run: (c) =>
      api(c.t.url, c.token, '/api/v1/categories', {
        method: 'POST',
        json: { id: `koe-${c.who}-${++seq}`, name: { fi: 'Koeluokka', en: 'Test category' } },
      }),
  },
  {
    action: 'roles.read',
    what: 'GET /roles',
    expect: { coordinator: 200, contact: 200, reader: 403 },
    run: (c) => api(c.t.url, c.token, '/api/v1/roles'),
  },
  {
    action: 'roles.write',
    what: 'PUT /roles/:upn',
    expect: { coordinator: 200, contact: 403, reader: 403 },
    run: (c) =>
      api(
        c.t.url,
        c.token,
        `/api/v1/roles/${encodeURIComponent(`koe.${c.who}@kaupunki.example`)}`,
        {
          method: 'PUT',
          json: { name: 'Koehenkilö', role: 'contact', units: ['nuoriso'] },
        },
      ),
  },
  {
    action: 'people.export',
    what: 'GET /people/export',
    expect: { coordinator: 200, contact: 403, reader: 403 },
    run: (c) =>
      api(
        c.t.url,
        c.token,
        `/api/v1/people/export?email=${encodeURIComponent('raili.salonen@elkeliset-kanerva.example')}`,
      ),
  },
  {
    action: 'people.erase',
    what: 'DELETE /people',
    expect: { coordinator: 200, contact: 403, reader: 403 },
    run: (c) =>
      api(
        c.t.url,
        c.token,
        `/api/v1/people?email=${encodeURIComponent(`ei.ketaan.${c.who}@yhdistys.example`)}`,
        { method: 'DELETE' },
      ),
  },
  {
    action: 'content.edit',
    what: 'GET /content',
    expect: { coordinator: 200, contact: 403, reader: 403 },
    run: (c) => api(c.t.url, c.token, '/api/v1/content'),
  },
];

describe('roles × actions over HTTP (real server, real Azurite)', function () {
  this.timeout(120_000);
  let t: TestApp;
  const tokens = {} as Record<Who, string>;

  before(async () => {
    t = await startTestApp();
    for (const who of WHO) tokens[who] = await devToken(t.url, DEMO[who]);
  });
  after(async () => {
    await t?.stop();
  });

  it('covers every action of the rules', () => {
    assert.deepEqual([...new Set(CELLS.map((c) => c.action))].sort(), [...ACTIONS].sort());
  });

  for (const cell of CELLS) {
    for (const who of WHO) {
      const expected =
        who === 'guest' ? (cell.expect.guest ?? cell.expect.reader) : cell.expect[who];
      it(`${cell.action} — ${cell.what} — ${who}: ${expected}`, async () => {
        const ctx: Ctx = {
          t,
          token: tokens[who],
          who,
          async fresh(unit) {
            const res = await api<Association>(t.url, tokens.coordinator, '/api/v1/associations', {
              method: 'POST',
              json: {
                name: uniqueName('kohde'),
                units: [unit === 'own' ? 'kulttuuri' : 'liikunta'],
              },
            });
            assert.equal(res.status, 201, res.text);
            return res.body;
          },
        };
        const before = await names(t, tokens.coordinator);
        const res = await cell.run(ctx);
        assert.equal(res.status, expected, res.text);
        if (expected === 403) {
          const body = JSON.parse(res.text) as { error: { code: string; message: string } };
          assert.equal(body.error.code, 'forbidden');
          assert.match(
            body.error.message,
            /oikeus|yksiköidesi|koordinaattori/,
            'a clear Finnish reason',
          );
          const after = await names(t, tokens.coordinator);
          // `fresh` may have added its fixture; nothing else changed.
          assert.ok(before.every((n) => after.includes(n)));
          assert.ok(
            after.filter((n) => !before.includes(n)).every((n) => n.startsWith('Roolikoe kohde')),
          );
        }
      });
    }
  }

  it('says which units a contact person may edit, in English too', async () => {
    const res = await api<{ error: { message: string } }>(
      t.url,
      tokens.contact,
      '/api/v1/associations',
      {
        method: 'POST',
        json: { name: 'Vieras yksikkö ry', units: ['liikunta'] },
        headers: { 'Accept-Language': 'en' },
      },
    );
    assert.equal(res.status, 403);
    assert.equal(
      res.body.error.message,
      'You can edit only the associations of your own units (kulttuuri, kirjasto).',
    );
  });
});
