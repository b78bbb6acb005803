/**
 * The dispatcher (leader only): claims due rows with their ETag (`waiting → sending`), waits for
 * the rate limiter, renders, sends, and records what `outcome.ts` makes of the answer: `sent`,
 * `failed`, `skipped` or another `waiting` with a retry time. Rows an older leader left in
 * `sending` are taken over (they may have been sent already: those are the only possible doubles).
 */
import { RateLimiter, type LimiterConfig } from './limiter';
import { renderFailedOutcome, sendOutcome, type SendResult } from './outcome';
import type {
  ActivitySender,
  Clock,
  ConversationDirectory,
  ConversationTarget,
  DeliveryRules,
  DeliveryStateStore,
  Lease,
  OutboxOutcome,
  OutboxRow,
  OutboxStore,
  PostRenderer,
  Target,
} from './ports';
import { targetKey } from './ports';
import type { RetryPolicy } from './retry';

export interface DispatchLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatchStats {
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  takenOver: number;
}

export interface DispatcherDeps {
  readonly clock: Clock;
  readonly random: () => number;
  readonly outbox: OutboxStore;
  readonly state: Pick<DeliveryStateStore, 'read'>;
  readonly directory: ConversationDirectory;
  readonly renderer: PostRenderer;
  readonly sender: ActivitySender;
  readonly log: DispatchLog;
  /** Counts what happened to rows; shared with the engine's figures. */
  readonly stats: DispatchStats;
}

export interface DispatcherConfig {
  /** Unique per process: the claimer of rows. */
  readonly instanceId: string;
  readonly tickMs: number;
  /** Rows processed at the same time. */
  readonly concurrency: number;
  readonly rules: DeliveryRules;
  readonly retry: RetryPolicy;
  readonly limits: LimiterConfig;
  /** A row whose conversation must wait longer than this is left for a later pass, not claimed. */
  readonly maxInlineWaitMs: number;
  /** A `sending` row of this instance older than this is taken as abandoned. */
  readonly sendingTimeoutMs: number;
  /** Largest activity sent; Teams refuses more than 100 KB. */
  readonly maxActivityBytes: number;
}

/** What the dispatcher needs to know of the engine running it. */
export interface DispatchControl {
  running(): boolean;
  /** Whether this instance still leads at `now` (epoch ms). */
  leads(now: number): boolean;
  /** Waits, but returns at once when the engine stops. */
  sleep(ms: number): Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * The rows of one post that must go one at a time: an evening's invitation and its updates and
 * notices (its post before its edits). Every other row is its own.
 */
function serialKey(row: OutboxRow): string {
  return row.kind.startsWith('invitation') ? `post:${row.postId}` : `row:${row.id}`;
}

/** How long an update waits for the post it edits: 2 s doubling to a minute, with jitter. */
export function waitForPostMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(60_000, 2_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Rows waiting for their turn in one dispatch pass. */
class PassQueue {
  private ready: OutboxRow[] = [];
  private delayed: { row: OutboxRow; at: number }[] = [];

  constructor(rows: OutboxRow[]) {
    this.ready = [...rows].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  push(row: OutboxRow, at: number): void {
    this.delayed.push({ row, at });
  }

  /**
   * The next row that may go at `now`: a retry whose wait is over first (it is already late, and
   * spreading retries through the batch keeps the end of it from idling on a Retry-After), then
   * the rest, oldest due first.
   */
  take(now: number, busy: (row: OutboxRow) => boolean = () => false): OutboxRow | undefined {
    if (this.delayed.some((d) => d.at <= now)) {
      const due = this.delayed.filter((d) => d.at <= now).sort((a, b) => a.at - b.at);
      this.delayed = this.delayed.filter((d) => d.at > now);
      this.ready = [...due.map((d) => d.row), ...this.ready];
    }
    // Rows of a post another worker has in hand wait for it (a card's post before its updates).
    const index = this.ready.findIndex((row) => !busy(row));
    return index < 0 ? undefined : this.ready.splice(index, 1)[0];
  }

  /** When the next delayed row may go, if any. */
  nextAt(): number | undefined {
    return this.delayed.length ? Math.min(...this.delayed.map((d) => d.at)) : undefined;
  }
}

/** What became of one row in a pass: try it again in this pass, or look again at `at`. */
type RowResult = { at: number; requeue?: OutboxRow; deferred?: boolean } | undefined;

export class Dispatcher {
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Set<string>();
  /** Posts whose rows are in hand: the rows of one post (an invitation) go one at a time. */
  private readonly postsInFlight = new Set<string>();
  /** Rows held back because their conversation must wait: not looked at again before then. */
  private readonly deferred = new Map<string, number>();
  /** Look back over the whole catch-up range on the next pass (new leader, unpaused). */
  private sweep = true;
  private wasPaused = false;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly config: DispatcherConfig,
    private readonly control: DispatchControl,
  ) {
    this.limiter = new RateLimiter(config.limits);
  }

  /**
   * A new leader: look over the whole catch-up range, and count what was sent in the last hour,
   * so that it does not overrun a thread's windows.
   */
  async becameLeader(): Promise<void> {
    const { log, outbox, clock } = this.deps;
    this.sweep = true;
    try {
      const now = clock.now().getTime();
      const recent = await outbox.list({
        from: new Date(now - HOUR_MS - this.config.rules.staleMs).toISOString(),
        to: new Date(now + 1).toISOString(),
        states: ['sent'],
      });
      const sends = recent
        .filter((r) => r.conversationId && r.sentAt && Date.parse(r.sentAt) > now - HOUR_MS)
        .map((r) => ({ conversationId: r.conversationId ?? '', at: Date.parse(r.sentAt ?? '') }))
        .sort((a, b) => a.at - b.at);
      for (const s of sends) this.limiter.record(s.conversationId, s.at);
    } catch (error) {
      log.warn({ err: error }, 'recent sends not read; the limiter starts empty');
    }
  }

  /**
   * One pass over the rows that can go now. Returns when the next row could go (a retry time, or
   * a conversation's window), if that is before the next tick matters to the caller.
   */
  async dispatch(lease: Lease | undefined): Promise<number | undefined> {
    const { clock, state, outbox, log, stats } = this.deps;
    const startedAt = clock.now().getTime();
    if (!lease || !this.control.leads(startedAt)) return undefined;
    const { paused } = await state.read();
    if (paused) {
      this.wasPaused = true;
      return undefined;
    }
    if (this.wasPaused) {
      this.wasPaused = false;
      this.sweep = true;
    }
    const rules = this.config.rules;
    const back = this.sweep
      ? rules.maxCatchUpMs
      : rules.staleMs + 2 * this.config.tickMs + this.config.sendingTimeoutMs;
    const rows = await outbox.list({
      from: new Date(startedAt - back).toISOString(),
      to: new Date(startedAt + 1).toISOString(),
      states: ['waiting', 'sending'],
    });
    this.sweep = false;

    let nextAt: number | undefined;
    const later = (at: number) => {
      nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
    };
    const ready: OutboxRow[] = [];
    for (const [id, until] of this.deferred) if (until <= startedAt) this.deferred.delete(id);
    for (const row of rows) {
      if (this.inFlight.has(row.id)) continue;
      const deferredUntil = this.deferred.get(row.id);
      if (deferredUntil !== undefined) {
        later(deferredUntil);
        continue;
      }
      if (row.state === 'waiting') {
        const notBefore = row.notBefore ? Date.parse(row.notBefore) : 0;
        if (notBefore > startedAt) later(notBefore);
        else ready.push(row);
      } else if (this.abandoned(row, lease, startedAt)) {
        log.warn(
          { row: row.id, claimedBy: row.claimedBy, epoch: row.claimEpoch },
          'taking over a row left in sending; it may have been sent already',
        );
        stats.takenOver++;
        ready.push(row);
      } else if (row.claimedAt) {
        later(Date.parse(row.claimedAt) + this.config.sendingTimeoutMs);
      }
    }
    if (!ready.length) return nextAt;

    const queue = new PassQueue(ready);
    const progressBefore = this.progress();
    const targets = new Map<string, Promise<ConversationTarget | undefined>>();
    let storageError: unknown;
    const worker = async () => {
      while (this.control.running() && storageError === undefined) {
        const now = clock.now().getTime();
        if (!this.control.leads(now)) return;
        const row = queue.take(now, (r) => this.postsInFlight.has(serialKey(r)));
        if (!row) {
          const at = queue.nextAt();
          if (at === undefined) return;
          await this.control.sleep(Math.min(at - now, this.config.maxInlineWaitMs));
          continue;
        }
        this.inFlight.add(row.id);
        this.postsInFlight.add(serialKey(row));
        try {
          const result = await this.process(row, lease, targets);
          if (result?.requeue) queue.push(result.requeue, result.at);
          else if (result) {
            if (result.deferred) this.deferred.set(row.id, result.at);
            later(result.at);
          }
        } catch (error) {
          storageError = error;
        } finally {
          this.inFlight.delete(row.id);
          this.postsInFlight.delete(serialKey(row));
        }
      }
    };
    await Promise.all(Array.from({ length: this.config.concurrency }, worker));
    if (storageError !== undefined) {
      throw storageError instanceof Error ? storageError : new Error('storage failed');
    }
    // Rows that moved this pass may have made room for more (or new ones came): look again now.
    return this.progress() !== progressBefore ? clock.now().getTime() : nextAt;
  }

  private progress(): number {
    const s = this.deps.stats;
    return s.sent + s.failed + s.skipped + s.retried;
  }

  private abandoned(row: OutboxRow, lease: Lease, now: number): boolean {
    if (row.claimEpoch === undefined || row.claimEpoch < lease.epoch) return true;
    if (row.claimedBy !== this.config.instanceId) return true;
    const claimedAt = row.claimedAt ? Date.parse(row.claimedAt) : 0;
    return now - claimedAt > this.config.sendingTimeoutMs;
  }

  private resolve(
    target: Target,
    cache: Map<string, Promise<ConversationTarget | undefined>>,
  ): Promise<ConversationTarget | undefined> {
    const key = targetKey(target);
    let found = cache.get(key);
    if (!found) {
      found =
        target.kind === 'channel'
          ? this.deps.directory.channel(target.channelId)
          : this.deps.directory.personal(target.personId);
      cache.set(key, found);
    }
    return found;
  }

  /**
   * Takes one row through claim → render → rate limit → send → outcome. Returns a row to try
   * again in this pass, or when it could go, or nothing. Throws only when storage fails.
   */
  private async process(
    row: OutboxRow,
    lease: Lease,
    targets: Map<string, Promise<ConversationTarget | undefined>>,
  ): Promise<RowResult> {
    const { clock, outbox, renderer, log } = this.deps;
    const at = () => clock.now().toISOString();
    const now = clock.now().getTime();

    // A coordinator's "send again" is fresh by definition; anything else late is skipped.
    if (row.resendOf === undefined && Date.parse(row.dueAt) < now - this.config.rules.staleMs) {
      await this.record(row, { state: 'skipped', reason: 'stale', at: at() });
      return undefined;
    }
    const target = await this.resolve(row.target, targets);
    if (!target) {
      const outcome: OutboxOutcome =
        row.target.kind === 'channel'
          ? { state: 'failed', reason: 'noChannel', at: at() }
          : { state: 'skipped', reason: 'notInstalled', at: at() };
      await this.record(row, outcome);
      return undefined;
    }
    const conversationId = target.conversationId;
    const wait = this.limiter.waitMs(conversationId, now);
    if (wait > this.config.maxInlineWaitMs) return { at: now + wait, deferred: true };

    const claimed = await outbox.claim(row, {
      holder: this.config.instanceId,
      epoch: lease.epoch,
      at: at(),
      conversationId,
    });
    if (!claimed) return undefined;

    let rendered: Awaited<ReturnType<PostRenderer['render']>>;
    try {
      rendered = await renderer.render(row.payload, row.target, target);
    } catch (error) {
      const next = renderFailedOutcome({
        row: claimed,
        policy: this.config.retry,
        random: this.deps.random,
        now: clock.now(),
      });
      const last = next.next === 'fail';
      log[last ? 'error' : 'warn'](
        { err: error, row: row.id, kind: row.kind, attempt: claimed.attempts },
        last ? 'post could not be rendered; giving up' : 'post could not be rendered; will retry',
      );
      await this.record(claimed, next.outcome);
      return next.next === 'retry' ? { at: next.retryAt } : undefined;
    }
    if ('gone' in rendered) {
      await this.record(claimed, { state: 'skipped', reason: 'sourceGone', at: at() });
      return undefined;
    }
    if ('wait' in rendered) {
      // The post it edits is not out yet: wait for it, however long its own retries take.
      const retryAt = clock.now().getTime() + waitForPostMs(claimed.attempts, this.deps.random);
      await this.record(claimed, {
        state: 'waiting',
        notBefore: new Date(retryAt).toISOString(),
        reason: 'notPostedYet',
        at: at(),
      });
      return { at: retryAt };
    }
    const activity = rendered.activity;
    const placement = rendered.placement;
    const cardBytes = Buffer.byteLength(JSON.stringify(activity), 'utf8');
    if (cardBytes > this.config.maxActivityBytes) {
      log.error({ row: row.id, kind: row.kind, cardBytes }, 'post too large for Teams; not sent');
      await this.record(claimed, { state: 'failed', reason: 'tooLarge', cardBytes, at: at() });
      return undefined;
    }

    // Wait for a slot in every window of this conversation and of the tenant.
    let takenAt = 0;
    for (;;) {
      const t = clock.now().getTime();
      const w = this.limiter.tryTake(conversationId, t);
      if (w === 0) {
        takenAt = t;
        break;
      }
      await this.control.sleep(w);
      if (!this.control.running()) break;
    }
    if (!this.control.running() || !this.control.leads(clock.now().getTime())) {
      // Not sent: hand the row back so the next leader sends it without delay.
      await this.record(claimed, { state: 'waiting', notBefore: at(), at: at() });
      return undefined;
    }

    let result: SendResult;
    try {
      const { activityId } = await this.deps.sender.send(target, activity, placement);
      result = { ok: true, activityId };
    } catch (error) {
      result = { ok: false, error };
    }
    const answeredAt = clock.now();
    this.limiter.settle(conversationId, takenAt, answeredAt.getTime());
    const decision = sendOutcome({
      result,
      row: claimed,
      policy: this.config.retry,
      random: this.deps.random,
      now: answeredAt,
      cardBytes,
    });
    if (decision.next === 'sent') {
      if (result.ok && (!placement || placement.kind === 'new')) {
        await this.tellSent(row, target, result.activityId);
      }
      await this.record(claimed, decision.outcome);
      return undefined;
    }
    const { error } = decision;
    const failure = {
      row: row.id,
      conversationId,
      status: error.status,
      code: error.code,
      attempt: claimed.attempts,
    };
    if (decision.next === 'retry') {
      if (decision.throttled) this.limiter.blockUntil(conversationId, decision.retryAt);
      log.info({ ...failure, retryInMs: decision.retryInMs }, 'send failed; will retry');
      const next = await this.record(claimed, decision.outcome);
      return next && decision.retryInMs <= this.config.maxInlineWaitMs
        ? { at: decision.retryAt, requeue: next }
        : { at: decision.retryAt };
    }
    const tooLarge = decision.reason === 'tooLarge';
    log[tooLarge ? 'error' : 'warn'](
      { ...failure, reason: decision.reason, ...(tooLarge ? { cardBytes } : {}) },
      'send failed; not retried',
    );
    await this.record(claimed, decision.outcome);
    if (decision.dropConversation) {
      try {
        await this.deps.directory.markGone(conversationId, error.code ?? String(error.status));
      } catch (e) {
        log.error({ err: e, conversationId }, 'conversation not marked gone');
      }
    }
    return undefined;
  }

  /**
   * Tells the renderer the id of a new post (an invitation's updates edit it). Like the outcome,
   * this must not be lost after a send: storage failures are retried while the engine runs.
   */
  private async tellSent(row: OutboxRow, target: ConversationTarget, activityId: string) {
    const { renderer, log, clock } = this.deps;
    if (!renderer.sent) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await renderer.sent(row.payload, target, activityId);
        return;
      } catch (error) {
        if (!this.control.running() && attempt >= 3) {
          log.error({ err: error, row: row.id }, 'the id of a sent post was not kept');
          return;
        }
        const delay = Math.min(5_000, 250 * 2 ** Math.min(attempt, 5));
        log.warn({ err: error, row: row.id, retryInMs: delay }, 'sent post id not kept yet');
        await clock.sleep(delay);
      }
    }
  }

  /**
   * Writes an outcome. After a send this must not be lost (the row would be sent again), so
   * storage failures are retried until storage answers or the engine stops.
   */
  private async record(row: OutboxRow, outcome: OutboxOutcome): Promise<OutboxRow | undefined> {
    const { outbox, log, stats } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        const next = await outbox.finish(row, outcome);
        if (!next) {
          log.warn({ row: row.id, state: outcome.state }, 'row changed by someone else meanwhile');
        } else if (outcome.state === 'sent') stats.sent++;
        else if (outcome.state === 'failed') stats.failed++;
        else if (outcome.state === 'skipped') stats.skipped++;
        else stats.retried++;
        return next;
      } catch (error) {
        if (row.state !== 'sending' && attempt >= 3) throw error;
        if (!this.control.running() && attempt >= 3) {
          log.error({ err: error, row: row.id, state: outcome.state }, 'outcome not recorded');
          return undefined;
        }
        const delay = Math.min(5_000, 250 * 2 ** Math.min(attempt, 5));
        log.warn(
          { err: error, row: row.id, retryInMs: delay },
          'outcome not recorded yet; retrying',
        );
        await this.deps.clock.sleep(delay);
      }
    }
  }
}
