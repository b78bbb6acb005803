/**
 * Where delivery meets the rest of the app: the schedule from the events and RSVP stores, the
 * conversations from the installation store, and the cards. Each adapter reads through a
 * narrow structural port (the stores satisfy them as they are), so delivery's core stays pure.
 */
import type { CalendarListItem } from '../domain/bot-readers';
import {
  categoryOf,
  type CalendarEvent,
  type Evening,
  type LocalizedText,
  type Meeting,
} from '@yhdistysyhteistyo/contract/events/model';
import {
  baseConversationId,
  channelKey,
  conversationIdOf,
  type ConversationKind,
  type Installation,
  type InstallationStore,
} from '../domain/installations';
import { occurrences } from '@yhdistysyhteistyo/contract/recurrence';
import { localToUtc, minutesBetween, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { localeFrom, t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { calendarCard } from '../cards/calendar';
import { attachment, card, heading, type AdaptiveCard } from '../cards/common';
import { reminderCard, type ReminderCard, type ReminderData } from '../cards/reminder';
import type {
  ConversationDirectory,
  ConversationTarget,
  OutgoingActivity,
  PostPayload,
  PostRenderer,
  RsvpAnswer,
  ScheduleSnapshot,
  ScheduleSource,
  ScheduledEvening,
  ScheduledMeeting,
  Target,
} from './ports';

export interface EventsReader {
  list(query: {
    readonly from?: string;
    readonly to?: string;
  }): Promise<readonly { readonly value: CalendarEvent }[]>;
  get(id: string): Promise<{ readonly value: CalendarEvent } | undefined>;
}

export interface AnswerReader {
  /** One person's answer to an evening (a point read). */
  mine(
    eventId: string,
    userId: string,
  ): Promise<{ readonly userId: string; readonly answer: RsvpAnswer } | undefined>;
}

export interface RsvpReader {
  list(
    eventId: string,
  ): Promise<readonly { readonly userId: string; readonly answer: RsvpAnswer }[]>;
}

/** A group member as the working-groups store keeps them; people in Teams have an id there. */
export interface GroupMemberLike {
  readonly kind: string;
  readonly name: string;
  readonly upn?: string;
  readonly aadId?: string;
}

export interface GroupsReader {
  get(id: string): Promise<
    | {
        readonly value: {
          readonly name: LocalizedText;
          readonly members?: readonly GroupMemberLike[];
        };
      }
    | undefined
  >;
}

export interface CalendarItemsReader {
  itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]>;
}

export type InstallationsReader = Pick<InstallationStore, 'listActive' | 'postTarget' | 'markGone'>;

/** Active installations of a kind, read at most once per `ttlMs` (a pass asks for many people). */
class InstallationCache {
  private readonly cache = new Map<
    ConversationKind,
    { at: number; rows: Promise<Installation[]> }
  >();

  constructor(
    private readonly store: InstallationsReader,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  list(kind: ConversationKind): Promise<Installation[]> {
    const hit = this.cache.get(kind);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.rows;
    const rows = this.store.listActive(kind);
    this.cache.set(kind, { at: this.now(), rows });
    // A failed read is not kept.
    rows.catch(() => this.cache.delete(kind));
    return rows;
  }

  clear(): void {
    this.cache.clear();
  }
}

/** The schedule from the events and RSVP stores: published meetings (series expanded) and evenings. */
export class EventScheduleSource implements ScheduleSource {
  private readonly installations: InstallationCache;

  constructor(
    private readonly deps: {
      readonly events: Pick<EventsReader, 'list'>;
      readonly rsvps: RsvpReader;
      readonly installations: InstallationsReader;
      /** Told about an event whose reminders cannot be computed (it is left out). */
      readonly onProblem?: (eventId: string, error: unknown) => void;
    },
  ) {
    this.installations = new InstallationCache(deps.installations, 5_000, Date.now);
  }

  async snapshot(window: {
    readonly from: string;
    readonly to: string;
  }): Promise<ScheduleSnapshot> {
    const events = await this.deps.events.list(window);
    const meetings: ScheduledMeeting[] = [];
    const evenings: ScheduledEvening[] = [];
    const inWindow = (iso: string) => iso >= window.from && iso < window.to;
    for (const { value: event } of events) {
      if (event.state !== 'published' || event.record) continue;
      if (event.kind === 'meeting') {
        let series: ScheduledMeeting[];
        try {
          series = meetingOccurrences(event, window);
        } catch (error) {
          // One broken series must not hold up every other post.
          this.deps.onProblem?.(event.id, error);
          continue;
        }
        for (const o of series) {
          if (inWindow(o.start)) meetings.push(o);
        }
      } else if (event.kind === 'evening' && inWindow(event.start)) {
        const answers = await this.deps.rsvps.list(event.id);
        evenings.push({
          eveningId: event.id,
          start: event.start,
          answers: answers.map((a) => ({ personId: a.userId, answer: a.answer })),
        });
      }
    }
    const personal = await this.installations.list('personal');
    const personalChats = new Set(
      personal.map((i) => i.userAadObjectId).filter((id): id is string => id !== undefined),
    );
    return { meetings, evenings, personalChats };
  }
}

function meetingOccurrences(
  event: Meeting,
  window: { readonly from: string; readonly to: string },
): ScheduledMeeting[] {
  const base = { meetingId: event.id, groupId: event.workingGroupId };
  if (!event.recurrence) {
    return [{ ...base, occurrenceId: utcToLocal(event.start), start: event.start }];
  }
  const series = {
    start: utcToLocal(event.start),
    durationMinutes: minutesBetween(event.start, event.end),
  };
  return occurrences(series, event.recurrence, window).map((o) => ({
    ...base,
    occurrenceId: o.original,
    start: o.start,
  }));
}

/**
 * The calendar's items of a period straight from the events store, for the monthly and annual
 * posts: published events, a meeting series as its occurrences.
 */
export class EventsCalendarReader implements CalendarItemsReader {
  constructor(private readonly events: Pick<EventsReader, 'list'>) {}

  async itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]> {
    const out: CalendarListItem[] = [];
    for (const { value: event } of await this.events.list({ from, to })) {
      if (event.state !== 'published') continue;
      const place = event.place.teamsUrl
        ? event.place.address
          ? 'hybrid'
          : 'teams'
        : (event.place.address ?? 'tbd');
      const host = event.kind === 'item' ? '' : event.host;
      const base = {
        id: event.id,
        category: categoryOf(event),
        title: event.title,
        host: { fi: host, en: host },
        place,
        state: event.state,
        ...(event.kind === 'meeting' ? { workingGroupId: event.workingGroupId } : {}),
      };
      let spans: readonly { readonly start: string; readonly end: string }[] = [
        { start: event.start, end: event.end },
      ];
      if (event.kind === 'meeting' && event.recurrence) {
        try {
          spans = occurrences(
            {
              start: utcToLocal(event.start),
              durationMinutes: minutesBetween(event.start, event.end),
            },
            event.recurrence,
            { from, to },
          );
        } catch {
          // A series whose rule cannot be read shows as its first meeting only.
        }
      }
      for (const span of spans) {
        if (span.end > from && span.start < to)
          out.push({ ...base, start: span.start, end: span.end });
      }
    }
    return out.sort((a, b) => a.start.localeCompare(b.start));
  }
}

/** Conversations from the installation store: the team's chosen channel and personal chats. */
export class InstallationDirectory implements ConversationDirectory {
  private readonly installations: InstallationCache;

  constructor(
    private readonly store: InstallationsReader,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.installations = new InstallationCache(store, 5_000, () => clock().getTime());
  }

  async channel(): Promise<ConversationTarget | undefined> {
    // The app serves one team; if it was added to several, the latest install is the one.
    const teams = (await this.installations.list('team')).sort((a, b) =>
      (b.installedAt ?? '').localeCompare(a.installedAt ?? ''),
    );
    const team = teams[0];
    if (!team || team.key.kind !== 'team') return undefined;
    const target = await this.store.postTarget(team.key.teamId);
    if (!target) return undefined;
    return {
      conversationId: target.reference.conversation.id,
      serviceUrl: target.reference.serviceUrl,
      reference: { ...target.reference },
      ...(target.reference.locale ? { locale: target.reference.locale } : {}),
    };
  }

  async personal(personId: string): Promise<ConversationTarget | undefined> {
    const chat = (await this.installations.list('personal')).find(
      (i) => i.userAadObjectId === personId,
    );
    if (!chat) return undefined;
    return {
      conversationId: conversationIdOf(chat.key),
      serviceUrl: chat.reference.serviceUrl,
      reference: { ...chat.reference },
      ...(chat.reference.locale ? { locale: chat.reference.locale } : {}),
    };
  }

  async markGone(conversationId: string, _code: string): Promise<void> {
    const at = this.clock().toISOString();
    const personal = (await this.installations.list('personal')).find(
      (i) => conversationIdOf(i.key) === conversationId,
    );
    if (personal) {
      await this.store.markGone(personal.key, at);
    } else {
      const id = baseConversationId(conversationId);
      const teams = await this.installations.list('team');
      const team = teams.find(
        (i) =>
          i.key.kind === 'team' &&
          (i.key.teamId === id || (i.channels ?? []).some((c) => c.id === id)),
      );
      if (team && team.key.kind === 'team')
        await this.store.markGone(channelKey(team.key.teamId, id), at);
    }
    this.installations.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// Cards

function message(content: ReminderCard | AdaptiveCard): OutgoingActivity {
  return { type: 'message', attachments: [attachment(content)] };
}

/** Members who are in Teams (an Entra object id or a UPN) can be mentioned; others are left out. */
function inTeams(members: readonly GroupMemberLike[]): { id: string; name: string }[] {
  return members.flatMap((m) => {
    const id = m.aadId ?? m.upn;
    return m.kind === 'user' && id ? [{ id, name: m.name }] : [];
  });
}

/** Builds the scheduled posts' cards. A post about something cancelled, deleted or moved is `gone`. */
export class CardPostRenderer implements PostRenderer {
  constructor(
    private readonly deps: {
      readonly events: Pick<EventsReader, 'get'>;
      readonly groups: GroupsReader;
      /** @mention the working group's members who are in Teams in channel reminders (default on). */
      readonly mentionMembers?: boolean;
      readonly calendar: CalendarItemsReader;
      readonly rsvps?: AnswerReader;
    },
  ) {}

  async render(
    payload: PostPayload,
    target: Target,
    conversation: ConversationTarget,
  ): Promise<{ activity: OutgoingActivity } | { gone: true }> {
    // Personal chats speak the person's language; the channel speaks Finnish first.
    const locale: Locale = target.kind === 'personal' ? localeFrom(conversation.locale) : 'fi';
    switch (payload.kind) {
      case 'meetingReminder': {
        const event = await this.live(payload.meetingId, 'meeting');
        if (!event || (!event.recurrence && event.start !== payload.start)) return { gone: true };
        const group = await this.deps.groups.get(payload.groupId);
        const mentions =
          target.kind === 'channel' && this.deps.mentionMembers !== false
            ? inTeams(group?.value.members ?? [])
            : [];
        return {
          activity: message(
            reminderCard(
              {
                ...reminderOf(event, payload.start, payload.daysBefore, target),
                ...(group ? { group: group.value.name } : {}),
                mentions,
              },
              locale,
            ),
          ),
        };
      }
      case 'eveningReminder': {
        const event = await this.live(payload.eveningId, 'evening');
        if (!event || event.start !== payload.start) return { gone: true };
        let answer: RsvpAnswer | undefined;
        if (target.kind === 'personal' && this.deps.rsvps) {
          answer = (await this.deps.rsvps.mine(event.id, target.personId))?.answer;
          if (answer === 'no' || answer === undefined) return { gone: true };
        }
        return {
          activity: message(
            reminderCard(
              {
                ...reminderOf(event, event.start, payload.daysBefore, target),
                ...(answer ? { answer } : {}),
              },
              locale,
            ),
          ),
        };
      }
      case 'monthly': {
        const bounds = monthBounds(payload.month);
        const items = await this.deps.calendar.itemsBetween(bounds.from, bounds.to);
        const calendar = calendarCard({ ...bounds, items }, locale);
        return {
          activity: {
            type: 'message',
            attachments: [
              attachment(
                card(
                  [heading(t(locale, 'delivery.card.monthTitle')), ...calendar.body],
                  calendar.actions ?? [],
                ),
              ),
            ],
          },
        };
      }
      case 'annual': {
        const bounds = {
          from: monthBounds(`${payload.year}-01`).from,
          to: monthBounds(`${payload.year + 1}-01`).from,
        };
        const items = await this.deps.calendar.itemsBetween(bounds.from, bounds.to);
        return {
          activity: {
            type: 'message',
            attachments: [attachment(calendarCard({ ...bounds, items }, locale))],
          },
        };
      }
    }
  }

  /** A pass renders many posts about the same event: read it once per couple of seconds. */
  private readonly eventCache = new Map<
    string,
    { at: number; event: Promise<{ readonly value: CalendarEvent } | undefined> }
  >();

  private read(id: string): Promise<{ readonly value: CalendarEvent } | undefined> {
    const now = Date.now();
    const hit = this.eventCache.get(id);
    if (hit && now - hit.at < 2_000) return hit.event;
    const event = this.deps.events.get(id);
    this.eventCache.set(id, { at: now, event });
    event.catch(() => this.eventCache.delete(id));
    if (this.eventCache.size > 1000) this.eventCache.clear();
    return event;
  }

  private async live<K extends 'meeting' | 'evening'>(
    id: string,
    kind: K,
  ): Promise<(K extends 'meeting' ? Meeting : Evening) | undefined> {
    const found = await this.read(id);
    const event = found?.value;
    if (!event || event.kind !== kind || event.state !== 'published') return undefined;
    return event as K extends 'meeting' ? Meeting : Evening;
  }
}

/** What every reminder card shows of its event. */
function reminderOf(
  event: Meeting | Evening,
  start: string,
  daysBefore: number,
  target: Target,
): ReminderData {
  return {
    kind: event.kind,
    title: event.title,
    description: event.description,
    place: event.place,
    start,
    daysBefore,
    audience: target.kind,
  };
}

/** The UTC instants of 00.00 Helsinki time on the first of `YYYY-MM` and of the next month. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: localToUtc(`${month}-01T00:00`), to: localToUtc(`${next}-01T00:00`) };
}
