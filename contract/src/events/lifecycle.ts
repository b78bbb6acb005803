/**
 * An event's lifecycle as pure rules: created as a draft, edited, published, cancelled.
 */
import type { Audit, CalendarEvent, EventState } from './model';
import type { EventDraft } from './schemas';

export interface Actor {
  /** Stable id of the person (AAD object id or UPN), for audit fields. */
  readonly id: string;
}

/** A new event from a validated draft: always a draft first. */
export function createEvent(
  draft: EventDraft,
  meta: { readonly id: string; readonly now: Date; readonly by: Actor },
): CalendarEvent {
  const at = meta.now.toISOString();
  const audit: Audit = {
    createdAt: at,
    createdBy: meta.by.id,
    updatedAt: at,
    updatedBy: meta.by.id,
  };
  return { ...draft, id: meta.id, state: 'draft', ...audit };
}

export type ChangeRefusal = 'events.error.kindChange' | 'events.error.cancelledEdit';

/** The event after an edit: state and posting stay; the kind cannot change. */
export function applyEdit(
  existing: CalendarEvent,
  draft: EventDraft,
  meta: { readonly now: Date; readonly by: Actor },
): { ok: true; event: CalendarEvent } | { ok: false; problem: ChangeRefusal } {
  if (existing.kind !== draft.kind) return { ok: false, problem: 'events.error.kindChange' };
  if (existing.state === 'cancelled') return { ok: false, problem: 'events.error.cancelledEdit' };
  const keep = {
    id: existing.id,
    state: existing.state,
    createdAt: existing.createdAt,
    createdBy: existing.createdBy,
    updatedAt: meta.now.toISOString(),
    updatedBy: meta.by.id,
    ...(existing.kind === 'evening' && existing.posting ? { posting: existing.posting } : {}),
  };
  return { ok: true, event: { ...draft, ...keep } as CalendarEvent };
}

export type PublishRefusal =
  | 'events.error.cancelledEdit'
  | 'events.error.alreadyPublished'
  | 'events.error.placeRequired'
  | 'events.error.deadlinePassed';

/** Why a draft cannot be published yet, or undefined when it can. */
export function publishRefusal(event: CalendarEvent, now: Date): PublishRefusal | undefined {
  if (event.state === 'cancelled') return 'events.error.cancelledEdit';
  if (event.state === 'published') return 'events.error.alreadyPublished';
  if (event.kind === 'evening') {
    if (!event.place.teamsUrl && !event.place.address) return 'events.error.placeRequired';
    if (!event.record && Date.parse(event.registrationDeadline) < now.getTime()) {
      return 'events.error.deadlinePassed';
    }
  }
  return undefined;
}

export function withState(
  event: CalendarEvent,
  state: EventState,
  meta: { readonly now: Date; readonly by: Actor },
): CalendarEvent {
  return { ...event, state, updatedAt: meta.now.toISOString(), updatedBy: meta.by.id };
}
