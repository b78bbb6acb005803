/**
 * The annual calendar (vuosikello) and the links that work without a bearer token. The signed
 * ones (the calendar feed, an event's .ics opened from a card, the wheel image a card shows)
 * carry their authorization in their signature; the others need a signed-in user.
 *
 *   GET    /api/v1/calendar?year=                  → AnnualCalendar + text alternative
 *   GET    /api/v1/calendar.svg?year=&theme=light|dark|contrast
 *   GET    /api/v1/calendar.png?year=&lang=&exp=&sig=   (signed, expiring; for cards)
 *   GET    /api/v1/calendar.ics?year=&sig=[&lang=]      (signed feed; no personal data)
 *   GET    /api/v1/calendar/feed?year=             → {url, rotatedAt}
 *   POST   /api/v1/calendar/feed/rotate            → {url, rotatedAt} (coordinator; revokes)
 *   GET    /api/v1/events/:id/event.ics[?sig=]     → text/calendar (signed, or signed in)
 */
import { createHash } from 'node:crypto';
import type { Request, Server } from 'restify';
import { buildAnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import { localized, type CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import {
  THEMES,
  wheelSvg,
  wheelTextAlternative,
  type Theme,
} from '@yhdistysyhteistyo/contract/wheel';
import type { Versioned } from '../domain/errors';
import { eventIcs, yearFeedIcs } from '../domain/ics';
import { requestContext } from './context';
import { ApiError, notFound } from './errors';
import {
  baseUrl,
  fileName,
  isCoordinator,
  localeOf,
  param,
  query,
  requireCoordinator,
  securedArea,
  uidDomain,
  visibleEvent,
  yearParam,
  type EventsReader,
  type FeedSecretPort,
} from './events-common';
import { handle } from './handler';
import type { RouteModule } from './server';
import { rateLimit } from './rate-limits';
import { eventIcsParts, feedParts, feedUrl, verifySigned, wheelPngParts } from './signed-links';
import { authenticate, type AuthDeps } from './user-context';
import { wheelPng } from './wheel-png';

export interface CalendarRoutesDeps extends AuthDeps {
  readonly events: EventsReader;
  readonly feedSecret: FeedSecretPort;
  /** Public address of the server for links, when configured; else the request's own host. */
  readonly publicUrl?: string;
  readonly clock: () => Date;
}

export function calendarRoutes(deps: CalendarRoutesDeps): RouteModule {
  // Nothing here writes a versioned row.
  const secure = securedArea<unknown>(deps, () => null);

  const wheelCache = new Map<string, Buffer>();
  const yearEvents = async (year: number) =>
    (
      await deps.events.list({
        from: localToUtc(`${year}-01-01T00:00`),
        to: localToUtc(`${year + 1}-01-01T00:00`),
      })
    ).map((e) => e.value);

  const feedLink = async (req: Request, year: number) => {
    const secret = await deps.feedSecret.current();
    const url = feedUrl(baseUrl(deps.publicUrl, req), secret.secret, year);
    return { url, rotatedAt: secret.rotatedAt };
  };

  return (server: Server) => {
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
        rateLimit(req, res, 'wheel');
        const year = yearParam(req);
        const lang = localeOf(req);
        const exp = Number(query(req, 'exp') ?? '');
        const valid =
          Number.isInteger(exp) &&
          exp * 1000 > deps.clock().getTime() &&
          (await verifySigned(
            deps.feedSecret,
            query(req, 'sig'),
            ...wheelPngParts(year, lang, exp),
          ));
        if (!valid) throw new ApiError(403, 'bad_signature', 'events.error.feedSignature');
        const calendar = buildAnnualCalendar(year, await yearEvents(year), {
          includeDrafts: false,
          includeCancelled: false,
        });
        // Drawn once per year, language and version of what is drawn (a hash of it).
        const version = createHash('sha256').update(JSON.stringify(calendar)).digest('base64url');
        const key = `${year}|${lang}|${version}`;
        let png = wheelCache.get(key);
        if (!png) {
          png = wheelPng(calendar, lang);
          requestContext(req).log.debug({ year, lang }, 'wheel picture drawn');
          wheelCache.set(key, png);
          while (wheelCache.size > 24) {
            const oldest = wheelCache.keys().next().value;
            if (oldest === undefined) break;
            wheelCache.delete(oldest);
          }
        }
        res.sendRaw(200, png, {
          'Content-Type': 'image/png',
          'Cache-Control': 'public, max-age=300',
        });
      }),
    );

    // The feed Outlook subscribes to: no bearer token; the signature is the authorization.
    server.get(
      '/api/v1/calendar.ics',
      handle(async (req, res) => {
        rateLimit(req, res, 'feed');
        const year = yearParam(req);
        if (!(await verifySigned(deps.feedSecret, query(req, 'sig'), ...feedParts(year)))) {
          requestContext(req).log.info({ year }, 'calendar feed refused: bad or revoked signature');
          throw new ApiError(403, 'bad_signature', 'events.error.feedSignature');
        }
        const text = yearFeedIcs(year, await yearEvents(year), {
          locale: localeOf(req),
          uidDomain: uidDomain(deps.publicUrl, req),
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
        res.send(200, await feedLink(req, yearParam(req)));
      }),
    );

    server.post(
      '/api/v1/calendar/feed/rotate',
      secure(async (req, res, user) => {
        requireCoordinator(user);
        const year = yearParam(req);
        await deps.feedSecret.rotate(user.identity.upn, deps.clock());
        requestContext(req).log.info({ by: user.identity.oid }, 'calendar feed secret rotated');
        res.send(200, await feedLink(req, year));
      }),
    );

    // Signed (from a card or an e-mail) or signed in; drafts only for coordinators.
    server.get(
      '/api/v1/events/:id/event.ics',
      handle(async (req, res) => {
        rateLimit(req, res, 'feed');
        const id = param(req, 'id');
        const sig = query(req, 'sig');
        let found: Versioned<CalendarEvent> | undefined;
        if (sig !== undefined) {
          if (!(await verifySigned(deps.feedSecret, sig, ...eventIcsParts(id)))) {
            throw new ApiError(403, 'bad_signature', 'events.error.feedSignature');
          }
          found = await deps.events.get(id);
          if (!found || found.value.state === 'draft') throw notFound();
        } else {
          found = await visibleEvent(deps.events, await authenticate(deps, req, res), id);
        }
        const locale = localeOf(req);
        const text = eventIcs(found.value, { locale, uidDomain: uidDomain(deps.publicUrl, req) });
        res.sendRaw(200, text, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': `attachment; filename="${fileName(localized(found.value.title, locale), 'ics')}"`,
        });
      }),
    );
  };
}
