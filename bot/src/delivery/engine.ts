/**
 * The delivery engine: one instance holds the lease and runs the timer and the dispatcher.
 *
 * - Lease loop: takes or renews the lease every third of its period; a follower asks again when
 *   the holder's lease runs out, so a dead holder is replaced within one lease period.
 * - Timer (leader only, every tick ≤ 30 s): computes what is due since the last tick and writes it
 *   to the outbox (deterministic keys: a repeated tick adds nothing), then moves `lastTick`. If
 *   storage fails, `lastTick` stays and the next tick computes the same window again.
 * - Dispatcher (leader only): claims due rows with their ETag (`waiting → sending`), waits for the
 *   rate limiter, renders, sends, and records `sent`, `failed`, `skipped` or another `waiting`
 *   with a retry time. Rows an older leader left in `sending` are taken over (they may have been
 *   sent already: those are the only possible doubles).
 */
import { computeDue, scheduleWindow } from './due';
import { RateLimiter, type LimiterConfig } from './limiter';
import {
  DeliveryError,
  type ActivitySender,
  type Clock,
  type ConversationDirectory,
  type ConversationTarget,
  type DeliveryRules,
  type DeliveryStateStore,
  type DueItem,
  type Lease,
  type LeaseStore,
  type NewOutboxRow,
  type OutboxOutcome,
  type OutboxRow,
  type OutboxStore,
  type PostRenderer,
  type ScheduleSource,
  type Target,
} from './ports';
import { backoffMs, decide, type RetryPolicy } from './retry';

export interface EngineLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EngineConfig {
  /** Unique per process: the lease holder and the claimer of rows. */
  readonly instanceId: string;
  readonly tickMs: number;
  readonly leaseMs: number;
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
  readonly leaseName: string;
}

export interface EngineDeps {
  readonly clock: Clock;
  readonly random: () => number;
  readonly outbox: OutboxStore;
  readonly leases: LeaseStore;
  readonly state: DeliveryStateStore;
  readonly schedule: ScheduleSource;
  readonly directory: ConversationDirectory;
  readonly renderer: PostRenderer;
  readonly sender: ActivitySender;
  readonly log: EngineLog;
}

export interface EngineStats {
  ticks: number;
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  takenOver: number;
}

export interface TickResult {
  readonly due: number;
  readonly created: number;
  readonly existing: number;
}

const HOUR_MS = 3_600_000;

function toRow(item: DueItem): NewOutboxRow {
  return {
    postId: item.postId,
    occurrence: item.occurrence,
    target: item.target,
    kind: item.kind,
    dueAt: item.dueAt,
    state: item.state === 'skipped' ? 'skipped' : 'waiting',
    ...(item.reason ? { reason: item.reason } : {}),
    payload: item.payload,
  };
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError(0, undefined, error instanceof Error ? error.message : String(error));
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
  take(now: number): OutboxRow | undefined {
    if (this.delayed.some((d) => d.at <= now)) {
      const due = this.delayed.filter((d) => d.at <= now).sort((a, b) => a.at - b.at);
      this.delayed = this.delayed.filter((d) => d.at > now);
      this.ready = [...due.map((d) => d.row), ...this.ready];
    }
    return this.ready.shift();
  }

  /** When the next delayed row may go, if any. */
  nextAt(): number | undefined {
    return this.delayed.length ? Math.min(...this.delayed.map((d) => d.at)) : undefined;
  }
}

export class DeliveryEngine {
  readonly stats: EngineStats = {
    ticks: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    retried: 0,
    takenOver: 0,
  };
  private readonly limiter: RateLimiter;
  private lease: Lease | undefined;
  private running = false;
  private stopSignal = new AbortController();
  private wakeSignal = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly inFlight = new Set<string>();
  /** Rows held back because their conversation must wait: not looked at again before then. */
  private readonly deferred = new Map<string, number>();
  /** Look back over the whole catch-up range on the next pass (new leader, unpaused). */
  private sweep = true;
  private wasPaused = false;
  private nextTickAt = 0;

  constructor(
    private readonly deps: EngineDeps,
    private readonly config: EngineConfig,
  ) {
    this.limiter = new RateLimiter(config.limits);
  }

  get isLeader(): boolean {
    return this.leaseValid(this.deps.clock.now().getTime());
  }

  get currentLease(): Lease | undefined {
    return this.lease;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopSignal = new AbortController();
    this.loops = [this.leaseLoop(), this.workLoop()];
  }

  /** Stops both loops, lets rows in hand finish, and gives the lease up for the next instance. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopSignal.abort();
    await Promise.allSettled(this.loops);
    const lease = this.lease;
    this.lease = undefined;
    if (lease) {
      try {
        await this.deps.leases.release(lease);
      } catch (error) {
        this.deps.log.warn({ err: error }, 'delivery lease not released; it will expire');
      }
    }
  }

  /** Runs a dispatch pass soon (after a manual resend or when posts are resumed). */
  wake(): void {
    this.wakeSignal.abort();
    this.wakeSignal = new AbortController();
  }

  private leaseValid(now: number): boolean {
    // Stop a second early: another instance's clock may run a little ahead of ours.
    const safety = Math.min(1_000, this.config.leaseMs / 10);
    return this.lease !== undefined && Date.parse(this.lease.expiresAt) - safety > now;
  }

  private sleep(ms: number, wakeable = false): Promise<void> {
    const signals = [this.stopSignal.signal, ...(wakeable ? [this.wakeSignal.signal] : [])];
    return this.deps.clock.sleep(Math.max(0, ms), AbortSignal.any(signals));
  }

  // -------------------------------------------------------------------------------------------
  // Lease

  private async leaseLoop(): Promise<void> {
    const { leases, clock, log } = this.deps;
    const { leaseName, instanceId, leaseMs } = this.config;
    while (this.running) {
      let wait = leaseMs / 3;
      try {
        const now = clock.now();
        if (this.lease) {
          const renewed = await leases.renew(this.lease, leaseMs, now);
          if (renewed) {
            this.lease = renewed;
          } else {
            log.warn({ lease: leaseName }, 'delivery lease lost to another instance');
            this.lease = undefined;
          }
        }
        if (!this.lease) {
          const result = await leases.acquire(leaseName, instanceId, leaseMs, now);
          if (result.held) {
            this.lease = result.lease;
            await this.becameLeader(result.lease);
          } else if (result.current) {
            // Ask again just after the holder's lease runs out.
            const left = Date.parse(result.current.expiresAt) - now.getTime();
            wait = Math.max(50, Math.min(wait, left + 50));
          }
        }
      } catch (error) {
        // Storage unreachable: keep what we have; leaseValid() stops work when it runs out.
        log.warn({ err: error }, 'delivery lease store unreachable; retrying');
        wait = Math.min(wait, 2_000);
      }
      await this.sleep(wait);
    }
  }

  private async becameLeader(lease: Lease): Promise<void> {
    const { log, outbox, clock } = this.deps;
    log.info(
      { instance: this.config.instanceId, epoch: lease.epoch },
      'this instance runs the delivery timer',
    );
    this.sweep = true;
    this.nextTickAt = 0;
    // Count what was sent in the last hour, so a new leader does not overrun a thread's windows.
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
    this.wake();
  }

  // -------------------------------------------------------------------------------------------
  // Timer and dispatcher

  private async workLoop(): Promise<void> {
    const { clock, log } = this.deps;
    let failures = 0;
    while (this.running) {
      let now = clock.now().getTime();
      if (!this.leaseValid(now)) {
        this.nextTickAt = 0;
        await this.sleep(this.config.leaseMs / 6, true);
        continue;
      }
      let wakeAt: number;
      try {
        if (now >= this.nextTickAt) {
          try {
            await this.tick();
            // Align ticks to the clock, so every instance ticks at the same moments.
            this.nextTickAt =
              (Math.floor(clock.now().getTime() / this.config.tickMs) + 1) * this.config.tickMs;
          } catch (error) {
            // lastTick stays where it was, so the next tick computes this window again; rows
            // already in the outbox (retries, posts sent again by hand) still go out meanwhile.
            const retryIn = Math.min(this.config.tickMs, 5_000);
            log.warn({ err: error, retryInMs: retryIn }, 'delivery tick failed; will tick again');
            this.nextTickAt = clock.now().getTime() + retryIn;
          }
        }
        const next = await this.dispatch();
        failures = 0;
        wakeAt = Math.min(this.nextTickAt, next ?? Number.POSITIVE_INFINITY);
      } catch (error) {
        failures++;
        const delay = Math.min(10_000, 500 * 2 ** Math.min(failures, 5));
        log.warn({ err: error, retryInMs: delay }, 'delivery storage unreachable; waiting');
        wakeAt = clock.now().getTime() + delay;
      }
      now = clock.now().getTime();
      await this.sleep(wakeAt - now, true);
    }
  }

  /** Computes what is due since the last tick and writes it to the outbox. */
  async tick(): Promise<TickResult> {
    const { clock, state, schedule, outbox, log } = this.deps;
    const now = clock.now();
    const { lastTick } = await state.read();
    const last = lastTick ? new Date(lastTick) : undefined;
    const snapshot = await schedule.snapshot(scheduleWindow(now, this.config.rules, last));
    const items = computeDue(now, this.config.rules, snapshot, last);
    const result = items.length
      ? await outbox.insert(items.map(toRow))
      : { created: 0, existing: 0 };
    await state.saveLastTick(now.toISOString());
    this.stats.ticks++;
    if (items.length) {
      log.info(
        { due: items.length, created: result.created, existing: result.existing },
        'delivery tick',
      );
    }
    return { due: items.length, ...result };
  }

  /**
   * One pass over the rows that can go now. Returns when the next row could go (a retry time, or
   * a conversation's window), if that is before the next tick matters to the caller.
   */
  async dispatch(): Promise<number | undefined> {
    const { clock, state, outbox, log } = this.deps;
    const lease = this.lease;
    const startedAt = clock.now().getTime();
    if (!lease || !this.leaseValid(startedAt)) return undefined;
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
        this.stats.takenOver++;
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
      while (this.running && storageError === undefined) {
        const now = clock.now().getTime();
        if (!this.leaseValid(now)) return;
        const row = queue.take(now);
        if (!row) {
          const at = queue.nextAt();
          if (at === undefined) return;
          await this.sleep(Math.min(at - now, this.config.maxInlineWaitMs));
          continue;
        }
        this.inFlight.add(row.id);
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
    const s = this.stats;
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
    const key = target.kind === 'channel' ? 'channel' : `person:${target.personId}`;
    let found = cache.get(key);
    if (!found) {
      found =
        target.kind === 'channel'
          ? this.deps.directory.channel()
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
  ): Promise<{ at: number; requeue?: OutboxRow; deferred?: boolean } | undefined> {
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
      // Rendering reads the store: a failure there may pass, so it is retried like a network one.
      const last = claimed.attempts >= this.config.retry.maxAttempts;
      log[last ? 'error' : 'warn'](
        { err: error, row: row.id, kind: row.kind, attempt: claimed.attempts },
        last ? 'post could not be rendered; giving up' : 'post could not be rendered; will retry',
      );
      if (last) {
        await this.record(claimed, { state: 'failed', reason: 'renderFailed', at: at() });
        return undefined;
      }
      const notBefore =
        clock.now().getTime() + backoffMs(claimed.attempts, this.config.retry, this.deps.random);
      await this.record(claimed, {
        state: 'waiting',
        notBefore: new Date(notBefore).toISOString(),
        reason: 'renderFailed',
        at: at(),
      });
      return { at: notBefore };
    }
    if ('gone' in rendered) {
      await this.record(claimed, { state: 'skipped', reason: 'sourceGone', at: at() });
      return undefined;
    }
    const activity = rendered.activity;
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
      await this.sleep(w);
      if (!this.running) break;
    }
    if (!this.running || !this.leaseValid(clock.now().getTime())) {
      // Not sent: hand the row back so the next leader sends it without delay.
      await this.record(claimed, { state: 'waiting', notBefore: at(), at: at() });
      return undefined;
    }

    try {
      const { activityId } = await this.deps.sender.send(target, activity);
      this.limiter.settle(conversationId, takenAt, clock.now().getTime());
      await this.record(claimed, { state: 'sent', activityId, at: at() });
      return undefined;
    } catch (raw) {
      this.limiter.settle(conversationId, takenAt, clock.now().getTime());
      const error = asDeliveryError(raw);
      const decision = decide(error, claimed.attempts, this.config.retry, this.deps.random);
      const failedAt = clock.now().getTime();
      const status = error.status === 0 ? undefined : error.status;
      if (decision.action === 'retry') {
        if (error.status === 429)
          this.limiter.blockUntil(conversationId, failedAt + decision.delayMs);
        const notBefore = failedAt + decision.delayMs;
        log.info(
          {
            row: row.id,
            conversationId,
            status: error.status,
            code: error.code,
            attempt: claimed.attempts,
            retryInMs: decision.delayMs,
          },
          'send failed; will retry',
        );
        const next = await this.record(claimed, {
          state: 'waiting',
          notBefore: new Date(notBefore).toISOString(),
          reason: decision.reason,
          ...(status !== undefined ? { httpStatus: status } : {}),
          ...(error.code ? { errorCode: error.code } : {}),
          at: at(),
        });
        return next && decision.delayMs <= this.config.maxInlineWaitMs
          ? { at: notBefore, requeue: next }
          : { at: notBefore };
      }
      const level = decision.reason === 'tooLarge' ? 'error' : 'warn';
      log[level](
        {
          row: row.id,
          conversationId,
          status: error.status,
          code: error.code,
          reason: decision.reason,
          attempt: claimed.attempts,
          ...(decision.reason === 'tooLarge' ? { cardBytes } : {}),
        },
        'send failed; not retried',
      );
      await this.record(claimed, {
        state: 'failed',
        reason: decision.reason,
        ...(status !== undefined ? { httpStatus: status } : {}),
        ...(error.code ? { errorCode: error.code } : {}),
        ...(decision.reason === 'tooLarge' ? { cardBytes } : {}),
        at: at(),
      });
      if (decision.dropConversation) {
        try {
          await this.deps.directory.markGone(conversationId, error.code ?? String(error.status));
        } catch (e) {
          log.error({ err: e, conversationId }, 'conversation not marked gone');
        }
      }
      return undefined;
    }
  }

  /**
   * Writes an outcome. After a send this must not be lost (the row would be sent again), so
   * storage failures are retried until storage answers or the engine stops.
   */
  private async record(row: OutboxRow, outcome: OutboxOutcome): Promise<OutboxRow | undefined> {
    const { outbox, log } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        const next = await outbox.finish(row, outcome);
        if (!next) {
          log.warn({ row: row.id, state: outcome.state }, 'row changed by someone else meanwhile');
        } else if (outcome.state === 'sent') this.stats.sent++;
        else if (outcome.state === 'failed') this.stats.failed++;
        else if (outcome.state === 'skipped') this.stats.skipped++;
        else this.stats.retried++;
        return next;
      } catch (error) {
        if (row.state !== 'sending' && attempt >= 3) throw error;
        if (!this.running && attempt >= 3) {
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
