/**
 * Every store and reader on Azure Tables, built once. The edges get them from here as ports
 * (the stores satisfy the narrow interfaces the routes, the bot and delivery declare).
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { AssociationsStore } from '../storage/associations-store';
import { AuditStore } from '../storage/audit-store';
import { EventsCalendarReader, TableCalendarReader } from '../storage/calendar-reader';
import { TableContentStore } from '../storage/content-store';
import { TableConversationStore, TablePreferenceStore } from '../storage/conversation-store';
import { TableDirectoryReader } from '../storage/directory-reader';
import { EventsStore, FeedSecretStore } from '../storage/events-store';
import { TableDeliveryStateStore, TableLeaseStore } from '../storage/lease-store';
import { TableOutboxStore } from '../storage/outbox-store';
import { PeopleStore } from '../storage/people-store';
import { REFERENCE_TABLES, ReferenceDataStore } from '../storage/reference-data-store';
import { RsvpStore } from '../storage/rsvp-store';
import { TABLES, type TableStorage } from '../storage/tables';
import { WorkingGroupsStore } from '../storage/working-groups-store';

export function tableStores(
  storage: TableStorage,
  config: Pick<Config, 'INITIAL_COORDINATORS'>,
  /** Tests: the clock the content cache reads. */
  now?: () => Date,
) {
  const events = new EventsStore(storage.table(TABLES.events));
  return {
    // The tab's associations, people and reference data
    people: new PeopleStore(storage.table(TABLES.people), config.INITIAL_COORDINATORS),
    reference: new ReferenceDataStore((kind) => storage.table(REFERENCE_TABLES[kind])),
    associations: new AssociationsStore(storage.table(TABLES.associations), randomUUID),
    audit: new AuditStore(storage.table(TABLES.audit)),
    // The year's events
    events,
    rsvps: new RsvpStore(storage.table(TABLES.rsvps)),
    groups: new WorkingGroupsStore(storage.table(TABLES.workingGroups)),
    feedSecret: new FeedSecretStore(storage.table(TABLES.meta)),
    /** The published events of a period as calendar items, for the scheduled calendar posts. */
    eventsCalendar: new EventsCalendarReader(events),
    // The bot's conversations and what it answers with
    conversations: new TableConversationStore(storage.table(TABLES.conversations)),
    preferences: new TablePreferenceStore(storage.table(TABLES.conversations)),
    content: new TableContentStore(storage.table(TABLES.content), now),
    /** Calendar items straight from the Events table's rows, for the bot's cards. */
    calendar: new TableCalendarReader(storage.table(TABLES.events)),
    directory: new TableDirectoryReader(
      {
        workingGroups: storage.table(TABLES.workingGroups),
        units: storage.table(TABLES.units),
        people: storage.table(TABLES.people),
      },
      config.INITIAL_COORDINATORS,
    ),
    // Scheduled delivery
    outbox: new TableOutboxStore(storage),
    leases: new TableLeaseStore(storage),
    deliveryState: new TableDeliveryStateStore(storage),
  };
}

export type Stores = ReturnType<typeof tableStores>;
