/**
 * What a send (or a failed render) means for its outbox row: the row's next state and when it
 * may be tried again. Pure: the dispatcher does the I/O and hands the answer here; `retry.ts`
 * says which answers are worth another attempt.
 */
import { DeliveryError, type FailureReason, type OutboxOutcome, type OutboxRow } from './ports';
import { backoffMs, decide, type RetryPolicy } from './retry';

/** What the connector answered to one send. */
export type SendResult =
  | { readonly ok: true; readonly activityId: string }
  | { readonly ok: false; readonly error: unknown };

/** The row's next state, and what else the answer means for its conversation. */
export type RowDecision =
  | { readonly next: 'sent'; readonly outcome: OutboxOutcome }
  | {
      readonly next: 'retry';
      /** Back to `waiting`, with `notBefore` at `retryAt`. */
      readonly outcome: OutboxOutcome;
      /** When the row may go again (epoch ms), and how long that is from the answer. */
      readonly retryAt: number;
      readonly retryInMs: number;
      /** Teams throttled this conversation: nothing more goes there before `retryAt`. */
      readonly throttled: boolean;
      readonly error: DeliveryError;
    }
  | {
      readonly next: 'fail';
      readonly outcome: OutboxOutcome;
      readonly reason: FailureReason;
      /** Teams says the conversation is gone: drop its stored reference. */
      readonly dropConversation: boolean;
      readonly error: DeliveryError;
    };

export interface SendOutcomeInput {
  readonly result: SendResult;
  /** The claimed row: `attempts` counts this one. */
  readonly row: Pick<OutboxRow, 'attempts'>;
  readonly policy: RetryPolicy;
  readonly random: () => number;
  /** When the answer came. */
  readonly now: Date;
  /** The size of what was sent, recorded when Teams says it was too large. */
  readonly cardBytes: number;
}

/** Anything a sender threw, as Teams' answer; status 0 is "no answer" (network, timeout). */
export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError(0, undefined, error instanceof Error ? error.message : String(error));
}

/** The row's next state after a send: sent, waiting again (and until when), or failed. */
export function sendOutcome(input: SendOutcomeInput): RowDecision {
  const { result, row, policy, random, now } = input;
  const at = now.toISOString();
  if (result.ok) {
    return { next: 'sent', outcome: { state: 'sent', activityId: result.activityId, at } };
  }
  const error = asDeliveryError(result.error);
  const decision = decide(error, row.attempts, policy, random);
  const answer = {
    ...(error.status !== 0 ? { httpStatus: error.status } : {}),
    ...(error.code ? { errorCode: error.code } : {}),
  };
  if (decision.action === 'retry') {
    const retryAt = now.getTime() + decision.delayMs;
    return {
      next: 'retry',
      outcome: {
        state: 'waiting',
        notBefore: new Date(retryAt).toISOString(),
        reason: decision.reason,
        ...answer,
        at,
      },
      retryAt,
      retryInMs: decision.delayMs,
      throttled: error.status === 429,
      error,
    };
  }
  const tooLarge = decision.reason === 'tooLarge';
  return {
    next: 'fail',
    outcome: {
      state: 'failed',
      reason: decision.reason,
      ...answer,
      ...(tooLarge ? { cardBytes: input.cardBytes } : {}),
      at,
    },
    reason: decision.reason,
    dropConversation: decision.dropConversation,
    error,
  };
}

/**
 * The row's next state when it could not be rendered. Rendering reads the store: a failure there
 * may pass, so it is retried like a network one, until the attempts run out.
 */
export function renderFailedOutcome(
  input: Omit<SendOutcomeInput, 'result' | 'cardBytes'>,
):
  | { readonly next: 'retry'; readonly outcome: OutboxOutcome; readonly retryAt: number }
  | { readonly next: 'fail'; readonly outcome: OutboxOutcome } {
  const { row, policy, random, now } = input;
  const at = now.toISOString();
  const reason: FailureReason = 'renderFailed';
  if (row.attempts >= policy.maxAttempts) {
    return { next: 'fail', outcome: { state: 'failed', reason, at } };
  }
  const retryAt = now.getTime() + backoffMs(row.attempts, policy, random);
  return {
    next: 'retry',
    outcome: { state: 'waiting', notBefore: new Date(retryAt).toISOString(), reason, at },
    retryAt,
  };
}
