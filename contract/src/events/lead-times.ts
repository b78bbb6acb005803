/**
 * Lead times: when reminders of a meeting go, "N days before at HH:mm" Helsinki time. A working
 * group may set its own for its meetings, and a meeting its own; without either the delivery
 * defaults apply (7 days and 1 day before at 9.00).
 */
import { z } from 'zod';
import type { MessageKey } from '../i18n';
import { issueKey } from '../field-messages';
import type { Locale } from '../time';

/** "N days before at HH:mm Helsinki time"; 0 days = on the day. */
export interface LeadTime {
  readonly daysBefore: number;
  /** Helsinki wall clock, `HH:mm`. */
  readonly at: string;
}

/** The longest lead time one can set, and how far ahead delivery reads the schedule. */
export const MAX_LEAD_DAYS = 60;
export const MAX_LEAD_TIMES = 6;

/** The reminders of a meeting when neither it nor its group sets its own. */
export const DEFAULT_MEETING_LEAD_TIMES: readonly LeadTime[] = Object.freeze([
  { daysBefore: 7, at: '09:00' },
  { daysBefore: 1, at: '09:00' },
]);

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

const leadTimeInput = z.object(
  {
    daysBefore: z
      .number({ error: 'leadTimes.error.days' })
      .int('leadTimes.error.days')
      .min(0, 'leadTimes.error.days')
      .max(MAX_LEAD_DAYS, 'leadTimes.error.days'),
    at: z
      .string({ error: 'leadTimes.error.time' })
      .trim()
      .regex(TIME_OF_DAY, 'leadTimes.error.time'),
  },
  { error: 'leadTimes.error.invalid' },
);

/** Lead times as a person sets them: at most six, no two the same, latest reminder last. */
export const leadTimesInput = z
  .array(leadTimeInput, { error: 'leadTimes.error.invalid' })
  .max(MAX_LEAD_TIMES, 'leadTimes.error.tooMany')
  .refine(
    (list) => new Set(list.map((l) => `${l.daysBefore}@${l.at}`)).size === list.length,
    'leadTimes.error.duplicate',
  )
  .transform((list): LeadTime[] => sortLeadTimes(list));

/** The stored column: the same shape, checked again on read. */
export const leadTimesColumn = z.array(
  z.object({
    daysBefore: z.number().int().min(0).max(MAX_LEAD_DAYS),
    at: z.string().regex(TIME_OF_DAY),
  }),
);

/** Earliest reminder first: most days before, then the earlier time of day. */
export function sortLeadTimes(list: readonly LeadTime[]): LeadTime[] {
  return [...list].sort((a, b) => b.daysBefore - a.daysBefore || a.at.localeCompare(b.at));
}

/** "14 d 9.00, 1 d 9.00" as a person types it, and back. */
export function formatLeadTimes(list: readonly LeadTime[]): string {
  return list.map((l) => `${l.daysBefore} ${l.at}`).join(', ');
}

/**
 * Reads lead times typed as "14 9:00, 1 9:00" (days before, then the time; the time may be left
 * out for 9.00). Returns the parsed list or the message key of the first problem.
 */
export function parseLeadTimes(
  text: string,
): { ok: true; value: LeadTime[] } | { ok: false; problem: MessageKey } {
  const parts = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const raw: { daysBefore: number; at: string }[] = [];
  for (const part of parts) {
    const m =
      /^(\d{1,3})\s*(?:d|pv|päivää|days?)?\s*(?:(?:klo|at)\s*)?(?:(\d{1,2})[:.](\d{2}))?$/i.exec(
        part,
      );
    if (!m) return { ok: false, problem: 'leadTimes.error.format' };
    const hour = m[2] ?? '9';
    raw.push({ daysBefore: Number(m[1]), at: `${hour.padStart(2, '0')}:${m[3] ?? '00'}` });
  }
  const parsed = leadTimesInput.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, problem: first ? issueKey(first) : 'leadTimes.error.invalid' };
  }
  return { ok: true, value: parsed.data };
}

/** "14 days before at 9.00, 1 day before at 9.00" in the reader's language. */
export function describeLeadTimes(list: readonly LeadTime[], locale: Locale): string {
  return list
    .map((l) => {
      const time = l.at.replace(/^0/, '').replace(':', '.');
      if (locale === 'en') {
        if (l.daysBefore === 0) return `on the day at ${time}`;
        return `${l.daysBefore} ${l.daysBefore === 1 ? 'day' : 'days'} before at ${time}`;
      }
      if (l.daysBefore === 0) return `samana päivänä klo ${time}`;
      return `${l.daysBefore} ${l.daysBefore === 1 ? 'päivä' : 'päivää'} ennen klo ${time}`;
    })
    .join(', ');
}
