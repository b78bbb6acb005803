/**
 * Builds the scheduled posts from what is stored now: reminders of meetings and evenings (the
 * card is `cards/reminder.ts`) and the monthly and annual calendar posts. A post about
 * something cancelled, deleted or moved is `gone`.
 */
import type { CalendarListItem } from '../domain/bot-readers';
import type {
  CalendarEvent,
  Evening,
  LocalizedText,
  Meeting,
} from '@yhdistysyhteistyo/contract/events/model';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { localeFrom, t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { calendarCard } from '../cards/calendar';
import { attachment, card, heading, type AdaptiveCard } from '../cards/common';
import { reminderCard, type ReminderCard, type ReminderData } from '../cards/reminder';
import { lastDay, surveyCard, type SurveyCard } from '../cards/survey';
import { windowState, type Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import type {
  ConversationTarget,
  OutgoingActivity,
  PostPayload,
  PostRenderer,
  RsvpAnswer,
  Target,
} from '../delivery/ports';

export interface EventReader {
  get(id: string): Promise<{ readonly value: CalendarEvent } | undefined>;
}

export interface AnswerReader {
  /** One person's answer to an evening (a point read). */
  mine(
    eventId: string,
    userId: string,
  ): Promise<{ readonly userId: string; readonly answer: RsvpAnswer } | undefined>;
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

/** Surveys, for the opening card and the reminder. */
export interface SurveyReader {
  get(id: string): Promise<{ readonly value: Survey } | undefined>;
}

export interface CalendarItemsReader {
  itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]>;
}

function message(content: ReminderCard | AdaptiveCard | SurveyCard): OutgoingActivity {
  return { type: 'message', attachments: [attachment(content as AdaptiveCard)] };
}

/** Members who are in Teams (an Entra object id or a UPN) can be mentioned; others are left out. */
function inTeams(members: readonly GroupMemberLike[]): { id: string; name: string }[] {
  return members.flatMap((m) => {
    const id = m.aadId ?? m.upn;
    return m.kind === 'user' && id ? [{ id, name: m.name }] : [];
  });
}

export class CardPostRenderer implements PostRenderer {
  constructor(
    private readonly deps: {
      readonly events: EventReader;
      readonly groups: GroupsReader;
      /** @mention the working group's members who are in Teams in channel reminders (default on). */
      readonly mentionMembers?: boolean;
      readonly calendar: CalendarItemsReader;
      readonly rsvps?: AnswerReader;
      readonly surveys?: SurveyReader;
      readonly now?: () => Date;
      /** The team's language for channel posts; Finnish when not set. */
      readonly channelLocale?: Locale;
    },
  ) {}

  async render(
    payload: PostPayload,
    target: Target,
    conversation: ConversationTarget,
  ): Promise<{ activity: OutgoingActivity } | { gone: true }> {
    // Personal chats speak the person's language; the channel the team's (Finnish by default).
    const locale: Locale =
      target.kind === 'personal'
        ? localeFrom(conversation.locale)
        : (this.deps.channelLocale ?? 'fi');
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
      case 'surveyOpen':
      case 'surveyReminder': {
        const survey = (await this.deps.surveys?.get(payload.surveyId))?.value;
        const now = this.deps.now?.() ?? new Date();
        // A survey closed (or back to nothing) since: nothing to answer any more.
        if (!survey || windowState(survey, now) !== 'open') return { gone: true };
        const notice =
          payload.kind === 'surveyReminder'
            ? {
                text: t(locale, 'surveys.card.reminder', { date: lastDay(survey, locale) }),
                good: false,
              }
            : undefined;
        return {
          activity: message(surveyCard({ survey, now, ...(notice ? { notice } : {}) }, locale)),
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
