/**
 * Builds the year's events: stores on their tables, the service both doors share (the tab's
 * API and the bot's cards), and the API routes. index.ts registers the routes; the bot gets the
 * service and hands back its invitation publisher once it runs.
 */
import { EventsService, type InvitationPublisher } from '../domain/events-service';
import type { Logger } from '../log';
import { EventsStore, FeedSecretStore } from '../storage/events-store';
import { RsvpStore } from '../storage/rsvp-store';
import { TABLES, type TableStorage } from '../storage/tables';
import { WorkingGroupsStore } from '../storage/working-groups-store';
import { eventsRoutes } from './events-routes';
import type { RouteModule } from './server';
import type { AuthDeps } from './user-context';

export interface EventsApi {
  readonly routes: RouteModule;
  readonly service: EventsService;
  readonly events: EventsStore;
  readonly rsvps: RsvpStore;
  readonly groups: WorkingGroupsStore;
  readonly feedSecret: FeedSecretStore;
  /** The bot's publisher: from then on publishing an evening posts its card. */
  usePublisher(publisher: InvitationPublisher): void;
}

export function createEventsApi(options: {
  readonly storage: Pick<TableStorage, 'table'>;
  readonly auth: AuthDeps;
  readonly log: Logger;
  readonly publicUrl?: string | undefined;
  readonly clock?: () => Date;
}): EventsApi {
  const clock = options.clock ?? (() => new Date());
  const events = new EventsStore(options.storage.table(TABLES.events));
  const rsvps = new RsvpStore(options.storage.table(TABLES.rsvps));
  const groups = new WorkingGroupsStore(options.storage.table(TABLES.workingGroups));
  const feedSecret = new FeedSecretStore(options.storage.table(TABLES.meta));
  let publisher: InvitationPublisher | undefined;
  const service = new EventsService({
    events,
    rsvps,
    groups,
    publisher: () => publisher,
    clock,
    log: options.log,
  });
  const routes = eventsRoutes({
    ...options.auth,
    service,
    events,
    rsvps,
    groups,
    feedSecret,
    clock,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  return {
    routes,
    service,
    events,
    rsvps,
    groups,
    feedSecret,
    usePublisher(p) {
      publisher = p;
    },
  };
}
