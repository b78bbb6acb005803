/**
 * What the routes of the year's events share (events, answers, working groups, the calendar
 * and its feeds): the read ports they take, who may do what, request parameters, and the
 * mapping of the domain's refusals to the API's error shape.
 */
import type { Request, Response } from 'restify';
import type { CalendarEvent, EventKind } from '@yhdistysyhteistyo/contract/events/model';
import type { Actor } from '@yhdistysyhteistyo/contract/events/lifecycle';
import type { Rsvp, RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import { groupIdFrom } from '@yhdistysyhteistyo/contract/events/working-groups';
import { isLocale } from '@yhdistysyhteistyo/contract/i18n';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import {
  DuplicateGroupError,
  RsvpContentionError,
  StaleVersionError,
  type Versioned,
} from '../domain/errors';
import { EventsProblem } from '../domain/events-service';
import { WorkingGroupsProblem } from '../domain/working-groups-service';
import { requestContext } from './context';
import { ApiError, notFound } from './errors';
import { secured, type AuthDeps, type UserContext } from './user-context';

/** The events as stored: a period's list (a series in every year it has meetings) and one by id. */
export interface EventsReader {
  list(query?: {
    /** UTC ISO; events that end after it. */
    readonly from?: string;
    /** UTC ISO; events that start before it. */
    readonly to?: string;
    readonly kind?: EventKind;
  }): Promise<readonly Versioned<CalendarEvent>[]>;
  get(id: string): Promise<Versioned<CalendarEvent> | undefined>;
}

/** The answers to an evening. */
export interface AnswersReader {
  counts(eventId: string): Promise<RsvpCounts>;
  mine(eventId: string, userId: string): Promise<Rsvp | undefined>;
  list(eventId: string): Promise<readonly Rsvp[]>;
}

/** The key that signs the links that work without sign-in; rotating it revokes them all. */
export interface FeedSecretPort {
  current(): Promise<{ readonly secret: string; readonly rotatedAt: string }>;
  rotate(by: string, now: Date): Promise<unknown>;
  /** Whether `check` accepts the secret, checked before any storage read (see signed-links). */
  verify(check: (secret: string) => boolean): Promise<boolean>;
}

export const isCoordinator = (user: UserContext) => user.roles.coordinator;
/** Coordinators and contact persons see names and content wishes; others their own answer. */
export const seesAnswers = (user: UserContext) =>
  user.roles.coordinator || user.roles.units.length > 0;
export const actor = (user: UserContext): Actor => ({ id: user.identity.upn });

export function requireCoordinator(user: UserContext): void {
  if (!isCoordinator(user)) throw new ApiError(403, 'forbidden', 'error.forbidden');
}

export function ifMatch(req: Request): string {
  const etag = req.header('if-match');
  if (!etag) throw new ApiError(428, 'precondition_required', 'error.preconditionRequired');
  return etag;
}

export function param(req: Request, name: string): string {
  const params = req.params as Record<string, unknown> | undefined;
  const value = params?.[name];
  return typeof value === 'string' ? value : '';
}

export function query(req: Request, name: string): string | undefined {
  const q = req.query as Record<string, unknown> | undefined;
  const value = q?.[name];
  return typeof value === 'string' ? value : undefined;
}

export function yearParam(req: Request): number {
  const raw = query(req, 'year') ?? '';
  const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!(year >= 2000 && year <= 2100)) {
    throw new ApiError(400, 'validation', 'error.validation', {}, { year: 'events.error.year' });
  }
  return year;
}

/** `?lang=fi|en` (feeds and images have no Accept-Language worth trusting), else the header's. */
export function localeOf(req: Request): Locale {
  const lang = query(req, 'lang');
  return isLocale(lang) ? lang : requestContext(req).locale;
}

/** The configured public address of the server for links; else the request's own host. */
export function baseUrl(publicUrl: string | undefined, req: Request): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const host = req.header('host') || 'localhost';
  return `http://${host}`;
}

export function uidDomain(publicUrl: string | undefined, req: Request): string {
  return new URL(baseUrl(publicUrl, req)).hostname;
}

export function fileName(title: string, ext: string): string {
  const slug = groupIdFrom(title).slice(0, 40) || 'tapahtuma';
  return `${slug}.${ext}`;
}

/** Loads an event the user may see: drafts are the coordinators' own. */
export async function visibleEvent(
  events: Pick<EventsReader, 'get'>,
  user: UserContext,
  id: string,
): Promise<Versioned<CalendarEvent>> {
  const found = await events.get(id);
  if (!found || (found.value.state === 'draft' && !isCoordinator(user))) throw notFound();
  return found;
}

/** 409 with the stored version (or null when it is gone), so the tab can show what changed. */
export function conflict(current: unknown): ApiError {
  return new ApiError(409, 'conflict', 'error.conflict', {}, undefined, current);
}

/** Maps the domain's own refusals; anything else goes on to the common error mapping. */
export function mapDomainError(error: unknown): unknown {
  if (error instanceof EventsProblem || error instanceof WorkingGroupsProblem) {
    const fields = error instanceof EventsProblem ? error.fields : undefined;
    return new ApiError(error.status, error.code, error.messageKey, {}, fields);
  }
  if (error instanceof DuplicateGroupError) {
    return new ApiError(
      409,
      'duplicate_name',
      'events.error.groupExists',
      {},
      { 'name.fi': 'events.error.groupExists' },
    );
  }
  if (error instanceof RsvpContentionError) {
    return new ApiError(503, 'busy', 'error.storageUnavailable');
  }
  return error;
}

type SignedInRoute = (req: Request, res: Response, user: UserContext) => Promise<void>;

/**
 * Signed-in routes of one area: a stale version becomes 409 with the stored one as the area
 * shows it (`current`), and the domain's refusals their API errors.
 */
export function securedArea<T>(
  deps: AuthDeps,
  current: (req: Request, stored: Versioned<T>) => unknown,
): (fn: SignedInRoute) => ReturnType<typeof secured> {
  return (fn) =>
    secured(deps, async (req, res, user) => {
      try {
        await fn(req, res, user);
      } catch (error) {
        if (error instanceof StaleVersionError) {
          const stored = error.current as Versioned<T> | null;
          throw conflict(stored ? await current(req, stored) : null);
        }
        throw mapDomainError(error);
      }
    });
}
