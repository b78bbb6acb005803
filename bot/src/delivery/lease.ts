/**
 * The leader lease: one instance at a time runs the timer and the dispatcher. The loop takes or
 * renews the lease every third of its period; a follower asks again just after the holder's
 * lease runs out, so a dead holder is replaced within one lease period.
 */
import type { Clock, Lease, LeaseStore } from './ports';

export interface LeaseLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LeaseConfig {
  readonly leaseName: string;
  /** Unique per process: the lease holder. */
  readonly instanceId: string;
  readonly leaseMs: number;
}

export class LeaderLease {
  private lease: Lease | undefined;

  constructor(
    private readonly deps: {
      readonly leases: LeaseStore;
      readonly clock: Clock;
      readonly log: LeaseLog;
    },
    private readonly config: LeaseConfig,
  ) {}

  /** The lease while this instance holds it (it may have run out: see `valid`). */
  get current(): Lease | undefined {
    return this.lease;
  }

  /** Whether this instance may still act as the leader at `now` (epoch ms). */
  valid(now: number): boolean {
    // Stop a second early: another instance's clock may run a little ahead of ours.
    const safety = Math.min(1_000, this.config.leaseMs / 10);
    return this.lease !== undefined && Date.parse(this.lease.expiresAt) - safety > now;
  }

  /**
   * Keeps the lease (or asks for it) until `running()` turns false. `becameLeader` runs each
   * time this instance takes the lease over; `sleep` is the engine's stop-aware wait.
   */
  async loop(
    running: () => boolean,
    sleep: (ms: number) => Promise<void>,
    becameLeader: (lease: Lease) => Promise<void>,
  ): Promise<void> {
    const { leases, clock, log } = this.deps;
    const { leaseName, instanceId, leaseMs } = this.config;
    while (running()) {
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
            await becameLeader(result.lease);
          } else if (result.current) {
            // Ask again just after the holder's lease runs out.
            const left = Date.parse(result.current.expiresAt) - now.getTime();
            wait = Math.max(50, Math.min(wait, left + 50));
          }
        }
      } catch (error) {
        // Storage unreachable: keep what we have; valid() stops work when it runs out.
        log.warn({ err: error }, 'delivery lease store unreachable; retrying');
        wait = Math.min(wait, 2_000);
      }
      await sleep(wait);
    }
  }

  /** Lets the lease go, so the next instance takes over at once; a failure only logs. */
  async release(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    if (!lease) return;
    try {
      await this.deps.leases.release(lease);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'delivery lease not released; it will expire');
    }
  }
}
