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
import { TableTeamRosterStore } from '../storage/roster-store';
import { EventsStore, FeedSecretStore } from '../storage/events-store';
import { TableDeliveryStateStore, TableLeaseStore } from '../storage/lease-store';
import { TableOutboxStore } from '../storage/outbox-store';
import { PeopleStore } from '../storage/people-store';
import { REFERENCE_TABLES, ReferenceDataStore } from '../storage/reference-data-store';
import { TableRetentionStore } from '../storage/retention-store';
import { RsvpStore } from '../storage/rsvp-store';
import {
  IndicatorsStore,
  SurveyAnswersStore,
  SurveyRespondentKeys,
  SurveysStore,
} from '../storage/surveys-store';
import { warnCorruptRow, type CorruptRowReporter } from '../storage/columns';
import { TABLES, type TableStorage } from '../storage/tables';
import { WorkingGroupsStore } from '../storage/working-groups-store';

export function tableStores(
  storage: TableStorage,
  config: Pick<Config, 'INITIAL_COORDINATORS'>,
  /** Tests: the clock the content cache reads. */
  now?: () => Date,
  /** Where a list tells of a row it leaves out because it does not read (default: stderr). */
  corrupt: CorruptRowReporter = warnCorruptRow,
) {
  // The register's own timestamps keep the real clock; `now` is the bot's (content cache).
  const clock = () => new Date();
  const events = new EventsStore(storage.table(TABLES.events), corrupt);
  return {
    // The tab's associations, people and reference data
    people: new PeopleStore(
      storage.table(TABLES.people),
      config.INITIAL_COORDINATORS,
      clock,
      corrupt,
    ),
    reference: new ReferenceDataStore((kind) => storage.table(REFERENCE_TABLES[kind])),
    associations: new AssociationsStore(
      storage.table(TABLES.associations),
      randomUUID,
      clock,
      corrupt,
    ),
    audit: new AuditStore(storage.table(TABLES.audit), clock, corrupt),
    // The year's events
    events,
    rsvps: new RsvpStore(storage.table(TABLES.rsvps)),
    groups: new WorkingGroupsStore(storage.table(TABLES.workingGroups), corrupt),
    feedSecret: new FeedSecretStore(storage.table(TABLES.meta)),
    /** The published events of a period as calendar items, for the scheduled calendar posts. */
    eventsCalendar: new EventsCalendarReader(events),
    // The bot's conversations and what it answers with
    conversations: new TableConversationStore(storage.table(TABLES.conversations), corrupt),
    preferences: new TablePreferenceStore(storage.table(TABLES.conversations)),
    /** The teams' members, as keyed hashes, for a mailing list that leaves them out. */
    roster: new TableTeamRosterStore(storage.table(TABLES.conversations)),
    content: new TableContentStore(storage.table(TABLES.content), now),
    /** Calendar items straight from the Events table's rows, for the bot's cards. */
    calendar: new TableCalendarReader(storage.table(TABLES.events), corrupt),
    directory: new TableDirectoryReader(
      {
        workingGroups: storage.table(TABLES.workingGroups),
        units: storage.table(TABLES.units),
        people: storage.table(TABLES.people),
      },
      config.INITIAL_COORDINATORS,
      corrupt,
    ),
    // Surveys and indicators
    surveys: new SurveysStore(storage.table(TABLES.surveys), randomUUID, corrupt),
    surveyAnswers: new SurveyAnswersStore(
      storage.table(TABLES.surveyAnswers),
      storage.table(TABLES.surveyKeys),
      randomUUID,
      corrupt,
    ),
    surveyKeys: new SurveyRespondentKeys(storage.table(TABLES.meta)),
    indicators: new IndicatorsStore(storage.table(TABLES.indicators), corrupt),
    // Scheduled delivery
    outbox: new TableOutboxStore(storage, corrupt),
    leases: new TableLeaseStore(storage),
    deliveryState: new TableDeliveryStateStore(storage),
    retention: new TableRetentionStore({
      events: storage.table(TABLES.events),
      rsvps: storage.table(TABLES.rsvps),
      audit: storage.table(TABLES.audit),
      leases: storage.table(TABLES.leases),
    }),
  };
}

export type Stores = ReturnType<typeof tableStores>;
