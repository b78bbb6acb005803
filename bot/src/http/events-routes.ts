/**
 * The year's events API. Same auth, error shape and validation as the associations API: every
 * route needs `Authorization: Bearer <Teams SSO token>` except the three signed links (the
 * calendar feed, an event's .ics opened from a card, the wheel image a card shows), whose
 * signature is their authorization. Coordinators write; everyone signed in reads published
 * events and answers invitations; coordinators and contact persons see who answered what.
 *
 *   GET    /api/v1/events?from=YYYY-MM-DD&to=YYYY-MM-DD&type=evening|meeting|item
 *                                                 → {items: EventView[]}
 *   POST   /api/v1/events              EventInput  → 201 EventView (ETag)
 *   GET    /api/v1/events/:id                      → EventView (ETag)
 *   PUT    /api/v1/events/:id          If-Match, EventInput → EventView
 *   DELETE /api/v1/events/:id          If-Match    → 204 (drafts and cancelled ones)
 *   POST   /api/v1/events/:id/publish  [If-Match]  → EventView (an evening's card is posted)
 *   POST   /api/v1/events/:id/cancel   [If-Match]  → EventView (the posted card is updated)
 *   GET    /api/v1/events/:id/rsvps                → {counts, mine?, items?}
 *   PUT    /api/v1/events/:id/rsvps    RsvpInput   → {rsvp, counts}  (the caller's own answer)
 *   GET    /api/v1/events/:id/rsvps.csv            → text/csv (';', UTF-8 with BOM)
 *   GET    /api/v1/events/:id/event.ics[?sig=]     → text/calendar
 *   GET    /api/v1/working-groups                  → {items: WorkingGroupView[]}
 *   POST   /api/v1/working-groups      WorkingGroupInput → 201
 *   GET|PUT|DELETE /api/v1/working-groups/:id      (PUT/DELETE with If-Match)
 *   GET    /api/v1/calendar?year=                  → AnnualCalendar + text alternative
 *   GET    /api/v1/calendar.svg?year=&theme=light|dark|contrast
 *   GET    /api/v1/calendar.png?year=&lang=&exp=&sig=   (signed, expiring; for cards)
 *   GET    /api/v1/calendar.ics?year=&sig=[&lang=]      (signed feed; no personal data)
 *   GET    /api/v1/calendar/feed?year=             → {url, rotatedAt}
 *   POST   /api/v1/calendar/feed/rotate            → {url, rotatedAt} (coordinator; revokes)
 */
import type { Request, Response, Server } from 'restify';
import { buildAnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import {
  BUILT_IN_GROUP_IDS,
  EVENT_KINDS,
  localized,
  type CalendarEvent,
  type EventKind,
} from '@yhdistysyhteistyo/contract/events/model';
import type { Actor } from '@yhdistysyhteistyo/contract/events/lifecycle';
import type { Rsvp, RsvpCounts, RsvpRefusal } from '@yhdistysyhteistyo/contract/events/rsvp';
import {
  groupIdFrom,
  toWorkingGroup,
  workingGroupInputSchema,
  type WorkingGroup,
} from '@yhdistysyhteistyo/contract/events/working-groups';
import { StaleVersionError, type Versioned } from '../domain/errors';
import { EventsProblem, type EventsService } from '../domain/events-service';
import { eventIcs, yearFeedIcs } from '../domain/ics';
import {
  formatDateTime,
  isLocalDate,
  localToUtc,
  type Locale,
} from '@yhdistysyhteistyo/contract/time';
import {
  THEMES,
  wheelSvg,
  wheelTextAlternative,
  type Theme,
} from '@yhdistysyhteistyo/contract/wheel';
import { isLocale, t } from '@yhdistysyhteistyo/contract/i18n';
import type { EventsStore, FeedSecretStore } from '../storage/events-store';
import type { RsvpStore } from '../storage/rsvp-store';
import { RsvpContentionError } from '../storage/rsvp-store';
import { DuplicateGroupError, type WorkingGroupsStore } from '../storage/working-groups-store';
import { requestContext } from './context';
import { ApiError, notFound } from './errors';
import { handle } from './handler';
import type { RouteModule } from './server';
import { eventIcsParts, feedParts, sign, verify, wheelPngParts } from './signed-links';
import { authenticate, secured, type AuthDeps, type UserContext } from './user-context';
import { wheelPng } from './wheel-png';

export interface EventsRoutesDeps extends AuthDeps {
  readonly service: EventsService;
  readonly events: Pick<EventsStore, 'list' | 'get'>;
  readonly rsvps: Pick<RsvpStore, 'counts' | 'mine' | 'list'>;
  readonly groups: Pick<WorkingGroupsStore, 'get' | 'list' | 'create' | 'replace' | 'delete'>;
  readonly feedSecret: Pick<FeedSecretStore, 'current' | 'rotate'>;
  /** Public address of the server for links, when configured; else the request's own host. */
  readonly publicUrl?: string;
  readonly clock: () => Date;
}

export type EventView = CalendarEvent & {
  readonly etag: string;
  readonly counts?: RsvpCounts;
  /** A signed link to the .ics that works without sign-in (for cards and e-mail). */
  readonly icsUrl: string;
};

const isCoordinator = (user: UserContext) => user.roles.coordinator;
/** Coordinators and contact persons see names and content wishes; others their own answer. */
const seesAnswers = (user: UserContext) => user.roles.coordinator || user.roles.units.length > 0;
const actor = (user: UserContext): Actor => ({ id: user.identity.upn });

function requireCoordinator(user: UserContext): void {
  if (!isCoordinator(user)) throw new ApiError(403, 'forbidden', 'error.forbidden');
}

function ifMatch(req: Request): string {
  const etag = req.header('if-match');
  if (!etag) throw new ApiError(428, 'precondition_required', 'error.preconditionRequired');
  return etag;
}

function param(req: Request, name: string): string {
  const params = req.params as Record<string, unknown> | undefined;
  const value = params?.[name];
  return typeof value === 'string' ? value : '';
}

function query(req: Request, name: string): string | undefined {
  const q = req.query as Record<string, unknown> | undefined;
  const value = q?.[name];
  return typeof value === 'string' ? value : undefined;
}

function yearParam(req: Request): number {
  const raw = query(req, 'year') ?? '';
  const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!(year >= 2000 && year <= 2100)) {
    throw new ApiError(400, 'validation', 'error.validation', {}, { year: 'events.error.year' });
  }
  return year;
}

function baseUrl(deps: EventsRoutesDeps, req: Request): string {
  if (deps.publicUrl) return deps.publicUrl.replace(/\/$/, '');
  const host = req.header('host') || 'localhost';
  return `http://${host}`;
}

function uidDomain(deps: EventsRoutesDeps, req: Request): string {
  return new URL(baseUrl(deps, req)).hostname;
}

/** 409 with the stored version (or null when it is gone), so the tab can show what changed. */
function conflict(current: unknown): ApiError {
  return new ApiError(409, 'conflict', 'error.conflict', {}, undefined, current);
}

/** Maps the service's own refusals; anything else goes on to the common error mapping. */
function mapProblem(error: unknown): unknown {
  if (error instanceof EventsProblem) {
    return new ApiError(error.status, error.code, error.messageKey, {}, error.fields);
  }
  if (error instanceof DuplicateGroupError) {
    return new ApiError(
      409,
      'duplicate_name',
      'events.error.groupExists',
      {},
      {
        'name.fi': 'events.error.groupExists',
      },
    );
  }
  if (error instanceof RsvpContentionError) {
    return new ApiError(503, 'busy', 'error.storageUnavailable');
  }
  return error;
}

const REFUSAL_CODES: Record<RsvpRefusal, [number, string]> = {
  'events.rsvp.notEvening': [400, 'not_an_evening'],
  'events.rsvp.notOpen': [409, 'registration_not_open'],
  'events.rsvp.cancelled': [409, 'event_cancelled'],
  'events.rsvp.closed': [409, 'registration_closed'],
  'events.rsvp.full': [409, 'event_full'],
};

/** The refusal of an answer as the API's error, the deadline in the reader's words. */
export function refusalError(
  refusal: RsvpRefusal,
  event: CalendarEvent | undefined,
  locale: Locale,
): ApiError {
  const [status, code] = REFUSAL_CODES[refusal];
  const deadline =
    event?.kind === 'evening' ? formatDateTime(event.registrationDeadline, locale) : '';
  return new ApiError(status, code, refusal, { deadline });
}

/** A CSV cell: quoted, and a leading = + - @ defused so a spreadsheet shows it as text. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function rsvpCsv(rsvps: readonly Rsvp[], locale: Locale): string {
  const header = [
    t(locale, 'events.csv.name'),
    t(locale, 'events.csv.answer'),
    t(locale, 'events.csv.association'),
    t(locale, 'events.csv.contentWish'),
    t(locale, 'events.csv.answeredAt'),
  ];
  const rows = rsvps.map((r) => [
    r.name,
    t(locale, `events.answer.${r.answer}`),
    r.association,
    r.contentWish,
    formatDateTime(r.answeredAt, locale),
  ]);
  return `\ufeff${[header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

function fileName(title: string, ext: string): string {
  const slug = groupIdFrom(title).slice(0, 40) || 'tapahtuma';
  return `${slug}.${ext}`;
}

export function eventsRoutes(deps: EventsRoutesDeps): RouteModule {
  const view = async (
    req: Request,
    found: Versioned<CalendarEvent>,
    withCounts = true,
  ): Promise<EventView> => {
    const secret = (await deps.feedSecret.current()).secret;
    const icsUrl = `${baseUrl(deps, req)}/api/v1/events/${encodeURIComponent(found.value.id)}/event.ics?sig=${sign(secret, ...eventIcsParts(found.value.id))}`;
    const counts =
      withCounts && found.value.kind === 'evening'
        ? await deps.rsvps.counts(found.value.id)
        : undefined;
    return { ...found.value, etag: found.etag, icsUrl, ...(counts ? { counts } : {}) };
  };

  /** Loads an event the user may see: drafts are the coordinators' own. */
  const visible = async (user: UserContext, id: string): Promise<Versioned<CalendarEvent>> => {
    const found = await deps.events.get(id);
    if (!found || (found.value.state === 'draft' && !isCoordinator(user))) throw notFound();
    return found;
  };

  const secure = (fn: (req: Request, res: Response, user: UserContext) => Promise<void>) =>
    secured(deps, async (req, res, user) => {
      try {
        await fn(req, res, user);
      } catch (error) {
        if (error instanceof StaleVersionError) {
          const current = error.current as Versioned<CalendarEvent> | null;
          throw conflict(current ? await view(req, current) : null);
        }
        throw mapProblem(error);
      }
    });

  const feedUrl = async (req: Request, year: number) => {
    const secret = await deps.feedSecret.current();
    const url = `${baseUrl(deps, req)}/api/v1/calendar.ics?year=${year}&sig=${sign(secret.secret, ...feedParts(year))}`;
    return { url, rotatedAt: secret.rotatedAt };
  };

  return (server: Server) => {
    // ---------------------------------------------------------------- events
    server.get(
      '/api/v1/events',
      secure(async (req, res, user) => {
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
        if (from !== undefined)
          q.from = isLocalDate(from) ? localToUtc(`${from}T00:00`) : bad('from');
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
        const found = await deps.events.list(q);
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
        const found = await visible(user, param(req, 'id'));
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

    // ---------------------------------------------------------------- answers
    server.get(
      '/api/v1/events/:id/rsvps',
      secure(async (req, res, user) => {
        const found = await visible(user, param(req, 'id'));
        const id = found.value.id;
        const [counts, mine] = await Promise.all([
          deps.rsvps.counts(id),
          deps.rsvps.mine(id, user.identity.oid),
        ]);
        const items = seesAnswers(user) ? await deps.rsvps.list(id) : undefined;
        res.send(200, { counts, ...(mine ? { mine } : {}), ...(items ? { items } : {}) });
      }),
    );

    server.put(
      '/api/v1/events/:id/rsvps',
      secure(async (req, res, user) => {
        const id = param(req, 'id');
        await visible(user, id);
        const outcome = await deps.service.answer(
          id,
          { id: user.identity.oid, name: user.identity.name },
          req.body as unknown,
          'tab',
        );
        if (!outcome.ok)
          throw refusalError(outcome.refusal, outcome.event, requestContext(req).locale);
        res.send(200, { rsvp: outcome.rsvp, counts: outcome.counts });
      }),
    );

    server.get(
      '/api/v1/events/:id/rsvps.csv',
      secure(async (req, res, user) => {
        if (!seesAnswers(user)) throw new ApiError(403, 'forbidden', 'error.forbidden');
        const found = await visible(user, param(req, 'id'));
        const locale = requestContext(req).locale;
        const csv = rsvpCsv(await deps.rsvps.list(found.value.id), locale);
        const name = fileName(localized(found.value.title, locale), 'csv');
        res.sendRaw(200, csv, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'no-store',
        });
      }),
    );

    // Signed (from a card or an e-mail) or signed in; drafts only for coordinators.
    server.get(
      '/api/v1/events/:id/event.ics',
      handle(async (req, res) => {
        const id = param(req, 'id');
        const sig = query(req, 'sig');
        let found: Versioned<CalendarEvent> | undefined;
        if (sig !== undefined) {
          const secret = (await deps.feedSecret.current()).secret;
          if (!verify(secret, sig, ...eventIcsParts(id))) {
            throw new ApiError(403, 'bad_signature', 'events.error.feedSignature');
          }
          found = await deps.events.get(id);
          if (!found || found.value.state === 'draft') throw notFound();
        } else {
          found = await visible(await authenticate(deps, req, res), id);
        }
        if (!found) throw notFound();
        const locale = localeOf(req);
        const text = eventIcs(found.value, { locale, uidDomain: uidDomain(deps, req) });
        res.sendRaw(200, text, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': `attachment; filename="${fileName(localized(found.value.title, locale), 'ics')}"`,
        });
      }),
    );

    // ---------------------------------------------------------------- working groups
    const groupConflict = async (fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        if (error instanceof StaleVersionError) {
          const current = error.current as Versioned<WorkingGroup> | null;
          throw conflict(current ? { ...current.value, etag: current.etag } : null);
        }
        if (error instanceof DuplicateGroupError) {
          throw new ApiError(
            409,
            'duplicate_name',
            'events.error.groupExists',
            {},
            { 'name.fi': 'events.error.groupExists' },
          );
        }
        throw error;
      }
    };

    server.get(
      '/api/v1/working-groups',
      secure(async (_req, res) => {
        const items = (await deps.groups.list()).map((g) => ({ ...g.value, etag: g.etag }));
        res.send(200, { items });
      }),
    );

    server.post(
      '/api/v1/working-groups',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const input = workingGroupInputSchema.parse(req.body);
        const existing = await deps.groups.list();
        const sameName = (g: WorkingGroup) =>
          g.name.fi.trim().toLowerCase() === input.name.fi.trim().toLowerCase();
        if (existing.some((g) => sameName(g.value))) throw new DuplicateGroupError();
        let id = groupIdFrom(input.name.fi);
        if (existing.some((g) => g.value.id === id)) id = `${id}-${existing.length + 1}`;
        await groupConflict(async () => {
          const saved = await deps.groups.create(
            toWorkingGroup(input, { id, builtIn: false, now: deps.clock(), by: actor(user) }),
          );
          res.header('ETag', saved.etag);
          res.send(201, { ...saved.value, etag: saved.etag });
        });
      }),
    );

    server.get(
      '/api/v1/working-groups/:id',
      secure(async (req, res) => {
        const found = await deps.groups.get(param(req, 'id'));
        if (!found) throw notFound();
        res.header('ETag', found.etag);
        res.send(200, { ...found.value, etag: found.etag });
      }),
    );

    server.put(
      '/api/v1/working-groups/:id',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const etag = ifMatch(req);
        const found = await deps.groups.get(param(req, 'id'));
        if (!found) throw notFound();
        const input = workingGroupInputSchema.parse(req.body);
        const others = (await deps.groups.list()).filter((g) => g.value.id !== found.value.id);
        if (
          others.some(
            (g) => g.value.name.fi.trim().toLowerCase() === input.name.fi.trim().toLowerCase(),
          )
        ) {
          throw new DuplicateGroupError();
        }
        await groupConflict(async () => {
          const saved = await deps.groups.replace(
            toWorkingGroup(input, {
              id: found.value.id,
              builtIn: found.value.builtIn,
              now: deps.clock(),
              by: actor(user),
              previous: found.value,
            }),
            etag,
          );
          res.header('ETag', saved.etag);
          res.send(200, { ...saved.value, etag: saved.etag });
        });
      }),
    );

    server.del(
      '/api/v1/working-groups/:id',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const etag = ifMatch(req);
        const found = await deps.groups.get(param(req, 'id'));
        if (!found) throw notFound();
        if (
          found.value.builtIn ||
          (BUILT_IN_GROUP_IDS as readonly string[]).includes(found.value.id)
        ) {
          throw new ApiError(409, 'built_in', 'events.error.builtInGroup');
        }
        const meetings = await deps.events.list({ kind: 'meeting' });
        if (
          meetings.some(
            (m) => m.value.kind === 'meeting' && m.value.workingGroupId === found.value.id,
          )
        ) {
          throw new ApiError(409, 'in_use', 'events.error.groupInUse');
        }
        await groupConflict(() => deps.groups.delete(found.value.id, etag));
        res.send(204);
      }),
    );

    // ---------------------------------------------------------------- the annual calendar
    const yearEvents = async (year: number) =>
      (
        await deps.events.list({
          from: localToUtc(`${year}-01-01T00:00`),
          to: localToUtc(`${year + 1}-01-01T00:00`),
        })
      ).map((e) => e.value);

    server.get(
      '/api/v1/calendar',
      secure(async (req, res, user) => {
        const year = yearParam(req);
        const locale = requestContext(req).locale;
        const calendar = buildAnnualCalendar(year, await yearEvents(year), {
          includeDrafts: isCoordinator(user),
        });
        res.send(200, { ...calendar, textAlternative: wheelTextAlternative(calendar, locale) });
      }),
    );

    server.get(
      '/api/v1/calendar.svg',
      secure(async (req, res, user) => {
        const year = yearParam(req);
        const themeParam = query(req, 'theme') ?? 'light';
        if (!(THEMES as readonly string[]).includes(themeParam)) {
          throw new ApiError(
            400,
            'validation',
            'error.validation',
            {},
            { theme: 'events.error.textInvalid' },
          );
        }
        const calendar = buildAnnualCalendar(year, await yearEvents(year), {
          includeDrafts: isCoordinator(user),
          includeCancelled: false,
        });
        const svg = wheelSvg(calendar, { theme: themeParam as Theme, locale: localeOf(req) });
        res.sendRaw(200, svg, {
          'Content-Type': 'image/svg+xml; charset=utf-8',
          'Cache-Control': 'private, max-age=60',
          'X-Content-Type-Options': 'nosniff',
        });
      }),
    );

    // Teams fetches card images without the user's token: the link is signed and expires.
    server.get(
      '/api/v1/calendar.png',
      handle(async (req, res) => {
        const year = yearParam(req);
        const lang = localeOf(req);
        const exp = Number(query(req, 'exp') ?? '');
        const secret = (await deps.feedSecret.current()).secret;
        const valid =
          Number.isInteger(exp) &&
          exp * 1000 > deps.clock().getTime() &&
          verify(secret, query(req, 'sig'), ...wheelPngParts(year, lang, exp));
        if (!valid) throw new ApiError(403, 'bad_signature', 'events.error.feedSignature');
        const calendar = buildAnnualCalendar(year, await yearEvents(year), {
          includeDrafts: false,
          includeCancelled: false,
        });
        res.sendRaw(200, wheelPng(calendar, lang), {
          'Content-Type': 'image/png',
          'Cache-Control': 'public, max-age=300',
        });
      }),
    );

    // The feed Outlook subscribes to: no bearer token; the signature is the authorization.
    server.get(
      '/api/v1/calendar.ics',
      handle(async (req, res) => {
        const year = yearParam(req);
        const secret = (await deps.feedSecret.current()).secret;
        if (!verify(secret, query(req, 'sig'), ...feedParts(year))) {
          requestContext(req).log.info({ year }, 'calendar feed refused: bad or revoked signature');
          throw new ApiError(403, 'bad_signature', 'events.error.feedSignature');
        }
        const text = yearFeedIcs(year, await yearEvents(year), {
          locale: localeOf(req),
          uidDomain: uidDomain(deps, req),
        });
        res.sendRaw(200, text, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': `inline; filename="vuosikello-${year}.ics"`,
          'Cache-Control': 'private, max-age=300',
        });
      }),
    );

    server.get(
      '/api/v1/calendar/feed',
      secure(async (req, res) => {
        res.send(200, await feedUrl(req, yearParam(req)));
      }),
    );

    server.post(
      '/api/v1/calendar/feed/rotate',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const year = yearParam(req);
        await deps.feedSecret.rotate(user.identity.upn, deps.clock());
        requestContext(req).log.info({ by: user.identity.oid }, 'calendar feed secret rotated');
        res.send(200, await feedUrl(req, year));
      }),
    );
  };
}

/** `?lang=fi|en` (feeds and images have no Accept-Language worth trusting), else the header's. */
function localeOf(req: Request): Locale {
  const lang = query(req, 'lang');
  return isLocale(lang) ? lang : requestContext(req).locale;
}

/** A signed link to the wheel picture for a card; expires, and dies with the secret. */
export function wheelImageUrl(
  base: string,
  secret: string,
  year: number,
  lang: Locale,
  expires: number,
): string {
  return `${base.replace(/\/$/, '')}/api/v1/calendar.png?year=${year}&lang=${lang}&exp=${expires}&sig=${sign(secret, ...wheelPngParts(year, lang, expires))}`;
}
