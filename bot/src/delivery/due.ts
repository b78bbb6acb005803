/**
 * What is due: a pure function of the clock, the rules, the schedule and the last tick.
 *
 * Every post has a fire time in Helsinki wall-clock time ("the day before at 9.00"), placed in
 * UTC with the zone's rules of that day, so it stays 9.00 across DST changes. A tick returns every
 * post whose fire time lies in (lastTick, now]: after a restart the missed ticks catch up, and a
 * post that became due longer ago than the stale window comes back as `skipped`, not sent late.
 * Computing the same window twice returns the same items with the same keys; the outbox makes
 * that harmless.
 */
import { DateTime } from 'luxon';
import { HELSINKI } from '@yhdistysyhteistyo/contract/time';
import type {
  DeliveryRules,
  DueItem,
  LeadTime,
  PostPayload,
  ScheduleSnapshot,
  ScheduledSurvey,
  Target,
} from './ports';

const DAY_MS = 86_400_000;

/** `HH:mm` → hour and minute; throws on anything else (rules are validated config). */
function clock(at: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new RangeError(`not a time of day: ${at}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function helsinki(iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(HELSINKI);
  if (!dt.isValid) throw new RangeError(`not an ISO instant: ${iso}`);
  return dt;
}

function utcIso(dt: DateTime): string {
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new RangeError('invalid time');
  return iso;
}

/** The instant of a Helsinki wall-clock time on a Helsinki date. */
function at(date: DateTime, time: string): DateTime {
  const { hour, minute } = clock(time);
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone: HELSINKI },
  );
}

/** Easter Sunday (Gregorian, anonymous algorithm) as month and day. */
function easter(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** Finnish public holidays that fall on weekdays and can be a month's first weekday. */
export function isFinnishHoliday(date: DateTime): boolean {
  const md = `${date.month}-${date.day}`;
  if (['1-1', '1-6', '5-1', '12-6', '12-24', '12-25', '12-26'].includes(md)) return true;
  const e = easter(date.year);
  const sunday = DateTime.fromObject(
    { year: date.year, month: e.month, day: e.day },
    { zone: HELSINKI },
  );
  const offset = Math.round(date.startOf('day').diff(sunday.startOf('day'), 'days').days);
  // Good Friday, Easter Monday, Ascension Day.
  if (offset === -2 || offset === 1 || offset === 39) return true;
  // Midsummer Eve: the Friday between 19 and 25 June.
  return date.month === 6 && date.weekday === 5 && date.day >= 19 && date.day <= 25;
}

/** The first working day (Monday–Friday, not a public holiday) of a Helsinki month. */
export function firstWeekday(year: number, month: number): DateTime {
  let d = DateTime.fromObject({ year, month, day: 1 }, { zone: HELSINKI });
  while (d.weekday > 5 || isFinnishHoliday(d)) d = d.plus({ days: 1 });
  return d;
}

/** The time window (UTC ISO) whose due items one tick computes: (from, to]. */
export function dueWindow(
  now: Date,
  rules: Pick<DeliveryRules, 'staleMs' | 'maxCatchUpMs'>,
  lastTick: Date | undefined,
): { from: Date; to: Date } {
  const floor = now.getTime() - rules.maxCatchUpMs;
  // Without a previous tick (a first start) only what is still fresh is looked at.
  const last = lastTick?.getTime() ?? now.getTime() - rules.staleMs;
  return { from: new Date(Math.min(now.getTime(), Math.max(floor, last))), to: now };
}

/**
 * The window of event starts a tick needs from the schedule: any event whose reminders can fall
 * in the due window, i.e. starting up to the longest lead time (the rules' own, or the look-ahead
 * that covers a group's or a meeting's own lead times; plus a day for the time of day) after it.
 */
export function scheduleWindow(
  now: Date,
  rules: DeliveryRules,
  lastTick: Date | undefined,
): { from: string; to: string } {
  const { from } = dueWindow(now, rules, lastTick);
  const longest = Math.max(
    0,
    rules.lookAheadDays,
    ...rules.meetingLeadTimes.map((l) => l.daysBefore),
    ...rules.eveningLeadTimes.map((l) => l.daysBefore),
  );
  return {
    from: from.toISOString(),
    to: new Date(now.getTime() + (longest + 2) * DAY_MS).toISOString(),
  };
}

function leadLabel(lead: LeadTime): string {
  return `-${lead.daysBefore}d${lead.at}`;
}

/** Survey posts go out at this Helsinki time. */
export const SURVEY_POST_AT = '09:00';
/** The reminder goes this many days before the last day of answering. */
export const SURVEY_REMINDER_DAYS_BEFORE_LAST = 2;

/**
 * When an opened survey's posts go: the opening card at 9.00 on its first day, or at once when
 * it was opened later (then the channel already got the card from the opening itself, so the
 * outbox sends it to personal chats only); the reminder at 9.00 two days before its last day,
 * if that is after the opening.
 */
export function surveyPlan(s: Pick<ScheduledSurvey, 'opensAt' | 'closesAt' | 'openedAt'>): {
  open: DateTime;
  channel: boolean;
  remind?: DateTime;
} {
  const firstDay = at(helsinki(s.opensAt).startOf('day'), SURVEY_POST_AT);
  const opened = helsinki(s.openedAt).startOf('minute').plus({ minutes: 1 });
  const channel = opened.toMillis() <= firstDay.toMillis();
  const open = channel ? firstDay : opened;
  const lastDay = helsinki(s.closesAt).minus({ hours: 12 }).startOf('day');
  const remind = at(lastDay.minus({ days: SURVEY_REMINDER_DAYS_BEFORE_LAST }), SURVEY_POST_AT);
  return {
    open,
    channel,
    ...(remind.toMillis() > open.toMillis() && remind.toMillis() < Date.parse(s.closesAt)
      ? { remind }
      : {}),
  };
}

/** Fire time of a lead time before an event start; undefined when it would not be before it. */
function fireTime(start: string, lead: LeadTime): DateTime | undefined {
  const day = helsinki(start).startOf('day').minus({ days: lead.daysBefore });
  const fire = at(day, lead.at);
  return fire.toMillis() < Date.parse(start) ? fire : undefined;
}

/**
 * Every post due in (lastTick, now] (see `dueWindow`), oldest first. Items older than
 * `rules.staleMs` at `now` come back `skipped` with reason `stale`.
 */
export function computeDue(
  now: Date,
  rules: DeliveryRules,
  schedule: ScheduleSnapshot,
  lastTick: Date | undefined,
): DueItem[] {
  const { from, to } = dueWindow(now, rules, lastTick);
  const lo = from.getTime();
  const hi = to.getTime();
  const staleBefore = now.getTime() - rules.staleMs;
  const out: DueItem[] = [];

  const push = (
    fire: DateTime,
    postId: string,
    occurrence: string,
    targets: readonly Target[],
    payload: PostPayload,
  ) => {
    const ms = fire.toMillis();
    if (!(ms > lo && ms <= hi)) return;
    const stale = ms < staleBefore;
    for (const target of targets) {
      out.push({
        postId,
        occurrence,
        target,
        kind: payload.kind,
        dueAt: utcIso(fire),
        state: stale ? 'skipped' : 'due',
        ...(stale ? { reason: 'stale' as const } : {}),
        payload,
      });
    }
  };

  for (const m of schedule.meetings) {
    // A moved occurrence keeps its id but gets new reminders: its new start is in the key.
    const startLocal = helsinki(m.start).toFormat("yyyy-MM-dd'T'HH:mm");
    const occurrence =
      m.occurrenceId === startLocal ? m.occurrenceId : `${m.occurrenceId}>${startLocal}`;
    for (const lead of m.leadTimes ?? rules.meetingLeadTimes) {
      const fire = fireTime(m.start, lead);
      if (!fire) continue;
      push(
        fire,
        `meeting:${m.meetingId}`,
        `${occurrence}${leadLabel(lead)}`,
        [m.channelId ? { kind: 'channel', channelId: m.channelId } : { kind: 'channel' }],
        {
          kind: 'meetingReminder',
          meetingId: m.meetingId,
          occurrenceId: m.occurrenceId,
          start: m.start,
          groupId: m.groupId,
          daysBefore: lead.daysBefore,
        },
      );
    }
  }

  for (const e of schedule.evenings) {
    const people = [
      ...new Set(
        e.answers
          .filter(
            (a) =>
              (a.answer === 'yes' || a.answer === 'maybe') &&
              schedule.personalChats.has(a.personId),
          )
          .map((a) => a.personId),
      ),
    ].sort();
    const targets: Target[] = [
      { kind: 'channel' },
      ...people.map((personId) => ({ kind: 'personal' as const, personId })),
    ];
    const startLocal = helsinki(e.start).toFormat("yyyy-MM-dd'T'HH:mm");
    for (const lead of e.leadTimes ?? rules.eveningLeadTimes) {
      const fire = fireTime(e.start, lead);
      if (!fire) continue;
      push(fire, `evening:${e.eveningId}`, `${startLocal}${leadLabel(lead)}`, targets, {
        kind: 'eveningReminder',
        eveningId: e.eveningId,
        start: e.start,
        daysBefore: lead.daysBefore,
      });
    }
  }

  for (const s of schedule.surveys ?? []) {
    const plan = surveyPlan(s);
    // Personal posts follow the audience: only those of it who have the app.
    const people = [...schedule.personalChats].filter((p) => s.audience.has(p)).sort();
    const opening: Target[] = [
      ...(plan.channel ? [{ kind: 'channel' as const }] : []),
      ...people.map((personId) => ({ kind: 'personal' as const, personId })),
    ];
    push(plan.open, `survey:${s.surveyId}`, 'open', opening, {
      kind: 'surveyOpen',
      surveyId: s.surveyId,
    });
    if (plan.remind) {
      const unanswered = people.filter((p) => !s.answered.has(p));
      push(
        plan.remind,
        `survey:${s.surveyId}`,
        'reminder',
        unanswered.map((personId) => ({ kind: 'personal' as const, personId })),
        { kind: 'surveyReminder', surveyId: s.surveyId },
      );
    }
  }

  // Monthly and annual posts: walk the Helsinki months the window touches.
  const first = helsinki(from.toISOString()).startOf('month');
  const last = helsinki(to.toISOString()).startOf('month');
  for (let month = first; month <= last; month = month.plus({ months: 1 })) {
    const day = firstWeekday(month.year, month.month);
    if (rules.monthlyAt !== undefined) {
      const key = month.toFormat('yyyy-MM');
      push(at(day, rules.monthlyAt), 'monthly', key, [{ kind: 'channel' }], {
        kind: 'monthly',
        month: key,
      });
    }
    if (rules.annualAt !== undefined && month.month === 1) {
      push(at(day, rules.annualAt), 'annual', String(month.year), [{ kind: 'channel' }], {
        kind: 'annual',
        year: month.year,
      });
    }
  }

  out.sort(
    (a, b) =>
      a.dueAt.localeCompare(b.dueAt) ||
      a.postId.localeCompare(b.postId) ||
      a.occurrence.localeCompare(b.occurrence),
  );
  return out;
}
