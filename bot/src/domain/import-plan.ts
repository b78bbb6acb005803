/**
 * The CSV import's decision, as pure functions: which rows of a file would create or update
 * which associations, and what is wrong with the rest. Reading the file and the register,
 * writing and auditing happen elsewhere (the associations service); this only decides.
 */
import {
  associationInputSchema,
  diffAssociation,
  type Association,
  type AssociationData,
  type ImportRowError,
} from '@yhdistysyhteistyo/contract/associations';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import type { MessageKey, MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import type { UserRoles } from '@yhdistysyhteistyo/contract/people';
import { decide } from '@yhdistysyhteistyo/contract/roles';
import { nameIdentityKey } from '@yhdistysyhteistyo/contract/search';
import {
  columnOfPath,
  decodeCsvBytes,
  mapHeader,
  parseCsv,
  rowToInput,
  type ColumnKey,
  type ReferenceLists,
} from './csv';

/** One row to write: a new association, or a replacement of `existing` (with its ETag). */
export interface ImportPlanItem {
  /** Existing association to replace, with the ETag read when the import was checked. */
  readonly existing?: Association;
  readonly data: AssociationData;
}

/** A message key bound to the reader's locale, with placeholders. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A file read far enough to know its columns, or the problems that stop it there. */
export type ImportFile =
  | {
      readonly ok: false;
      readonly rows: number;
      readonly errors: readonly ImportRowError[];
    }
  | {
      readonly ok: true;
      readonly rows: number;
      readonly header: readonly string[];
      readonly columns: readonly (ColumnKey | undefined)[];
      readonly records: readonly (readonly string[])[];
    };

/** What the register looks like to the import: stored rows and what they may refer to. */
export interface ImportContext {
  readonly roles: UserRoles;
  readonly references: ReferenceLists;
  readonly workingGroups: ReadonlySet<string>;
  readonly stored: readonly Association[];
}

export interface ImportPlan {
  readonly items: readonly (ImportPlanItem & { readonly row: number })[];
  /** Sorted by row; any error means nothing is written. */
  readonly errors: readonly ImportRowError[];
  readonly rows: number;
  /** Rows identical to what is stored. */
  readonly unchanged: number;
}

/**
 * Decodes the bytes (UTF-8 with or without BOM, or Windows-1252) and checks the header: the
 * part of the check that needs nothing from the register.
 */
export function readImportFile(bytes: Uint8Array, translate: Translate): ImportFile {
  const errors: ImportRowError[] = [];
  const { text } = decodeCsvBytes(bytes);
  const parsed = parseCsv(text);
  for (const p of parsed.problems) {
    errors.push({ row: p.row, field: '(row)', message: translate(p.key) });
  }
  const [header, ...records] = parsed.rows;
  if (!header || records.length === 0) {
    if (errors.length === 0) {
      errors.push({ row: 1, field: '(file)', message: translate('associations.csv.empty') });
    }
    return { ok: false, rows: records.length, errors };
  }
  const mapped = mapHeader(header);
  for (const p of mapped.problems) {
    errors.push({ row: 1, field: p.column, message: translate(p.key, { column: p.column }) });
  }
  if (errors.length > 0) return { ok: false, rows: records.length, errors };
  return { ok: true, rows: records.length, header, columns: mapped.columns, records };
}

/**
 * Checks every row of a readable file against the schema, the references, the ids and the
 * user's units, and that no two associations of one unit end up with the same name (the file
 * and the stored register together). Rows that match what is stored are counted, not planned.
 */
export function planImport(
  file: Extract<ImportFile, { ok: true }>,
  context: ImportContext,
  translate: Translate,
): ImportPlan {
  const errors: ImportRowError[] = [];
  const rowError = (row: number, field: string, key: MessageKey, params: MessageParams = {}) =>
    errors.push({ row, field, message: translate(key, params) });
  const { references, workingGroups, stored, roles } = context;
  const byId = new Map(stored.map((a) => [a.id, a]));
  const units = new Set(references.units.map((u) => u.id));
  const categories = new Set(references.categories.map((c) => c.id));
  const seenIds = new Set<string>();
  const items: (ImportPlanItem & { row: number })[] = [];
  let unchanged = 0;
  file.records.forEach((cells, index) => {
    const row = index + 2;
    if (cells.length !== file.header.length) {
      rowError(row, '(row)', 'associations.csv.columnCount');
      return;
    }
    const { id, input } = rowToInput(file.columns, cells, references);
    const result = associationInputSchema.safeParse(input);
    if (!result.success) {
      const messages = fieldMessages(result.error.issues, translate, columnOfPath);
      for (const [field, message] of Object.entries(messages)) errors.push({ row, field, message });
      return;
    }
    const data = result.data;
    let existing: Association | undefined;
    if (id !== '') {
      existing = byId.get(id);
      if (!existing) {
        rowError(row, 'id', 'associations.csv.unknownId');
        return;
      }
      if (seenIds.has(id)) {
        rowError(row, 'id', 'associations.csv.duplicateInFile');
        return;
      }
      seenIds.add(id);
    }
    const decision = existing
      ? decide(roles, 'association.update', { units: existing.units, newUnits: data.units })
      : decide(roles, 'association.create', { units: data.units });
    if (!decision.allowed) {
      rowError(row, 'units', decision.reason, decision.params ?? {});
      return;
    }
    if (data.units.some((u) => !units.has(u))) {
      rowError(row, 'units', 'associations.validation.unknownUnit');
      return;
    }
    if (data.categories.some((c) => !categories.has(c))) {
      rowError(row, 'categories', 'associations.validation.unknownCategory');
      return;
    }
    if (data.workingGroups.some((w) => !workingGroups.has(w))) {
      rowError(row, 'workingGroups', 'associations.validation.workingGroups');
      return;
    }
    if (existing && diffAssociation(existing, data).length === 0) {
      unchanged++;
      return;
    }
    items.push({ row, data, ...(existing ? { existing } : {}) });
  });

  // Names in the final state: stored associations as the import leaves them.
  const finalNames = new Map<string, { id: string; row?: number }>();
  const touched = new Set(items.flatMap((p) => (p.existing ? [p.existing.id] : [])));
  for (const a of stored) {
    if (touched.has(a.id)) continue;
    for (const u of a.units) finalNames.set(`${u}\n${nameIdentityKey(a.name)}`, { id: a.id });
  }
  for (const p of items) {
    const self = p.existing?.id ?? `row:${p.row}`;
    for (const u of p.data.units) {
      const key = `${u}\n${nameIdentityKey(p.data.name)}`;
      const other = finalNames.get(key);
      if (other && other.id !== self) {
        rowError(p.row, 'name', 'associations.validation.duplicateName');
        break;
      }
      finalNames.set(key, { id: self, row: p.row });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { items, errors, rows: file.rows, unchanged };
}
