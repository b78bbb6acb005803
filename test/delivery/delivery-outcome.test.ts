import assert from 'node:assert/strict';
import {
  renderFailedOutcome,
  sendOutcome,
  type RowDecision,
  type SendResult,
} from '../../bot/src/delivery/outcome';
import { DeliveryError } from '../../bot/src/delivery/ports';
import type { RetryPolicy } from '../../bot/src/delivery/retry';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };
/** Jitter at its top: backoff is then base × 2^(attempt-1), and Retry-After gets its 10 %. */
const high = () => 0.999999;
const NOW = new Date('2026-10-24T06:00:00.000Z');
const AT = NOW.toISOString();
const after = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const CARD_BYTES = 120_000;

const failed = (status: number, code?: string, retryAfterMs?: number): SendResult => ({
  ok: false,
  error: new DeliveryError(status, code, 'test', retryAfterMs),
});

/** A decision as the table states it: the error object itself is checked apart. */
type Expected<D = RowDecision> = D extends unknown ? Omit<D, 'error'> : never;

interface Case {
  readonly name: string;
  readonly result: SendResult;
  /** Attempts so far, this one included. */
  readonly attempts: number;
  readonly expected: Expected;
}

const CASES: readonly Case[] = [
  {
    name: 'sent: the activity id is kept',
    result: { ok: true, activityId: '1:abc' },
    attempts: 1,
    expected: { next: 'sent', outcome: { state: 'sent', activityId: '1:abc', at: AT } },
  },
  {
    name: '429 with Retry-After: waits that long plus its jitter (10 %), and the conversation waits too',
    result: failed(429, 'Throttled', 3_000),
    attempts: 1,
    expected: {
      next: 'retry',
      outcome: {
        state: 'waiting',
        notBefore: after(3_300),
        reason: 'throttled',
        httpStatus: 429,
        errorCode: 'Throttled',
        at: AT,
      },
      retryAt: NOW.getTime() + 3_300,
      retryInMs: 3_300,
      throttled: true,
    },
  },
  {
    name: '429 without Retry-After: exponential backoff',
    result: failed(429),
    attempts: 3,
    expected: {
      next: 'retry',
      outcome: {
        state: 'waiting',
        notBefore: after(4_000),
        reason: 'throttled',
        httpStatus: 429,
        at: AT,
      },
      retryAt: NOW.getTime() + 4_000,
      retryInMs: 4_000,
      throttled: true,
    },
  },
  ...[412, 502, 503, 504].map((status): Case => ({
    name: `${status}: backs off and tries again`,
    result: failed(status),
    attempts: 2,
    expected: {
      next: 'retry',
      outcome: {
        state: 'waiting',
        notBefore: after(2_000),
        reason: 'serviceError',
        httpStatus: status,
        at: AT,
      },
      retryAt: NOW.getTime() + 2_000,
      retryInMs: 2_000,
      throttled: false,
    },
  })),
  {
    name: 'no answer (network): backs off, no status recorded',
    result: { ok: false, error: new Error('socket hang up') },
    attempts: 1,
    expected: {
      next: 'retry',
      outcome: { state: 'waiting', notBefore: after(1_000), reason: 'network', at: AT },
      retryAt: NOW.getTime() + 1_000,
      retryInMs: 1_000,
      throttled: false,
    },
  },
  ...(
    [
      ['ConversationBlockedByUser', 'blocked'],
      ['BotNotInConversationRoster', 'notInRoster'],
      ['BotDisabledByAdmin', 'botDisabled'],
      ['MessageWritesBlocked', 'writesBlocked'],
      [undefined, 'forbidden'],
    ] as const
  ).map(([code, reason]): Case => ({
    name: `403 ${code ?? 'without a sub-code'}: never retried, even on the first attempt`,
    result: failed(403, code),
    attempts: 1,
    expected: {
      next: 'fail',
      outcome: {
        state: 'failed',
        reason,
        httpStatus: 403,
        ...(code ? { errorCode: code } : {}),
        at: AT,
      },
      reason,
      dropConversation: false,
    },
  })),
  {
    name: '404 ConversationNotFound: fails and drops the stored reference',
    result: failed(404, 'ConversationNotFound'),
    attempts: 1,
    expected: {
      next: 'fail',
      outcome: {
        state: 'failed',
        reason: 'conversationGone',
        httpStatus: 404,
        errorCode: 'ConversationNotFound',
        at: AT,
      },
      reason: 'conversationGone',
      dropConversation: true,
    },
  },
  {
    name: '413: too large, never retried, the size recorded',
    result: failed(413, 'MessageSizeTooBig'),
    attempts: 1,
    expected: {
      next: 'fail',
      outcome: {
        state: 'failed',
        reason: 'tooLarge',
        httpStatus: 413,
        errorCode: 'MessageSizeTooBig',
        cardBytes: CARD_BYTES,
        at: AT,
      },
      reason: 'tooLarge',
      dropConversation: false,
    },
  },
  {
    name: 'attempts exhausted: a 503 on the last attempt fails for good',
    result: failed(503),
    attempts: policy.maxAttempts,
    expected: {
      next: 'fail',
      outcome: { state: 'failed', reason: 'serviceError', httpStatus: 503, at: AT },
      reason: 'serviceError',
      dropConversation: false,
    },
  },
  {
    name: 'attempts exhausted: a 429 on the last attempt fails for good',
    result: failed(429, undefined, 1_000),
    attempts: policy.maxAttempts,
    expected: {
      next: 'fail',
      outcome: { state: 'failed', reason: 'throttled', httpStatus: 429, at: AT },
      reason: 'throttled',
      dropConversation: false,
    },
  },
];

describe("delivery: a send's outcome for its row", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const decision = sendOutcome({
        result: c.result,
        row: { attempts: c.attempts },
        policy,
        random: high,
        now: NOW,
        cardBytes: CARD_BYTES,
      });
      const { error, ...rest } = { error: undefined, ...decision };
      assert.deepEqual(rest, c.expected);
      if (decision.next !== 'sent') {
        assert.ok(error instanceof DeliveryError, 'the error is kept for the log');
      }
    });
  }

  it('does not depend on anything but its input: the same input gives the same answer', () => {
    const input = {
      result: failed(503),
      row: { attempts: 2 },
      policy,
      random: () => 0.5,
      now: NOW,
      cardBytes: 10,
    };
    assert.deepEqual(sendOutcome(input), sendOutcome(input));
  });
});

describe('delivery: a failed render', () => {
  it('is retried with backoff while attempts remain', () => {
    assert.deepEqual(
      renderFailedOutcome({ row: { attempts: 2 }, policy, random: high, now: NOW }),
      {
        next: 'retry',
        outcome: { state: 'waiting', notBefore: after(2_000), reason: 'renderFailed', at: AT },
        retryAt: NOW.getTime() + 2_000,
      },
    );
  });

  it('fails for good on the last attempt', () => {
    assert.deepEqual(
      renderFailedOutcome({
        row: { attempts: policy.maxAttempts },
        policy,
        random: high,
        now: NOW,
      }),
      { next: 'fail', outcome: { state: 'failed', reason: 'renderFailed', at: AT } },
    );
  });
});
