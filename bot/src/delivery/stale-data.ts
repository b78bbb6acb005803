/**
 * Fresh contact data (indicator 5 of the report): once a year every contact person gets a
 * personal card listing their units' associations whose data was last checked more than 12 months
 * ago, with a "still correct" button and a link to edit.
 *
 * `staleDataReminders` is the pure decision (who, with which associations, for which period) on
 * an injected clock; `StaleDataJob` runs it with the lease holder's chores and writes the outbox
 * rows. A per-person-per-period marker is claimed before the row is written, and the row's key
 * comes from the marker, so a rerun (or a second instance) never sends a reminder twice.
 */
import { isFresh } from '@yhdistysyhteistyo/contract/freshness';
import { helsinkiParts } from '@yhdistysyhteistyo/contract/time';
import type { Clock, NewOutboxRow, OutboxStore, StaleDataMarkers } from './ports';

export type { StaleDataMarkers } from './ports';

/** Reminders go on weekdays from this Helsinki hour on, never at night. */
export const STALE_DATA_FROM_HOUR = 9;
export const STALE_DATA_UNTIL_HOUR = 16;

export interface StaleDataPerson {
  /** Entra object id: the personal chat the card goes to. */
  readonly personId: string;
  readonly units: readonly string[];
}

export interface StaleDataAssociation {
  readonly id: string;
  readonly units: readonly string[];
  /** When its data was last checked (saved). */
  readonly updatedAt: string;
  readonly status?: string;
}

export interface StaleDataReminder {
  readonly personId: string;
  /** The Helsinki year: one reminder a person a year. */
  readonly period: string;
  readonly units: readonly string[];
  readonly associationIds: readonly string[];
}

/** The period a reminder at `now` belongs to: the Helsinki year. */
export function staleDataPeriod(now: Date): string {
  return String(helsinkiParts(now.toISOString()).year);
}

/** Whether reminders may go at `now`: a weekday, within working hours in Helsinki. */
export function staleDataWindow(now: Date): boolean {
  const p = helsinkiParts(now.toISOString());
  return p.weekday <= 5 && p.hour >= STALE_DATA_FROM_HOUR && p.hour < STALE_DATA_UNTIL_HOUR;
}

/**
 * Who gets a stale-data reminder now, and with which associations: each contact person with a
 * personal chat, not yet reminded in this period, whose units have active associations not checked
 * for 12 months (oldest first). Nobody with nothing stale gets one.
 */
export function staleDataReminders(input: {
  readonly now: Date;
  readonly people: readonly StaleDataPerson[];
  readonly associations: readonly StaleDataAssociation[];
  /** People already reminded in the period. */
  readonly reminded: ReadonlySet<string>;
}): StaleDataReminder[] {
  const { now } = input;
  if (!staleDataWindow(now)) return [];
  const period = staleDataPeriod(now);
  const stale = input.associations
    .filter((a) => a.status !== 'inactive' && !isFresh(a.updatedAt, now))
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
  const out: StaleDataReminder[] = [];
  for (const person of input.people) {
    if (input.reminded.has(person.personId) || person.units.length === 0) continue;
    const units = new Set(person.units);
    const mine = stale.filter((a) => a.units.some((u) => units.has(u))).map((a) => a.id);
    if (mine.length === 0) continue;
    out.push({ personId: person.personId, period, units: [...units], associationIds: mine });
  }
  return out;
}

/** The outbox row of a reminder, due when its marker was claimed (so its key never changes). */
export function staleDataRow(reminder: StaleDataReminder, dueAt: string): NewOutboxRow {
  return {
    postId: `staleData:${reminder.period}`,
    occurrence: reminder.period,
    target: { kind: 'personal', personId: reminder.personId },
    kind: 'staleData',
    dueAt,
    state: 'waiting',
    payload: { kind: 'staleData', period: reminder.period, units: reminder.units },
  };
}

export interface StaleDataLog {
  info(obj: object, msg: string): void;
}

/** Looks at most this often (the lease holder's chores run after every tick). */
const CHECK_EVERY_MS = 60 * 60_000;

export class StaleDataJob {
  private checkAt = 0;

  constructor(
    private readonly deps: {
      readonly clock: Pick<Clock, 'now'>;
      readonly people: () => Promise<readonly StaleDataPerson[]>;
      readonly associations: () => Promise<readonly StaleDataAssociation[]>;
      readonly markers: StaleDataMarkers;
      readonly outbox: Pick<OutboxStore, 'insert'>;
      readonly log: StaleDataLog;
    },
  ) {}

  /** Writes the reminders due now; returns how many were written. */
  async runIfDue(): Promise<number> {
    const now = this.deps.clock.now();
    if (now.getTime() < this.checkAt || !staleDataWindow(now)) return 0;
    const period = staleDataPeriod(now);
    const [people, associations, reminded] = await Promise.all([
      this.deps.people(),
      this.deps.associations(),
      this.deps.markers.reminded(period),
    ]);
    const due = staleDataReminders({ now, people, associations, reminded });
    for (const reminder of due) {
      // The marker first: a crash after it finds the same row key on the next run.
      const at = await this.deps.markers.claim(period, reminder.personId, now.toISOString());
      await this.deps.outbox.insert([staleDataRow(reminder, at)]);
      await this.deps.markers.done(period, reminder.personId);
    }
    if (due.length > 0) this.deps.log.info({ period, people: due.length }, 'stale-data reminders');
    this.checkAt = now.getTime() + CHECK_EVERY_MS;
    return due.length;
  }
}
