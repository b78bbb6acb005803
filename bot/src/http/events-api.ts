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
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import { WorkingGroupsService } from '../domain/working-groups-service';
import { calendarRoutes } from './calendar-routes';
import { eventsRoutes } from './events-routes';
import { rsvpRoutes } from './rsvp-routes';
import { eventIcsUrl, wheelImageUrl } from './signed-links';
import { workingGroupsRoutes } from './working-groups-routes';
import type { RouteModule } from './server';
import type { AuthDeps } from './user-context';

export interface EventsApi {
  readonly routes: readonly RouteModule[];
  readonly service: EventsService;
  readonly events: EventsStore;
  readonly rsvps: RsvpStore;
  readonly groups: WorkingGroupsStore;
  readonly feedSecret: FeedSecretStore;
  /** The bot's publisher: from then on publishing an evening posts its card. */
  usePublisher(publisher: InvitationPublisher): void;
  /** The server's own address, for links in cards when no PUBLIC_URL is configured. */
  listening(url: string): void;
  /** A signed link to an event's .ics that works without signing in (cards, e-mail). */
  icsUrl(eventId: string): Promise<string>;
  /** A signed link to the wheel picture of a year, valid for `days` days. */
  wheelImageUrl(year: number, locale: Locale, days?: number): Promise<string>;
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
  let listeningAt = '';
  const base = () => (options.publicUrl ?? listeningAt).replace(/\/$/, '');
  const service = new EventsService({
    events,
    rsvps,
    groups,
    publisher: () => publisher,
    clock,
    log: options.log,
  });
  const workingGroups = new WorkingGroupsService({ groups, meetings: events, clock });
  const links = options.publicUrl ? { publicUrl: options.publicUrl } : {};
  const routes = [
    eventsRoutes({ ...options.auth, service, events, rsvps, feedSecret, ...links }),
    rsvpRoutes({ ...options.auth, service, events, rsvps }),
    workingGroupsRoutes({ ...options.auth, groups: workingGroups }),
    calendarRoutes({ ...options.auth, events, feedSecret, clock, ...links }),
  ];
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
    listening(url) {
      listeningAt = url;
    },
    async icsUrl(eventId) {
      const secret = (await feedSecret.current()).secret;
      return eventIcsUrl(base(), secret, eventId);
    },
    async wheelImageUrl(year, locale, days = 400) {
      const secret = (await feedSecret.current()).secret;
      const expires = Math.floor(clock().getTime() / 1000) + days * 86_400;
      return wheelImageUrl(base(), secret, year, locale, expires);
    },
  };
}
