/**
 * Helsinki time for the whole app. Instants are stored as UTC ISO strings; people read and type
 * Helsinki wall-clock time. Pure and browser-safe: the tab uses the same formatting.
 */
import { DateTime } from 'luxon';

/** All times are shown and scheduled in Helsinki; instants are stored as UTC ISO strings. */
export const HELSINKI = 'Europe/Helsinki';

export type Locale = 'fi' | 'en';

/** A Helsinki wall-clock time as typed in a form: `YYYY-MM-DDTHH:mm`. */
export type LocalDateTime = string;
/** A Helsinki calendar date: `YYYY-MM-DD`. */
export type LocalDate = string;

export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
export const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a wall-clock time was refused; the values are message keys of the events area. */
export type TimeProblem = 'events.error.timeFormat' | 'events.error.timeNotExist';

export type LocalParse =
  | {
      readonly ok: true;
      /** The instant as a UTC ISO string. */
      readonly utc: string;
      /** True in the autumn hour that happens twice; the first (summer time) one is taken. */
      readonly ambiguous: boolean;
    }
  | { readonly ok: false; readonly problem: TimeProblem };

/**
 * A Helsinki wall-clock time → the UTC instant. Refuses times that do not exist
 * (the spring-forward hour, e.g. 29.3.2026 03.30) instead of silently moving them.
 */
export function parseLocal(local: string): LocalParse {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return { ok: false, problem: 'events.error.timeFormat' };
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return { ok: false, problem: 'events.error.timeFormat' };
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone: HELSINKI });
  if (!dt.isValid) return { ok: false, problem: 'events.error.timeFormat' };
  // Luxon moves a non-existent time forward; a changed wall clock means it did not exist.
  if (dt.year !== year || dt.month !== month || dt.day !== day || dt.hour !== hour) {
    return { ok: false, problem: 'events.error.timeNotExist' };
  }
  // In the autumn hour that happens twice, the same wall clock is one hour away on either side.
  const sameWallClock = (ms: number) => {
    const o = DateTime.fromMillis(ms, { zone: HELSINKI });
    return o.day === day && o.hour === hour && o.minute === minute;
  };
  const earlier = dt.toMillis() - 3_600_000;
  const later = dt.toMillis() + 3_600_000;
  const first = sameWallClock(earlier) ? DateTime.fromMillis(earlier, { zone: HELSINKI }) : dt;
  return { ok: true, utc: toIso(first), ambiguous: first !== dt || sameWallClock(later) };
}

/** A Helsinki wall-clock time → UTC ISO; throws on a time that does not exist (use parseLocal for input). */
export function localToUtc(local: LocalDateTime): string {
  const parsed = parseLocal(local);
  if (!parsed.ok) throw new RangeError(`not a Helsinki wall-clock time: ${local}`);
  return parsed.utc;
}

/** True for a string that is a valid, existing Helsinki wall-clock time. */
export function isLocalDateTime(value: string): boolean {
  return parseLocal(value).ok;
}

export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const dt = DateTime.fromObject(
    { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
    { zone: HELSINKI },
  );
  return dt.isValid && dt.toISODate() === value;
}

/** A UTC ISO string (or any ISO instant) → Helsinki wall clock `YYYY-MM-DDTHH:mm`. */
export function utcToLocal(iso: string): LocalDateTime {
  return helsinki(iso).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The Helsinki calendar date of an instant. */
export function localDateOf(iso: string): LocalDate {
  return helsinki(iso).toFormat('yyyy-MM-dd');
}

/** The instant of 00.00 Helsinki time on a date. */
export function startOfLocalDay(date: LocalDate): string {
  return localToUtc(`${date}T00:00`);
}

/** The UTC instants that bound a Helsinki calendar year: [1.1. 00.00, next 1.1. 00.00). */
export function yearBounds(year: number): { readonly from: string; readonly to: string } {
  return {
    from: localToUtc(`${pad4(year)}-01-01T00:00`),
    to: localToUtc(`${pad4(year + 1)}-01-01T00:00`),
  };
}

export interface HelsinkiParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 1 = Monday … 7 = Sunday (ISO). */
  readonly weekday: number;
  /** 1…366. */
  readonly dayOfYear: number;
  /** Minutes east of UTC: 120 in winter, 180 in summer. */
  readonly offsetMinutes: number;
}

export function helsinkiParts(iso: string): HelsinkiParts {
  const dt = helsinki(iso);
  return {
    year: dt.year,
    month: dt.month,
    day: dt.day,
    hour: dt.hour,
    minute: dt.minute,
    weekday: dt.weekday,
    dayOfYear: dt.ordinal,
    offsetMinutes: dt.offset,
  };
}

/** Days in a Helsinki calendar year. */
export function daysInYear(year: number): number {
  return DateTime.fromObject({ year }, { zone: HELSINKI }).daysInYear;
}

// Weekday and month names are fixed tables, not Intl, so the output is the same on every runtime.
const WEEKDAYS: Readonly<Record<Locale, readonly string[]>> = {
  fi: ['ma', 'ti', 'ke', 'to', 'pe', 'la', 'su'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

const MONTHS_SHORT: Readonly<Record<Locale, readonly string[]>> = {
  fi: [
    'tammi',
    'helmi',
    'maalis',
    'huhti',
    'touko',
    'kesä',
    'heinä',
    'elo',
    'syys',
    'loka',
    'marras',
    'joulu',
  ],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

const MONTHS_LONG: Readonly<Record<Locale, readonly string[]>> = {
  fi: [
    'tammikuu',
    'helmikuu',
    'maaliskuu',
    'huhtikuu',
    'toukokuu',
    'kesäkuu',
    'heinäkuu',
    'elokuu',
    'syyskuu',
    'lokakuu',
    'marraskuu',
    'joulukuu',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** The name of a month (1…12): `helmikuu` / `February`, or short `helmi` / `Feb`. */
export function monthName(month: number, locale: Locale, form: 'long' | 'short' = 'long'): string {
  const names = (form === 'long' ? MONTHS_LONG : MONTHS_SHORT)[locale];
  const name = names[month - 1];
  if (name === undefined) throw new RangeError(`month ${month}`);
  return name;
}

/** `ma` / `Mon` for ISO weekday 1…7. */
export function weekdayName(weekday: number, locale: Locale): string {
  const name = WEEKDAYS[locale][weekday - 1];
  if (name === undefined) throw new RangeError(`weekday ${weekday}`);
  return name;
}

/** `22.2.2027` / `22 Feb 2027`. */
export function formatDate(iso: string, locale: Locale): string {
  const p = helsinkiParts(iso);
  return dateText(p, locale);
}

/** `17.30` (Finnish style, no leading zero: `9.00`) / `17:30`. */
export function formatTime(iso: string, locale: Locale): string {
  return timeText(helsinkiParts(iso), locale);
}

/** `ma 22.2.2027` / `Mon 22 Feb 2027`. */
export function formatDateWithWeekday(iso: string, locale: Locale): string {
  const p = helsinkiParts(iso);
  return `${weekdayName(p.weekday, locale)} ${dateText(p, locale)}`;
}

/** `ma 22.2.2027 klo 17.30` / `Mon 22 Feb 2027 at 17:30`. */
export function formatDateTime(iso: string, locale: Locale): string {
  const p = helsinkiParts(iso);
  const joiner = locale === 'fi' ? 'klo' : 'at';
  return `${weekdayName(p.weekday, locale)} ${dateText(p, locale)} ${joiner} ${timeText(p, locale)}`;
}

/**
 * A start–end span: `ma 22.2.2027 klo 17.30–20.00` / `Mon 22 Feb 2027, 17:30–20:00`; across days
 * both ends are written out in full.
 */
export function formatTimeRange(startIso: string, endIso: string, locale: Locale): string {
  const s = helsinkiParts(startIso);
  const e = helsinkiParts(endIso);
  if (s.year === e.year && s.month === e.month && s.day === e.day) {
    const day = `${weekdayName(s.weekday, locale)} ${dateText(s, locale)}`;
    return locale === 'fi'
      ? `${day} klo ${timeText(s, locale)}–${timeText(e, locale)}`
      : `${day}, ${timeText(s, locale)}–${timeText(e, locale)}`;
  }
  return `${formatDateTime(startIso, locale)} – ${formatDateTime(endIso, locale)}`;
}

/** A span of whole days: `1.5.–31.5.2027` / `1 May – 31 May 2027`; one day prints once. */
export function formatDateRange(startIso: string, endIso: string, locale: Locale): string {
  const s = helsinkiParts(startIso);
  const e = helsinkiParts(endIso);
  if (s.year === e.year && s.month === e.month && s.day === e.day) return dateText(s, locale);
  if (s.year === e.year) {
    return locale === 'fi'
      ? `${s.day}.${s.month}.–${dateText(e, locale)}`
      : `${s.day} ${monthName(s.month, 'en', 'short')} – ${dateText(e, locale)}`;
  }
  return `${dateText(s, locale)} – ${dateText(e, locale)}`;
}

/** True when the instant is before `now`. */
export function isPast(iso: string, now: Date): boolean {
  return Date.parse(iso) < now.getTime();
}

/** Minutes between two instants. */
export function minutesBetween(startIso: string, endIso: string): number {
  return Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000);
}

function dateText(p: HelsinkiParts, locale: Locale): string {
  return locale === 'fi'
    ? `${p.day}.${p.month}.${p.year}`
    : `${p.day} ${monthName(p.month, 'en', 'short')} ${p.year}`;
}

function timeText(p: Pick<HelsinkiParts, 'hour' | 'minute'>, locale: Locale): string {
  const mm = String(p.minute).padStart(2, '0');
  return locale === 'fi' ? `${p.hour}.${mm}` : `${String(p.hour).padStart(2, '0')}:${mm}`;
}

function helsinki(iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { setZone: true }).setZone(HELSINKI);
  if (!dt.isValid) throw new RangeError(`not an ISO instant: ${iso}`);
  return dt;
}

function toIso(dt: DateTime): string {
  const iso = dt.toUTC().toISO({ suppressMilliseconds: false });
  if (iso === null) throw new RangeError('invalid time');
  return iso;
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}
