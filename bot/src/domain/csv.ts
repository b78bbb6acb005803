/**
 * CSV as Finnish Excel writes and reads it, pure (shared with the tab): `;` or `,` as the
 * separator (detected from the header row), UTF-8 with or without a BOM or Windows-1252,
 * quoted fields holding separators, quotes and line breaks. And the associations register's
 * columns: one row per association, contact people in numbered columns.
 */
import type { MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import {
  LIMITS,
  type Association,
  type AssociationInput,
  type Unit,
} from '@yhdistysyhteistyo/contract/associations';
import { normalizeForSearch } from '@yhdistysyhteistyo/contract/search';

// ---------- bytes → text ----------

/** Windows-1252 bytes 0x80–0x9F; the rest of the code page is Latin-1 (= the code point). */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
] as const;

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? 0xfffd) : b)),
    );
  }
  return out;
}

export type CsvEncoding = 'utf-8-bom' | 'utf-8' | 'windows-1252';

/**
 * A BOM means UTF-8; bytes that are valid UTF-8 are UTF-8; anything else is what Excel's
 * "CSV (semicolon separated)" writes on a Finnish Windows: Windows-1252.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// ---------- text → rows ----------

export interface CsvProblem {
  /** 1-based record number (the header is 1). */
  readonly row: number;
  readonly key: MessageKey;
}

export interface ParsedCsv {
  readonly delimiter: ';' | ',';
  /** Records, the header first. */
  readonly rows: string[][];
  /** Problems that stop the parse (an unclosed quote). */
  readonly problems: CsvProblem[];
}

/** The separator of the header line: the more frequent of `;` and `,` outside quotes. */
export function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/**
 * RFC 4180 as Excel writes it: `"` quotes a field, `""` is a quote inside one, CRLF or LF
 * ends a record, and a quoted field may hold separators and line breaks. Blank lines are
 * skipped. Stops after `maxRows` records + the header, reporting too many.
 */
export function parseCsv(input: string, maxRows: number = LIMITS.csvRowsMax): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const rows: string[][] = [];
  const problems: CsvProblem[] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let fieldWasQuoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    // A line with one empty field is a blank line.
    if (!(record.length === 1 && record[0] === '' && !fieldWasQuoted)) rows.push(record);
    record = [];
    field = '';
    fieldWasQuoted = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      fieldWasQuoted = true;
      i++;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      fieldWasQuoted = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (rows.length > maxRows + 1) break;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) {
    problems.push({ row: rows.length + 1, key: 'associations.csv.unterminatedQuote' });
  } else if (field !== '' || record.length > 0 || fieldWasQuoted) {
    endRecord();
  }
  if (rows.length > maxRows + 1) {
    problems.push({ row: maxRows + 2, key: 'associations.csv.tooManyRows' });
  }
  return { delimiter, rows, problems };
}

/** Excel would run `=…`, `+…`, `-…`, `@…` as a formula: such cells get a leading apostrophe. */
function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The reverse of the formula guard, for files exported here and read back. */
export function unguardFormula(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

function quote(value: string, delimiter: string): string {
  const v = guardFormula(value);
  return v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows → CSV text with CRLF line ends; a BOM first so Excel reads it as UTF-8. */
export function serializeCsv(
  rows: readonly (readonly string[])[],
  delimiter: ';' | ',' = ';',
  bom = true,
): string {
  const body = rows.map((r) => r.map((v) => quote(v, delimiter)).join(delimiter)).join('\r\n');
  return `${bom ? '\ufeff' : ''}${body}\r\n`;
}

// ---------- the register's columns ----------

export type ColumnKey =
  | 'id'
  | 'name'
  | 'registerNumber'
  | 'businessId'
  | 'units'
  | 'categories'
  | 'status'
  | 'website'
  | 'profileUrl'
  | 'hasRepresentative'
  | 'workingGroups'
  | 'notes'
  | `contact${1 | 2 | 3 | 4 | 5}${'Name' | 'Role' | 'Email' | 'Phone' | 'Language'}`;

interface Column {
  readonly key: ColumnKey;
  readonly fi: string;
  readonly en: string;
}

const CONTACT_PARTS = [
  ['Name', 'nimi', 'name'],
  ['Role', 'tehtävä', 'role'],
  ['Email', 'sähköposti', 'e-mail'],
  ['Phone', 'puhelin', 'phone'],
  ['Language', 'kieli', 'language'],
] as const;

export const COLUMNS: readonly Column[] = [
  { key: 'id', fi: 'Tunniste', en: 'Id' },
  { key: 'name', fi: 'Nimi', en: 'Name' },
  { key: 'registerNumber', fi: 'Rekisterinumero', en: 'Register number' },
  { key: 'businessId', fi: 'Y-tunnus', en: 'Business ID' },
  { key: 'units', fi: 'Yksiköt', en: 'Units' },
  { key: 'categories', fi: 'Luokat', en: 'Categories' },
  { key: 'status', fi: 'Tila', en: 'Status' },
  { key: 'website', fi: 'Verkkosivu', en: 'Website' },
  { key: 'profileUrl', fi: 'Päijäthämäläiset.fi-profiili', en: 'Päijäthämäläiset.fi profile' },
  { key: 'hasRepresentative', fi: 'Edustaja tiimissä', en: 'Representative in the team' },
  { key: 'workingGroups', fi: 'Työryhmät', en: 'Working groups' },
  { key: 'notes', fi: 'Lisätiedot', en: 'Notes' },
  ...[1, 2, 3, 4, 5].flatMap((n) =>
    CONTACT_PARTS.map(([part, fi, en]) => ({
      key: `contact${n}${part}` as ColumnKey,
      fi: `Yhteyshenkilö ${n} ${fi}`,
      en: `Contact ${n} ${en}`,
    })),
  ),
];

const REQUIRED: readonly ColumnKey[] = ['name', 'units'];

/** Which column each header cell is: by its Finnish or English title or its key, in any case. */
export function mapHeader(header: readonly string[]): {
  columns: (ColumnKey | undefined)[];
  problems: { key: MessageKey; column: string }[];
} {
  const lookup = new Map<string, ColumnKey>();
  for (const c of COLUMNS) {
    for (const label of [c.fi, c.en, c.key]) lookup.set(normalizeForSearch(label), c.key);
  }
  const problems: { key: MessageKey; column: string }[] = [];
  const seen = new Set<ColumnKey>();
  const columns = header.map((h) => {
    const title = h.trim();
    if (title === '') return undefined;
    const key = lookup.get(normalizeForSearch(title));
    if (!key) problems.push({ key: 'associations.csv.unknownColumn', column: title });
    else if (seen.has(key))
      problems.push({ key: 'associations.csv.duplicateColumn', column: title });
    if (key) seen.add(key);
    return key;
  });
  for (const r of REQUIRED) {
    if (!seen.has(r)) {
      const c = COLUMNS.find((x) => x.key === r);
      problems.push({ key: 'associations.csv.missingColumn', column: c ? c.fi : r });
    }
  }
  return { columns, problems };
}

export interface ReferenceLists {
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
}

/** Unit or category cells: ids or names (fi or en), separated by `,`, `;` or `|`. */
function resolveList(cell: string, list: readonly Unit[]): string[] {
  const byLabel = new Map<string, string>();
  for (const u of list) {
    for (const label of [u.id, u.name.fi, u.name.en]) byLabel.set(normalizeForSearch(label), u.id);
  }
  return cell
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => byLabel.get(normalizeForSearch(s)) ?? s);
}

const TRUE_WORDS = new Set(['kylla', 'k', 'yes', 'y', 'true', '1', 'x']);
const FALSE_WORDS = new Set(['ei', 'e', 'no', 'n', 'false', '0', '']);
const LANGUAGE_WORDS: Readonly<Record<string, string>> = {
  '': 'fi',
  suomi: 'fi',
  finnish: 'fi',
  englanti: 'en',
  english: 'en',
  ruotsi: 'sv',
  swedish: 'sv',
  svenska: 'sv',
};
const STATUS_WORDS: Readonly<Record<string, string>> = {
  '': 'active',
  aktiivinen: 'active',
  toiminnassa: 'active',
  'ei aktiivinen': 'inactive',
  passiivinen: 'inactive',
  inaktiivinen: 'inactive',
};

/** A cell as a boolean, or the original text when it is neither yes nor no (validation says so). */
function booleanCell(cell: string): boolean | string {
  const w = normalizeForSearch(cell);
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return cell;
}

/** One CSV record → an `AssociationInput` for the schema, plus the row's `id` if given. */
export function rowToInput(
  columns: readonly (ColumnKey | undefined)[],
  cells: readonly string[],
  refs: ReferenceLists,
): { id: string; input: AssociationInput } {
  const get = (key: ColumnKey): string => {
    const index = columns.indexOf(key);
    return index < 0 ? '' : unguardFormula(cells[index] ?? '').trim();
  };
  const has = (key: ColumnKey) => columns.includes(key);
  const contacts: Record<string, unknown>[] = [];
  for (let n = 1; n <= 5; n++) {
    const part = (p: string) => get(`contact${n}${p}` as ColumnKey);
    if (CONTACT_PARTS.every(([p]) => part(p) === '')) continue;
    const language = part('Language');
    contacts.push({
      name: part('Name'),
      role: part('Role'),
      email: part('Email'),
      phone: part('Phone'),
      language: LANGUAGE_WORDS[normalizeForSearch(language)] ?? language.toLowerCase(),
    });
  }
  const status = get('status');
  const input: Record<string, unknown> = {
    name: get('name'),
    registerNumber: get('registerNumber'),
    businessId: get('businessId'),
    units: resolveList(get('units'), refs.units),
    categories: resolveList(get('categories'), refs.categories),
    contacts,
    website: get('website'),
    profileUrl: get('profileUrl'),
    hasRepresentative: booleanCell(get('hasRepresentative')),
    workingGroups: get('workingGroups')
      .split(/[,;|]/)
      .map((s) => s.trim())
      .filter(Boolean),
    notes: has('notes') ? get('notes') : '',
    status: STATUS_WORDS[normalizeForSearch(status)] ?? status.toLowerCase(),
  };
  return { id: get('id'), input: input as AssociationInput };
}

/** A field path of the schema (`contacts.0.email`) → the CSV column it came from. */
export function columnOfPath(path: readonly PropertyKey[]): string {
  const [first, index, part] = path;
  if (first === 'contacts' && typeof index === 'number' && typeof part === 'string') {
    return `contact${index + 1}${part.charAt(0).toUpperCase()}${part.slice(1)}`;
  }
  if (first === 'contacts') return 'contact1Name';
  return typeof first === 'string' ? first : '(row)';
}

/** The register as CSV rows: the header in the given language, names of units and categories. */
export function associationsToRows(
  items: readonly Association[],
  refs: ReferenceLists,
  locale: 'fi' | 'en',
): string[][] {
  const name = (list: readonly Unit[], id: string) =>
    list.find((u) => u.id === id)?.name[locale] ?? id;
  const yes = locale === 'fi' ? 'kyllä' : 'yes';
  const no = locale === 'fi' ? 'ei' : 'no';
  const header = COLUMNS.map((c) => c[locale]);
  const rows = items.map((a) =>
    COLUMNS.map((c): string => {
      const m = /^contact(\d)(Name|Role|Email|Phone|Language)$/.exec(c.key);
      if (m) {
        const contact = a.contacts[Number(m[1]) - 1];
        if (!contact) return '';
        const part = m[2] as 'Name' | 'Role' | 'Email' | 'Phone' | 'Language';
        const field = (part.charAt(0).toLowerCase() + part.slice(1)) as keyof typeof contact;
        return String(contact[field]);
      }
      switch (c.key) {
        case 'units':
          return a.units.map((u) => name(refs.units, u)).join(', ');
        case 'categories':
          return a.categories.map((u) => name(refs.categories, u)).join(', ');
        case 'workingGroups':
          return a.workingGroups.join(', ');
        case 'hasRepresentative':
          return a.hasRepresentative ? yes : no;
        case 'status':
          return a.status === 'active'
            ? locale === 'fi'
              ? 'aktiivinen'
              : 'active'
            : locale === 'fi'
              ? 'ei aktiivinen'
              : 'inactive';
        default: {
          const v = a[c.key as keyof Association];
          return typeof v === 'string' ? v : '';
        }
      }
    }),
  );
  return [header, ...rows];
}
