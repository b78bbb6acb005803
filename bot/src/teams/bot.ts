/**
 * The bot's turn logic on botbuilder's TeamsActivityHandler.
 *
 * - Installation tracking: installationUpdate and conversationUpdate keep a reference to every
 *   team, channel, personal chat and group chat the app is in; removal marks it gone.
 * - Conversation: in a personal chat every message is for the bot; in channels and group chats
 *   only messages that mention it. The mention is stripped, the text matched to a command, and
 *   the answer is a card in the person's language (their choice, else Teams' locale, else fi).
 * - Every answer is computed within a deadline; a failure or a timeout gives the error card
 *   with the turn id as reference, and the log has the details.
 */
import { randomUUID } from 'node:crypto';
import {
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { withWheelImage } from '../cards/annual-calendar-wheel';
import { calendarCard } from '../cards/calendar';
import { attachment, CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/common';
import { contactsCard } from '../cards/contacts';
import { errorCard } from '../cards/error';
import { comingEventsCard } from '../cards/events';
import { helpCard } from '../cards/help';
import { houseRuleCard } from '../cards/house-rule';
import { houseRulesCard } from '../cards/house-rules';
import { languageChoiceCard } from '../cards/language';
import { noticeCard } from '../cards/notice';
import { rolesCard } from '../cards/roles';
import { unknownCommandCard } from '../cards/unknown';
import { isVerb, VERBS } from '../cards/verbs';
import { welcomePersonalCard } from '../cards/welcome-personal';
import { welcomeTeamCard } from '../cards/welcome-team';
import { workingGroupsCard } from '../cards/working-groups';
import type { CalendarListItem, CalendarReader, DirectoryReader } from '../domain/bot-readers';
import {
  HOUSE_RULE_KINDS,
  commandWord,
  parseCommand,
  type HouseRuleKind,
  type LanguageChoice,
  type ParsedCommand,
} from '../domain/commands';
import type { ContentReader } from '../domain/content';
import {
  baseConversationId,
  type ChannelInfo,
  type ConversationKey,
  type ConversationRef,
  type InstallationStore,
} from '../domain/installations';
import { replyLanguage, type PreferenceStore } from '../domain/preferences';
import { localToUtc, helsinkiParts } from '@yhdistysyhteistyo/contract/time';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';
import { asNewPost, type PostResult } from './proactive';
import type { CalendarImage, CardInvokeHandler } from './events-glue';

/** turnState key of the id that ties a turn's log lines, error reference and HTTP request. */
export const TURN_ID = Symbol('turnId');

/** What the bot asks the Teams connector during a turn; a port so tests can answer for it. */
export interface TeamsLookup {
  /** The team's channels (General has the team's id and no name). */
  channels(context: TurnContext, teamId: string): Promise<ChannelInfo[]>;
  /** The person's user principal name (e-mail form), when Teams tells it. */
  userPrincipalName(context: TurnContext, userId: string): Promise<string | undefined>;
}

export const connectorLookup: TeamsLookup = {
  async channels(context, teamId) {
    const list = await TeamsInfo.getTeamChannels(context, teamId);
    return list
      .filter((c): c is typeof c & { id: string } => typeof c.id === 'string' && c.id !== '')
      .map((c) => (c.name ? { id: c.id, name: c.name } : { id: c.id }));
  },
  async userPrincipalName(context, userId) {
    const member = await TeamsInfo.getMember(context, userId);
    return member.userPrincipalName ?? member.email ?? undefined;
  },
};

export interface BotDeps {
  readonly installations: InstallationStore;
  readonly preferences: PreferenceStore;
  readonly content: ContentReader;
  readonly calendar: CalendarReader;
  readonly directory: DirectoryReader;
  readonly teams: TeamsLookup;
  readonly publisher: {
    postToTeam(teamId: string, activity: Partial<Activity>): Promise<PostResult>;
  };
  readonly log: Logger;
  readonly now?: () => Date;
  /** How long an answer may take before the error card goes instead (default 7 s). */
  readonly deadlineMs?: number;
}

type Scope = 'personal' | 'groupChat' | 'channel';

interface Turn {
  readonly id: string;
  /** When the turn began (performance.now()), for the answer's time budget. */
  readonly startedAt: number;
  readonly log: Logger;
  readonly locale: Locale;
  readonly scope: Scope;
  /** Whose preferences: the Entra object id, else the Teams user id. */
  readonly userKey: string;
  readonly botName: string;
}

export class TurnTimeoutError extends Error {
  constructor(ms: number) {
    super(`the answer took longer than ${ms} ms`);
    this.name = 'TurnTimeoutError';
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TurnTimeoutError(ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  tenant?: { id?: string };
}

function channelData(activity: Activity): TeamsChannelData {
  const data: unknown = activity.channelData;
  return data && typeof data === 'object' ? data : {};
}

function scopeOf(activity: Activity): Scope {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return 'personal';
  if (type === 'groupChat') return 'groupChat';
  return 'channel';
}

/** The conversation an activity belongs to; a team's channel events belong to the team. */
export function conversationKeyOf(activity: Activity): ConversationKey {
  const scope = scopeOf(activity);
  const conversationId = activity.conversation.id;
  if (scope === 'channel') {
    return {
      kind: 'team',
      teamId: channelData(activity).team?.id ?? baseConversationId(conversationId),
    };
  }
  return { kind: scope, conversationId };
}

function isMentioned(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => {
    const mentioned = (e as { mentioned?: { id?: unknown } }).mentioned;
    return e.type === 'mention' && mentioned?.id === botId;
  });
}

/** The reference to keep: no activity id (posts are new messages, not replies), and for a team its id. */
function referenceOf(activity: Activity, key: ConversationKey): ConversationRef {
  const ref = TurnContext.getConversationReference(activity);
  if (!ref.bot?.id || !ref.conversation?.id || !ref.channelId || !ref.serviceUrl) {
    throw new Error('the activity lacks what a conversation reference needs');
  }
  const conversation = ref.conversation;
  return {
    bot: { id: ref.bot.id, ...(ref.bot.name ? { name: ref.bot.name } : {}) },
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    ...(ref.user?.id
      ? {
          user: {
            id: ref.user.id,
            ...(ref.user.aadObjectId ? { aadObjectId: ref.user.aadObjectId } : {}),
          },
        }
      : {}),
    ...(ref.locale ? { locale: ref.locale } : {}),
    conversation: {
      id: key.kind === 'team' ? key.teamId : conversation.id,
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
      ...(typeof conversation.isGroup === 'boolean' ? { isGroup: conversation.isGroup } : {}),
    },
  };
}

const CALENDAR_MONTHS = 12;
/** The reply language may take this long to read before Teams' locale is used instead. */
const PREFERENCE_BUDGET_MS = 1_500;
const EVENTS_DAYS = 120;
const EVENTS_SHOWN = 5;

export class AssociationBot extends TeamsActivityHandler {
  private readonly now: () => Date;
  private readonly deadlineMs: number;
  // The events area's hooks: invitation cards' verbs and the wheel picture (teams/events-glue.ts).
  private cardInvokes?: CardInvokeHandler;
  private calendarImage?: (from: string, to: string, locale: Locale) => Promise<CalendarImage>;

  useCardInvokes(handler: CardInvokeHandler): void {
    this.cardInvokes = handler;
  }

  useCalendarImage(
    image: (from: string, to: string, locale: Locale) => Promise<CalendarImage>,
  ): void {
    this.calendarImage = image;
  }

  constructor(private readonly deps: BotDeps) {
    super();
    this.now = deps.now ?? (() => new Date());
    this.deadlineMs = deps.deadlineMs ?? 7_000;

    this.onMessage(async (context, next) => {
      await this.onMessageTurn(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.installed(context, context.activity.action === 'add');
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      // "remove-upgrade" is half of an app update, not an uninstall.
      if (context.activity.action === 'remove') await this.removed(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await this.installed(context, false);
      }
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) {
        await this.removed(context);
      }
      await next();
    });
    this.onTeamsChannelCreatedEvent(async (channel, team, context, next) => {
      if (channel.id && team.id) {
        const id = channel.id;
        await this.changeTeam(context, team.id, {
          channels: (list) => [...list.filter((c) => c.id !== id), channelOf(id, channel.name)],
        });
      }
      await next();
    });
    this.onTeamsChannelRestoredEvent(async (channel, team, context, next) => {
      if (channel.id && team.id) {
        const id = channel.id;
        await this.changeTeam(context, team.id, {
          channels: (list) => [...list.filter((c) => c.id !== id), channelOf(id, channel.name)],
        });
      }
      await next();
    });
    this.onTeamsChannelRenamedEvent(async (channel, team, context, next) => {
      if (channel.id && team.id) {
        const id = channel.id;
        await this.changeTeam(context, team.id, {
          channels: (list) => list.map((c) => (c.id === id ? channelOf(id, channel.name) : c)),
        });
      }
      await next();
    });
    this.onTeamsChannelDeletedEvent(async (channel, team, context, next) => {
      if (channel.id && team.id) {
        const id = channel.id;
        await this.changeTeam(context, team.id, {
          channels: (list) => list.filter((c) => c.id !== id),
        });
      }
      await next();
    });
    this.onTeamsTeamRenamedEvent(async (team, context, next) => {
      if (team.id && team.name) await this.changeTeam(context, team.id, { teamName: team.name });
      await next();
    });
    const teamGone = async (team: { id?: string }, context: TurnContext) => {
      if (team.id) await this.markGone(context, { kind: 'team', teamId: team.id });
    };
    this.onTeamsTeamDeletedEvent(async (team, context, next) => {
      await teamGone(team, context);
      await next();
    });
    this.onTeamsTeamHardDeletedEvent(async (team, context, next) => {
      await teamGone(team, context);
      await next();
    });
    // An archived team is read-only: posting there would fail until it is unarchived.
    this.onTeamsTeamArchivedEvent(async (team, context, next) => {
      await teamGone(team, context);
      await next();
    });
    this.onTeamsTeamUnarchivedEvent(async (_team, context, next) => {
      await this.installed(context, false);
      await next();
    });
    this.onTeamsTeamRestoredEvent(async (_team, context, next) => {
      await this.installed(context, false);
      await next();
    });
  }

  // Turn basics ---------------------------------------------------------------------------------

  private async startTurn(context: TurnContext): Promise<Turn> {
    const activity = context.activity;
    const given: unknown = context.turnState.get(TURN_ID);
    const id = typeof given === 'string' && given !== '' ? given : randomUUID();
    const scope = scopeOf(activity);
    const log = this.deps.log.child({ turnId: id, activity: activity.type, scope });
    const userKey = activity.from?.aadObjectId ?? activity.from?.id ?? '';
    const startedAt = performance.now();
    let choice: LanguageChoice | undefined;
    try {
      choice = userKey
        ? (await withDeadline(this.deps.preferences.get(userKey), PREFERENCE_BUDGET_MS)).language
        : undefined;
    } catch (error) {
      // The answer itself will most likely fail and say so; the language falls back meanwhile.
      log.warn({ err: error }, 'reading the reply language failed');
    }
    return {
      id,
      startedAt,
      log,
      scope,
      userKey,
      locale: replyLanguage(choice, activity.locale),
      botName: activity.recipient?.name || t('fi', 'bot.name'),
    };
  }

  /** Sends the card `build` makes, or the error card if it fails or misses the deadline. */
  private async answer(context: TurnContext, turn: Turn, build: () => Promise<AdaptiveCard>) {
    const card = await this.cardOrError(turn, build);
    await context.sendActivity(MessageFactory.attachment(attachment(card)));
  }

  private async cardOrError(turn: Turn, build: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
    const started = turn.startedAt;
    try {
      // One budget for the whole turn, reading the language included.
      const left = Math.max(1, this.deadlineMs - (performance.now() - started));
      const card = await withDeadline(build(), left);
      turn.log.debug({ ms: Math.round(performance.now() - started) }, 'answer ready');
      return card;
    } catch (error) {
      turn.log.error(
        { err: error, ms: Math.round(performance.now() - started) },
        'answer failed; sent the error card',
      );
      return errorCard({ reference: turn.id }, turn.locale);
    }
  }

  // Messages ------------------------------------------------------------------------------------

  private async onMessageTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value: unknown = activity.value;
    const isCardAction =
      value !== null && typeof value === 'object' && 'verb' in (value as Record<string, unknown>);
    // In channels and group chats a message is for the bot only when it mentions the bot.
    if (!isCardAction && scopeOf(activity) !== 'personal' && !isMentioned(activity)) return;
    const turn = await this.startTurn(context);
    const parsed = isCardAction
      ? requestOfAction(value as Record<string, unknown>)
      : parseCommand(activity.text);
    turn.log.info(
      {
        command: parsed.kind === 'command' ? parsed.command : parsed.kind,
        via: isCardAction ? 'card' : 'text',
      },
      'command',
    );
    await this.answer(context, turn, () => this.respond(context, turn, parsed));
  }

  /** Universal Actions (Action.Execute): the answer card replaces the card that was pressed. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.startTurn(context);
    const action = invokeValue.action as { verb?: unknown; data?: unknown } | undefined;
    if (this.cardInvokes?.handles(action?.verb)) {
      return this.cardInvokes.handle(context.activity, turn.locale);
    }
    const data =
      action?.data && typeof action.data === 'object'
        ? (action.data as Record<string, unknown>)
        : {};
    const parsed = requestOfAction({ ...data, verb: action?.verb });
    turn.log.info(
      { command: parsed.kind === 'command' ? parsed.command : parsed.kind },
      'card action',
    );
    const card = await this.cardOrError(turn, () => this.respond(context, turn, parsed));
    return { statusCode: 200, type: CARD_CONTENT_TYPE, value: { ...card } };
  }

  private async respond(
    context: TurnContext,
    turn: Turn,
    parsed: ParsedCommand,
  ): Promise<AdaptiveCard> {
    const { locale } = turn;
    switch (parsed.kind) {
      case 'empty':
        return unknownCommandCard(
          { text: '', suggestions: ['help', 'calendar', 'events'] },
          locale,
        );
      case 'unknown':
        return unknownCommandCard({ text: parsed.text, suggestions: parsed.suggestions }, locale);
    }
    switch (parsed.command) {
      case 'help':
        return helpCard(
          {
            guide: await this.deps.content.guide(),
            scope: turn.scope === 'personal' ? 'personal' : 'channel',
            botName: turn.botName,
          },
          locale,
        );
      case 'calendar':
        return this.calendar(locale);
      case 'events':
        return this.comingEvents(locale);
      case 'workingGroups':
        return this.workingGroups(locale);
      case 'contacts': {
        const [guide, units, contacts] = await Promise.all([
          this.deps.content.guide(),
          this.deps.directory.units(),
          this.deps.directory.contacts(),
        ]);
        return contactsCard({ guide, units, contacts }, locale);
      }
      case 'houseRules': {
        const rules = await this.deps.content.houseRules();
        const rule = parsed.rule ? rules.find((r) => r.kind === parsed.rule) : undefined;
        return rule ? houseRuleCard(rule, locale) : houseRulesCard({ rules }, locale);
      }
      case 'roles':
        return rolesCard({ roles: await this.deps.content.roles() }, locale);
      case 'language':
        return this.language(turn, parsed.language);
      case 'postHere':
        return this.postHere(context, turn);
      case 'publishCalendar':
        return this.publishCalendar(context, turn);
    }
  }

  private monthStart(): string {
    const p = helsinkiParts(this.now().toISOString());
    return localToUtc(`${p.year}-${String(p.month).padStart(2, '0')}-01T00:00`);
  }

  /** The coming twelve months from the start of this month (Helsinki). */
  private async calendar(locale: Locale): Promise<AdaptiveCard> {
    const from = this.monthStart();
    const p = helsinkiParts(from);
    const end = new Date(Date.UTC(p.year, p.month - 1 + CALENDAR_MONTHS, 1));
    const to = localToUtc(
      `${end.getUTCFullYear()}-${String(end.getUTCMonth() + 1).padStart(2, '0')}-01T00:00`,
    );
    const items = await this.deps.calendar.itemsBetween(from, to);
    const image = await this.calendarImage?.(from, to, locale).catch((error: unknown) => {
      this.deps.log.warn({ err: error }, 'wheel picture link failed; the card goes without it');
      return undefined;
    });
    return withWheelImage(calendarCard({ from, to, items }, locale), image);
  }

  private async comingEvents(locale: Locale): Promise<AdaptiveCard> {
    const now = this.now();
    const to = new Date(now.getTime() + EVENTS_DAYS * 86_400_000).toISOString();
    const [items, groups] = await Promise.all([
      this.deps.calendar.itemsBetween(now.toISOString(), to),
      this.deps.directory.workingGroups(),
    ]);
    return comingEventsCard(
      {
        items: items.slice(0, EVENTS_SHOWN),
        days: EVENTS_DAYS,
        groups: Object.fromEntries(groups.map((g) => [g.id, g.name])),
      },
      locale,
    );
  }

  private async workingGroups(locale: Locale): Promise<AdaptiveCard> {
    const now = this.now();
    const to = new Date(now.getTime() + 366 * 86_400_000).toISOString();
    const [groups, units, items] = await Promise.all([
      this.deps.directory.workingGroups(),
      this.deps.directory.units(),
      this.deps.calendar.itemsBetween(now.toISOString(), to),
    ]);
    const nextMeetings: Record<string, CalendarListItem> = {};
    for (const item of items) {
      if (item.workingGroupId && !nextMeetings[item.workingGroupId]) {
        nextMeetings[item.workingGroupId] = item;
      }
    }
    return workingGroupsCard({ groups, units, nextMeetings }, locale);
  }

  private async language(turn: Turn, language: LanguageChoice | undefined): Promise<AdaptiveCard> {
    if (!language) return languageChoiceCard({ current: turn.locale }, turn.locale);
    await this.deps.preferences.setLanguage(turn.userKey, language, this.now().toISOString());
    // The confirmation is already in the new language.
    return noticeCard(
      { title: t(language, 'bot.language.title'), text: t(language, 'bot.language.set') },
      language,
    );
  }

  private async isCoordinator(context: TurnContext, turn: Turn): Promise<boolean> {
    const from = context.activity.from;
    if (!from?.id) return false;
    let upn: string | undefined;
    try {
      upn = await this.deps.teams.userPrincipalName(context, from.id);
    } catch (error) {
      turn.log.warn({ err: error }, 'could not look up the member; treated as not a coordinator');
      return false;
    }
    return upn ? this.deps.directory.isCoordinator(upn) : false;
  }

  private coordinatorOnly(locale: Locale): AdaptiveCard {
    return noticeCard(
      {
        title: t(locale, 'bot.coordinatorOnly.title'),
        text: t(locale, 'bot.coordinatorOnly.text'),
      },
      locale,
    );
  }

  /** "julkaise tänne": the team's posts go to the channel this was written in. */
  private async postHere(context: TurnContext, turn: Turn): Promise<AdaptiveCard> {
    const { locale } = turn;
    const activity = context.activity;
    const data = channelData(activity);
    const teamId = data.team?.id;
    if (turn.scope !== 'channel' || !teamId) {
      return noticeCard(
        {
          title: t(locale, 'bot.notice.title'),
          text: t(locale, 'bot.postHere.notInTeam', { command: commandWord('postHere', locale) }),
        },
        locale,
      );
    }
    if (!(await this.isCoordinator(context, turn))) return this.coordinatorOnly(locale);
    const channelId = baseConversationId(data.channel?.id ?? activity.conversation.id);
    const at = this.now().toISOString();
    const teamKey: ConversationKey = { kind: 'team', teamId };
    // An install from before tracking began is recorded now, from this very message.
    if (!(await this.deps.installations.get(teamKey))) {
      await this.deps.installations.activate({
        key: teamKey,
        reference: referenceOf(activity, teamKey),
        at,
        ...(data.tenant?.id ? { tenantId: data.tenant.id } : {}),
        ...(data.team?.name ? { teamName: data.team.name } : {}),
      });
    }
    const before = await this.deps.installations.postTarget(teamId);
    if (!before) {
      return noticeCard(
        { title: t(locale, 'bot.notice.title'), text: t(locale, 'bot.postHere.notInstalled') },
        locale,
      );
    }
    await this.deps.installations.setPostChannel(
      teamId,
      channelId,
      {
        id: activity.from.id,
        ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
      },
      at,
    );
    const after = await this.deps.installations.postTarget(teamId);
    let channelName = after?.channelName;
    if (!channelName && channelId !== teamId) {
      channelName = await this.refreshChannels(context, turn, teamId, channelId);
    }
    const params = {
      team: after?.teamName ?? before.teamName ?? '',
      channel: channelName ?? (channelId === teamId ? t(locale, 'bot.channel.general') : channelId),
    };
    turn.log.info({ teamId, channelId }, 'post channel chosen');
    return noticeCard(
      {
        title: t(locale, 'bot.postHere.title'),
        text: t(
          locale,
          before.channelId === channelId ? 'bot.postHere.same' : 'bot.postHere.done',
          params,
        ),
      },
      locale,
    );
  }

  /** Reads the team's channels from Teams into the store; the name of `channelId` if found. */
  private async refreshChannels(
    context: TurnContext,
    turn: Turn,
    teamId: string,
    channelId: string,
  ): Promise<string | undefined> {
    try {
      const channels = await this.deps.teams.channels(context, teamId);
      await this.deps.installations.updateTeam(teamId, { channels }, this.now().toISOString());
      return channels.find((c) => c.id === channelId)?.name;
    } catch (error) {
      turn.log.warn({ err: error, teamId }, 'could not read the team channels');
      return undefined;
    }
  }

  /** "julkaise vuosikello": the annual calendar to this team's post channel, or every team's. */
  private async publishCalendar(context: TurnContext, turn: Turn): Promise<AdaptiveCard> {
    const { locale } = turn;
    if (!(await this.isCoordinator(context, turn))) return this.coordinatorOnly(locale);
    const here = turn.scope === 'channel' ? channelData(context.activity).team?.id : undefined;
    const teams = here
      ? [here]
      : (await this.deps.installations.listActive('team')).map((i) =>
          i.key.kind === 'team' ? i.key.teamId : '',
        );
    if (teams.length === 0) {
      return noticeCard(
        { title: t(locale, 'bot.notice.title'), text: t(locale, 'bot.publish.none') },
        locale,
      );
    }
    // Posts to a team are in Finnish, the city's first language.
    const card = await this.calendar('fi');
    const done: string[] = [];
    const failed: string[] = [];
    for (const teamId of teams.filter(Boolean)) {
      const result = await this.deps.publisher.postToTeam(
        teamId,
        MessageFactory.attachment(attachment(card)),
      );
      if (result.ok) {
        const channel = result.target.channelName ?? t(locale, 'bot.channel.general');
        done.push(`${result.target.teamName ?? teamId} / ${channel}`);
      } else {
        failed.push(teamId);
        turn.log.warn({ teamId, reason: result.reason }, 'annual calendar not posted');
      }
    }
    if (done.length === 0) {
      return noticeCard(
        {
          title: t(locale, 'bot.notice.title'),
          text:
            failed.length > 0
              ? t(locale, 'bot.publish.failed', { targets: failed.join(', ') })
              : t(locale, 'bot.publish.none'),
        },
        locale,
      );
    }
    return noticeCard(
      {
        title: t(locale, 'bot.publish.title'),
        text: t(locale, 'bot.publish.done', { targets: done.join(', ') }),
      },
      locale,
    );
  }

  // Installations -------------------------------------------------------------------------------

  /** Records the install; with `welcome`, greets once per install (whichever event claims it). */
  private async installed(context: TurnContext, welcome: boolean): Promise<void> {
    const activity = context.activity;
    const turn = await this.startTurn(context);
    const key = conversationKeyOf(activity);
    const data = channelData(activity);
    const at = this.now().toISOString();
    const { activated } = await this.deps.installations.activate({
      key,
      reference: referenceOf(activity, key),
      at,
      ...(data.tenant?.id ? { tenantId: data.tenant.id } : {}),
      ...(data.team?.name ? { teamName: data.team.name } : {}),
      ...(activity.from?.id
        ? {
            installedBy: {
              id: activity.from.id,
              ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
            },
          }
        : {}),
      ...(key.kind === 'personal' && activity.from?.aadObjectId
        ? { userAadObjectId: activity.from.aadObjectId }
        : {}),
    });
    turn.log.info({ kind: key.kind, activated }, 'installation recorded');
    if (key.kind === 'team' && activated) {
      await this.refreshChannels(context, turn, key.teamId, key.teamId);
    }
    if (!welcome || !(await this.deps.installations.claimWelcome(key))) return;
    // The welcome is a post of its own, not a reply to the install event.
    asNewPost(context);
    await this.answer(context, turn, async () => {
      const guide = await this.deps.content.guide();
      if (key.kind === 'personal') return welcomePersonalCard({ guide }, turn.locale);
      const target =
        key.kind === 'team' ? await this.deps.installations.postTarget(key.teamId) : undefined;
      return welcomeTeamCard(
        {
          scope: key.kind === 'team' ? 'team' : 'groupChat',
          guide,
          botName: turn.botName,
          ...(target?.channelName ? { postChannelName: target.channelName } : {}),
        },
        turn.locale,
      );
    });
  }

  private async removed(context: TurnContext): Promise<void> {
    await this.markGone(context, conversationKeyOf(context.activity));
  }

  private async markGone(context: TurnContext, key: ConversationKey): Promise<void> {
    const turn = await this.startTurn(context);
    const known = await this.deps.installations.markGone(key, this.now().toISOString());
    turn.log.info({ kind: key.kind, known }, 'installation gone');
  }

  private async changeTeam(
    context: TurnContext,
    teamId: string,
    change: Parameters<InstallationStore['updateTeam']>[1],
  ): Promise<void> {
    const turn = await this.startTurn(context);
    await this.deps.installations.updateTeam(teamId, change, this.now().toISOString());
    turn.log.info({ teamId, renamed: change.teamName !== undefined }, 'team changed');
  }
}

function channelOf(id: string, name: string | undefined): ChannelInfo {
  return name ? { id, name } : { id };
}

function isHouseRule(value: unknown): value is HouseRuleKind {
  return typeof value === 'string' && (HOUSE_RULE_KINDS as readonly string[]).includes(value);
}

/** A card button's data as the command it stands for; anything unexpected is "unknown". */
export function requestOfAction(data: Readonly<Record<string, unknown>>): ParsedCommand {
  const verb = data.verb;
  if (!isVerb(verb)) return { kind: 'unknown', text: '', suggestions: ['help'] };
  switch (verb) {
    case VERBS.showHelp:
      return { kind: 'command', command: 'help' };
    case VERBS.showCalendar:
      return { kind: 'command', command: 'calendar' };
    case VERBS.showEvents:
      return { kind: 'command', command: 'events' };
    case VERBS.showWorkingGroups:
      return { kind: 'command', command: 'workingGroups' };
    case VERBS.showContacts:
      return { kind: 'command', command: 'contacts' };
    case VERBS.showRoles:
      return { kind: 'command', command: 'roles' };
    case VERBS.showHouseRules:
      return isHouseRule(data.rule)
        ? { kind: 'command', command: 'houseRules', rule: data.rule }
        : { kind: 'command', command: 'houseRules' };
    case VERBS.setLanguage:
      return data.language === 'fi' || data.language === 'en'
        ? { kind: 'command', command: 'language', language: data.language }
        : { kind: 'command', command: 'language' };
  }
  return { kind: 'unknown', text: '', suggestions: ['help'] };
}
