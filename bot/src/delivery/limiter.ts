/**
 * The rate limiter: every conversation inside Teams' per-thread windows and the whole app inside
 * a tenant-wide rate. A pure core over an injected time (milliseconds), so a test can replay a
 * recorded trace and check that no window is ever exceeded.
 *
 * A send is counted when it is let through and, once answered, moved to the time of its answer
 * (`settle`): Teams counted it somewhere in between, so counting it at the later end keeps the
 * windows safe at Teams' end whatever the request's travel time.
 *
 * A window `{ limit, windowMs }` allows at most `limit` sends in any span of `windowMs`: a send at
 * `t` fits when fewer than `limit` earlier sends lie in `(t - windowMs, t]`. That is also how
 * the Bot Connector counts, so a send this limiter lets through is not refused for the rate.
 */

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** Teams' per-thread windows for one bot: 7/1 s, 8/2 s, 60/30 s, 1800/1 h. */
export const TEAMS_THREAD_WINDOWS: readonly RateWindow[] = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1800, windowMs: 3_600_000 },
]);

export interface LimiterConfig {
  readonly perConversation: readonly RateWindow[];
  readonly tenant: readonly RateWindow[];
  /**
   * Added to every window: a send arrives at Teams a little after it leaves here, and by a
   * varying amount, so windows measured here are kept slightly longer than Teams' own.
   */
  readonly marginMs?: number;
}

/** Send times of one key, oldest first, trimmed to the longest window. */
class Log {
  readonly times: number[] = [];
  blockedUntil = 0;

  constructor(private readonly windows: readonly RateWindow[]) {}

  wait(now: number, margin: number): number {
    let wait = Math.max(0, this.blockedUntil - now);
    for (const w of this.windows) {
      const span = w.windowMs + margin;
      // Times are sorted: find the first inside the window from the end.
      let inside = 0;
      for (let i = this.times.length - 1; i >= 0; i--) {
        if ((this.times[i] ?? 0) > now - span) inside++;
        else break;
      }
      if (inside >= w.limit) {
        const leaving = this.times[this.times.length - w.limit] ?? now;
        wait = Math.max(wait, leaving + span - now);
      }
    }
    return wait;
  }

  /**
   * Moves a recorded send from `from` to the later `to` (when its answer came), keeping the log
   * sorted. False when no send was recorded at `from`.
   */
  move(from: number, to: number): boolean {
    let i = this.times.lastIndexOf(from);
    if (i < 0) return false;
    while (i + 1 < this.times.length && (this.times[i + 1] ?? 0) < to) {
      this.times[i] = this.times[i + 1] ?? to;
      i++;
    }
    this.times[i] = to;
    return true;
  }

  add(now: number, longest: number): void {
    // Insert in order: a settled send may already sit later than `now`.
    let i = this.times.length;
    while (i > 0 && (this.times[i - 1] ?? 0) > now) i--;
    this.times.splice(i, 0, now);
    while (this.times.length > 0 && (this.times[0] ?? now) <= now - longest) this.times.shift();
  }

  idle(now: number, longest: number): boolean {
    const last = this.times[this.times.length - 1];
    return (last === undefined || last <= now - longest) && this.blockedUntil <= now;
  }
}

export class RateLimiter {
  private readonly conversations = new Map<string, Log>();
  private readonly tenant: Log;
  private readonly margin: number;
  private readonly longestConversation: number;
  private readonly longestTenant: number;
  private takes = 0;

  constructor(private readonly config: LimiterConfig) {
    this.margin = config.marginMs ?? 0;
    this.tenant = new Log(config.tenant);
    this.longestConversation =
      Math.max(0, ...config.perConversation.map((w) => w.windowMs)) + this.margin;
    this.longestTenant = Math.max(0, ...config.tenant.map((w) => w.windowMs)) + this.margin;
  }

  private log(conversationId: string): Log {
    let log = this.conversations.get(conversationId);
    if (!log) {
      log = new Log(this.config.perConversation);
      this.conversations.set(conversationId, log);
    }
    return log;
  }

  /** Milliseconds until one more send to the conversation fits every window; 0 = now. */
  waitMs(conversationId: string, now: number): number {
    const own = this.conversations.get(conversationId)?.wait(now, this.margin) ?? 0;
    return Math.max(own, this.tenant.wait(now, this.margin));
  }

  /** Takes a slot when one is free at `now` and returns 0; otherwise takes nothing and returns the wait. */
  tryTake(conversationId: string, now: number): number {
    const wait = this.waitMs(conversationId, now);
    if (wait > 0) return wait;
    this.record(conversationId, now);
    return 0;
  }

  /** Counts a send that happened (e.g. by a previous leader) without asking. */
  record(conversationId: string, at: number): void {
    this.log(conversationId).add(at, this.longestConversation);
    this.tenant.add(at, this.longestTenant);
    if (++this.takes % 1000 === 0) this.prune(at);
  }

  /**
   * A send taken at `takenAt` got its answer at `doneAt`. Teams counted it somewhere in between,
   * so from now on it counts at `doneAt`: then no window can overflow at Teams' end, however
   * long a request took to get there.
   */
  settle(conversationId: string, takenAt: number, doneAt: number): void {
    if (doneAt <= takenAt) return;
    this.conversations.get(conversationId)?.move(takenAt, doneAt);
    this.tenant.move(takenAt, doneAt);
  }

  /** Teams answered 429: nothing more to this conversation before `until`. */
  blockUntil(conversationId: string, until: number): void {
    const log = this.log(conversationId);
    log.blockedUntil = Math.max(log.blockedUntil, until);
  }

  /** Forgets conversations with no sends inside the longest window (memory stays bounded). */
  prune(now: number): void {
    for (const [id, log] of this.conversations) {
      if (log.idle(now, this.longestConversation)) this.conversations.delete(id);
    }
  }

  get trackedConversations(): number {
    return this.conversations.size;
  }
}
