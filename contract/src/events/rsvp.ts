/**
 * RSVP answers to association evenings: the input, the counts, and when answers are taken.
 */
import { z } from 'zod';
import type { CalendarEvent } from './model';
import { MAX_TITLE } from './schemas';

export const RSVP_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export const MAX_CONTENT_WISH = 500;

export interface Rsvp {
  readonly eventId: string;
  /** The person's stable id (AAD object id); one answer per person per evening. */
  readonly userId: string;
  readonly name: string;
  readonly answer: RsvpAnswer;
  /** The association the person represents, as they wrote or chose it. */
  readonly association: string;
  /** Sisältötoive: what they wish the evening to cover. */
  readonly contentWish: string;
  readonly answeredAt: string;
  readonly via: 'card' | 'tab';
  /** The person's Teams user id (`29:…`) when they answered on a card: for the card's refresh. */
  readonly teamsId?: string;
}

/** Counts characters as people do (code points), so "ä" or an emoji is one. */
const maxChars = (max: number) => (v: string) => [...v].length <= max;

export const rsvpInputSchema = z.object({
  answer: z.enum(RSVP_ANSWERS, { error: 'events.error.answer' }),
  association: z
    .string({ error: 'events.error.textInvalid' })
    .trim()
    .refine(maxChars(MAX_TITLE), 'events.error.associationTooLong')
    .default(''),
  contentWish: z
    .string({ error: 'events.error.textInvalid' })
    .trim()
    .refine(maxChars(MAX_CONTENT_WISH), 'events.error.contentWishTooLong')
    .default(''),
});
export type RsvpInput = z.output<typeof rsvpInputSchema>;

export type RsvpRefusal =
  | 'events.rsvp.notEvening'
  | 'events.rsvp.notOpen'
  | 'events.rsvp.cancelled'
  | 'events.rsvp.closed'
  | 'events.rsvp.full';

export interface RsvpCounts {
  readonly yes: number;
  readonly maybe: number;
  readonly no: number;
  readonly total: number;
}

export function rsvpCounts(rsvps: readonly Pick<Rsvp, 'answer'>[]): RsvpCounts {
  const counts = { yes: 0, maybe: 0, no: 0 };
  for (const r of rsvps) counts[r.answer]++;
  return { ...counts, total: rsvps.length };
}

/** True while answers are taken: published, not cancelled, before the deadline. */
export function registrationOpen(event: CalendarEvent, now: Date): boolean {
  return (
    event.kind === 'evening' &&
    event.state === 'published' &&
    now.getTime() <= Date.parse(event.registrationDeadline)
  );
}

/**
 * Why an answer is refused, or undefined when it is taken. A "coming" answer beyond capacity is
 * refused; a person who is already coming keeps their place when they edit their wish.
 */
export function rsvpRefusal(
  event: CalendarEvent,
  now: Date,
  change: { readonly previous?: RsvpAnswer; readonly next: RsvpAnswer; readonly coming: number },
): RsvpRefusal | undefined {
  if (event.kind !== 'evening') return 'events.rsvp.notEvening';
  if (event.state === 'cancelled') return 'events.rsvp.cancelled';
  if (event.state !== 'published') return 'events.rsvp.notOpen';
  if (now.getTime() > Date.parse(event.registrationDeadline)) return 'events.rsvp.closed';
  if (
    event.capacity !== undefined &&
    change.next === 'yes' &&
    change.previous !== 'yes' &&
    change.coming >= event.capacity
  ) {
    return 'events.rsvp.full';
  }
  return undefined;
}

export function applyRsvp(
  input: RsvpInput,
  meta: {
    readonly eventId: string;
    readonly userId: string;
    readonly name: string;
    readonly now: Date;
    readonly via: Rsvp['via'];
    readonly teamsId?: string;
  },
): Rsvp {
  return {
    ...(meta.teamsId ? { teamsId: meta.teamsId } : {}),
    eventId: meta.eventId,
    userId: meta.userId,
    name: meta.name,
    answer: input.answer,
    association: input.association,
    contentWish: input.contentWish,
    answeredAt: meta.now.toISOString(),
    via: meta.via,
  };
}
