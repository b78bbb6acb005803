/**
 * The command map: what each command answers, as one table (command → handler). A message's
 * text or a card button becomes a `ParsedCommand` (domain/commands.ts); `commandCard` looks the
 * handler up and returns the card to send. Coordinator-only commands check the role here.
 */
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { withWheelImage } from '../cards/annual-calendar-wheel';
import { calendarCard } from '../cards/calendar';
import { attachment, type AdaptiveCard } from '../cards/common';
import { contactsCard } from '../cards/contacts';
import { comingEventsCard } from '../cards/events';
import { guideTopicCard } from '../cards/guide-topic';
import { helpCard } from '../cards/help';
import { houseRuleCard } from '../cards/house-rule';
import { houseRulesCard } from '../cards/house-rules';
import { languageChoiceCard } from '../cards/language';
import { noticeCard } from '../cards/notice';
import { rolesCard } from '../cards/roles';
import { unknownCommandCard } from '../cards/unknown';
import { isVerb, VERBS } from '../cards/verbs';
import { workingGroupsCard } from '../cards/working-groups';
import type { CalendarListItem, CalendarReader, DirectoryReader } from '../domain/bot-readers';
import {
  HOUSE_RULE_KINDS,
  commandWord,
  type CommandId,
  type HouseRuleKind,
  type LanguageChoice,
  type ParsedCommand,
} from '../domain/commands';
import type { ContentReader, GuideTopic } from '../domain/content';
import { baseConversationId, type ConversationKey } from '../domain/installations';
import type { PreferenceStore } from '../domain/preferences';
import { localToUtc, helsinkiParts } from '@yhdistysyhteistyo/contract/time';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';
import type { CalendarImage } from './events-glue';
import { referenceOf, refreshChannels, type InstallationDeps } from './installation-events';
import type { TeamsLookup } from './lookup';
import type { PostResult } from './proactive';
import { channelData, type Turn } from './turn';

export interface CommandDeps extends InstallationDeps {
  readonly preferences: PreferenceStore;
  readonly content: ContentReader;
  readonly calendar: CalendarReader;
  readonly directory: DirectoryReader;
  readonly teams: TeamsLookup;
  readonly publisher: {
    postToTeam(teamId: string, activity: Partial<Activity>): Promise<PostResult>;
  };
  readonly log: Logger;
}

/** One command to answer: the turn it came in, and what the handlers may use. */
export interface CommandRequest {
  readonly context: TurnContext;
  readonly turn: Turn;
  readonly deps: CommandDeps;
  /** The wheel picture for the annual calendar card, when the events area provides one. */
  readonly calendarImage?: (from: string, to: string, locale: Locale) => Promise<CalendarImage>;
}

type Command = Extract<ParsedCommand, { kind: 'command' }>;
/** The parsed form of one command, with its own extra fields (`language`, `rule`). */
type CommandOf<C extends CommandId> = Command & { readonly command: C };
type CommandHandler<C extends CommandId> = (
  request: CommandRequest,
  command: CommandOf<C>,
) => Promise<AdaptiveCard>;

const CALENDAR_MONTHS = 12;
const EVENTS_DAYS = 120;
const EVENTS_SHOWN = 5;

/** What each command answers. */
const COMMANDS: { readonly [C in CommandId]: CommandHandler<C> } = {
  help: async ({ deps, turn }) =>
    helpCard(
      {
        guide: await deps.content.guide(),
        scope: turn.scope === 'personal' ? 'personal' : 'channel',
        botName: turn.botName,
      },
      turn.locale,
    ),
  calendar: (request) => calendar(request, request.turn.locale),
  events: comingEvents,
  workingGroups,
  contacts: async ({ deps, turn }) => {
    const [guide, units, contacts] = await Promise.all([
      deps.content.guide(),
      deps.directory.units(),
      deps.directory.contacts(),
    ]);
    return contactsCard({ guide, units, contacts }, turn.locale);
  },
  houseRules: async ({ deps, turn }, { rule: kind }) => {
    const rules = await deps.content.houseRules();
    const rule = kind ? rules.find((r) => r.kind === kind) : undefined;
    return rule ? houseRuleCard(rule, turn.locale) : houseRulesCard({ rules }, turn.locale);
  },
  roles: async ({ deps, turn }) => rolesCard({ roles: await deps.content.roles() }, turn.locale),
  grants: (request) => guideTopic(request, 'grants'),
  eventCooperation: (request) => guideTopic(request, 'eventCooperation'),
  language: (request, { language }) => setLanguage(request, language),
  postHere,
  publishCalendar,
};

/** The card that answers a parsed command (or says it was not understood). */
export async function commandCard(
  request: CommandRequest,
  parsed: ParsedCommand,
): Promise<AdaptiveCard> {
  const { locale } = request.turn;
  switch (parsed.kind) {
    case 'empty':
      return unknownCommandCard({ text: '', suggestions: ['help', 'calendar', 'events'] }, locale);
    case 'unknown':
      return unknownCommandCard({ text: parsed.text, suggestions: parsed.suggestions }, locale);
  }
  // The table pairs each command with its own parsed form; indexing by a union loses that.
  const handler = COMMANDS[parsed.command] as CommandHandler<CommandId>;
  return handler(request, parsed);
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

// Handlers -------------------------------------------------------------------------------------

/** A topic of the guide; the seed is written on first read, so the topic is always there. */
async function guideTopic(
  { deps, turn }: CommandRequest,
  kind: GuideTopic['kind'],
): Promise<AdaptiveCard> {
  const topic = (await deps.content.topics()).find((t) => t.kind === kind);
  if (!topic) throw new Error(`guide topic ${kind} is missing`);
  return guideTopicCard(topic, turn.locale);
}

function monthStart(now: Date): string {
  const p = helsinkiParts(now.toISOString());
  return localToUtc(`${p.year}-${String(p.month).padStart(2, '0')}-01T00:00`);
}

/** The coming twelve months from the start of this month (Helsinki). */
async function calendar(
  { deps, calendarImage }: CommandRequest,
  locale: Locale,
): Promise<AdaptiveCard> {
  const from = monthStart(deps.now());
  const p = helsinkiParts(from);
  const end = new Date(Date.UTC(p.year, p.month - 1 + CALENDAR_MONTHS, 1));
  const to = localToUtc(
    `${end.getUTCFullYear()}-${String(end.getUTCMonth() + 1).padStart(2, '0')}-01T00:00`,
  );
  const items = await deps.calendar.itemsBetween(from, to);
  const image = await calendarImage?.(from, to, locale).catch((error: unknown) => {
    deps.log.warn({ err: error }, 'wheel picture link failed; the card goes without it');
    return undefined;
  });
  return withWheelImage(calendarCard({ from, to, items }, locale), image);
}

async function comingEvents({ deps, turn }: CommandRequest): Promise<AdaptiveCard> {
  const now = deps.now();
  const to = new Date(now.getTime() + EVENTS_DAYS * 86_400_000).toISOString();
  const [items, groups] = await Promise.all([
    deps.calendar.itemsBetween(now.toISOString(), to),
    deps.directory.workingGroups(),
  ]);
  return comingEventsCard(
    {
      items: items.slice(0, EVENTS_SHOWN),
      days: EVENTS_DAYS,
      groups: Object.fromEntries(groups.map((g) => [g.id, g.name])),
    },
    turn.locale,
  );
}

async function workingGroups({ deps, turn }: CommandRequest): Promise<AdaptiveCard> {
  const now = deps.now();
  const to = new Date(now.getTime() + 366 * 86_400_000).toISOString();
  const [groups, units, items] = await Promise.all([
    deps.directory.workingGroups(),
    deps.directory.units(),
    deps.calendar.itemsBetween(now.toISOString(), to),
  ]);
  const nextMeetings: Record<string, CalendarListItem> = {};
  for (const item of items) {
    if (item.workingGroupId && !nextMeetings[item.workingGroupId]) {
      nextMeetings[item.workingGroupId] = item;
    }
  }
  return workingGroupsCard({ groups, units, nextMeetings }, turn.locale);
}

async function setLanguage(
  { deps, turn }: CommandRequest,
  language: LanguageChoice | undefined,
): Promise<AdaptiveCard> {
  if (!language) return languageChoiceCard({ current: turn.locale }, turn.locale);
  await deps.preferences.setLanguage(turn.userKey, language, deps.now().toISOString());
  // The confirmation is already in the new language.
  return noticeCard(
    { title: t(language, 'bot.language.title'), text: t(language, 'bot.language.set') },
    language,
  );
}

async function isCoordinator({ context, turn, deps }: CommandRequest): Promise<boolean> {
  const from = context.activity.from;
  if (!from?.id) return false;
  let upn: string | undefined;
  try {
    upn = await deps.teams.userPrincipalName(context, from.id);
  } catch (error) {
    turn.log.warn({ err: error }, 'could not look up the member; treated as not a coordinator');
    return false;
  }
  return upn ? deps.directory.isCoordinator(upn, from.aadObjectId) : false;
}

function coordinatorOnly(locale: Locale): AdaptiveCard {
  return noticeCard(
    {
      title: t(locale, 'bot.coordinatorOnly.title'),
      text: t(locale, 'bot.coordinatorOnly.text'),
    },
    locale,
  );
}

/** "julkaise tänne": the team's posts go to the channel this was written in. */
async function postHere(request: CommandRequest): Promise<AdaptiveCard> {
  const { context, turn, deps } = request;
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
  if (!(await isCoordinator(request))) return coordinatorOnly(locale);
  const channelId = baseConversationId(data.channel?.id ?? activity.conversation.id);
  const at = deps.now().toISOString();
  const teamKey: ConversationKey = { kind: 'team', teamId };
  // An install from before tracking began is recorded now, from this very message.
  if (!(await deps.installations.get(teamKey))) {
    await deps.installations.activate({
      key: teamKey,
      reference: referenceOf(activity, teamKey),
      at,
      ...(data.tenant?.id ? { tenantId: data.tenant.id } : {}),
      ...(data.team?.name ? { teamName: data.team.name } : {}),
    });
  }
  const before = await deps.installations.postTarget(teamId);
  if (!before) {
    return noticeCard(
      { title: t(locale, 'bot.notice.title'), text: t(locale, 'bot.postHere.notInstalled') },
      locale,
    );
  }
  await deps.installations.setPostChannel(
    teamId,
    channelId,
    {
      id: activity.from.id,
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
    },
    at,
  );
  const after = await deps.installations.postTarget(teamId);
  let channelName = after?.channelName;
  if (!channelName && channelId !== teamId) {
    channelName = await refreshChannels(deps, context, turn, teamId, channelId);
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

/** "julkaise vuosikello": the annual calendar to this team's post channel, or every team's. */
async function publishCalendar(request: CommandRequest): Promise<AdaptiveCard> {
  const { context, turn, deps } = request;
  const { locale } = turn;
  if (!(await isCoordinator(request))) return coordinatorOnly(locale);
  const here = turn.scope === 'channel' ? channelData(context.activity).team?.id : undefined;
  const teams = here
    ? [here]
    : (await deps.installations.listActive('team')).map((i) =>
        i.key.kind === 'team' ? i.key.teamId : '',
      );
  if (teams.length === 0) {
    return noticeCard(
      { title: t(locale, 'bot.notice.title'), text: t(locale, 'bot.publish.none') },
      locale,
    );
  }
  // Posts to a team are in Finnish, the city's first language.
  const card = await calendar(request, 'fi');
  const done: string[] = [];
  const failed: string[] = [];
  for (const teamId of teams.filter(Boolean)) {
    const result = await deps.publisher.postToTeam(
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
