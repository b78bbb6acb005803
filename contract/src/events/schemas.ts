/**
 * Input schemas of events: what a person may set, validated and normalized. Input times are
 * Helsinki wall clock (`YYYY-MM-DDTHH:mm`, as a datetime-local field gives them). Validation
 * messages are keys of `i18n/events.ts`.
 */
import { isOccurrence, parseRule, ruleOccurs, type Recurrence } from '../recurrence';
import { isLocalDate, LOCAL_DATE, parseLocal, utcToLocal, type LocalDateTime } from '../time';
import { z } from 'zod';
import type {
  AgendaItem,
  Audit,
  CalendarEvent,
  CalendarItem,
  Evening,
  Meeting,
  Place,
} from './model';
import { COLOURS, DEFAULT_COLOUR, ITEM_CATEGORIES } from './model';
import { leadTimesInput } from './lead-times';

export const MAX_TITLE = 200;
export const MAX_TEXT = 4000;
const MAX_AGENDA = 30;

export const requiredText = (max: number) =>
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

export const optionalLocalized = (max: number) =>
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
  leadTimes: leadTimesInput.nullish(),
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
        ...(input.leadTimes ? { leadTimes: input.leadTimes } : {}),
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
  if (!ruleOccurs(parsed.parts, firstStart)) {
    issue(['recurrence', 'rule'], 'security.recurrence.never');
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
