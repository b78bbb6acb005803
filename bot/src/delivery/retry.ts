/**
 * The retry policy: what a failed send means and when to try again.
 * 429 waits for `Retry-After` (else exponential backoff with jitter); 412, 500, 502, 503, 504 and
 * network failures back off; attempts are capped. Teams' answers that cannot get better by
 * waiting are never retried: 403 `BotNotInConversationRoster`, `ConversationBlockedByUser`,
 * `BotDisabledByAdmin`, `MessageWritesBlocked`; 404 `ConversationNotFound` (the reference is
 * dropped); 413 (the card is too large).
 */
import type { DeliveryError, FailureReason } from './ports';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
});

export type RetryDecision =
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: FailureReason }
  | {
      readonly action: 'fail';
      readonly reason: FailureReason;
      /** Teams says the conversation is gone: tell the conversation store. */
      readonly dropConversation: boolean;
    };

const FORBIDDEN: Readonly<Record<string, FailureReason>> = {
  ConversationBlockedByUser: 'blocked',
  BotNotInConversationRoster: 'notInRoster',
  BotDisabledByAdmin: 'botDisabled',
  MessageWritesBlocked: 'writesBlocked',
};

const BACKOFF_STATUSES = new Set([412, 500, 502, 503, 504]);

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of
 * `base × 2^(n-1)`, capped, so instances that failed together do not retry together.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What to do after attempt number `attempt` (1 = the first) failed with `error`. */
export function decide(
  error: Pick<DeliveryError, 'status' | 'code' | 'retryAfterMs'>,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  const fail = (reason: FailureReason, dropConversation = false): RetryDecision => ({
    action: 'fail',
    reason,
    dropConversation,
  });
  const retry = (reason: FailureReason, delayMs: number): RetryDecision =>
    attempt >= policy.maxAttempts ? fail(reason) : { action: 'retry', delayMs, reason };

  const { status, code } = error;
  if (status === 429) {
    const after = error.retryAfterMs;
    // Teams' own wait, plus a little jitter so a crowd of throttled sends does not return at once.
    const delay =
      after !== undefined && after >= 0
        ? Math.round(after + random() * Math.min(after * 0.1, 1_000))
        : backoffMs(attempt, policy, random);
    return retry('throttled', delay);
  }
  if (status === 0) return retry('network', backoffMs(attempt, policy, random));
  if (BACKOFF_STATUSES.has(status))
    return retry('serviceError', backoffMs(attempt, policy, random));
  if (status === 403) return fail((code && FORBIDDEN[code]) || 'forbidden');
  if (status === 404) return fail('conversationGone', code === 'ConversationNotFound');
  if (status === 413) return fail('tooLarge');
  if (status === 401) return fail('unauthorized');
  if (status >= 400 && status < 500) return fail('badRequest');
  return fail('serviceError');
}
