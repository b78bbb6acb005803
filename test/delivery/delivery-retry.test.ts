import assert from 'node:assert/strict';
import { DeliveryError } from '../../bot/src/delivery/ports';
import { backoffMs, decide, DEFAULT_RETRY, type RetryPolicy } from '../../bot/src/delivery/retry';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };
const low = () => 0;
const high = () => 0.999999;

const err = (status: number, code?: string, retryAfterMs?: number) =>
  new DeliveryError(status, code, 'test', retryAfterMs);

describe('delivery: retry policy', () => {
  it('waits for Retry-After on 429, with at most 10 % jitter', () => {
    assert.deepEqual(decide(err(429, 'Throttled', 3_000), 1, policy, low), {
      action: 'retry',
      delayMs: 3_000,
      reason: 'throttled',
    });
    const d = decide(err(429, 'Throttled', 3_000), 1, policy, high);
    assert.equal(d.action, 'retry');
    assert.ok(d.action === 'retry' && d.delayMs >= 3_000 && d.delayMs <= 3_300);
  });

  it('backs off exponentially with jitter on 429 without Retry-After', () => {
    const delays = [1, 2, 3, 4].map((attempt) => {
      const d = decide(err(429), attempt, policy, high);
      return d.action === 'retry' ? d.delayMs : -1;
    });
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000]);
    const lowDelays = [1, 2, 3, 4].map((attempt) => {
      const d = decide(err(429), attempt, policy, low);
      return d.action === 'retry' ? d.delayMs : -1;
    });
    assert.deepEqual(lowDelays, [500, 1_000, 2_000, 4_000]);
  });

  it('retries 412, 500, 502, 503, 504 and network failures with backoff', () => {
    for (const status of [412, 500, 502, 503, 504]) {
      const d = decide(err(status), 2, policy, high);
      assert.deepEqual(
        d,
        { action: 'retry', delayMs: 2_000, reason: 'serviceError' },
        String(status),
      );
    }
    assert.deepEqual(decide(err(0), 1, policy, high), {
      action: 'retry',
      delayMs: 1_000,
      reason: 'network',
    });
  });

  it('caps the delay and the attempts', () => {
    assert.equal(backoffMs(20, policy, high), 30_000);
    assert.equal(backoffMs(20, DEFAULT_RETRY, high), DEFAULT_RETRY.maxDelayMs);
    assert.deepEqual(decide(err(503), 5, policy, high), {
      action: 'fail',
      reason: 'serviceError',
      dropConversation: false,
    });
    assert.deepEqual(decide(err(429, 'Throttled', 1_000), 5, policy, high), {
      action: 'fail',
      reason: 'throttled',
      dropConversation: false,
    });
  });

  it('never retries the 403 sub-codes and says which', () => {
    const cases: [string, string][] = [
      ['ConversationBlockedByUser', 'blocked'],
      ['BotNotInConversationRoster', 'notInRoster'],
      ['BotDisabledByAdmin', 'botDisabled'],
      ['MessageWritesBlocked', 'writesBlocked'],
      ['SomethingElse', 'forbidden'],
    ];
    for (const [code, reason] of cases) {
      assert.deepEqual(decide(err(403, code), 1, policy, high), {
        action: 'fail',
        reason,
        dropConversation: false,
      });
    }
  });

  it('drops the reference on 404 ConversationNotFound, fails 413 as too large, never retries other 4xx', () => {
    assert.deepEqual(decide(err(404, 'ConversationNotFound'), 1, policy, high), {
      action: 'fail',
      reason: 'conversationGone',
      dropConversation: true,
    });
    assert.deepEqual(decide(err(413, 'MessageSizeTooBig'), 1, policy, high), {
      action: 'fail',
      reason: 'tooLarge',
      dropConversation: false,
    });
    assert.equal(decide(err(400, 'BadSyntax'), 1, policy, high).action, 'fail');
    assert.deepEqual(decide(err(401), 1, policy, high), {
      action: 'fail',
      reason: 'unauthorized',
      dropConversation: false,
    });
    assert.equal(decide(err(501), 1, policy, high).action, 'fail');
  });
});
