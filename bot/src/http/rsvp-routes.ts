/**
 * Answers to evening invitations from the tab: the same service and record as the card's
 * buttons. Everyone signed in answers for themselves; coordinators and contact persons see who
 * answered what.
 *
 *   GET    /api/v1/events/:id/rsvps                → {counts, mine?, items?}
 *   PUT    /api/v1/events/:id/rsvps    RsvpInput   → {rsvp, counts}  (the caller's own answer)
 *   GET    /api/v1/events/:id/rsvps.csv            → text/csv (';', UTF-8 with BOM)
 */
import type { Server } from 'restify';
import { localized, type CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import type { Rsvp, RsvpRefusal } from '@yhdistysyhteistyo/contract/events/rsvp';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import { formatDateTime, type Locale } from '@yhdistysyhteistyo/contract/time';
import type { EventsService } from '../domain/events-service';
import { requestContext } from './context';
import { ApiError } from './errors';
import {
  fileName,
  param,
  seesAnswers,
  securedArea,
  visibleEvent,
  type AnswersReader,
  type EventsReader,
} from './events-common';
import { rateLimit } from './rate-limits';
import type { RouteModule } from './server';
import type { AuthDeps } from './user-context';

export interface RsvpRoutesDeps extends AuthDeps {
  readonly service: Pick<EventsService, 'answer'>;
  readonly events: Pick<EventsReader, 'get'>;
  readonly rsvps: AnswersReader;
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

export function rsvpRoutes(deps: RsvpRoutesDeps): RouteModule {
  // Answers carry no version of their own: nothing here is stale.
  const secure = securedArea<Rsvp>(deps, () => null);

  return (server: Server) => {
    server.get(
      '/api/v1/events/:id/rsvps',
      secure(async (req, res, user) => {
        const found = await visibleEvent(deps.events, user, param(req, 'id'));
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
        await visibleEvent(deps.events, user, id);
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
        rateLimit(req, res, 'export', user.identity.oid);
        const found = await visibleEvent(deps.events, user, param(req, 'id'));
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
  };
}
