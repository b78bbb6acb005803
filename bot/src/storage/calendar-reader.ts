/**
 * Reads the annual calendar's items from the Events table for the bot's cards.
 *
 * It filters on the `start` instant (UTC ISO strings sort as time) over the whole table rather
 * than a partition, so it reads both the first demo rows (partition = year, `kind` = category,
 * `place` = teams/hybrid/tbd) and the events store's rows (`kind` + `category`, Teams link and
 * address). Rows without a start or a Finnish title are not calendar items and are left out, as
 * are cancelled ones. A proper events service can replace this file behind `CalendarReader`.
 */
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { CalendarListItem, CalendarReader } from '../domain/bot-readers';
import { categoryOf, type CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import { occurrences } from '@yhdistysyhteistyo/contract/recurrence';
import { minutesBetween, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { readOrSkip, warnCorruptRow, type CorruptRowReporter } from './columns';
import { entityToEvent } from './events-store';

export type EventsTable = Pick<TableClient, 'listEntities'>;

/** The events store's list of a period. */
export interface EventsListReader {
  list(query: {
    readonly from?: string;
    readonly to?: string;
  }): Promise<readonly { readonly value: CalendarEvent }[]>;
}

type Row = Record<string, unknown>;

const str = (row: Row, name: string): string => {
  const v = row[name];
  return typeof v === 'string' ? v : '';
};

function placeOf(row: Row): string {
  const place = str(row, 'place');
  if (place !== '') return place;
  const teams = str(row, 'teamsUrl') !== '';
  const address = str(row, 'address');
  if (teams && address !== '') return 'hybrid';
  if (teams) return 'teams';
  return address;
}

export function rowToCalendarItem(row: Row): CalendarListItem | undefined {
  const start = str(row, 'start');
  const titleFi = str(row, 'titleFi');
  if (start === '' || titleFi === '' || Number.isNaN(Date.parse(start))) return undefined;
  const end = str(row, 'end');
  const kind = str(row, 'kind');
  const category = str(row, 'category') || (kind === 'item' ? 'other' : kind) || 'other';
  const hostFi = str(row, 'hostFi') || str(row, 'host');
  const group = str(row, 'workingGroup') || str(row, 'workingGroupId');
  return {
    id: str(row, 'rowKey'),
    category,
    title: { fi: titleFi, en: str(row, 'titleEn') },
    start,
    end: end !== '' && !Number.isNaN(Date.parse(end)) ? end : start,
    host: { fi: hostFi, en: str(row, 'hostEn') || hostFi },
    place: placeOf(row),
    state: str(row, 'state') || 'published',
    ...(group !== '' ? { workingGroupId: group } : {}),
  };
}

export class TableCalendarReader implements CalendarReader {
  constructor(
    private readonly table: EventsTable,
    /** Told about a series the calendar leaves out because its row does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {}

  async itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]> {
    const items: CalendarListItem[] = [];
    // Meeting series of the events store also match when they began before `from`.
    const filter = odata`(start ge ${from} and start lt ${to}) or (recurrence gt ${''} and rangeStart lt ${to} and rangeEnd gt ${from})`;
    const pages = this.table
      .listEntities<Row>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const row of page) {
        const item = rowToCalendarItem(row);
        // Drafts are the coordinator's own until published.
        if (!item || item.state === 'cancelled' || item.state === 'draft') continue;
        // A series whose row does not read is left out (and reported), not shown as one meeting.
        const event = str(row, 'recurrence')
          ? readOrSkip(() => entityToEvent(row), this.onCorruptRow)
          : undefined;
        if (str(row, 'recurrence') && !event) continue;
        if (event?.kind === 'meeting' && event.recurrence) {
          // One line per meeting of the series, as the events store's calendar has them.
          const series = {
            start: utcToLocal(event.start),
            durationMinutes: minutesBetween(event.start, event.end),
          };
          for (const o of occurrences(series, event.recurrence, { from, to })) {
            if (o.start >= from)
              items.push({ ...item, id: `${item.id}@${o.original}`, start: o.start, end: o.end });
          }
          continue;
        }
        items.push(item);
      }
    }
    return items.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  }
}

/**
 * The calendar's items of a period straight from the events store, for the monthly and annual
 * posts: published events, a meeting series as its occurrences.
 */
export class EventsCalendarReader implements CalendarReader {
  constructor(private readonly events: EventsListReader) {}

  async itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]> {
    const out: CalendarListItem[] = [];
    for (const { value: event } of await this.events.list({ from, to })) {
      if (event.state !== 'published') continue;
      const place = event.place.teamsUrl
        ? event.place.address
          ? 'hybrid'
          : 'teams'
        : (event.place.address ?? 'tbd');
      const host = event.kind === 'item' ? '' : event.host;
      const base = {
        id: event.id,
        category: categoryOf(event),
        title: event.title,
        host: { fi: host, en: host },
        place,
        state: event.state,
        ...(event.kind === 'meeting' ? { workingGroupId: event.workingGroupId } : {}),
      };
      let spans: readonly { readonly start: string; readonly end: string }[] = [
        { start: event.start, end: event.end },
      ];
      if (event.kind === 'meeting' && event.recurrence) {
        try {
          spans = occurrences(
            {
              start: utcToLocal(event.start),
              durationMinutes: minutesBetween(event.start, event.end),
            },
            event.recurrence,
            { from, to },
          );
        } catch {
          // A series whose rule cannot be read shows as its first meeting only.
        }
      }
      for (const span of spans) {
        if (span.end > from && span.start < to)
          out.push({ ...base, start: span.start, end: span.end });
      }
    }
    return out.sort((a, b) => a.start.localeCompare(b.start));
  }
}
