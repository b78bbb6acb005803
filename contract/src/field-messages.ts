/**
 * Turns schema issues (zod's, or anything shaped like them) into one translated message per
 * field, the same way on the server and in the tab. The schemas set message keys; zod's own
 * English text is never shown, in either language: an issue without a key gets the generic
 * "check the field" message.
 *
 * It takes a translator rather than a locale so that it imports no catalog: the tab loads
 * only the register's catalogs first and the rest later, and the bot has them all.
 */
import type { MessageKey } from './i18n';

/** The part of a zod issue this needs; keeps zod out of the type. */
export interface FieldIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** A message key bound to the reader's locale (the bot's `t(locale, key)`, the tab's `useT().t`). */
export type Translate = (key: MessageKey) => string;

/** A key such as `associations.validation.email`; zod's own texts have spaces and colons. */
const KEY_SHAPE = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;

/** The message key a schema set on the issue, or the generic one for zod's own text. */
export function issueKey(issue: Pick<FieldIssue, 'message'>): MessageKey {
  return KEY_SHAPE.test(issue.message) ? (issue.message as MessageKey) : 'error.validation';
}

/** The field of an issue: its path joined by dots, `(body)` for the input as a whole. */
export function pathField(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

/**
 * `{ field: message }` for the issues, the first issue of each field winning. `fieldOf` names
 * the field of a path when a form or a file calls it something else (a CSV column, a form
 * control).
 */
export function fieldMessages(
  issues: readonly FieldIssue[],
  translate: Translate,
  fieldOf: (path: readonly PropertyKey[]) => string = pathField,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) out[fieldOf(issue.path)] ??= translate(issueKey(issue));
  return out;
}
