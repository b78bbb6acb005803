import assert from 'node:assert/strict';
import {
  associationInputSchema,
  diffAssociation,
  isValidPhone,
  listQuerySchema,
  type AssociationData,
  type AssociationInput,
} from '@yhdistysyhteistyo/contract/associations';
import {
  associationsToRows,
  COLUMNS,
  decodeCsvBytes,
  decodeWindows1252,
  mapHeader,
  parseCsv,
  rowToInput,
  serializeCsv,
} from '../../bot/src/domain/csv';
import { roleAssignmentInputSchema, roleOf, userRolesOf } from '@yhdistysyhteistyo/contract/people';
import { ACTIONS, can, decide, type Action } from '@yhdistysyhteistyo/contract/roles';
import {
  compareNames,
  matchesSearch,
  nameIdentityKey,
  normalizeForSearch,
} from '@yhdistysyhteistyo/contract/search';
import { catalogs } from '@yhdistysyhteistyo/contract/i18n';

const valid: AssociationInput = {
  name: 'Äänekosken Kamarikuoro ry',
  registerNumber: '123.456',
  businessId: '1572860-0',
  units: ['kulttuuri'],
  categories: ['kulttuuri'],
  contacts: [
    {
      name: 'Pekka Järvinen',
      role: 'Puheenjohtaja',
      email: 'pekka@kuoro.example',
      phone: '040 123 4567',
      language: 'fi',
    },
  ],
  website: 'https://kuoro.example/',
  profileUrl: 'https://www.päijäthämäläiset.fi/yhdistykset/kuoro',
  hasRepresentative: true,
  workingGroups: ['tilat'],
  notes: 'Harjoitukset tiistaisin.\nKonsertti joulukuussa.',
  status: 'active',
};

function issues(input: unknown): Record<string, string> {
  const result = associationInputSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('associations domain: validation', () => {
  it('accepts a full association and fills defaults for what is left out', () => {
    const full = associationInputSchema.parse(valid);
    assert.equal(full.name, valid.name);
    const minimal = associationInputSchema.parse({ name: '  Seura ry ', units: ['liikunta'] });
    assert.equal(minimal.name, 'Seura ry', 'trimmed');
    assert.deepEqual(minimal.contacts, []);
    assert.equal(minimal.status, 'active');
    assert.equal(minimal.businessId, '');
  });

  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a one-letter name', { name: 'A' }, 'name', 'associations.validation.nameLength'],
    [
      'a 201-character name',
      { name: 'x'.repeat(201) },
      'name',
      'associations.validation.nameLength',
    ],
    ['a number as name', { name: 42 }, 'name', 'associations.validation.text'],
    ['a script tag', { name: '<script>x</script>' }, 'name', 'associations.validation.noMarkup'],
    ['a control character', { name: 'Seura\u0007 ry' }, 'name', 'associations.validation.noMarkup'],
    [
      'a bad business ID check digit',
      { businessId: '1572860-1' },
      'businessId',
      'associations.validation.businessId',
    ],
    [
      'a business ID without hyphen',
      { businessId: '15728600' },
      'businessId',
      'associations.validation.businessId',
    ],
    [
      'a register number with letters',
      { registerNumber: 'abc' },
      'registerNumber',
      'associations.validation.registerNumber',
    ],
    ['no units', { units: [] }, 'units', 'associations.validation.unitsRequired'],
    [
      'a unit id with spaces',
      { units: ['kult tuuri'] },
      'units.0',
      'associations.validation.unknownUnit',
    ],
    [
      'six contacts',
      { contacts: Array.from({ length: 6 }, () => valid.contacts?.[0]) },
      'contacts',
      'associations.validation.contactsTooMany',
    ],
    [
      'a bad e-mail',
      { contacts: [{ name: 'Pekka', email: 'pekka@' }] },
      'contacts.0.email',
      'associations.validation.email',
    ],
    [
      'a bad phone',
      { contacts: [{ name: 'Pekka', email: 'p@x.fi', phone: '12' }] },
      'contacts.0.phone',
      'associations.validation.phone',
    ],
    [
      'a language not offered',
      { contacts: [{ name: 'Pekka', email: 'p@x.fi', language: 'de' }] },
      'contacts.0.language',
      'associations.validation.language',
    ],
    [
      'a javascript: URL',
      { website: 'javascript:alert(1)' },
      'website',
      'associations.validation.url',
    ],
    ['an http URL', { website: 'http://kuoro.example/' }, 'website', 'associations.validation.url'],
    [
      'a URL with a password',
      { website: 'https://a:b@kuoro.example/' },
      'website',
      'associations.validation.url',
    ],
    [
      'a profile elsewhere',
      { profileUrl: 'https://evil.example/paijathamalaiset.fi' },
      'profileUrl',
      'associations.validation.profileUrl',
    ],
    [
      '2,001 characters of notes',
      { notes: 'x'.repeat(2001) },
      'notes',
      'associations.validation.notesLength',
    ],
    [
      'markup in notes',
      { notes: 'hei <img src=x onerror=alert(1)>' },
      'notes',
      'associations.validation.noMarkup',
    ],
    [
      'a string flag',
      { hasRepresentative: 'yes' },
      'hasRepresentative',
      'associations.validation.boolean',
    ],
    ['an unknown status', { status: 'deleted' }, 'status', 'associations.validation.status'],
  ];
  for (const [what, patch, field, key] of cases) {
    it(`refuses ${what} with ${key} on ${field}`, () => {
      assert.equal(issues({ ...valid, ...patch })[field], key);
    });
  }

  it('refuses a body that is not an object with one message key', () => {
    for (const body of [null, 'text', 42, [], true]) {
      assert.deepEqual(Object.values(issues(body)), ['associations.validation.body']);
    }
  });

  it('gives every validation message as a key of both catalogs', () => {
    const inputs: unknown[] = [
      ...cases.map(([, patch]) => ({ ...valid, ...patch })),
      {},
      { name: null, units: 'x', categories: [1], contacts: [null], workingGroups: {} },
    ];
    for (const input of inputs) {
      for (const key of Object.values(issues(input))) {
        assert.ok(key in catalogs.fi && key in catalogs.en, `${key} is in fi and en`);
      }
    }
  });

  it('knows Finnish and international phone numbers', () => {
    for (const ok of [
      '040 123 4567',
      '03 814 2000',
      '+358 40 123 4567',
      '+358401234567',
      '09-310 1691',
    ]) {
      assert.ok(isValidPhone(ok), ok);
    }
    for (const bad of [
      '12',
      '+0 123',
      'puhelin',
      '040 123 4567 ext 5',
      '+358 40 123 4567 8901 234',
    ]) {
      assert.ok(!isValidPhone(bad), bad);
    }
  });

  it('checks the list query: limit ≤ 1000, known status and sort', () => {
    assert.equal(listQuerySchema.parse({ limit: '1000' }).limit, 1000);
    assert.equal(listQuerySchema.safeParse({ limit: '1001' }).success, false);
    assert.equal(listQuerySchema.safeParse({ limit: '0' }).success, false);
    assert.equal(listQuerySchema.safeParse({ status: 'gone' }).success, false);
    assert.equal(listQuerySchema.safeParse({ sort: 'createdBy' }).success, false);
    assert.equal(listQuerySchema.safeParse({ q: 'x'.repeat(101) }).success, false);
    assert.equal(listQuerySchema.safeParse({ unit: "' or 1 eq 1 or '" }).success, false);
    assert.deepEqual(listQuerySchema.parse({ mine: 'true' }).mine, true);
  });

  it('keeps personal fields out of the audit diff but names them', () => {
    const a = associationInputSchema.parse(valid);
    const b: AssociationData = {
      ...a,
      name: 'Uusi nimi ry',
      contacts: [{ ...a.contacts[0], email: 'toinen@kuoro.example' }],
    };
    const diff = diffAssociation(a, b);
    assert.deepEqual(diff, [
      { field: 'name', before: a.name, after: 'Uusi nimi ry' },
      { field: 'contacts' },
    ]);
    assert.ok(!JSON.stringify(diffAssociation(undefined, a)).includes('pekka@kuoro.example'));
  });

  it('validates role assignments: a contact needs units; others keep none', () => {
    assert.equal(
      roleAssignmentInputSchema.safeParse({ name: 'X', role: 'contact', units: [] }).success,
      false,
    );
    assert.deepEqual(
      roleAssignmentInputSchema.parse({ name: 'X', role: 'reader', units: ['kulttuuri'] }).units,
      [],
    );
    assert.equal(roleAssignmentInputSchema.safeParse({ name: 'X', role: 'admin' }).success, false);
  });
});

describe('associations domain: search normalisation', () => {
  it('matches with and without ä/ö/å and in any case', () => {
    const text = normalizeForSearch('Äänekosken Kööri ry');
    assert.ok(matchesSearch(text, 'aanekoski'), 'the base form finds the inflected name');
    assert.ok(!matchesSearch(text, 'aanekoxki'), 'but only the last letter may differ');
    assert.ok(matchesSearch(normalizeForSearch('Äänekoski-seura'), 'aanekoski'));
    assert.ok(matchesSearch(normalizeForSearch('Aanekoski-seura'), 'ÄÄNEKOSKI'));
    assert.ok(matchesSearch(text, 'KOORI'));
    assert.ok(matchesSearch(normalizeForSearch('Svenska föreningen i Åbo'), 'abo forening'));
    assert.ok(!matchesSearch(text, 'kuoro'));
  });

  it('treats punctuation and runs of spaces as one space; every word must match', () => {
    assert.equal(normalizeForSearch('  Palloseura   "Vauhti", ry. '), 'palloseura vauhti ry');
    assert.ok(matchesSearch('palloseura vauhti ry', 'vauhti pallo'));
    assert.ok(!matchesSearch('palloseura vauhti ry', 'vauhti hiihto'));
  });

  it('makes names the same regardless of case and spacing, but not of accents', () => {
    assert.equal(nameIdentityKey('Kuoro  RY'), nameIdentityKey('kuoro ry'));
    assert.notEqual(nameIdentityKey('Mäkelä ry'), nameIdentityKey('Makela ry'));
  });

  it('sorts the Finnish way: å, ä, ö after z', () => {
    const names = ['Öljy ry', 'Zeta ry', 'Äijä ry', 'Aalto ry', 'Åbo ry'];
    assert.deepEqual([...names].sort(compareNames), [
      'Aalto ry',
      'Zeta ry',
      'Åbo ry',
      'Äijä ry',
      'Öljy ry',
    ]);
  });
});

describe('associations domain: roles matrix (pure)', () => {
  const coordinator = { coordinator: true, units: [] };
  const contact = { coordinator: false, units: ['kulttuuri', 'kirjasto'] };
  const reader = { coordinator: false, units: [] };
  const expected: Record<Action, [boolean, boolean, boolean]> = {
    // [coordinator, contact (own unit), reader]
    'association.read': [true, true, true],
    'association.create': [true, true, false],
    'association.update': [true, true, false],
    'association.delete': [true, true, false],
    'association.export': [true, true, false],
    'association.import': [true, true, false],
    'association.mailingList': [true, true, false],
    'association.history': [true, true, false],
    'reference.read': [true, true, true],
    'reference.write': [true, false, false],
    'roles.read': [true, true, false],
    'roles.write': [true, false, false],
    'people.export': [true, false, false],
    'people.erase': [true, false, false],
    'content.edit': [true, false, false],
  };
  for (const action of ACTIONS) {
    it(`${action}: coordinator ${String(expected[action][0])}, contact ${String(expected[action][1])}, reader ${String(expected[action][2])}`, () => {
      const own = { units: ['kulttuuri'] };
      assert.equal(can(coordinator, action, own), expected[action][0]);
      assert.equal(can(contact, action, own), expected[action][1]);
      assert.equal(can(reader, action, own), expected[action][2]);
    });
  }

  it('lets a contact write only associations of their units, before and after a change', () => {
    assert.ok(
      can(contact, 'association.update', {
        units: ['kirjasto', 'liikunta'],
        newUnits: ['kirjasto'],
      }),
    );
    assert.ok(!can(contact, 'association.update', { units: ['liikunta'] }));
    assert.ok(
      !can(contact, 'association.update', { units: ['kulttuuri'], newUnits: ['liikunta'] }),
    );
    assert.ok(!can(contact, 'association.create', { units: ['liikunta'] }));
    assert.ok(!can(contact, 'association.delete', { units: ['nuoriso'] }));
    assert.ok(can(coordinator, 'association.delete', { units: ['nuoriso'] }));
    const d = decide(contact, 'association.create', { units: ['liikunta'] });
    assert.equal(d.allowed ? '' : d.reason, 'associations.forbidden.notYourUnit');
    const r = decide(reader, 'association.create');
    assert.equal(r.allowed ? '' : r.reason, 'associations.forbidden.readOnly');
  });

  it('maps assignments to roles; unknown roles read', () => {
    assert.equal(roleOf(userRolesOf({ role: 'coordinator', units: ['x'] })), 'coordinator');
    assert.deepEqual(userRolesOf({ role: 'contact', units: ['x'] }), {
      coordinator: false,
      units: ['x'],
    });
    assert.equal(roleOf(userRolesOf(undefined)), 'reader');
  });
});

describe('associations domain: CSV as Finnish Excel writes it', () => {
  it('reads semicolons, quoted separators, doubled quotes and line breaks inside quotes', () => {
    const text = 'Nimi;Lisätiedot\r\n"Kuoro; ""Laulu"" ry";"rivi 1\r\nrivi 2"\r\nSeura ry;\r\n';
    const parsed = parseCsv(text);
    assert.equal(parsed.delimiter, ';');
    assert.deepEqual(parsed.rows, [
      ['Nimi', 'Lisätiedot'],
      ['Kuoro; "Laulu" ry', 'rivi 1\r\nrivi 2'],
      ['Seura ry', ''],
    ]);
  });

  it('detects commas when the header has more commas than semicolons', () => {
    const parsed = parseCsv('Name,Units\n"Choir, The",kulttuuri\n');
    assert.equal(parsed.delimiter, ',');
    assert.deepEqual(parsed.rows[1], ['Choir, The', 'kulttuuri']);
  });

  it('skips blank lines and a final line without a line break', () => {
    assert.deepEqual(parseCsv('a;b\n\n1;2\n\n3;4').rows, [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('reports an unclosed quote with its record number', () => {
    const parsed = parseCsv('Nimi;Yksiköt\nA ry;kulttuuri\n"B ry;kulttuuri\nC ry;liikunta\n');
    assert.deepEqual(parsed.problems, [{ row: 3, key: 'associations.csv.unterminatedQuote' }]);
  });

  it('stops at 5,000 data rows and says so', () => {
    const text = `Nimi\n${'x ry\n'.repeat(5001)}`;
    const parsed = parseCsv(text);
    assert.ok(parsed.problems.some((p) => p.key === 'associations.csv.tooManyRows'));
    assert.equal(parseCsv(`Nimi\n${'x ry\n'.repeat(5000)}`).problems.length, 0);
  });

  it('decodes UTF-8 with a BOM, without one, and Windows-1252', () => {
    const text = 'Nimi;Yksiköt\r\nÄänekosken Öljy ry – €;kulttuuri\r\n';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    assert.deepEqual(decodeCsvBytes(bom), { text, encoding: 'utf-8-bom' });
    assert.deepEqual(decodeCsvBytes(Buffer.from(text, 'utf8')), { text, encoding: 'utf-8' });
    // Windows-1252: ä = E4, Ö = D6, – = 96, € = 80.
    const cp1252 = Buffer.from(text.replace('–', '\u0096').replace('€', '\u0080'), 'latin1');
    assert.deepEqual(decodeCsvBytes(cp1252), { text, encoding: 'windows-1252' });
    assert.equal(decodeWindows1252(Uint8Array.from([0x80, 0x9a, 0xe5])), '€šå');
  });

  it('writes CRLF, a BOM, quotes where needed and guards formulas', () => {
    const csv = serializeCsv([
      ['Nimi', 'Puhelin', 'Lisätiedot'],
      ['Kuoro; ry', '+358 40 123', 'sanoi "hei"\nja lähti'],
      ['=HYPERLINK("x")', '@SUM(1)', '-1'],
    ]);
    assert.ok(csv.startsWith('\ufeffNimi;Puhelin;Lisätiedot\r\n'));
    assert.ok(csv.includes('"Kuoro; ry";\'+358 40 123;"sanoi ""hei""\nja lähti"\r\n'));
    assert.ok(csv.includes('"\'=HYPERLINK(""x"")";\'@SUM(1);\'-1\r\n'));
    const back = parseCsv(csv).rows;
    assert.equal(back[1]?.[0], 'Kuoro; ry');
    assert.equal(back[1]?.[2], 'sanoi "hei"\nja lähti');
  });

  it('maps Finnish and English headers, and names what is missing, unknown or twice', () => {
    assert.deepEqual(mapHeader(['nimi', 'UNITS', 'Y-tunnus']).problems, []);
    const bad = mapHeader(['Nimi', 'Nimi', 'Kengännumero']);
    assert.deepEqual(
      bad.problems.map((p) => [p.key, p.column]),
      [
        ['associations.csv.duplicateColumn', 'Nimi'],
        ['associations.csv.unknownColumn', 'Kengännumero'],
        ['associations.csv.missingColumn', 'Yksiköt'],
      ],
    );
  });

  it('round-trips the register: export rows → import inputs give the same data', () => {
    const refs = {
      units: [{ id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' } }],
      categories: [{ id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' } }],
    };
    const data = associationInputSchema.parse(valid);
    const a = {
      ...data,
      id: 'kuoro',
      createdAt: '',
      createdBy: '',
      updatedAt: '',
      updatedBy: '',
      etag: '',
    };
    for (const locale of ['fi', 'en'] as const) {
      const rows = parseCsv(serializeCsv(associationsToRows([a], refs, locale))).rows;
      const header = mapHeader(rows[0] ?? []);
      assert.deepEqual(header.problems, []);
      assert.equal(rows[0]?.length, COLUMNS.length);
      const { id, input } = rowToInput(header.columns, rows[1] ?? [], refs);
      assert.equal(id, 'kuoro');
      assert.deepEqual(associationInputSchema.parse(input), data, locale);
    }
  });
});
