/**
 * The annual calendar (vuosikello) as data: every evening, meeting occurrence and calendar item
 * of one Helsinki year, by month, with its category and colour. The list in the tab, the wheel
 * picture, the calendar card and the feed are all drawn from this one shape.
 */
import {
  CALENDAR_CATEGORIES,
  categoryOf,
  colourOf,
  type CalendarCategory,
  type CalendarEvent,
  type Colour,
  type EventKind,
  type EventState,
  type LocalizedText,
  type Place,
} from './events/model';
import { occurrences } from './recurrence';
import {
  formatDateRange,
  formatTimeRange,
  localToUtc,
  minutesBetween,
  utcToLocal,
  yearBounds,
  type Locale,
} from './time';

export interface CalendarEntry {
  /** Unique within the year: the event id, plus `@<local start>` for one meeting of a series. */
  readonly id: string;
  readonly eventId: string;
  readonly kind: EventKind;
  readonly category: CalendarCategory;
  readonly colour: Colour;
  readonly title: LocalizedText;
  /** UTC ISO instants; an all-day entry ends at 00.00 of the day after. */
  readonly start: string;
  readonly end: string;
  readonly allDay: boolean;
  readonly state: EventState;
  readonly place: Place;
  readonly workingGroupId?: string;
  /** The series' wall-clock start of this occurrence, for a meeting of a series. */
  readonly occurrence?: string;
}

export interface CalendarMonth {
  /** 1…12 */
  readonly month: number;
  /** Entries that touch the month, in time order; a long one appears in every month it touches. */
  readonly entries: readonly CalendarEntry[];
}

export interface CategoryUse {
  readonly category: CalendarCategory;
  readonly colour: Colour;
  readonly count: number;
}

export interface AnnualCalendar {
  readonly year: number;
  /** Every entry once, in time order. */
  readonly entries: readonly CalendarEntry[];
  readonly months: readonly CalendarMonth[];
  /** The categories that occur, in the fixed order of `CALENDAR_CATEGORIES`. */
  readonly categories: readonly CategoryUse[];
}

export interface CalendarOptions {
  /** Coordinators see drafts; everyone else and the feed see published and cancelled ones. */
  readonly includeDrafts: boolean;
  /** Cancelled events stay visible (marked) unless left out, e.g. in the wheel picture. */
  readonly includeCancelled?: boolean;
}

export function buildAnnualCalendar(
  year: number,
  events: readonly CalendarEvent[],
  options: CalendarOptions,
): AnnualCalendar {
  const bounds = yearBounds(year);
  const from = Date.parse(bounds.from);
  const to = Date.parse(bounds.to);
  const entries: CalendarEntry[] = [];
  for (const event of events) {
    if (event.state === 'draft' && !options.includeDrafts) continue;
    if (event.state === 'cancelled' && options.includeCancelled === false) continue;
    const base = {
      eventId: event.id,
      kind: event.kind,
      category: categoryOf(event),
      colour: colourOf(event),
      title: event.title,
      allDay: event.kind === 'item' && event.allDay,
      state: event.state,
      place: event.place,
      ...(event.kind === 'meeting' ? { workingGroupId: event.workingGroupId } : {}),
    };
    if (event.kind === 'meeting' && event.recurrence) {
      const series = {
        start: utcToLocal(event.start),
        durationMinutes: minutesBetween(event.start, event.end),
      };
      for (const o of occurrences(series, event.recurrence, bounds)) {
        entries.push({
          ...base,
          id: `${event.id}@${o.original}`,
          start: o.start,
          end: o.end,
          occurrence: o.original,
        });
      }
      continue;
    }
    if (Date.parse(event.end) <= from || Date.parse(event.start) >= to) continue;
    entries.push({ ...base, id: event.id, start: event.start, end: event.end });
  }
  entries.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));

  const months: CalendarMonth[] = [];
  for (let month = 1; month <= 12; month++) {
    const monthStart = Date.parse(monthBound(year, month));
    const monthEnd = Date.parse(month === 12 ? bounds.to : monthBound(year, month + 1));
    months.push({
      month,
      entries: entries.filter(
        (e) => Date.parse(e.start) < monthEnd && Date.parse(e.end) > monthStart,
      ),
    });
  }

  const counts = new Map<CalendarCategory, { colour: Colour; count: number }>();
  for (const e of entries) {
    const c = counts.get(e.category);
    counts.set(e.category, { colour: c?.colour ?? e.colour, count: (c?.count ?? 0) + 1 });
  }
  const categories: CategoryUse[] = [];
  for (const category of CALENDAR_CATEGORIES) {
    const c = counts.get(category);
    if (c) categories.push({ category, colour: c.colour, count: c.count });
  }
  return { year, entries, months, categories };
}

/** 00.00 Helsinki time on the first of the month, as UTC. */
function monthBound(year: number, month: number): string {
  return localToUtc(`${year}-${String(month).padStart(2, '0')}-01T00:00`);
}

/** When an entry happens, in words: `ma 22.2.2027 klo 17.30–20.00` or `1.5.–31.5.2027`. */
export function entryWhen(
  entry: Pick<CalendarEntry, 'start' | 'end' | 'allDay'>,
  locale: Locale,
): string {
  if (entry.allDay) {
    // The stored end is the next midnight; people name the last day.
    const lastDay = new Date(Date.parse(entry.end) - 1).toISOString();
    return formatDateRange(entry.start, lastDay, locale);
  }
  return formatTimeRange(entry.start, entry.end, locale);
}
