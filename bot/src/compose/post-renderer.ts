/**
 * Builds the scheduled posts from what is stored now: reminders of meetings and evenings (the
 * card is `cards/reminder.ts`), the monthly and annual calendar posts, and an evening's
 * invitation, its updates in place and its notices. A post about something cancelled, deleted
 * or moved is `gone`; an update of an invitation that is not out yet `wait`s for it.
 */
import type { CalendarListItem } from '../domain/bot-readers';
import type {
  CalendarEvent,
  Evening,
  LocalizedText,
  Meeting,
  Posting,
} from '@yhdistysyhteistyo/contract/events/model';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { localeFrom, t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { calendarCard } from '../cards/calendar';
import { changeNoticeText } from '../cards/invitation';
import { attachment, card, heading, type AdaptiveCard } from '../cards/common';
import { reminderCard, type ReminderData } from '../cards/reminder';
import { lastDay, surveyCard } from '../cards/survey';
import { surveyResultsCard } from '../cards/survey-results';
import { windowState, type Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import type { SurveyResults } from '@yhdistysyhteistyo/contract/surveys/results';
import type {
  ConversationTarget,
  OutgoingActivity,
  PostPayload,
  PostRenderer,
  Rendered,
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

/** Surveys, for the opening card, the reminder and the results card. */
export interface SurveyReader {
  get(id: string): Promise<{ readonly value: Survey } | undefined>;
  /** The survey with its results now (from the running tally); throws when it is not there. */
  results?(
    id: string,
  ): Promise<{ readonly survey: { readonly value: Survey }; readonly results: SurveyResults }>;
}

/** An evening's invitation: its channel card, and where its post went once it went. */
export interface InvitationCardsPort {
  /** The shared card of the evening for the channel, as it is now. */
  card(event: Evening, conversation: ConversationTarget): Promise<unknown>;
  /** Keeps where the post went (ETag-checked), so its updates edit the same card. */
  posted(eveningId: string, posting: Posting): Promise<void>;
}

/** The yearly stale-data reminder of a contact person's units. */
export interface StaleDataCardsPort {
  stale(units: readonly string[]): Promise<readonly unknown[]>;
  card(units: readonly string[], locale: Locale): Promise<unknown>;
}

export interface CalendarItemsReader {
  itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]>;
}

function message(content: unknown): OutgoingActivity {
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
      /** Invitations; without it their rows fail to render (and are retried). */
      readonly invitations?: InvitationCardsPort;
      /** The yearly stale-data reminder; without it its rows fail to render. */
      readonly staleData?: StaleDataCardsPort;
    },
  ) {}

  async sent(payload: PostPayload, conversation: ConversationTarget, activityId: string) {
    if (payload.kind !== 'invitation') return;
    const now = this.deps.now?.() ?? new Date();
    await this.invitations().posted(payload.eveningId, {
      conversationId: conversation.conversationId,
      activityId,
      postedAt: now.toISOString(),
    });
  }

  private invitations(): InvitationCardsPort {
    if (!this.deps.invitations) throw new Error('no invitation cards to render with');
    return this.deps.invitations;
  }

  /**
   * An invitation row: the post (an edit in place when the card is already out, e.g. a second
   * publish), an update of the card in place, or a notice in its thread. Read fresh, not cached:
   * the row must show the evening as it is when it goes out.
   */
  private async invitation(
    payload: Extract<PostPayload, { eveningId: string; kind: `invitation${string}` }>,
    conversation: ConversationTarget,
  ): Promise<Rendered> {
    const event = (await this.deps.events.get(payload.eveningId))?.value;
    if (!event || event.kind !== 'evening' || event.state === 'draft') return { gone: true };
    const posting = event.posting;
    if (payload.kind === 'invitation' && !posting) {
      // A card is never posted for an evening already cancelled.
      if (event.state !== 'published') return { gone: true };
      return { activity: message(await this.invitations().card(event, conversation)) };
    }
    if (!posting) return { wait: true };
    const at = { activityId: posting.activityId, conversationId: posting.conversationId };
    if (payload.kind === 'invitationNotice') {
      const locale = this.deps.channelLocale ?? 'fi';
      return {
        activity: { type: 'message', text: changeNoticeText(event, payload.change, locale) },
        placement: { kind: 'reply', ...at },
      };
    }
    return {
      activity: message(await this.invitations().card(event, conversation)),
      placement: { kind: 'update', ...at },
    };
  }

  async render(
    payload: PostPayload,
    target: Target,
    conversation: ConversationTarget,
  ): Promise<Rendered> {
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
      case 'surveyResults': {
        const survey = (await this.deps.surveys?.get(payload.surveyId))?.value;
        if (!survey || survey.state === 'draft' || !this.deps.surveys?.results)
          return { gone: true };
        const { results } = await this.deps.surveys.results(payload.surveyId);
        return { activity: message(surveyResultsCard({ survey, results }, locale)) };
      }
      case 'invitation':
      case 'invitationUpdate':
      case 'invitationNotice':
        return this.invitation(payload, conversation);
      case 'staleData': {
        const cards = this.deps.staleData;
        if (!cards) throw new Error('no stale-data cards to render with');
        // Checked since it was queued: nothing to remind of any more.
        if ((await cards.stale(payload.units)).length === 0) return { gone: true };
        return { activity: message(await cards.card(payload.units, locale)) };
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
