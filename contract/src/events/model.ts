/**
 * The year's events: association evenings (with RSVP), working-group meetings and other
 * calendar items, as stored. Stored times are UTC ISO instants.
 */
import type { Recurrence } from '../recurrence';
import type { LeadTime } from './lead-times';
import type { Locale } from '../time';

export const EVENT_KINDS = ['evening', 'meeting', 'item'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATES = ['draft', 'published', 'cancelled'] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** Kinds of "other calendar items". */
export const ITEM_CATEGORIES = ['grant', 'survey', 'steering', 'network', 'other'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** Every category the annual calendar shows: evenings, working-group meetings and the items. */
export const CALENDAR_CATEGORIES = ['evening', 'meeting', ...ITEM_CATEGORIES] as const;
export type CalendarCategory = (typeof CALENDAR_CATEGORIES)[number];

/**
 * Colours are named tokens, not hex: each theme has its own value for each token, chosen to meet
 * contrast on that theme's background (see `wheel.ts`).
 */
export const COLOURS = [
  'blue',
  'green',
  'orange',
  'purple',
  'red',
  'teal',
  'magenta',
  'brown',
] as const;
export type Colour = (typeof COLOURS)[number];

export const DEFAULT_COLOUR: Readonly<Record<CalendarCategory, Colour>> = {
  evening: 'blue',
  meeting: 'green',
  grant: 'orange',
  survey: 'purple',
  steering: 'red',
  network: 'teal',
  other: 'brown',
};

/** The four working groups of the operating model; coordinators add more. */
export const BUILT_IN_GROUP_IDS = ['tilat', 'viestinta', 'tapahtumat', 'avustukset'] as const;

export interface LocalizedText {
  readonly fi: string;
  /** Empty when there is no English text; readers then see the Finnish one. */
  readonly en: string;
}

/** The text in the reader's language, falling back to Finnish. */
export function localized(text: LocalizedText, locale: Locale): string {
  return locale === 'en' && text.en.trim() !== '' ? text.en : text.fi;
}

export interface Place {
  /** Teams meeting join link (https). */
  readonly teamsUrl?: string;
  /** Street address; with a Teams link the event is hybrid. */
  readonly address?: string;
}

export function isHybrid(place: Place): boolean {
  return place.teamsUrl !== undefined && place.address !== undefined;
}

export interface AgendaItem {
  /** Helsinki wall clock on the event's day, `HH:mm`. */
  readonly start: string;
  readonly end?: string;
  readonly title: LocalizedText;
  /** A unit's own session; without it the item is joint (e.g. the joint opening). */
  readonly unitId?: string;
}

export interface Audit {
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

interface EventCommon extends Audit {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  /** UTC ISO instants. For an all-day item, `end` is 00.00 Helsinki time of the day after. */
  readonly start: string;
  readonly end: string;
  readonly place: Place;
  readonly state: EventState;
  /** A record of something already held: the "not in the past" rule does not apply. */
  readonly record: boolean;
}

/** Where the invitation card was posted, so edits and cancelling update it in place. */
export interface Posting {
  readonly conversationId: string;
  readonly activityId: string;
  readonly postedAt: string;
}

export interface Evening extends EventCommon {
  readonly kind: 'evening';
  readonly host: string;
  readonly agenda: readonly AgendaItem[];
  readonly registrationDeadline: string;
  readonly capacity?: number;
  /** The channel (conversation id) to post to; the team's chosen channel when absent. */
  readonly channelId?: string;
  readonly posting?: Posting;
}

export interface Meeting extends EventCommon {
  readonly kind: 'meeting';
  readonly workingGroupId: string;
  readonly host: string;
  readonly agenda: readonly AgendaItem[];
  /** First occurrence is `start`–`end`; the rule repeats it in Helsinki wall-clock time. */
  readonly recurrence?: Recurrence;
  /** When this meeting's reminders go; the group's lead times (or the defaults) when absent. */
  readonly leadTimes?: readonly LeadTime[];
}

export interface CalendarItem extends EventCommon {
  readonly kind: 'item';
  readonly category: ItemCategory;
  readonly colour: Colour;
  readonly allDay: boolean;
}

export type CalendarEvent = Evening | Meeting | CalendarItem;

export function categoryOf(event: CalendarEvent): CalendarCategory {
  return event.kind === 'item' ? event.category : event.kind;
}

export function colourOf(event: CalendarEvent): Colour {
  return event.kind === 'item' ? event.colour : DEFAULT_COLOUR[event.kind];
}
