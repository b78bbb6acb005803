/**
 * Reading stored JSON columns with their schemas.
 *
 * A column that does not parse or does not match its schema is never replaced by an empty
 * default: that default would be shown as the truth and written back by the next save, and the
 * data would be gone without a trace. A read of one row throws `CorruptRecordError` instead; a
 * list leaves the row out and reports it (keys only), so one bad row never stops the others.
 */
import type { z } from 'zod';
import { CorruptRecordError } from '../domain/errors';

/** Where a column was read: the table's logical name and the row's key (ids, no personal data). */
export interface RowPlace {
  readonly table: string;
  readonly key: string;
}

/** Told about a row a list left out because it does not read. */
export type CorruptRowReporter = (error: CorruptRecordError) => void;

/**
 * The reporter when the composition root passes none: a process warning (stderr), which names
 * the table, the key and the column and nothing of the row's data.
 */
export const warnCorruptRow: CorruptRowReporter = (error) => {
  process.emitWarning(error.message, { type: 'CorruptRecordWarning', code: 'CORRUPT_RECORD' });
};

/**
 * A JSON column by its schema. A column that is absent or empty holds nothing to lose and reads
 * as `absent` (rows written before the column existed); anything else must parse and match.
 */
export function jsonColumn<S extends z.ZodType, A>(
  row: object,
  place: RowPlace,
  column: string,
  schema: S,
  absent: A,
): z.output<S> | A {
  const raw = (row as Readonly<Record<string, unknown>>)[column];
  if (raw === undefined || raw === null || raw === '') return absent;
  return parsedColumn(raw, place, column, schema);
}

/** A JSON column that every row must have. */
export function requiredJsonColumn<S extends z.ZodType>(
  row: object,
  place: RowPlace,
  column: string,
  schema: S,
): z.output<S> {
  return parsedColumn((row as Readonly<Record<string, unknown>>)[column], place, column, schema);
}

function parsedColumn<S extends z.ZodType>(
  raw: unknown,
  place: RowPlace,
  column: string,
  schema: S,
): z.output<S> {
  const corrupt = () => new CorruptRecordError(place.table, place.key, column);
  if (typeof raw !== 'string') throw corrupt();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // The parser's message quotes the stored text: only the place goes on.
    throw corrupt();
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw corrupt();
  return result.data;
}

/**
 * A row of a list: a corrupt one is reported and left out (undefined); any other error is
 * thrown as it is.
 */
export function readOrSkip<T>(read: () => T, report: CorruptRowReporter): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof CorruptRecordError)) throw error;
    report(error);
    return undefined;
  }
}
