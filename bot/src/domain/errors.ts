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
