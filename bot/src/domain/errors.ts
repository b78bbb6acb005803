/**
 * The domain's errors: what storage adapters throw and routes and bot handlers map to answers.
 * Edges catch these classes only, never an adapter's own error types.
 */

/** A stored value with the ETag to send back on change. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** Someone else changed the row since it was read; `current` is the stored version (null: gone). */
export class StaleVersionError<T> extends Error {
  constructor(readonly current: Versioned<T> | null) {
    super('stale etag');
    this.name = 'StaleVersionError';
  }
}

/**
 * A stored row whose data does not match its schema (a damaged JSON column, a missing field).
 * Answered as an error and logged; a save is never built on a default that stands in for it.
 */
export class CorruptRecordError extends Error {
  constructor(
    readonly table: string,
    readonly key: string,
    readonly column: string,
  ) {
    super(`stored row ${key} of ${table} has an unreadable ${column}`);
    this.name = 'CorruptRecordError';
  }
}

/** The thing asked for does not exist (or no longer does). */
export class NotFoundError extends Error {
  constructor() {
    super('not found');
    this.name = 'NotFoundError';
  }
}

/** The name is already used by another association in one of the same units. */
export class DuplicateNameError extends Error {
  constructor(
    readonly unit: string,
    readonly otherId: string,
  ) {
    super('duplicate name');
    this.name = 'DuplicateNameError';
  }
}

/** A row with this id exists already (a unit or category created twice). */
export class ExistsError extends Error {
  constructor() {
    super('exists');
    this.name = 'ExistsError';
  }
}

/** A paging cursor that this list did not hand out (damaged, or of another sort order). */
export class CursorError extends Error {
  constructor() {
    super('bad cursor');
    this.name = 'CursorError';
  }
}

/** An import failed and putting its rows back failed too: needs a person to look. */
export class RollbackError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly rollbackError: unknown,
  ) {
    super('import failed and its rollback failed');
    this.name = 'RollbackError';
  }
}

/** The stale error of a record that carries its own ETag; `undefined`: it is gone. */
export function staleRecord<T extends { readonly etag?: string | undefined }>(
  current: T | undefined,
): StaleVersionError<T> {
  return new StaleVersionError(current ? { value: current, etag: current.etag ?? '' } : null);
}

/** A working group of the same name (or the same id) exists already. */
export class DuplicateGroupError extends Error {
  constructor() {
    super('duplicate group');
    this.name = 'DuplicateGroupError';
  }
}

/** An answer lost the race for its evening's counts too many times in a row: try again. */
export class RsvpContentionError extends Error {
  constructor() {
    super('rsvp write contention');
    this.name = 'RsvpContentionError';
  }
}

/** An answer to a survey lost the race for its tally too many times in a row: try again. */
export class SurveyContentionError extends Error {
  constructor() {
    super('survey answer write contention');
    this.name = 'SurveyContentionError';
  }
}
