/**
 * The year's events. Every route needs `Authorization: Bearer <Teams SSO token>`; coordinators
 * write, everyone signed in reads published events. Answers, working groups and the calendar
 * have routes of their own (`rsvp-routes`, `working-groups-routes`, `calendar-routes`).
 *
 *   GET    /api/v1/events?from=YYYY-MM-DD&to=YYYY-MM-DD&type=evening|meeting|item
 *                                                 → {items: EventView[]}
 *   POST   /api/v1/events              EventInput  → 201 EventView (ETag)
 *   GET    /api/v1/events/:id                      → EventView (ETag)
 *   PUT    /api/v1/events/:id          If-Match, EventInput → EventView
 *   DELETE /api/v1/events/:id          If-Match    → 204 (drafts and cancelled ones)
 *   POST   /api/v1/events/:id/publish  [If-Match]  → EventView (an evening's card is posted)
 *   POST   /api/v1/events/:id/cancel   [If-Match]  → EventView (the posted card is updated)
 */
import type { Request, Server } from 'restify';
import {
  EVENT_KINDS,
  type CalendarEvent,
  type EventKind,
} from '@yhdistysyhteistyo/contract/events/model';
import type { RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import { isLocalDate, localToUtc } from '@yhdistysyhteistyo/contract/time';
import type { Versioned } from '../domain/errors';
import type { EventsService } from '../domain/events-service';
import { ApiError } from './errors';
import {
  actor,
  baseUrl,
  ifMatch,
  isCoordinator,
  param,
  query,
  requireCoordinator,
  securedArea,
  visibleEvent,
  type AnswersReader,
  type EventsReader,
  type FeedSecretPort,
} from './events-common';
import type { RouteModule } from './server';
import { eventIcsUrl } from './signed-links';
import type { AuthDeps } from './user-context';

export interface EventsRoutesDeps extends AuthDeps {
  readonly service: Pick<EventsService, 'create' | 'edit' | 'remove' | 'publish' | 'cancel'>;
  readonly events: EventsReader;
  readonly rsvps: Pick<AnswersReader, 'counts'>;
  readonly feedSecret: Pick<FeedSecretPort, 'current'>;
  /** Public address of the server for links, when configured; else the request's own host. */
  readonly publicUrl?: string;
}

export type EventView = CalendarEvent & {
  readonly etag: string;
  readonly counts?: RsvpCounts;
  /** A signed link to the .ics that works without sign-in (for cards and e-mail). */
  readonly icsUrl: string;
};

/** The `from`/`to`/`type` filter of the list, Helsinki days as UTC instants. */
function listQuery(req: Request): { from?: string; to?: string; kind?: EventKind } {
  const q: { from?: string; to?: string; kind?: EventKind } = {};
  const from = query(req, 'from');
  const to = query(req, 'to');
  const type = query(req, 'type');
  const bad = (field: string): never => {
    throw new ApiError(
      400,
      'validation',
      'error.validation',
      {},
      {
        [field]: field === 'type' ? 'events.error.kind' : 'events.error.range',
      },
    );
  };
  if (from !== undefined) q.from = isLocalDate(from) ? localToUtc(`${from}T00:00`) : bad('from');
  if (to !== undefined) {
    // `to` names the last day shown: the range ends at the next midnight.
    if (!isLocalDate(to)) bad('to');
    const next = new Date(`${to}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    q.to = localToUtc(`${next.toISOString().slice(0, 10)}T00:00`);
  }
  if (q.from && q.to && q.from >= q.to) bad('to');
  if (type !== undefined) {
    if (!(EVENT_KINDS as readonly string[]).includes(type)) bad('type');
    q.kind = type as EventKind;
  }
  return q;
}

export function eventsRoutes(deps: EventsRoutesDeps): RouteModule {
  const view = async (
    req: Request,
    found: Versioned<CalendarEvent>,
    withCounts = true,
  ): Promise<EventView> => {
    const secret = (await deps.feedSecret.current()).secret;
    const icsUrl = eventIcsUrl(baseUrl(deps.publicUrl, req), secret, found.value.id);
    const counts =
      withCounts && found.value.kind === 'evening'
        ? await deps.rsvps.counts(found.value.id)
        : undefined;
    return { ...found.value, etag: found.etag, icsUrl, ...(counts ? { counts } : {}) };
  };

  const secure = securedArea<CalendarEvent>(deps, view);

  return (server: Server) => {
    server.get(
      '/api/v1/events',
      secure(async (req, res, user) => {
        const found = await deps.events.list(listQuery(req));
        const items: EventView[] = [];
        for (const e of found) {
          if (e.value.state === 'draft' && !isCoordinator(user)) continue;
          items.push(await view(req, e));
        }
        res.send(200, { items });
      }),
    );

    server.post(
      '/api/v1/events',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const saved = await deps.service.create(req.body as unknown, actor(user));
        res.header('ETag', saved.etag);
        res.send(201, await view(req, saved));
      }),
    );

    server.get(
      '/api/v1/events/:id',
      secure(async (req, res, user) => {
        const found = await visibleEvent(deps.events, user, param(req, 'id'));
        res.header('ETag', found.etag);
        res.send(200, await view(req, found));
      }),
    );

    server.put(
      '/api/v1/events/:id',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const etag = ifMatch(req);
        const saved = await deps.service.edit(
          param(req, 'id'),
          req.body as unknown,
          etag,
          actor(user),
        );
        res.header('ETag', saved.etag);
        res.send(200, { ...(await view(req, saved)), ...(saved.card ? { card: saved.card } : {}) });
      }),
    );

    server.del(
      '/api/v1/events/:id',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        await deps.service.remove(param(req, 'id'), ifMatch(req));
        res.send(204);
      }),
    );

    // Publishing and cancelling are the same state change seen from the route: one handler each.
    for (const action of ['publish', 'cancel'] as const) {
      server.post(
        `/api/v1/events/:id/${action}`,
        secure(async (req, res, user) => {
          requireCoordinator(user);
          const saved = await deps.service[action](
            param(req, 'id'),
            req.header('if-match') || undefined,
            actor(user),
          );
          res.header('ETag', saved.etag);
          res.send(200, {
            ...(await view(req, saved)),
            ...(saved.card ? { card: saved.card } : {}),
          });
        }),
      );
    }
  };
}
