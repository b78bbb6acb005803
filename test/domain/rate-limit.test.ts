/** The rate limit decision (pure, with an injected clock) and its keeper. */
import assert from 'node:assert/strict';
import { decideRate, RateLimiter, RATE_RULES } from '../../bot/src/domain/rate-limit';

describe('rate limits (pure)', () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it('allows up to the limit in a window, then says when to come back', () => {
    let w = undefined as ReturnType<typeof decideRate>['window'] | undefined;
    for (let i = 0; i < 3; i++) {
      const d = decideRate(w, rule, 1_000 + i);
      assert.ok(d.allowed);
      w = d.window;
    }
    const refused = decideRate(w, rule, 16_000);
    assert.equal(refused.allowed, false);
    assert.equal(refused.allowed ? 0 : refused.retryAfterSec, 45);
    const later = decideRate(w, rule, 61_000);
    assert.ok(later.allowed, 'a new window');
    assert.equal(later.window.count, 1);
  });

  it('counts per user and per address; refused when either is over', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, {
      ...RATE_RULES,
      export: { user: { limit: 2, windowMs: 60_000 }, address: { limit: 3, windowMs: 60_000 } },
    });
    assert.equal(limiter.take('export', { address: 'a', user: 'u1' }), undefined);
    assert.equal(limiter.take('export', { address: 'a', user: 'u1' }), undefined);
    assert.equal(limiter.take('export', { address: 'a', user: 'u1' }), 60, 'user over');
    assert.equal(limiter.take('export', { address: 'a', user: 'u2' }), undefined);
    assert.equal(limiter.take('export', { address: 'a', user: 'u3' }), 60, 'address over');
    assert.equal(limiter.take('export', { address: 'b', user: 'u3' }), undefined);
    assert.equal(limiter.take('import', { address: 'a', user: 'u1' }), undefined, 'own scope');
    now = 60_000;
    assert.equal(limiter.take('export', { address: 'a', user: 'u1' }), undefined);
  });

  it('keeps memory bounded', () => {
    const limiter = new RateLimiter(() => 0, RATE_RULES, 100);
    for (let i = 0; i < 1000; i++) limiter.take('feed', { address: `10.0.0.${i}` });
    assert.ok((limiter as unknown as { windows: Map<string, unknown> }).windows.size <= 100);
  });
});
