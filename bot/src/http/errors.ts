import type { MessageKey, MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import { RegisterProblem, type RegisterProblemCode } from '../domain/associations-service';
import {
  CursorError,
  DuplicateNameError,
  ExistsError,
  NotFoundError,
  StaleVersionError,
} from '../domain/errors';

/** An error the API answers with its own status and a translated message; never a raw error text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    /** Field path → message key, for inline messages in the tab. */
    readonly fields?: Readonly<Record<string, MessageKey>>,
    /** Extra data for the client, e.g. the current version on a conflict. */
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

export const notFound = () => new ApiError(404, 'not_found', 'error.notFound');
export const forbidden = () => new ApiError(403, 'forbidden', 'error.forbidden');
export const unauthorized = () => new ApiError(401, 'unauthorized', 'error.unauthorized');

/** 409 with the stored version (each register record carries its own ETag), or null: gone. */
export function conflict(error: StaleVersionError<unknown>): ApiError {
  return new ApiError(
    409,
    'conflict',
    'error.conflict',
    {},
    undefined,
    error.current?.value ?? null,
  );
}

const PROBLEM_STATUS: Readonly<Record<RegisterProblemCode, number>> = {
  forbidden: 403,
  invalid: 400,
  in_use: 409,
  config_coordinator: 409,
  last_coordinator: 409,
};

/** The register's domain errors as the API's answers; anything else passes through unchanged. */
export function registerAnswer(error: unknown): unknown {
  if (error instanceof RegisterProblem) {
    // The API's code for a field that fails a rule is the one of a field that fails the schema.
    const code = error.code === 'invalid' ? 'validation' : error.code;
    return new ApiError(
      PROBLEM_STATUS[error.code],
      code,
      error.messageKey,
      error.params,
      error.fields,
    );
  }
  if (error instanceof StaleVersionError) return conflict(error);
  if (error instanceof NotFoundError) return notFound();
  if (error instanceof DuplicateNameError) {
    return new ApiError(
      409,
      'duplicate_name',
      'associations.error.duplicateName',
      {},
      { name: 'associations.validation.duplicateName' },
    );
  }
  if (error instanceof ExistsError) {
    return new ApiError(
      409,
      'exists',
      'associations.error.exists',
      {},
      { id: 'associations.error.exists' },
    );
  }
  if (error instanceof CursorError) {
    return new ApiError(
      400,
      'validation',
      'error.validation',
      {},
      { cursor: 'associations.query.cursor' },
    );
  }
  return error;
}

/** Wraps a route so the register's domain errors thrown in it become the API's answers. */
export function answering<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (error) {
      throw registerAnswer(error);
    }
  };
}
