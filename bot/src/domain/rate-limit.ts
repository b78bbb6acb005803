/**
 * Rate limits of the expensive routes (import, export, the wheel picture, calendar feeds): a
 * pure decision over a fixed window per key, and a small in-memory keeper with an injected
 * clock. Each instance counts its own requests; with N instances a caller gets at most N times
 * the limit, which still bounds the cost.
 */

export interface RateRule {
  /** Requests allowed in one window. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateWindow {
  readonly start: number;
  readonly count: number;
}

export type RateDecision =
  | { readonly allowed: true; readonly window: RateWindow }
  | { readonly allowed: false; readonly window: RateWindow; readonly retryAfterSec: number };

/** One more request at `now`: allowed while the window has room; otherwise when to come back. */
export function decideRate(
  previous: RateWindow | undefined,
  rule: RateRule,
  now: number,
): RateDecision {
  const window =
    previous && now - previous.start < rule.windowMs ? previous : { start: now, count: 0 };
  if (window.count >= rule.limit) {
    const retryAfterSec = Math.max(1, Math.ceil((window.start + rule.windowMs - now) / 1000));
    return { allowed: false, window, retryAfterSec };
  }
  return { allowed: true, window: { start: window.start, count: window.count + 1 } };
}

/** The routes' limits, per signed-in user and per network address. */
export const RATE_RULES = {
  import: { user: { limit: 30, windowMs: 60_000 }, address: { limit: 120, windowMs: 60_000 } },
  export: { user: { limit: 30, windowMs: 60_000 }, address: { limit: 120, windowMs: 60_000 } },
  wheel: { user: { limit: 60, windowMs: 60_000 }, address: { limit: 60, windowMs: 60_000 } },
  feed: { user: { limit: 60, windowMs: 60_000 }, address: { limit: 60, windowMs: 60_000 } },
} as const satisfies Record<string, { user: RateRule; address: RateRule }>;
export type RateScope = keyof typeof RATE_RULES;

/** Keeps the windows; forgets the oldest keys past `maxKeys`, so memory stays bounded. */
export class RateLimiter {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly clock: () => number = () => Date.now(),
    private readonly rules: Record<RateScope, { user: RateRule; address: RateRule }> = RATE_RULES,
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * Counts one request of `scope` for the address and, when signed in, the user; refused when
   * either is over its limit (then nothing is counted). Undefined = allowed; else seconds to wait.
   */
  take(scope: RateScope, who: { address: string; user?: string }): number | undefined {
    const now = this.clock();
    const keys: [string, RateRule][] = [[`${scope}|a|${who.address}`, this.rules[scope].address]];
    if (who.user) keys.push([`${scope}|u|${who.user}`, this.rules[scope].user]);
    const decisions = keys.map(
      ([key, rule]) => [key, decideRate(this.windows.get(key), rule, now)] as const,
    );
    const refused = decisions.filter(([, d]) => !d.allowed);
    if (refused.length > 0) {
      return Math.max(...refused.map(([, d]) => (d.allowed ? 0 : d.retryAfterSec)));
    }
    for (const [key, d] of decisions) {
      this.windows.delete(key);
      this.windows.set(key, d.window);
    }
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
    return undefined;
  }
}
