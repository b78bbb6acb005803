/**
 * The timer (leader only, every tick ≤ 30 s): computes what is due since the last tick and writes
 * it to the outbox (deterministic keys: a repeated tick adds nothing), then moves `lastTick`. If
 * storage fails, `lastTick` stays and the next tick computes the same window again. Ticks are
 * aligned to the clock, so every instance ticks at the same moments.
 */
import { computeDue, scheduleWindow } from './due';
import type {
  Clock,
  DeliveryRules,
  DeliveryStateStore,
  DueItem,
  NewOutboxRow,
  OutboxStore,
  ScheduleSource,
} from './ports';

export interface TickResult {
  readonly due: number;
  readonly created: number;
  readonly existing: number;
}

export interface TimerDeps {
  readonly clock: Clock;
  readonly state: DeliveryStateStore;
  readonly schedule: ScheduleSource;
  readonly outbox: Pick<OutboxStore, 'insert'>;
  readonly log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
  };
  /** Counts the ticks that completed. */
  readonly stats: { ticks: number };
}

export interface TimerConfig {
  readonly tickMs: number;
  readonly rules: DeliveryRules;
}

/** A failed tick is tried again after this long at most. */
const TICK_RETRY_MS = 5_000;

/** The next tick after `now` on the clock's grid of `tickMs` (epoch ms). */
export function nextAlignedTick(now: number, tickMs: number): number {
  return (Math.floor(now / tickMs) + 1) * tickMs;
}

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

export class DeliveryTimer {
  private nextTickAt = 0;

  constructor(
    private readonly deps: TimerDeps,
    private readonly config: TimerConfig,
  ) {}

  /** When the next tick is due (epoch ms); 0 = at once. */
  get nextAt(): number {
    return this.nextTickAt;
  }

  /** Ticks at once next time (a new leader, or leadership lost meanwhile). */
  reset(): void {
    this.nextTickAt = 0;
  }

  /** Ticks when one is due at `now`; a failure is logged and the tick comes again soon. */
  async tickIfDue(now: number): Promise<void> {
    if (now < this.nextTickAt) return;
    const { clock, log } = this.deps;
    try {
      await this.tick();
      this.nextTickAt = nextAlignedTick(clock.now().getTime(), this.config.tickMs);
    } catch (error) {
      // lastTick stays where it was, so the next tick computes this window again; rows
      // already in the outbox (retries, posts sent again by hand) still go out meanwhile.
      const retryIn = Math.min(this.config.tickMs, TICK_RETRY_MS);
      log.warn({ err: error, retryInMs: retryIn }, 'delivery tick failed; will tick again');
      this.nextTickAt = clock.now().getTime() + retryIn;
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
    this.deps.stats.ticks++;
    if (items.length) {
      log.info(
        { due: items.length, created: result.created, existing: result.existing },
        'delivery tick',
      );
    }
    return { due: items.length, ...result };
  }
}
