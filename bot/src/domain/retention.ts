/**
 * Retention: personal data is kept only as long as the work needs it. An evening's answers lose
 * the person (name, association, content wish, who answered) `rsvpDays` after the evening
 * ended; the count of answers stays. Entries of the audit trail older than `auditYears` are
 * removed. Run by the timer's lease holder, at most once a day.
 *
 * The decision of what is due is pure (a clock passed in, as in `delivery/due.ts`); reading and writing
 * rows is the store's. One row that cannot be changed is counted and left for the next day: it
 * never stops the batch. The log gets counts, never a row's content.
 */

export interface RetentionPolicy {
  /** Days after an evening ended when its answers lose the person. */
  readonly rsvpDays: number;
  /** Years after which an audit entry is removed. */
  readonly auditYears: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({ rsvpDays: 90, auditYears: 5 });

/** At most one run in this long. */
export const RETENTION_INTERVAL_MS = 24 * 3_600_000;

export interface RetentionCutoffs {
  /** Evenings that ended before this instant lose their answers' people (UTC ISO). */
  readonly rsvpEndedBefore: string;
  /** Audit entries made before this instant are removed (UTC ISO). */
  readonly auditBefore: string;
}

/**
 * What is due at `now`: undefined when the last run was less than a day ago (or in the future,
 * a clock gone back), else the cutoffs.
 */
export function retentionDue(
  now: Date,
  policy: RetentionPolicy,
  lastRun?: string,
): RetentionCutoffs | undefined {
  if (lastRun) {
    const last = Date.parse(lastRun);
    if (Number.isFinite(last) && now.getTime() - last < RETENTION_INTERVAL_MS) return undefined;
  }
  const audit = new Date(now.getTime());
  audit.setUTCFullYear(audit.getUTCFullYear() - policy.auditYears);
  return {
    rsvpEndedBefore: new Date(now.getTime() - policy.rsvpDays * 86_400_000).toISOString(),
    auditBefore: audit.toISOString(),
  };
}

/** The evenings whose answers are due: ended before the cutoff (an unreadable end never is). */
export function eveningsDue(
  evenings: readonly { readonly id: string; readonly end: string }[],
  cutoffs: RetentionCutoffs,
): string[] {
  const before = Date.parse(cutoffs.rsvpEndedBefore);
  return evenings
    .filter((e) => {
      const end = Date.parse(e.end);
      return Number.isFinite(end) && end < before;
    })
    .map((e) => e.id);
}

/** A row the store handed out; opaque here. */
export interface RetentionRow {
  readonly ref: string;
}

export interface RetentionStore {
  lastRun(): Promise<string | undefined>;
  saveLastRun(at: string): Promise<void>;
  /** Evenings that start before `before` (their ends are checked here). */
  evenings(before: string): Promise<{ readonly id: string; readonly end: string }[]>;
  /** Answers of an evening that still hold a person. */
  answersWithPerson(eveningId: string): Promise<RetentionRow[]>;
  /** Takes the person out of one answer, keeping the answer. */
  clearAnswer(row: RetentionRow): Promise<void>;
  /** Audit entries made before `before`. */
  auditBefore(before: string): Promise<RetentionRow[]>;
  removeAudit(row: RetentionRow): Promise<void>;
}

export interface RetentionResult {
  readonly evenings: number;
  readonly answersCleared: number;
  readonly auditRemoved: number;
  /** Rows that could not be changed this time (left for the next run). */
  readonly failed: number;
}

export interface RetentionDeps {
  readonly clock: { now(): Date };
  readonly store: RetentionStore;
  readonly policy: RetentionPolicy;
  readonly log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
  };
}

export class RetentionJob {
  /** Before this (epoch ms) the stored last run is not even read: a timer tick costs nothing. */
  private checkAt = 0;

  constructor(private readonly deps: RetentionDeps) {}

  /** Runs when a day has passed since the last run; undefined when it was not due. */
  async runIfDue(): Promise<RetentionResult | undefined> {
    const { clock, store, policy, log } = this.deps;
    const now = clock.now();
    if (now.getTime() < this.checkAt) return undefined;
    const lastRun = await store.lastRun();
    const cutoffs = retentionDue(now, policy, lastRun);
    if (!cutoffs) {
      this.checkAt = Date.parse(lastRun ?? '') + RETENTION_INTERVAL_MS;
      return undefined;
    }
    let failed = 0;
    let firstError: unknown;
    const each = async (
      rows: readonly RetentionRow[],
      change: (r: RetentionRow) => Promise<void>,
    ) => {
      let done = 0;
      for (const row of rows) {
        try {
          await change(row);
          done++;
        } catch (error) {
          failed++;
          firstError ??= error;
        }
      }
      return done;
    };
    const evenings = eveningsDue(await store.evenings(cutoffs.rsvpEndedBefore), cutoffs);
    let answersCleared = 0;
    for (const id of evenings) {
      try {
        answersCleared += await each(await store.answersWithPerson(id), (r) =>
          store.clearAnswer(r),
        );
      } catch (error) {
        failed++;
        firstError ??= error;
      }
    }
    const auditRemoved = await each(await store.auditBefore(cutoffs.auditBefore), (r) =>
      store.removeAudit(r),
    );
    await store.saveLastRun(now.toISOString());
    this.checkAt = now.getTime() + RETENTION_INTERVAL_MS;
    const result = { evenings: evenings.length, answersCleared, auditRemoved, failed };
    log.info(
      { ...result, rsvpDays: policy.rsvpDays, auditYears: policy.auditYears },
      'retention run',
    );
    if (failed > 0) {
      // The error's name and status only: a storage error's message can quote a key.
      const e = firstError as { name?: unknown; statusCode?: unknown } | undefined;
      log.warn(
        { failed, error: { name: e?.name, statusCode: e?.statusCode } },
        'retention left rows for the next run',
      );
    }
    return result;
  }
}
