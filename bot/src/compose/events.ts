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
import { workingGroupsRoutes, type TeamChannel } from '../http/working-groups-routes';
import type { InstallationStore } from '../domain/installations';
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

/** Every channel of every team the app is in, General first, then by name. */
async function teamChannels(
  installations: Pick<InstallationStore, 'listActive'>,
): Promise<TeamChannel[]> {
  const out: TeamChannel[] = [];
  for (const team of await installations.listActive('team')) {
    if (team.key.kind !== 'team') continue;
    const teamId = team.key.teamId;
    const postChannel = team.postChannelId ?? teamId;
    const channels = team.channels?.length ? team.channels : [{ id: teamId }];
    for (const c of channels) {
      out.push({
        id: c.id,
        ...(c.name ? { name: c.name } : {}),
        general: c.id === teamId,
        teamId,
        ...(team.teamName ? { teamName: team.teamName } : {}),
        postChannel: c.id === postChannel,
      });
    }
  }
  return out.sort(
    (a, b) =>
      (a.teamName ?? '').localeCompare(b.teamName ?? '', 'fi') ||
      Number(b.general) - Number(a.general) ||
      (a.name ?? '').localeCompare(b.name ?? '', 'fi'),
  );
}

export function createEventsApi(options: {
  readonly stores: Pick<Stores, 'events' | 'rsvps' | 'groups' | 'feedSecret' | 'conversations'>;
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
    workingGroupsRoutes({
      ...options.auth,
      groups: workingGroups,
      channels: () => teamChannels(options.stores.conversations),
    }),
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
