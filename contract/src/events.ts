/**
 * The year's events: association evenings (with RSVP), working groups and their meetings, and
 * other calendar items. Types, input schemas and the pure rules; no storage, HTTP or Teams.
 * Input times are Helsinki wall clock (`YYYY-MM-DDTHH:mm`, as a datetime-local field gives
 * them); stored times are UTC ISO instants. Validation messages are keys of `i18n/events.ts`.
 */
import { z } from 'zod';
import { isOccurrence, parseRule, type Recurrence } from './recurrence';
import {
  isLocalDate,
  LOCAL_DATE,
  parseLocal,
  utcToLocal,
  type Locale,
  type LocalDateTime,
} from './time';

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

// ---------------------------------------------------------------------------------------------
// Input schemas

const MAX_TITLE = 200;
const MAX_TEXT = 4000;
const MAX_AGENDA = 30;

const requiredText = (max: number) =>
  z
    .string({ error: 'events.error.required' })
    .trim()
    .min(1, 'events.error.required')
    .max(max, 'events.error.textTooLong');
const optionalText = (max: number) =>
  z
    .string({ error: 'events.error.textInvalid' })
    .trim()
    .max(max, 'events.error.textTooLong')
    .default('');

export const localizedInput = (max = MAX_TITLE) =>
  z.object({ fi: requiredText(max), en: optionalText(max) }, { error: 'events.error.required' });

const optionalLocalized = (max: number) =>
  z
    .object({ fi: optionalText(max), en: optionalText(max) }, { error: 'events.error.textInvalid' })
    .default({ fi: '', en: '' });

const localTimeString = z.string({ error: 'events.error.timeFormat' }).trim();

const placeInput = z
  .object(
    {
      teamsUrl: z
        .string({ error: 'events.error.teamsUrl' })
        .trim()
        .max(2000, 'events.error.teamsUrl')
        .optional()
        .refine((v) => v === undefined || v === '' || isHttpsUrl(v), 'events.error.teamsUrl'),
      address: z
        .string({ error: 'events.error.textInvalid' })
        .trim()
        .max(300, 'events.error.textTooLong')
        .optional(),
    },
    { error: 'events.error.textInvalid' },
  )
  .default({})
  .transform((p): Place => ({
    ...(p.teamsUrl ? { teamsUrl: p.teamsUrl } : {}),
    ...(p.address ? { address: p.address } : {}),
  }));

const hhmm = z
  .string({ error: 'events.error.agendaTime' })
  .trim()
  .regex(/^([01]?\d|2[0-3])[.:]([0-5]\d)$/, 'events.error.agendaTime')
  .transform((v) => {
    const [h = '0', m = '00'] = v.split(/[.:]/);
    return `${h.padStart(2, '0')}:${m}`;
  });

const agendaInput = z
  .array(
    z.object(
      {
        start: hhmm,
        end: hhmm.optional(),
        title: localizedInput(),
        unitId: z.string().trim().max(64, 'events.error.textTooLong').optional(),
      },
      { error: 'events.error.textInvalid' },
    ),
    { error: 'events.error.textInvalid' },
  )
  .max(MAX_AGENDA, 'events.error.agendaTooMany')
  .default([]);

const recurrenceInput = z.object(
  {
    rule: z.string({ error: 'events.error.ruleSyntax' }).trim().max(300, 'events.error.ruleSyntax'),
    exdates: z.array(localTimeString).max(100, 'events.error.ruleLimit').default([]),
    moved: z
      .array(z.object({ original: localTimeString, start: localTimeString, end: localTimeString }))
      .max(100, 'events.error.ruleLimit')
      .default([]),
  },
  { error: 'events.error.ruleSyntax' },
);

const common = {
  title: localizedInput(),
  description: optionalLocalized(MAX_TEXT),
  start: localTimeString,
  end: localTimeString,
  place: placeInput,
  record: z.boolean({ error: 'events.error.textInvalid' }).default(false),
};

const eveningInput = z.object({
  kind: z.literal('evening'),
  ...common,
  host: requiredText(MAX_TITLE),
  agenda: agendaInput,
  registrationDeadline: localTimeString,
  capacity: z
    .number({ error: 'events.error.capacity' })
    .int('events.error.capacity')
    .min(1, 'events.error.capacity')
    .max(100_000, 'events.error.capacity')
    .nullish(),
  channelId: z.string().trim().max(300, 'events.error.textTooLong').nullish(),
});

const meetingInput = z.object({
  kind: z.literal('meeting'),
  ...common,
  workingGroupId: z
    .string({ error: 'events.error.workingGroup' })
    .trim()
    .min(1, 'events.error.workingGroup')
    .max(64, 'events.error.workingGroup'),
  host: optionalText(MAX_TITLE),
  agenda: agendaInput,
  recurrence: recurrenceInput.nullish(),
});

const itemInput = z.object({
  kind: z.literal('item'),
  ...common,
  category: z.enum(ITEM_CATEGORIES, { error: 'events.error.category' }),
  colour: z.enum(COLOURS, { error: 'events.error.colour' }).nullish(),
  allDay: z.boolean({ error: 'events.error.textInvalid' }).default(false),
});

const rawEventInput = z.discriminatedUnion('kind', [eveningInput, meetingInput, itemInput], {
  error: 'events.error.kind',
});

/** The validated, normalized content of a create or update: what a person may set. */
export type EventDraft =
  | Omit<Evening, keyof Audit | 'id' | 'state' | 'posting'>
  | Omit<Meeting, keyof Audit | 'id' | 'state'>
  | Omit<CalendarItem, keyof Audit | 'id' | 'state'>;

export interface ValidationContext {
  readonly now: Date;
  /** On update: the stored event. A time that has not changed may stay in the past. */
  readonly previous?: CalendarEvent;
}

/** Longest evening or meeting; longer spans are calendar items. */
const MAX_EVENT_HOURS = 24;
const MAX_ITEM_DAYS = 366;

/**
 * The schema for creating or replacing an event. Every rule that needs the clock (`now`) or the
 * stored version is here, so the API, the tab and the tests validate the same way.
 */
export function eventInputSchema(ctx: ValidationContext) {
  return rawEventInput.transform((input, zctx): EventDraft => {
    const issue = (path: (string | number)[], message: string) => {
      zctx.addIssue({ code: 'custom', path, message, input });
    };
    const allDay = input.kind === 'item' && input.allDay;
    const start = allDay ? parseDate(input.start, false) : parseLocalField(input.start);
    const end = allDay ? parseDate(input.end, true) : parseLocalField(input.end);
    if (typeof start === 'string' && start.startsWith('events.')) issue(['start'], start);
    if (typeof end === 'string' && end.startsWith('events.')) issue(['end'], end);
    const startUtc = isInstant(start) ? start : undefined;
    const endUtc = isInstant(end) ? end : undefined;
    // Agenda times are checked against a span only when the span itself is right.
    let spanOk = false;
    if (startUtc && endUtc) {
      const span = Date.parse(endUtc) - Date.parse(startUtc);
      spanOk = span > 0;
      if (span <= 0) issue(['end'], 'events.error.endBeforeStart');
      else if (input.kind !== 'item' && span > MAX_EVENT_HOURS * 3_600_000) {
        issue(['end'], 'events.error.tooLong');
      } else if (span > MAX_ITEM_DAYS * 86_400_000) issue(['end'], 'events.error.tooLong');
      const unchanged = ctx.previous?.start === startUtc && ctx.previous.end === endUtc;
      // Items (a survey window) may have begun; what must not be past is their end.
      const checked = input.kind === 'item' ? endUtc : startUtc;
      if (!input.record && !unchanged && Date.parse(checked) < ctx.now.getTime()) {
        issue([input.kind === 'item' ? 'end' : 'start'], 'events.error.inPast');
      }
    }
    const base = {
      title: input.title,
      description: input.description,
      start: startUtc ?? '',
      end: endUtc ?? '',
      place: input.place,
      record: input.record,
    };
    if (input.kind === 'evening') {
      const deadline = parseLocalField(input.registrationDeadline);
      if (!isInstant(deadline)) issue(['registrationDeadline'], deadline);
      else if (startUtc && Date.parse(deadline) >= Date.parse(startUtc)) {
        issue(['registrationDeadline'], 'events.error.deadlineAfterStart');
      }
      if (spanOk) checkAgenda(input.agenda, startUtc, endUtc, issue);
      return {
        kind: 'evening',
        ...base,
        host: input.host,
        agenda: input.agenda.map(agendaItem),
        registrationDeadline: isInstant(deadline) ? deadline : '',
        ...(input.capacity != null ? { capacity: input.capacity } : {}),
        ...(input.channelId ? { channelId: input.channelId } : {}),
      };
    }
    if (input.kind === 'meeting') {
      if (spanOk) checkAgenda(input.agenda, startUtc, endUtc, issue);
      let recurrence: Recurrence | undefined;
      if (input.recurrence && startUtc) {
        recurrence = checkRecurrence(input.recurrence, utcToLocal(startUtc), issue);
      }
      return {
        kind: 'meeting',
        ...base,
        workingGroupId: input.workingGroupId,
        host: input.host,
        agenda: input.agenda.map(agendaItem),
        ...(recurrence ? { recurrence } : {}),
      };
    }
    return {
      kind: 'item',
      ...base,
      category: input.category,
      colour: input.colour ?? DEFAULT_COLOUR[input.category],
      allDay: input.allDay,
    };
  });
}

type Issue = (path: (string | number)[], message: string) => void;

function parseLocalField(value: string): string {
  const parsed = parseLocal(value);
  return parsed.ok ? parsed.utc : parsed.problem;
}

/** A date field of an all-day item; the end date counts whole, so it ends at the next midnight. */
function parseDate(value: string, endOfDay: boolean): string {
  const date = LOCAL_DATE.exec(value) ? value : undefined;
  if (!date || !isLocalDate(date)) return 'events.error.dateFormat';
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0)));
  return parseLocalField(`${day.toISOString().slice(0, 10)}T00:00`);
}

function isInstant(value: string | undefined): value is string {
  return value !== undefined && !value.startsWith('events.');
}

function agendaItem(a: AgendaInput): AgendaItem {
  return {
    start: a.start,
    ...(a.end ? { end: a.end } : {}),
    title: a.title,
    ...(a.unitId ? { unitId: a.unitId } : {}),
  };
}
type AgendaInput = z.output<typeof agendaInput>[number];

/** Agenda times lie within the event (on its first day, in Helsinki wall clock). */
function checkAgenda(
  agenda: readonly AgendaInput[],
  startUtc: string | undefined,
  endUtc: string | undefined,
  issue: Issue,
): void {
  if (!startUtc || !endUtc) return;
  const startLocal = utcToLocal(startUtc);
  const endLocal = utcToLocal(endUtc);
  const day = startLocal.slice(0, 10);
  agenda.forEach((a, i) => {
    const at = `${day}T${a.start}`;
    if (at < startLocal || at > endLocal)
      issue(['agenda', i, 'start'], 'events.error.agendaOutside');
    if (a.end !== undefined) {
      const until = `${day}T${a.end}`;
      if (until <= at) issue(['agenda', i, 'end'], 'events.error.endBeforeStart');
      else if (until > endLocal) issue(['agenda', i, 'end'], 'events.error.agendaOutside');
    }
  });
}

function checkRecurrence(
  input: {
    rule: string;
    exdates: string[];
    moved: { original: string; start: string; end: string }[];
  },
  firstStart: LocalDateTime,
  issue: Issue,
): Recurrence | undefined {
  const parsed = parseRule(input.rule);
  if (!parsed.ok) {
    issue(['recurrence', 'rule'], parsed.problem);
    return undefined;
  }
  const rule = parsed.canonical;
  let ok = true;
  input.exdates.forEach((d, i) => {
    if (!isOccurrence({ start: firstStart }, rule, d)) {
      issue(['recurrence', 'exdates', i], 'events.error.notOccurrence');
      ok = false;
    }
  });
  input.moved.forEach((m, i) => {
    if (!isOccurrence({ start: firstStart }, rule, m.original)) {
      issue(['recurrence', 'moved', i, 'original'], 'events.error.notOccurrence');
      ok = false;
    }
    const s = parseLocal(m.start);
    const e = parseLocal(m.end);
    if (!s.ok) issue(['recurrence', 'moved', i, 'start'], s.problem);
    if (!e.ok) issue(['recurrence', 'moved', i, 'end'], e.problem);
    if (s.ok && e.ok && Date.parse(e.utc) <= Date.parse(s.utc)) {
      issue(['recurrence', 'moved', i, 'end'], 'events.error.endBeforeStart');
    }
    ok &&= s.ok && e.ok;
  });
  if (!ok) return undefined;
  return { rule, exdates: [...new Set(input.exdates)].sort(), moved: input.moved };
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

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

// ---------------------------------------------------------------------------------------------
// RSVP

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

// ---------------------------------------------------------------------------------------------
// Working groups

export type GroupMember =
  | {
      readonly kind: 'user';
      readonly name: string;
      /** A person in Teams: by UPN (e-mail form) and/or AAD object id. */
      readonly upn?: string;
      readonly aadId?: string;
    }
  | {
      readonly kind: 'representative';
      readonly name: string;
      /** The association they represent: an id in the register or a free name. */
      readonly associationId?: string;
      readonly association?: string;
    };

export interface ContactPerson {
  readonly name: string;
  readonly upn?: string;
  readonly aadId?: string;
}

export interface WorkingGroup extends Audit {
  readonly id: string;
  readonly name: LocalizedText;
  readonly purpose: LocalizedText;
  /** One of the four of the operating model. */
  readonly builtIn: boolean;
  readonly members: readonly GroupMember[];
  readonly contact?: ContactPerson;
  readonly unitId?: string;
  readonly active: boolean;
}

const MAX_MEMBERS = 200;
const upn = z.email('events.error.upn').max(320, 'events.error.upn');
const aadId = z
  .string()
  .trim()
  .regex(/^[0-9a-f-]{36}$/i, 'events.error.aadId');

const memberInput = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('user'),
        name: requiredText(MAX_TITLE),
        upn: upn.optional(),
        aadId: aadId.optional(),
      })
      .refine((m) => m.upn !== undefined || m.aadId !== undefined, {
        message: 'events.error.memberId',
        path: ['upn'],
      }),
    z.object({
      kind: z.literal('representative'),
      name: requiredText(MAX_TITLE),
      associationId: z.string().trim().max(64, 'events.error.textTooLong').optional(),
      association: z.string().trim().max(MAX_TITLE, 'events.error.textTooLong').optional(),
    }),
  ],
  { error: 'events.error.memberKind' },
);

export const workingGroupInputSchema = z.object({
  name: localizedInput(),
  purpose: optionalLocalized(MAX_TEXT),
  members: z.array(memberInput).max(MAX_MEMBERS, 'events.error.tooManyMembers').default([]),
  contact: z.object(
    { name: requiredText(MAX_TITLE), upn: upn.optional(), aadId: aadId.optional() },
    { error: 'events.error.contactRequired' },
  ),
  unitId: z.string().trim().max(64, 'events.error.textTooLong').optional(),
  active: z.boolean({ error: 'events.error.textInvalid' }).default(true),
});
export type WorkingGroupInput = z.output<typeof workingGroupInputSchema>;

/** A group id from its Finnish name: "Nuorten tilat" → "nuorten-tilat". */
export function groupIdFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug === '' ? 'ryhma' : slug;
}

export function toWorkingGroup(
  input: WorkingGroupInput,
  meta: {
    readonly id: string;
    readonly builtIn: boolean;
    readonly now: Date;
    readonly by: Actor;
    readonly previous?: WorkingGroup;
  },
): WorkingGroup {
  const at = meta.now.toISOString();
  return {
    id: meta.id,
    name: input.name,
    purpose: input.purpose,
    builtIn: meta.builtIn,
    members: input.members.map((m): GroupMember => strip(m)),
    contact: strip(input.contact),
    ...(input.unitId ? { unitId: input.unitId } : {}),
    active: input.active,
    createdAt: meta.previous?.createdAt ?? at,
    createdBy: meta.previous?.createdBy ?? meta.by.id,
    updatedAt: at,
    updatedBy: meta.by.id,
  };
}

/** Drops absent optional fields, so stored JSON has no `undefined` holes. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
