/**
 * iCalendar files: one event ("add to calendar") and the year's feed that Outlook subscribes to.
 * Times carry `TZID=Europe/Helsinki` with a VTIMEZONE, so a 17.30 evening stays 17.30 in any
 * calendar, and a recurring meeting follows Helsinki's clock changes. No personal data: no
 * organizer, attendees, answers or the names of who created what.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import {
  localized,
  categoryOf,
  type CalendarEvent,
} from '@yhdistysyhteistyo/contract/events/model';
import { occurrences, parseRule } from '@yhdistysyhteistyo/contract/recurrence';
import {
  HELSINKI,
  minutesBetween,
  utcToLocal,
  yearBounds,
  type Locale,
} from '@yhdistysyhteistyo/contract/time';

/**
 * Europe/Helsinki as RFC 5545 rules: EU summer time from the last Sunday of March 03.00 to the
 * last Sunday of October 04.00 local time (both 01.00 UTC).
 */
export const HELSINKI_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Helsinki',
  'X-LIC-LOCATION:Europe/Helsinki',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'TZNAME:EEST',
  'DTSTART:19700329T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'TZNAME:EET',
  'DTSTART:19701025T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export interface IcsOptions {
  readonly locale: Locale;
  /** Right-hand side of every UID, e.g. the app's host name; keeps UIDs stable and global. */
  readonly uidDomain: string;
  /** Link back to the event in the app, if any. */
  readonly eventUrl?: (event: CalendarEvent) => string | undefined;
}

/** One event as an .ics file (METHOD:PUBLISH). */
export function eventIcs(event: CalendarEvent, options: IcsOptions): string {
  const cal = calendar(options);
  addEvent(cal, event, options, { includeHost: true });
  return cal.toString();
}

/**
 * The year's feed: every published or cancelled evening, meeting series and item that touches
 * the Helsinki year; cancelled ones stay with STATUS:CANCELLED so subscribed calendars drop them.
 */
export function yearFeedIcs(
  year: number,
  events: readonly CalendarEvent[],
  options: IcsOptions,
): string {
  const cal = calendar(options);
  cal.name(t(options.locale, 'events.ics.calendarName', { year }));
  // Outlook and Google poll subscribed calendars; ask for hourly.
  cal.ttl(3600);
  const bounds = yearBounds(year);
  for (const event of events) {
    if (event.state === 'draft') continue;
    if (!touchesYear(event, bounds)) continue;
    addEvent(cal, event, options, { includeHost: false });
  }
  return cal.toString();
}

function calendar(options: IcsOptions): ICalCalendar {
  return ical({
    prodId: {
      company: options.uidDomain,
      product: 'yhdistysyhteistyo',
      language: options.locale.toUpperCase(),
    },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone: DTSTAMP and friends stay UTC, event times carry TZID, and the
    // generator adds the VTIMEZONE for every zone the events use.
    timezone: { name: null, generator: (tz) => (tz === HELSINKI ? HELSINKI_VTIMEZONE : null) },
    x: { 'X-WR-TIMEZONE': HELSINKI },
  });
}

function touchesYear(event: CalendarEvent, bounds: { from: string; to: string }): boolean {
  if (event.kind === 'meeting' && event.recurrence) {
    const series = {
      start: utcToLocal(event.start),
      durationMinutes: minutesBetween(event.start, event.end),
    };
    return occurrences(series, event.recurrence, bounds).length > 0;
  }
  return (
    Date.parse(event.end) > Date.parse(bounds.from) &&
    Date.parse(event.start) < Date.parse(bounds.to)
  );
}

const helsinki = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(HELSINKI);

/** Seconds since 2020: grows with every edit, as SEQUENCE must. */
function sequenceOf(event: CalendarEvent): number {
  return Math.max(0, Math.floor((Date.parse(event.updatedAt) - Date.UTC(2020, 0, 1)) / 1000));
}

function addEvent(
  cal: ICalCalendar,
  event: CalendarEvent,
  options: IcsOptions,
  opts: { includeHost: boolean },
): void {
  const { locale } = options;
  const uid = `${event.id}@${options.uidDomain}`;
  const allDay = event.kind === 'item' && event.allDay;
  const lines: string[] = [];
  const description = localized(event.description, locale).trim();
  if (description) lines.push(description);
  if (opts.includeHost && event.kind !== 'item' && event.host) lines.push(event.host);
  if (event.kind !== 'item' && event.agenda.length > 0) {
    lines.push('', `${t(locale, 'events.ics.agenda')}:`);
    for (const a of event.agenda) {
      const time = `${a.start.replace(':', '.')}${a.end ? `–${a.end.replace(':', '.')}` : ''}`;
      lines.push(
        `${locale === 'fi' ? time : time.replace(/\./g, ':')} ${localized(a.title, locale)}`,
      );
    }
  }
  if (event.place.teamsUrl)
    lines.push('', `${t(locale, 'events.ics.teams')}: ${event.place.teamsUrl}`);
  const location = [event.place.address, event.place.teamsUrl ? 'Microsoft Teams' : undefined]
    .filter((s): s is string => s !== undefined)
    .join(' / ');
  const url = options.eventUrl?.(event) ?? event.place.teamsUrl;
  const status =
    event.state === 'cancelled'
      ? ICalEventStatus.CANCELLED
      : event.state === 'draft'
        ? ICalEventStatus.TENTATIVE
        : ICalEventStatus.CONFIRMED;
  const common = {
    summary: localized(event.title, locale),
    ...(lines.length ? { description: lines.join('\n').trim() } : {}),
    ...(location ? { location } : {}),
    ...(url ? { url } : {}),
    status,
    sequence: sequenceOf(event),
    stamp: new Date(event.updatedAt),
    lastModified: new Date(event.updatedAt),
    created: new Date(event.createdAt),
    categories: [{ name: t(locale, `events.category.${categoryOf(event)}`) }],
  };

  if (allDay) {
    // All-day: DATE values; the stored end is already the exclusive next midnight.
    cal.createEvent({
      ...common,
      id: uid,
      allDay: true,
      start: helsinki(event.start).toISODate() ?? '',
      end: helsinki(event.end).toISODate() ?? '',
    });
    return;
  }
  const base = cal.createEvent({
    ...common,
    id: uid,
    start: helsinki(event.start),
    end: helsinki(event.end),
    timezone: HELSINKI,
  });
  if (event.kind === 'meeting' && event.recurrence) {
    const rule = exportRule(event.recurrence.rule);
    const exdates = event.recurrence.exdates.map((d) => `${compact(d)}00`);
    base.repeating(
      exdates.length
        ? `RRULE:${rule}\r\nEXDATE;TZID=${HELSINKI}:${exdates.join(',')}`
        : `RRULE:${rule}`,
    );
    // A moved meeting is its own VEVENT with the same UID and the original time as RECURRENCE-ID.
    for (const m of event.recurrence.moved) {
      cal.createEvent({
        ...common,
        id: uid,
        start: DateTime.fromISO(m.start, { zone: HELSINKI }),
        end: DateTime.fromISO(m.end, { zone: HELSINKI }),
        recurrenceId: DateTime.fromISO(m.original, { zone: HELSINKI }),
        timezone: HELSINKI,
      });
    }
  }
}

/**
 * The stored rule keeps UNTIL as a Helsinki date; RFC 5545 wants UNTIL in UTC when DTSTART has
 * a TZID, so the last moment of that day is written in UTC.
 */
function exportRule(rule: string): string {
  const parsed = parseRule(rule);
  if (!parsed.ok) throw new RangeError(`invalid stored rule: ${rule}`);
  const until = parsed.parts.until;
  if (until === undefined) return parsed.canonical;
  const utc = DateTime.fromISO(`${until}T23:59:59`, { zone: HELSINKI })
    .toUTC()
    .toFormat("yyyyLLdd'T'HHmmss'Z'");
  return parsed.canonical.replace(/UNTIL=\d{8}/, `UNTIL=${utc}`);
}

/** `2027-01-28T17:30` → `20270128T1730`. */
function compact(local: string): string {
  return local.replace(/[-:]/g, '');
}
