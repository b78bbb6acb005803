/**
 * Evenings, meetings and calendar items in the Events table.
 *
 * Keys and why:
 * - All events are rows of ONE partition, `event`, RowKey = the event id. A city's year has tens
 *   to a few hundred events, so a year or month view is one query of that partition (one request
 *   per 1,000 rows) with a filter on the time range, and a read by id is a point read. Partitions
 *   by year were the other choice; they would split a series that crosses the new year and turn
 *   a change of date into a move between partitions (no transaction spans two partitions).
 * - `rangeStart`/`rangeEnd` bound every row in time, and for a meeting series `rangeEnd` is its
 *   last meeting (or far future), so `rangeEnd gt from and rangeStart lt to` finds a series in
 *   every year it has meetings without expanding its rule.
 * - Writes carry the ETag the client read; a stale one (412) becomes `StaleVersionError` with the
 *   current version, which the API answers as 409.
 * - The calendar feed's signing secret is a row of the Meta table (`calendar-feed`/`secret`):
 *   rotating it there revokes every link signed with the old one, on every instance at once.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { z } from 'zod';
import {
  COLOURS,
  EVENT_KINDS,
  EVENT_STATES,
  ITEM_CATEGORIES,
  type CalendarEvent,
  type EventKind,
  type LocalizedText,
  type Posting,
} from '@yhdistysyhteistyo/contract/events/model';
import { StaleVersionError, type Versioned } from '../domain/errors';
import {
  parseRule,
  ruleOccurs,
  seriesEnd,
  type Recurrence,
} from '@yhdistysyhteistyo/contract/recurrence';
import { CorruptRecordError } from '../domain/errors';
import { leadTimesColumn, type LeadTime } from '@yhdistysyhteistyo/contract/events/lead-times';
import { minutesBetween, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { jsonColumn, readOrSkip, warnCorruptRow, type CorruptRowReporter } from './columns';
import { storageStatus, TABLES } from './tables';

export const EVENT_PARTITION = 'event';

export type EventsTable = Pick<
  TableClient,
  'getEntity' | 'listEntities' | 'createEntity' | 'updateEntity' | 'deleteEntity'
>;

type Row = Record<string, unknown>;

/** The row of an event: flat fields for filters and Storage Explorer, JSON for nested lists. */
export type EventEntity = Row & { partitionKey: string; rowKey: string };

export function eventToEntity(event: CalendarEvent): EventEntity {
  const common: EventEntity = {
    partitionKey: EVENT_PARTITION,
    rowKey: event.id,
    kind: event.kind,
    state: event.state,
    titleFi: event.title.fi,
    titleEn: event.title.en,
    descriptionFi: event.description.fi,
    descriptionEn: event.description.en,
    start: event.start,
    end: event.end,
    rangeStart: event.start,
    rangeEnd: event.end,
    teamsUrl: event.place.teamsUrl ?? '',
    address: event.place.address ?? '',
    record: event.record,
    createdAt: event.createdAt,
    createdBy: event.createdBy,
    updatedAt: event.updatedAt,
    updatedBy: event.updatedBy,
  };
  switch (event.kind) {
    case 'evening':
      return {
        ...common,
        host: event.host,
        agenda: JSON.stringify(event.agenda),
        registrationDeadline: event.registrationDeadline,
        capacity: event.capacity ?? -1,
        channelId: event.channelId ?? '',
        postingConversationId: event.posting?.conversationId ?? '',
        postingActivityId: event.posting?.activityId ?? '',
        postedAt: event.posting?.postedAt ?? '',
      };
    case 'meeting':
      return {
        ...common,
        host: event.host,
        agenda: JSON.stringify(event.agenda),
        workingGroupId: event.workingGroupId,
        recurrence: event.recurrence ? JSON.stringify(event.recurrence) : '',
        leadTimes: event.leadTimes ? JSON.stringify(event.leadTimes) : '',
        rangeEnd: event.recurrence
          ? seriesEnd(
              {
                start: utcToLocal(event.start),
                durationMinutes: minutesBetween(event.start, event.end),
              },
              event.recurrence,
            )
          : event.end,
      };
    case 'item':
      return {
        ...common,
        category: event.category,
        colour: event.colour,
        allDay: event.allDay,
      };
  }
}

const str = (row: Row, key: string): string => {
  const v = row[key];
  return typeof v === 'string' ? v : '';
};
const oneOf = <T extends string>(values: readonly T[], v: string, fallback: T): T =>
  (values as readonly string[]).includes(v) ? (v as T) : fallback;

function text(row: Row, prefix: string): LocalizedText {
  return { fi: str(row, `${prefix}Fi`), en: str(row, `${prefix}En`) };
}

const localizedColumn = z.object({ fi: z.string(), en: z.string() });

/** The `agenda` column: what the API's agenda input turned into. */
const agendaColumn = z.array(
  z.object({
    start: z.string(),
    end: z.string().optional(),
    title: localizedColumn,
    unitId: z.string().optional(),
  }),
);

/** The `recurrence` column: a rule `parseRule` reads, with its exceptions. */
const recurrenceColumn = z.object({
  rule: z.string().refine((rule) => parseRule(rule).ok),
  exdates: z.array(z.string()).default([]),
  moved: z
    .array(z.object({ original: z.string(), start: z.string(), end: z.string() }))
    .default([]),
});

/**
 * An event from its row. Unknown flat values fall back to safe ones; a damaged JSON column
 * (agenda, recurrence) is a `CorruptRecordError`, since a save built on a default would lose it.
 */
export function entityToEvent(row: Row): CalendarEvent {
  const place = { table: TABLES.events, key: str(row, 'rowKey') };
  const kind = oneOf<EventKind>(EVENT_KINDS, str(row, 'kind'), 'item');
  const where = {
    ...(str(row, 'teamsUrl') ? { teamsUrl: str(row, 'teamsUrl') } : {}),
    ...(str(row, 'address') ? { address: str(row, 'address') } : {}),
  };
  const common = {
    id: str(row, 'rowKey'),
    title: text(row, 'title'),
    description: text(row, 'description'),
    start: str(row, 'start'),
    end: str(row, 'end'),
    place: where,
    state: oneOf(EVENT_STATES, str(row, 'state'), 'draft'),
    record: row.record === true,
    createdAt: str(row, 'createdAt'),
    createdBy: str(row, 'createdBy'),
    updatedAt: str(row, 'updatedAt'),
    updatedBy: str(row, 'updatedBy'),
  };
  if (kind === 'evening') {
    const capacity =
      typeof row.capacity === 'number' && row.capacity > 0 ? row.capacity : undefined;
    const posting: Posting | undefined = str(row, 'postingActivityId')
      ? {
          conversationId: str(row, 'postingConversationId'),
          activityId: str(row, 'postingActivityId'),
          postedAt: str(row, 'postedAt'),
        }
      : undefined;
    return {
      ...common,
      kind,
      host: str(row, 'host'),
      agenda: jsonColumn(row, place, 'agenda', agendaColumn, []),
      registrationDeadline: str(row, 'registrationDeadline'),
      ...(capacity !== undefined ? { capacity } : {}),
      ...(str(row, 'channelId') ? { channelId: str(row, 'channelId') } : {}),
      ...(posting ? { posting } : {}),
    };
  }
  if (kind === 'meeting') {
    const recurrence: Recurrence | undefined = jsonColumn(
      row,
      place,
      'recurrence',
      recurrenceColumn,
      undefined,
    );
    // A rule that never occurs (stored before the write-time check) is a damaged row: readers
    // skip it with a logged problem instead of expanding it.
    const rule = recurrence ? parseRule(recurrence.rule) : undefined;
    if (rule?.ok && common.start && !ruleOccurs(rule.parts, utcToLocal(common.start))) {
      throw new CorruptRecordError(place.table, place.key, 'recurrence');
    }
    const leadTimes: LeadTime[] | undefined = jsonColumn(
      row,
      place,
      'leadTimes',
      leadTimesColumn,
      undefined,
    );
    return {
      ...common,
      kind,
      host: str(row, 'host'),
      agenda: jsonColumn(row, place, 'agenda', agendaColumn, []),
      workingGroupId: str(row, 'workingGroupId'),
      ...(recurrence ? { recurrence } : {}),
      ...(leadTimes ? { leadTimes } : {}),
    };
  }
  return {
    ...common,
    kind,
    category: oneOf(ITEM_CATEGORIES, str(row, 'category'), 'other'),
    colour: oneOf(COLOURS, str(row, 'colour'), 'brown'),
    allDay: row.allDay === true,
  };
}

function versioned(row: TableEntityResult<Row>): Versioned<CalendarEvent> {
  return { value: entityToEvent(row), etag: row.etag };
}

export interface EventQuery {
  /** UTC ISO; events that end after it. */
  readonly from?: string;
  /** UTC ISO; events that start before it. */
  readonly to?: string;
  readonly kind?: EventKind;
}

export class EventsStore {
  constructor(
    private readonly table: EventsTable,
    /** Told about an event a list leaves out because its row does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {}

  /** A new id: short, URL- and key-safe, not guessable from others. */
  newId(): string {
    return randomBytes(9).toString('base64url');
  }

  async get(id: string): Promise<Versioned<CalendarEvent> | undefined> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return undefined;
    try {
      return versioned(await this.table.getEntity<Row>(EVENT_PARTITION, id));
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async list(query: EventQuery = {}): Promise<Versioned<CalendarEvent>[]> {
    const parts = [odata`PartitionKey eq ${EVENT_PARTITION}`];
    if (query.from) parts.push(odata`rangeEnd gt ${query.from}`);
    if (query.to) parts.push(odata`rangeStart lt ${query.to}`);
    if (query.kind) parts.push(odata`kind eq ${query.kind}`);
    const out: Versioned<CalendarEvent>[] = [];
    const rows = this.table.listEntities<Row>({ queryOptions: { filter: parts.join(' and ') } });
    for await (const row of rows) {
      // One damaged event must not hold up the calendar or a delivery pass.
      const event = readOrSkip(() => versioned(row), this.onCorruptRow);
      if (event) out.push(event);
    }
    out.sort((a, b) => a.value.start.localeCompare(b.value.start));
    return out;
  }

  async create(event: CalendarEvent): Promise<Versioned<CalendarEvent>> {
    const res = await this.table.createEntity(eventToEntity(event));
    return { value: event, etag: res.etag ?? '' };
  }

  /** Replaces the event if `etag` is still current. */
  async replace(event: CalendarEvent, etag: string): Promise<Versioned<CalendarEvent>> {
    try {
      const res = await this.table.updateEntity(eventToEntity(event), 'Replace', { etag });
      return { value: event, etag: res.etag ?? '' };
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404)
        throw new StaleVersionError((await this.get(event.id)) ?? null);
      throw error;
    }
  }

  async delete(id: string, etag: string): Promise<void> {
    try {
      await this.table.deleteEntity(EVENT_PARTITION, id, { etag });
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412) throw new StaleVersionError((await this.get(id)) ?? null);
      if (status === 404) return;
      throw error;
    }
  }
}

export type MetaTable = Pick<TableClient, 'getEntity' | 'createEntity' | 'updateEntity'>;

const FEED_PARTITION = 'calendar-feed';
const FEED_ROW = 'secret';

export interface FeedSecret {
  readonly secret: string;
  readonly rotatedAt: string;
  readonly rotatedBy: string;
}

/** How long the secret in memory is trusted before a failed check reads it again. */
export const FEED_SECRET_MAX_AGE_MS = 60_000;

/**
 * The key that signs calendar feed links and wheel image links; rotate it to revoke them all.
 *
 * The secret is kept in memory, so a signed link is checked before any storage read: a bad
 * signature costs none. Only when a check fails and the secret in memory is older than a minute
 * is it read again (another instance may have rotated it) and the check made once more, so
 * wrong signatures cause at most one read a minute. A rotation here takes effect at once; one
 * made on another instance within a minute.
 */
export class FeedSecretStore {
  private cached: { readonly value: FeedSecret; readonly at: number } | undefined;
  private loading: Promise<FeedSecret> | undefined;

  constructor(
    private readonly table: MetaTable,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The current secret, created on first use; from memory while it is fresh. */
  async current(): Promise<FeedSecret> {
    const kept = this.cached;
    if (kept && this.now() - kept.at < FEED_SECRET_MAX_AGE_MS) return kept.value;
    return this.refresh();
  }

  /**
   * Whether `check` accepts the secret: against the one in memory first (no storage read); read
   * again only when there is none yet, or when the check failed and it is older than a minute.
   */
  async verify(check: (secret: string) => boolean): Promise<boolean> {
    const kept = this.cached;
    if (kept) {
      if (check(kept.value.secret)) return true;
      if (this.now() - kept.at < FEED_SECRET_MAX_AGE_MS) return false;
    }
    const fresh = await this.refresh();
    return fresh.secret !== kept?.value.secret && check(fresh.secret);
  }

  private refresh(): Promise<FeedSecret> {
    // Requests arriving while the secret is read share the one read.
    this.loading ??= this.read()
      .then((value) => {
        this.cached = { value, at: this.now() };
        return value;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private async read(): Promise<FeedSecret> {
    try {
      const row = await this.table.getEntity<Row>(FEED_PARTITION, FEED_ROW);
      return {
        secret: str(row, 'secret'),
        rotatedAt: str(row, 'rotatedAt'),
        rotatedBy: str(row, 'rotatedBy'),
      };
    } catch (error) {
      if (storageStatus(error) !== 404) throw error;
    }
    const fresh = newSecret('system', new Date());
    try {
      await this.table.createEntity({ partitionKey: FEED_PARTITION, rowKey: FEED_ROW, ...fresh });
      return fresh;
    } catch (error) {
      // Another instance created it first: use theirs.
      if (storageStatus(error) === 409) return this.read();
      throw error;
    }
  }

  /** A new secret; every link signed with the old one stops working. */
  async rotate(by: string, now = new Date()): Promise<FeedSecret> {
    await this.current();
    const fresh = newSecret(by, now);
    await this.table.updateEntity(
      { partitionKey: FEED_PARTITION, rowKey: FEED_ROW, ...fresh },
      'Replace',
    );
    this.cached = { value: fresh, at: this.now() };
    return fresh;
  }
}

function newSecret(by: string, now: Date): FeedSecret {
  return {
    secret: randomBytes(32).toString('base64url'),
    rotatedAt: now.toISOString(),
    rotatedBy: by,
  };
}
