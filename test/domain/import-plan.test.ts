import assert from 'node:assert/strict';
import { associationInputSchema, type Association } from '@yhdistysyhteistyo/contract/associations';
import { t, type MessageKey, type MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import type { UserRoles } from '@yhdistysyhteistyo/contract/people';
import { planImport, readImportFile, type ImportContext } from '../../bot/src/domain/import-plan';

const fi = (key: MessageKey, params?: MessageParams) => t('fi', key, params);
const bytes = (text: string) => new TextEncoder().encode(text);
const coordinator: UserRoles = { coordinator: true, units: [] };

function stored(id: string, name: string, units: string[]): Association {
  return {
    ...associationInputSchema.parse({ name, units }),
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'a@x.fi',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'a@x.fi',
    etag: `"${id}"`,
  };
}

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
  roles: coordinator,
  references: {
    units: [
      { id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' } },
      { id: 'liikunta', name: { fi: 'Liikunta', en: 'Sports' } },
    ],
    categories: [],
  },
  workingGroups: new Set(['tilat']),
  stored: [stored('kuoro', 'Kamarikuoro ry', ['kulttuuri'])],
  ...over,
});

function plan(csv: string, over: Partial<ImportContext> = {}) {
  const file = readImportFile(bytes(csv), fi);
  assert.ok(file.ok, JSON.stringify(file));
  return planImport(file, context(over), fi);
}

describe('import plan (pure)', () => {
  it('stops at the header: an empty file, an unknown or a missing column', () => {
    const empty = readImportFile(bytes('Nimi;Yksiköt\n'), fi);
    assert.deepEqual(empty, {
      ok: false,
      rows: 0,
      errors: [{ row: 1, field: '(file)', message: t('fi', 'associations.csv.empty') }],
    });
    const unknown = readImportFile(bytes('Nimi;Yksiköt;Kenkäkoko\nA;B;C\n'), fi);
    assert.equal(unknown.ok, false);
    assert.deepEqual(unknown.ok ? [] : unknown.errors.map((e) => [e.row, e.field]), [
      [1, 'Kenkäkoko'],
    ]);
    const missing = readImportFile(bytes('Nimi\nA\n'), fi);
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : (missing.errors[0]?.message ?? ''), /Yksiköt/);
  });

  it('plans new rows and changed rows, counts unchanged ones, and names units by name', () => {
    const result = plan(
      'Tunniste;Nimi;Yksiköt\n' +
        'kuoro;Kamarikuoro ry;Kulttuuri\n' +
        ';Uusi seura ry;Liikunta\n' +
        'kuoro2;Toinen;kulttuuri\n',
      {
        stored: [
          stored('kuoro', 'Kamarikuoro ry', ['kulttuuri']),
          stored('kuoro2', 'Vanha', ['kulttuuri']),
        ],
      },
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.rows, 3);
    assert.equal(result.unchanged, 1);
    assert.deepEqual(
      result.items.map((i) => [i.row, i.existing?.id, i.data.name, i.data.units]),
      [
        [3, undefined, 'Uusi seura ry', ['liikunta']],
        [4, 'kuoro2', 'Toinen', ['kulttuuri']],
      ],
    );
  });

  it('gives every bad row its row, column and a Finnish message, never zod English', () => {
    const result = plan(
      'Tunniste;Nimi;Yksiköt;Yhteyshenkilö 1 nimi;Yhteyshenkilö 1 sähköposti\n' +
        ';X;Kulttuuri;;\n' +
        'eiole;Hyvä nimi;Kulttuuri;;\n' +
        ';Hyvä nimi;Tuntematon;;\n' +
        ';Kolmas ry;Kulttuuri;Pekka;ei-osoite\n' +
        ';liian;vähän\n',
    );
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.field]),
      [
        [2, 'name'],
        [3, 'id'],
        [4, 'units'],
        [5, 'contact1Email'],
        [6, '(row)'],
      ],
    );
    assert.equal(result.errors[0]?.message, t('fi', 'associations.validation.nameLength'));
    assert.equal(result.errors[3]?.message, t('fi', 'associations.validation.email'));
    for (const e of result.errors) assert.doesNotMatch(e.message, /Invalid|expected/);
    assert.deepEqual(result.items, []);
  });

  it("refuses rows outside a contact person's units with the rule's reason", () => {
    const contact: UserRoles = { coordinator: false, units: ['liikunta'] };
    const result = plan('Nimi;Yksiköt\nSeura ry;Kulttuuri\nToinen ry;Liikunta\n', {
      roles: contact,
    });
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.field]),
      [[2, 'units']],
    );
    assert.deepEqual(
      result.items.map((i) => i.data.name),
      ['Toinen ry'],
    );
  });

  it('finds names taken twice in one unit: in the file, and against the stored register', () => {
    const result = plan(
      'Nimi;Yksiköt\nKAMARIKUORO  ry;Kulttuuri\nSama ry;Liikunta\nsama ry;Liikunta\n',
    );
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.field, e.message]),
      [
        [2, 'name', t('fi', 'associations.validation.duplicateName')],
        [4, 'name', t('fi', 'associations.validation.duplicateName')],
      ],
    );
    // Renaming the stored one in the same file frees its name.
    const swapped = plan(
      'Tunniste;Nimi;Yksiköt\nkuoro;Uusi nimi ry;Kulttuuri\n;Kamarikuoro ry;Kulttuuri\n',
    );
    assert.deepEqual(swapped.errors, []);
    assert.equal(swapped.items.length, 2);
  });
});
