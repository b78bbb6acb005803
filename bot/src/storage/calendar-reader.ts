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

export type EventsTable = Pick<TableClient, 'listEntities'>;

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
  constructor(private readonly table: EventsTable) {}

  async itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]> {
    const items: CalendarListItem[] = [];
    const pages = this.table
      .listEntities<Row>({ queryOptions: { filter: odata`start ge ${from} and start lt ${to}` } })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const row of page) {
        const item = rowToCalendarItem(row);
        if (item && item.state !== 'cancelled') items.push(item);
      }
    }
    return items.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  }
}
