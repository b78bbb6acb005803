/**
 * Where delivery meets the stores: the schedule from the events and RSVP stores, and the
 * conversations from the installation store. Each adapter reads through a narrow structural
 * port (the stores satisfy them as they are), so delivery's core knows its own ports only.
 */
import type { CalendarEvent, Meeting } from '@yhdistysyhteistyo/contract/events/model';
import { occurrences } from '@yhdistysyhteistyo/contract/recurrence';
import { minutesBetween, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import type {
  ConversationDirectory,
  ConversationTarget,
  LeadTime,
  RsvpAnswer,
  ScheduleSnapshot,
  ScheduleSource,
  ScheduledEvening,
  ScheduledMeeting,
  ScheduledSurvey,
} from '../delivery/ports';
import { surveyPlan } from '../delivery/due';
import type { Audience } from '@yhdistysyhteistyo/contract/surveys/model';
import { inAudience, type AudienceFacts } from '@yhdistysyhteistyo/contract/surveys/audience';
import {
  baseConversationId,
  channelKey,
  conversationIdOf,
  type ConversationKind,
  type Installation,
  type InstallationStore,
} from '../domain/installations';

export interface EventsListReader {
  list(query: {
    readonly from?: string;
    readonly to?: string;
  }): Promise<readonly { readonly value: CalendarEvent }[]>;
}

export interface RsvpReader {
  list(
    eventId: string,
  ): Promise<readonly { readonly userId: string; readonly answer: RsvpAnswer }[]>;
}

/** The working groups, for their own lead times. */
export interface GroupsReader {
  list(): Promise<
    readonly {
      readonly value: {
        readonly id: string;
        readonly leadTimes?: readonly LeadTime[];
        readonly channelId?: string;
      };
    }[]
  >;
}

/** Opened surveys, and whether a person has answered one (for reminders). */
export interface SurveysReader {
  list(): Promise<
    readonly {
      readonly value: {
        readonly id: string;
        readonly state: string;
        readonly opensAt: string;
        readonly closesAt: string;
        readonly openedAt?: string;
        readonly updatedAt: string;
        readonly audience: Audience;
      };
    }[]
  >;
  hasAnswered(surveyId: string, respondent: { kind: 'person'; id: string }): Promise<boolean>;
}

/**
 * Who is who for a survey's audience, by the keyed hash of a person's address (the same hash
 * the installation keeps of the address Teams told at install; no address is kept there).
 */
export interface AudienceReader {
  /** The people with a city role in the register (coordinators, contact persons). */
  cityRoles(): Promise<ReadonlyMap<string, 'coordinator' | 'contact'>>;
  /** The associations' contact persons. */
  associationContacts(): Promise<ReadonlySet<string>>;
}

/** What is known of the person of a personal chat, for `inAudience`. */
export async function audienceFacts(
  chats: readonly Pick<Installation, 'userAadObjectId' | 'guest' | 'addressKey'>[],
  reader: AudienceReader | undefined,
): Promise<Map<string, AudienceFacts>> {
  const [roles, contacts] = reader
    ? await Promise.all([reader.cityRoles(), reader.associationContacts()])
    : [new Map<string, 'coordinator' | 'contact'>(), new Set<string>()];
  const out = new Map<string, AudienceFacts>();
  for (const chat of chats) {
    if (!chat.userAadObjectId) continue;
    const role = chat.addressKey ? roles.get(chat.addressKey) : undefined;
    out.set(chat.userAadObjectId, {
      ...(role ? { cityRole: role } : {}),
      ...(chat.guest !== undefined ? { guest: chat.guest } : {}),
      ...(chat.addressKey && contacts.has(chat.addressKey) ? { associationContact: true } : {}),
    });
  }
  return out;
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
      readonly events: EventsListReader;
      readonly rsvps: RsvpReader;
      readonly installations: InstallationsReader;
      /** Without it every meeting has its own lead times or the defaults. */
      readonly groups?: GroupsReader;
      /** Told about an event whose reminders cannot be computed (it is left out). */
      readonly onProblem?: (eventId: string, error: unknown) => void;
      readonly surveys?: SurveysReader;
      /** Who has a city role and who is an association's contact person, for survey audiences. */
      readonly audience?: AudienceReader;
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
    // A meeting's own lead times win, then its group's; neither means the defaults.
    const groupLeads = new Map<string, readonly LeadTime[]>();
    const groupChannels = new Map<string, string>();
    if (this.deps.groups && events.some((e) => e.value.kind === 'meeting')) {
      for (const { value: group } of await this.deps.groups.list()) {
        if (group.leadTimes) groupLeads.set(group.id, group.leadTimes);
        if (group.channelId) groupChannels.set(group.id, group.channelId);
      }
    }
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
        const leadTimes = event.leadTimes ?? groupLeads.get(event.workingGroupId);
        const channelId = groupChannels.get(event.workingGroupId);
        for (const o of series) {
          if (!inWindow(o.start)) continue;
          meetings.push({
            ...o,
            ...(leadTimes ? { leadTimes } : {}),
            ...(channelId ? { channelId } : {}),
          });
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
    const surveys = await this.surveys(window, personal);
    return { meetings, evenings, personalChats, ...(surveys.length > 0 ? { surveys } : {}) };
  }

  /**
   * Opened surveys whose posts can fall in the window. Who has answered is read only when the
   * reminder is near (a point read per person with the app), not on every tick of the window.
   */
  private async surveys(
    window: { readonly from: string; readonly to: string },
    chats: readonly Installation[],
  ): Promise<ScheduledSurvey[]> {
    if (!this.deps.surveys) return [];
    const out: ScheduledSurvey[] = [];
    let facts: Map<string, AudienceFacts> | undefined;
    for (const { value: s } of await this.deps.surveys.list()) {
      if (s.state !== 'open' || s.closesAt <= window.from || s.opensAt >= window.to) continue;
      facts ??= await audienceFacts(chats, this.deps.audience);
      const audience = new Set(
        [...facts].filter(([, who]) => inAudience(s.audience, who)).map(([id]) => id),
      );
      const base = {
        surveyId: s.id,
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        openedAt: s.openedAt ?? s.updatedAt,
      };
      const remind = surveyPlan(base).remind?.toMillis();
      const near =
        remind !== undefined &&
        remind > Date.parse(window.from) - 86_400_000 &&
        remind <= Date.parse(window.from) + 2 * 86_400_000;
      const answered = new Set<string>();
      if (near) {
        for (const id of audience) {
          if (await this.deps.surveys.hasAnswered(s.id, { kind: 'person', id })) answered.add(id);
        }
      }
      out.push({ ...base, answered, audience });
    }
    return out;
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

/** Conversations from the installation store: the team's chosen channel and personal chats. */
export class InstallationDirectory implements ConversationDirectory {
  private readonly installations: InstallationCache;

  constructor(
    private readonly store: InstallationsReader,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.installations = new InstallationCache(store, 5_000, () => clock().getTime());
  }

  async channel(channelId?: string): Promise<ConversationTarget | undefined> {
    // The app serves one team; if it was added to several, the latest install is the one,
    // unless the post names a channel of another team the app is in.
    const owning = (list: readonly Installation[]) =>
      list.find(
        (t) =>
          t.key.kind === 'team' &&
          (t.key.teamId === channelId || (t.channels ?? []).some((c) => c.id === channelId)),
      );
    let installed = await this.installations.list('team');
    if (channelId && !owning(installed)) {
      // A channel of a team installed a moment ago is not in the short-lived cache yet.
      this.installations.clear();
      installed = await this.installations.list('team');
    }
    const teams = [...installed].sort((a, b) =>
      (b.installedAt ?? '').localeCompare(a.installedAt ?? ''),
    );
    const owner = channelId ? owning(teams) : undefined;
    const team = owner ?? teams[0];
    if (!team || team.key.kind !== 'team') return undefined;
    const target = await this.store.postTarget(team.key.teamId);
    if (!target) return undefined;
    // A channel the team no longer has: the team's chosen channel, so the reminder still goes.
    const id = owner && channelId ? channelId : target.reference.conversation.id;
    return {
      conversationId: id,
      serviceUrl: target.reference.serviceUrl,
      reference: { ...target.reference, conversation: { ...target.reference.conversation, id } },
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
