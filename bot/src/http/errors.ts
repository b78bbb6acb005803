import type { MessageKey, MessageParams } from '@yhdistysyhteistyo/contract/i18n';

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
