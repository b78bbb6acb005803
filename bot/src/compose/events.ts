/**
 * The year's events: the service both doors share (the tab's API and the bot's cards), the
 * working groups' service, the signed links cards carry, and the API's route modules, on the
 * stores built once in `stores.ts`. The bot hands back its invitation publisher once it runs.
 */
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import { EventsService, type InvitationPublisher } from '../domain/events-service';
import { WorkingGroupsService } from '../domain/working-groups-service';
import { calendarRoutes } from '../http/calendar-routes';
import { eventsRoutes } from '../http/events-routes';
import { rsvpRoutes } from '../http/rsvp-routes';
import type { RouteModule } from '../http/server';
import { eventIcsUrl, wheelImageUrl } from '../http/signed-links';
import type { AuthDeps } from '../http/user-context';
import { workingGroupsRoutes } from '../http/working-groups-routes';
import type { Logger } from '../log';
import type { Stores } from './stores';

export interface EventsApi {
  readonly routes: readonly RouteModule[];
  readonly service: EventsService;
  readonly events: Stores['events'];
  readonly rsvps: Stores['rsvps'];
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
  readonly stores: Pick<Stores, 'events' | 'rsvps' | 'groups' | 'feedSecret'>;
  readonly auth: AuthDeps;
  readonly log: Logger;
  readonly publicUrl?: string | undefined;
  readonly clock?: () => Date;
}): EventsApi {
  const clock = options.clock ?? (() => new Date());
  const { events, rsvps, groups, feedSecret } = options.stores;
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
