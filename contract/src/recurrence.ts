/**
 * Recurring meetings: RFC 5545 rules evaluated in Helsinki wall-clock time, so "every second
 * Thursday 17.30" stays 17.30 on both sides of a clock change. The rule is expanded over
 * "floating" times (wall clock written as if it were UTC) and each occurrence is then placed in
 * Helsinki; that is what a calendar does with `DTSTART;TZID=Europe/Helsinki`.
 */
import { DateTime } from 'luxon';
import { RRule, Weekday, type Frequency, type Options } from 'rrule';
import {
  HELSINKI,
  LOCAL_DATE_TIME,
  monthName,
  parseLocal,
  type Locale,
  type LocalDateTime,
} from './time';

export interface MovedOccurrence {
  /** The wall-clock start the rule gives; identifies the occurrence (RECURRENCE-ID). */
  readonly original: LocalDateTime;
  readonly start: LocalDateTime;
  readonly end: LocalDateTime;
}

export interface Recurrence {
  /** The RRULE value without `RRULE:` and without DTSTART, in the canonical form of `parseRule`. */
  readonly rule: string;
  /** Wall-clock starts of occurrences that do not happen (EXDATE). */
  readonly exdates: readonly LocalDateTime[];
  readonly moved: readonly MovedOccurrence[];
}

export interface Occurrence {
  /** UTC ISO instants. */
  readonly start: string;
  readonly end: string;
  /** The occurrence's wall-clock start under the rule (before any move). */
  readonly original: LocalDateTime;
  readonly moved: boolean;
}

export type RuleProblem =
  | 'events.error.ruleSyntax'
  | 'events.error.ruleFrequency'
  | 'events.error.ruleCountAndUntil'
  | 'events.error.ruleLimit'
  | 'security.recurrence.never';

const FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
type Freq = (typeof FREQS)[number];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Day = (typeof DAYS)[number];

export interface RuleParts {
  readonly freq: Freq;
  readonly interval: number;
  /** Weekdays with an optional ordinal: `{ day: 'TH', nth: 2 }` = the second Thursday. */
  readonly byDay: readonly { readonly day: Day; readonly nth?: number }[];
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  readonly bySetPos: readonly number[];
  readonly count?: number;
  /** The last local date an occurrence may fall on, `YYYY-MM-DD`. */
  readonly until?: string;
  readonly wkst?: Day;
}

export type RuleParse =
  | { readonly ok: true; readonly parts: RuleParts; readonly canonical: string }
  | { readonly ok: false; readonly problem: RuleProblem };

/** Most occurrences one expansion returns; a year of daily meetings fits. */
export const MAX_OCCURRENCES = 400;
const MAX_COUNT = 400;

/**
 * Parses and checks an RRULE value. Only what a meeting series needs is accepted (no HOURLY or
 * finer, no BYHOUR): a rule cannot explode into thousands of rows or move a meeting's time.
 * UNTIL may be a date or a UTC time; it is kept as the Helsinki date it falls on.
 */
export function parseRule(input: string): RuleParse {
  const text = input.trim().replace(/^RRULE:/i, '');
  if (text === '' || text.length > 300) return { ok: false, problem: 'events.error.ruleSyntax' };
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const m = /^([A-Z]+)=([A-Z0-9,+-]+)$/i.exec(part.trim());
    if (!m?.[1] || !m[2]) return { ok: false, problem: 'events.error.ruleSyntax' };
    const key = m[1].toUpperCase();
    if (fields.has(key)) return { ok: false, problem: 'events.error.ruleSyntax' };
    fields.set(key, m[2].toUpperCase());
  }
  const allowed = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'COUNT'];
  allowed.push('UNTIL', 'WKST');
  for (const key of fields.keys()) {
    if (!allowed.includes(key)) return { ok: false, problem: 'events.error.ruleSyntax' };
  }
  const freq = fields.get('FREQ');
  if (!freq) return { ok: false, problem: 'events.error.ruleSyntax' };
  if (!(FREQS as readonly string[]).includes(freq)) {
    return { ok: false, problem: 'events.error.ruleFrequency' };
  }
  const ints = (key: string, min: number, max: number): number[] | undefined => {
    const value = fields.get(key);
    if (value === undefined) return [];
    const out: number[] = [];
    for (const v of value.split(',')) {
      if (!/^[+-]?\d{1,3}$/.test(v)) return undefined;
      const n = Number(v);
      if (n === 0 || n < min || n > max) return undefined;
      out.push(n);
    }
    return out;
  };
  const interval = ints('INTERVAL', 1, 99);
  const byMonthDay = ints('BYMONTHDAY', -31, 31);
  const byMonth = ints('BYMONTH', 1, 12);
  const bySetPos = ints('BYSETPOS', -53, 53);
  const countList = ints('COUNT', 1, Number.MAX_SAFE_INTEGER);
  if (!interval || !byMonthDay || !byMonth || !bySetPos || !countList) {
    return { ok: false, problem: 'events.error.ruleSyntax' };
  }
  const count = countList[0];
  if (count !== undefined && count > MAX_COUNT)
    return { ok: false, problem: 'events.error.ruleLimit' };
  const byDay: { day: Day; nth?: number }[] = [];
  for (const v of fields.get('BYDAY')?.split(',') ?? []) {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(v);
    if (!m) return { ok: false, problem: 'events.error.ruleSyntax' };
    const nth = m[1] === undefined ? undefined : Number(m[1]);
    if (nth !== undefined && (nth === 0 || Math.abs(nth) > 53)) {
      return { ok: false, problem: 'events.error.ruleSyntax' };
    }
    byDay.push(nth === undefined ? { day: m[2] as Day } : { day: m[2] as Day, nth });
  }
  // RFC 5545: a numbered weekday ("2TH") belongs to monthly and yearly rules only.
  if (byDay.some((d) => d.nth !== undefined) && freq !== 'MONTHLY' && freq !== 'YEARLY') {
    return { ok: false, problem: 'events.error.ruleSyntax' };
  }
  const wkst = fields.get('WKST');
  if (wkst !== undefined && !(DAYS as readonly string[]).includes(wkst)) {
    return { ok: false, problem: 'events.error.ruleSyntax' };
  }
  let until: string | undefined;
  const untilText = fields.get('UNTIL');
  if (untilText !== undefined) {
    until = untilDate(untilText);
    if (until === undefined) return { ok: false, problem: 'events.error.ruleSyntax' };
  }
  if (until !== undefined && count !== undefined) {
    return { ok: false, problem: 'events.error.ruleCountAndUntil' };
  }
  const parts: RuleParts = {
    freq: freq as Freq,
    interval: interval[0] ?? 1,
    byDay,
    byMonthDay,
    byMonth,
    bySetPos,
    ...(count !== undefined ? { count } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(wkst !== undefined ? { wkst: wkst as Day } : {}),
  };
  return { ok: true, parts, canonical: ruleText(parts) };
}

/** The canonical RRULE value of parts (UNTIL as a date). */
export function ruleText(p: RuleParts): string {
  const out = [`FREQ=${p.freq}`];
  if (p.interval !== 1) out.push(`INTERVAL=${p.interval}`);
  if (p.byDay.length) out.push(`BYDAY=${p.byDay.map((d) => `${d.nth ?? ''}${d.day}`).join(',')}`);
  if (p.byMonthDay.length) out.push(`BYMONTHDAY=${p.byMonthDay.join(',')}`);
  if (p.byMonth.length) out.push(`BYMONTH=${p.byMonth.join(',')}`);
  if (p.bySetPos.length) out.push(`BYSETPOS=${p.bySetPos.join(',')}`);
  if (p.count !== undefined) out.push(`COUNT=${p.count}`);
  if (p.until !== undefined) out.push(`UNTIL=${p.until.replace(/-/g, '')}`);
  if (p.wkst !== undefined) out.push(`WKST=${p.wkst}`);
  return out.join(';');
}

function untilDate(value: string): string | undefined {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (date) {
    const dt = DateTime.fromObject(
      { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) },
      { zone: HELSINKI },
    );
    return dt.isValid ? (dt.toISODate() ?? undefined) : undefined;
  }
  const utc = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!utc) return undefined;
  const dt = DateTime.fromObject(
    {
      year: Number(utc[1]),
      month: Number(utc[2]),
      day: Number(utc[3]),
      hour: Number(utc[4]),
      minute: Number(utc[5]),
      second: Number(utc[6]),
    },
    { zone: 'utc' },
  );
  return dt.isValid ? (dt.setZone(HELSINKI).toISODate() ?? undefined) : undefined;
}

const RRULE_FREQ: Record<Freq, Frequency> = {
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
  YEARLY: RRule.YEARLY,
};

/** rrule options for a series that starts at a wall-clock time; dates are floating. */
function rruleFor(parts: RuleParts, firstStart: LocalDateTime): RRule {
  const options: Partial<Options> = {
    freq: RRULE_FREQ[parts.freq],
    interval: parts.interval,
    dtstart: floating(firstStart),
  };
  if (parts.byDay.length) {
    options.byweekday = parts.byDay.map((d) => new Weekday(DAYS.indexOf(d.day), d.nth));
  }
  if (parts.byMonthDay.length) options.bymonthday = [...parts.byMonthDay];
  if (parts.byMonth.length) options.bymonth = [...parts.byMonth];
  if (parts.bySetPos.length) options.bysetpos = [...parts.bySetPos];
  if (parts.count !== undefined) options.count = parts.count;
  // UNTIL is a date: the whole of that day counts.
  if (parts.until !== undefined) options.until = floating(`${parts.until}T23:59`);
  if (parts.wkst !== undefined) options.wkst = DAYS.indexOf(parts.wkst);
  return new RRule(options);
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Periods of each frequency in 400 years, after which the Gregorian calendar repeats exactly. */
const PERIODS_IN_400_YEARS: Record<Freq, number> = {
  DAILY: 146_097,
  WEEKLY: 20_871,
  MONTHLY: 4_800,
  YEARLY: 400,
};
/** rrule gives up on a rule only at year 9999: the probe starts this close to it. */
const PROBE_LAST_YEAR = 9999;
const PROBE_MIN_YEARS = 30;

const occursCache = new Map<string, boolean>();

/**
 * True when the rule, started at `start`, falls on at least one day. A rule that never does
 * (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`) would make rrule search up to the year 9999, seconds
 * of blocked server per expansion. Months and days that never meet are found at once; any other
 * rule is probed by rrule from the same day of the calendar and of the rule's interval moved
 * whole 400-year cycles on, close to the year 9999 where rrule stops by itself.
 */
export function ruleOccurs(parts: RuleParts, start: LocalDateTime): boolean {
  const key = `${ruleText(parts)}@${start}`;
  const known = occursCache.get(key);
  if (known !== undefined) return known;
  const result = monthsMeetDays(parts) && probeOccurs(parts, start);
  if (occursCache.size > 1000) occursCache.clear();
  occursCache.set(key, result);
  return result;
}

function monthsMeetDays(parts: RuleParts): boolean {
  if (parts.byMonthDay.length === 0) return true;
  const months = parts.byMonth.length > 0 ? parts.byMonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  return months.some((m) => parts.byMonthDay.some((d) => Math.abs(d) <= (MONTH_DAYS[m - 1] ?? 0)));
}

function probeOccurs(parts: RuleParts, start: LocalDateTime): boolean {
  const m = LOCAL_DATE_TIME.exec(start);
  if (!m) return false;
  const year = Number(m[1]);
  const period = PERIODS_IN_400_YEARS[parts.freq];
  // The most whole cycles that keep the interval's phase and leave the probe at least 30 years.
  for (
    let cycles = Math.floor((PROBE_LAST_YEAR - PROBE_MIN_YEARS - year) / 400);
    cycles > 0;
    cycles--
  ) {
    if ((period * cycles) % parts.interval !== 0) continue;
    const moved = `${String(year + 400 * cycles).padStart(4, '0')}${start.slice(4)}`;
    const open: RuleParts = { ...parts, count: undefined, until: undefined };
    return rruleFor(open, moved).after(floating(moved), true) !== null;
  }
  // No cycle fits (a start near the year 9999, or an interval no cycle divides): months and
  // days were checked; the expansion itself stays bounded by the window it is asked for.
  return true;
}

/** The problem of a rule that never falls on any day, for the write-time check. */
export function ruleNeverProblem(rule: string, start: LocalDateTime): RuleProblem | undefined {
  const parsed = parseRule(rule);
  if (!parsed.ok) return parsed.problem;
  return ruleOccurs(parsed.parts, start) ? undefined : 'security.recurrence.never';
}

/** Wall clock written as a UTC Date: rrule's recommended way to compute in a named zone. */
function floating(local: LocalDateTime): Date {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) throw new RangeError(`not a wall-clock time: ${local}`);
  return new Date(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])),
  );
}

function fromFloating(date: Date): LocalDateTime {
  return date.toISOString().slice(0, 16);
}

/** Places a wall-clock time in Helsinki; a time in the spring-forward gap moves one hour on. */
function placeLocal(local: LocalDateTime): string {
  const parsed = parseLocal(local);
  if (parsed.ok) return parsed.utc;
  const d = floating(local);
  return (
    DateTime.fromObject(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
      },
      { zone: HELSINKI },
    )
      .toUTC()
      .toISO() ?? ''
  );
}

export interface SeriesStart {
  /** Wall-clock start of the first occurrence. */
  readonly start: LocalDateTime;
  /** Length of each occurrence in minutes. */
  readonly durationMinutes: number;
}

/**
 * The occurrences of a series that overlap the window [from, to) (UTC ISO), in time order:
 * exceptions left out, moved occurrences at their new time. At most MAX_OCCURRENCES.
 */
export function occurrences(
  series: SeriesStart,
  recurrence: Recurrence,
  window: { readonly from: string; readonly to: string },
): Occurrence[] {
  const parsed = parseRule(recurrence.rule);
  if (!parsed.ok) throw new RangeError(`invalid rule: ${recurrence.rule}`);
  // A rule that never occurs has no occurrences; expanding it would search to the year 9999.
  if (!ruleOccurs(parsed.parts, series.start)) return [];
  const rule = rruleFor(parsed.parts, series.start);
  const skip = new Set(recurrence.exdates);
  const moves = new Map(recurrence.moved.map((m) => [m.original, m]));
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  // Floating times differ from UTC by at most three hours; a day of margin covers every offset.
  const dayMs = 86_400_000;
  const originals = rule
    .between(new Date(from - dayMs - series.durationMinutes * 60_000), new Date(to + dayMs), true)
    .map(fromFloating);
  const candidates = new Set(originals);
  // A moved occurrence can land in the window while its original time lies outside it.
  for (const m of recurrence.moved) {
    if (isOccurrenceOf(rule, m.original)) candidates.add(m.original);
  }
  const out: Occurrence[] = [];
  for (const original of candidates) {
    if (skip.has(original)) continue;
    const move = moves.get(original);
    const start = placeLocal(move ? move.start : original);
    const end = move
      ? placeLocal(move.end)
      : new Date(Date.parse(start) + series.durationMinutes * 60_000).toISOString();
    if (Date.parse(end) <= from || Date.parse(start) >= to) continue;
    out.push({ start, end, original, moved: move !== undefined });
  }
  out.sort((a, b) => a.start.localeCompare(b.start));
  return out.slice(0, MAX_OCCURRENCES);
}

/** True when the wall-clock time is one of the rule's occurrences. */
export function isOccurrence(
  series: Pick<SeriesStart, 'start'>,
  rule: string,
  local: LocalDateTime,
): boolean {
  const parsed = parseRule(rule);
  if (!parsed.ok || !LOCAL_DATE_TIME.test(local)) return false;
  if (!ruleOccurs(parsed.parts, series.start)) return false;
  return isOccurrenceOf(rruleFor(parsed.parts, series.start), local);
}

function isOccurrenceOf(rule: RRule, local: LocalDateTime): boolean {
  const at = floating(local);
  return rule.between(at, at, true).length > 0;
}

const WEEKDAY_FI: Record<Day, string> = {
  MO: 'maanantai',
  TU: 'tiistai',
  WE: 'keskiviikko',
  TH: 'torstai',
  FR: 'perjantai',
  SA: 'lauantai',
  SU: 'sunnuntai',
};
const WEEKDAY_EN: Record<Day, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINAL_FI = ['', 'ensimmäinen', 'toinen', 'kolmas', 'neljäs', 'viides'];
const ORDINAL_EN = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const EVERY_NTH_FI = ['', 'joka', 'joka toinen', 'joka kolmas', 'joka neljäs'];
const EVERY_NTH_EN = ['', 'every', 'every second', 'every third', 'every fourth'];

/**
 * A short description in plain language: `joka toinen torstai klo 17.30` /
 * `every second Thursday at 17:30`; unusual rules get a general wording.
 */
export function describeRecurrence(rule: string, start: LocalDateTime, locale: Locale): string {
  const parsed = parseRule(rule);
  const m = LOCAL_DATE_TIME.exec(start);
  if (!parsed.ok || !m) return locale === 'fi' ? 'toistuva' : 'recurring';
  const p = parsed.parts;
  const time = locale === 'fi' ? `klo ${Number(m[4])}.${m[5]}` : `at ${m[4]}:${m[5]}`;
  const days = (names: Record<Day, string>, and: string) => {
    const list = p.byDay.map((d) => names[d.day]);
    return list.length > 1 ? `${list.slice(0, -1).join(', ')} ${and} ${list.at(-1)}` : list[0];
  };
  let core: string;
  const plain = p.byDay.every((d) => d.nth === undefined) && p.bySetPos.length === 0;
  if (p.freq === 'WEEKLY' && p.byDay.length > 0 && plain && p.interval <= 4) {
    core =
      locale === 'fi'
        ? `${EVERY_NTH_FI[p.interval]} ${days(WEEKDAY_FI, 'ja')}`
        : `${EVERY_NTH_EN[p.interval]} ${days(WEEKDAY_EN, 'and')}`;
  } else if (p.freq === 'WEEKLY' && p.byDay.length === 0 && p.interval <= 4) {
    // getUTCDay: 0 = Sunday; DAYS starts on Monday.
    const wd = DAYS[(floating(start).getUTCDay() + 6) % 7] ?? 'MO';
    core =
      locale === 'fi'
        ? `${EVERY_NTH_FI[p.interval]} ${WEEKDAY_FI[wd]}`
        : `${EVERY_NTH_EN[p.interval]} ${WEEKDAY_EN[wd]}`;
  } else if (p.freq === 'MONTHLY' && p.byDay.length === 1 && p.interval === 1) {
    const d = p.byDay[0] as { day: Day; nth?: number };
    const nth = d.nth ?? p.bySetPos[0];
    if (nth !== undefined && nth >= 1 && nth <= 5) {
      core =
        locale === 'fi'
          ? `kuukauden ${ORDINAL_FI[nth]} ${WEEKDAY_FI[d.day]}`
          : `the ${ORDINAL_EN[nth]} ${WEEKDAY_EN[d.day]} of every month`;
    } else if (nth === -1) {
      core =
        locale === 'fi'
          ? `kuukauden viimeinen ${WEEKDAY_FI[d.day]}`
          : `the last ${WEEKDAY_EN[d.day]} of every month`;
    } else {
      core = locale === 'fi' ? 'kuukausittain' : 'monthly';
    }
  } else if (p.freq === 'MONTHLY' && p.byMonthDay.length === 1 && p.interval === 1) {
    const day = p.byMonthDay[0] ?? 1;
    core = locale === 'fi' ? `kuukauden ${day}. päivä` : `on day ${day} of every month`;
  } else if (p.freq === 'DAILY' && p.interval === 1) {
    core = locale === 'fi' ? 'joka päivä' : 'every day';
  } else {
    const unit = {
      DAILY: ['päivän', 'days'],
      WEEKLY: ['viikon', 'weeks'],
      MONTHLY: ['kuukauden', 'months'],
      YEARLY: ['vuoden', 'years'],
    }[p.freq];
    core =
      p.interval === 1
        ? locale === 'fi'
          ? {
              DAILY: 'päivittäin',
              WEEKLY: 'viikoittain',
              MONTHLY: 'kuukausittain',
              YEARLY: 'vuosittain',
            }[p.freq]
          : { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', YEARLY: 'yearly' }[p.freq]
        : locale === 'fi'
          ? `${p.interval} ${unit[0]} välein`
          : `every ${p.interval} ${unit[1]}`;
  }
  let tail = '';
  if (p.until !== undefined) {
    const [y, mo, d] = p.until.split('-').map(Number) as [number, number, number];
    tail =
      locale === 'fi'
        ? `, ${d}.${mo}.${y} asti`
        : `, until ${d} ${monthName(mo, 'en', 'short')} ${y}`;
  } else if (p.count !== undefined) {
    tail = locale === 'fi' ? `, ${p.count} kertaa` : `, ${p.count} times`;
  }
  return `${core} ${time}${tail}`;
}

/** Far future, for series without COUNT or UNTIL: a range filter then always includes them. */
export const OPEN_END = '9999-12-31T00:00:00.000Z';

/**
 * The end of a series' last occurrence (UTC ISO), or OPEN_END when the rule never ends. Stored
 * beside the series so a query by time range finds it without expanding every rule.
 */
export function seriesEnd(series: SeriesStart, recurrence: Recurrence): string {
  const parsed = parseRule(recurrence.rule);
  if (!parsed.ok) throw new RangeError(`invalid rule: ${recurrence.rule}`);
  const { count, until } = parsed.parts;
  if (count === undefined && until === undefined) return OPEN_END;
  if (!ruleOccurs(parsed.parts, series.start)) return placeLocal(series.start);
  const from = placeLocal(series.start);
  const duration = series.durationMinutes * 60_000;
  let last: string;
  if (until !== undefined) {
    // A bound, not the exact last meeting: range queries may over-include; expansion is exact.
    last = new Date(Date.parse(placeLocal(`${until}T23:59`)) + duration).toISOString();
  } else {
    const window = { from, to: new Date(Date.parse(from) + 20 * 366 * 86_400_000).toISOString() };
    last = new Date(Date.parse(from) + duration).toISOString();
    for (const o of occurrences(series, recurrence, window)) if (o.end > last) last = o.end;
  }
  for (const m of recurrence.moved) {
    const end = placeLocal(m.end);
    if (end > last) last = end;
  }
  return last;
}
