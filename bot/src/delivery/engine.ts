/**
 * The delivery engine: one instance holds the lease and runs the timer and the dispatcher.
 *
 * - Lease (`lease.ts`): taken or renewed every third of its period; a dead holder is replaced
 *   within one lease period.
 * - Timer (`timer.ts`, leader only): clock-aligned ticks write what is due to the outbox.
 * - Dispatcher (`dispatcher.ts`, leader only): claims due rows, sends them within the rate
 *   limits, and records what `outcome.ts` makes of Teams' answer.
 *
 * This module runs the two loops (lease, and tick + dispatch) and stops them together.
 */
import { Dispatcher, type DispatcherConfig } from './dispatcher';
import { LeaderLease, type LeaseConfig } from './lease';
import type {
  ActivitySender,
  Clock,
  ConversationDirectory,
  DeliveryStateStore,
  Lease,
  LeaseStore,
  OutboxStore,
  PostRenderer,
  ScheduleSource,
} from './ports';
import { DeliveryTimer, type TickResult } from './timer';

export type { TickResult } from './timer';

export interface EngineLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EngineConfig extends DispatcherConfig, LeaseConfig {
  readonly tickMs: number;
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
  /** Work only the lease holder does, after a tick (retention); its failure never stops posts. */
  readonly chores?: { runIfDue(): Promise<unknown> };
}

export interface EngineStats {
  ticks: number;
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  takenOver: number;
}

/** After a failed pass (storage unreachable), the wait doubles from this up to the cap. */
const PASS_RETRY_BASE_MS = 500;
const PASS_RETRY_MAX_MS = 10_000;

export class DeliveryEngine {
  readonly stats: EngineStats = {
    ticks: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    retried: 0,
    takenOver: 0,
  };
  private readonly leader: LeaderLease;
  private readonly timer: DeliveryTimer;
  private readonly dispatcher: Dispatcher;
  private running = false;
  private stopSignal = new AbortController();
  private wakeSignal = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly deps: EngineDeps,
    private readonly config: EngineConfig,
  ) {
    this.leader = new LeaderLease(deps, config);
    this.timer = new DeliveryTimer({ ...deps, stats: this.stats }, config);
    this.dispatcher = new Dispatcher({ ...deps, stats: this.stats }, config, {
      running: () => this.running,
      leads: (now) => this.leader.valid(now),
      sleep: (ms) => this.sleep(ms),
    });
  }

  get isLeader(): boolean {
    return this.leader.valid(this.deps.clock.now().getTime());
  }

  get currentLease(): Lease | undefined {
    return this.leader.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopSignal = new AbortController();
    this.loops = [
      this.leader.loop(
        () => this.running,
        (ms) => this.sleep(ms),
        (lease) => this.becameLeader(lease),
      ),
      this.workLoop(),
    ];
  }

  /** Stops both loops, lets rows in hand finish, and gives the lease up for the next instance. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopSignal.abort();
    await Promise.allSettled(this.loops);
    await this.leader.release();
  }

  /** Runs a dispatch pass soon (after a manual resend or when posts are resumed). */
  wake(): void {
    this.wakeSignal.abort();
    this.wakeSignal = new AbortController();
  }

  /** Computes what is due since the last tick and writes it to the outbox. */
  tick(): Promise<TickResult> {
    return this.timer.tick();
  }

  /**
   * One pass over the rows that can go now. Returns when the next row could go (a retry time, or
   * a conversation's window), if that is before the next tick matters to the caller.
   */
  dispatch(): Promise<number | undefined> {
    return this.dispatcher.dispatch(this.leader.current);
  }

  private sleep(ms: number, wakeable = false): Promise<void> {
    const signals = [this.stopSignal.signal, ...(wakeable ? [this.wakeSignal.signal] : [])];
    return this.deps.clock.sleep(Math.max(0, ms), AbortSignal.any(signals));
  }

  private async becameLeader(lease: Lease): Promise<void> {
    this.deps.log.info(
      { instance: this.config.instanceId, epoch: lease.epoch },
      'this instance runs the delivery timer',
    );
    this.timer.reset();
    await this.dispatcher.becameLeader();
    this.wake();
  }

  private async chores(): Promise<void> {
    try {
      await this.deps.chores?.runIfDue();
    } catch (error) {
      this.deps.log.warn(
        { err: error },
        'a chore (retention, stale-data reminders) failed; tried again on a later tick',
      );
    }
  }

  /** Leader only: ticks when one is due, then a dispatch pass; sleeps until either is next. */
  private async workLoop(): Promise<void> {
    const { clock, log } = this.deps;
    let failures = 0;
    while (this.running) {
      let now = clock.now().getTime();
      if (!this.leader.valid(now)) {
        this.timer.reset();
        await this.sleep(this.config.leaseMs / 6, true);
        continue;
      }
      let wakeAt: number;
      try {
        await this.timer.tickIfDue(now);
        await this.chores();
        const next = await this.dispatch();
        failures = 0;
        wakeAt = Math.min(this.timer.nextAt, next ?? Number.POSITIVE_INFINITY);
      } catch (error) {
        failures++;
        const delay = Math.min(PASS_RETRY_MAX_MS, PASS_RETRY_BASE_MS * 2 ** Math.min(failures, 5));
        log.warn({ err: error, retryInMs: delay }, 'delivery storage unreachable; waiting');
        wakeAt = clock.now().getTime() + delay;
      }
      now = clock.now().getTime();
      await this.sleep(wakeAt - now, true);
    }
  }
}
