/**
 * The bot's activity handler on botbuilder's TeamsActivityHandler: it only routes. Each Teams
 * event goes to one of three parts:
 *
 * - turn plumbing (`turn.ts`): the turn id, the reply language, the 7 s budget and the error
 *   card, and the rule that in channels and group chats a message is for the bot only when it
 *   mentions it;
 * - the command map (`commands.ts`): a message's text or a card's button → the card to answer;
 * - installation events (`installation-events.ts`): installs, removals, and team and channel
 *   changes, which keep the conversation references scheduled posts need.
 */
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { CARD_CONTENT_TYPE } from '../cards/common';
import { parseCommand } from '../domain/commands';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { commandCard, requestOfAction, type CommandDeps, type CommandRequest } from './commands';
import type { CalendarImage, CardInvokeHandler } from './events-glue';
import { InstallationEvents, type ChannelChange } from './installation-events';
import { DEFAULT_DEADLINE_MS, isForBot, TurnRunner, type Turn } from './turn';

export interface BotDeps extends Omit<CommandDeps, 'now'> {
  readonly now?: () => Date;
  /** How long an answer may take before the error card goes instead (default 7 s). */
  readonly deadlineMs?: number;
}

type ChannelEvent = (
  channel: { id?: string; name?: string },
  team: { id?: string },
  context: TurnContext,
  next: () => Promise<void>,
) => Promise<void>;

type TeamEvent = (
  team: { id?: string; name?: string },
  context: TurnContext,
  next: () => Promise<void>,
) => Promise<void>;

export class AssociationBot extends TeamsActivityHandler {
  private readonly deps: CommandDeps;
  private readonly turns: TurnRunner;
  // The events area's hooks: invitation cards' verbs and the wheel picture (teams/events-glue.ts).
  private readonly cardInvokes: CardInvokeHandler[] = [];
  private calendarImage?: (from: string, to: string, locale: Locale) => Promise<CalendarImage>;

  useCardInvokes(handler: CardInvokeHandler): void {
    this.cardInvokes.push(handler);
  }

  useCalendarImage(
    image: (from: string, to: string, locale: Locale) => Promise<CalendarImage>,
  ): void {
    this.calendarImage = image;
  }

  constructor(deps: BotDeps) {
    super();
    this.deps = { ...deps, now: deps.now ?? (() => new Date()) };
    this.turns = new TurnRunner({
      preferences: deps.preferences,
      log: deps.log,
      deadlineMs: deps.deadlineMs ?? DEFAULT_DEADLINE_MS,
    });
    const installs = new InstallationEvents(this.deps, this.turns);

    this.onMessage(async (context, next) => {
      await this.onMessageTurn(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await installs.installed(context, context.activity.action === 'add');
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      // "remove-upgrade" is half of an app update, not an uninstall.
      if (context.activity.action === 'remove') await installs.removed(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id === botId)) {
        await installs.installed(context, false);
      }
      const people = added.filter((m) => m.id !== botId);
      if (people.length > 0) await installs.membersChanged(context, 'joined', people);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient.id;
      const removed = context.activity.membersRemoved ?? [];
      if (removed.some((m) => m.id === botId)) {
        await installs.removed(context);
      }
      const people = removed.filter((m) => m.id !== botId);
      if (people.length > 0) await installs.membersChanged(context, 'left', people);
      await next();
    });

    const channelEvent =
      (change: ChannelChange): ChannelEvent =>
      async (channel, team, context, next) => {
        await installs.channelChanged(context, change, channel, team);
        await next();
      };
    this.onTeamsChannelCreatedEvent(channelEvent('created'));
    this.onTeamsChannelRestoredEvent(channelEvent('restored'));
    this.onTeamsChannelRenamedEvent(channelEvent('renamed'));
    this.onTeamsChannelDeletedEvent(channelEvent('deleted'));

    const teamGone: TeamEvent = async (team, context, next) => {
      await installs.teamGone(context, team);
      await next();
    };
    const teamBack: TeamEvent = async (_team, context, next) => {
      await installs.installed(context, false);
      await next();
    };
    this.onTeamsTeamRenamedEvent(async (team, context, next) => {
      await installs.teamRenamed(context, team);
      await next();
    });
    this.onTeamsTeamDeletedEvent(teamGone);
    this.onTeamsTeamHardDeletedEvent(teamGone);
    // An archived team is read-only: posting there would fail until it is unarchived.
    this.onTeamsTeamArchivedEvent(teamGone);
    this.onTeamsTeamUnarchivedEvent(teamBack);
    this.onTeamsTeamRestoredEvent(teamBack);
  }

  private commandRequest(context: TurnContext, turn: Turn): CommandRequest {
    return {
      context,
      turn,
      deps: this.deps,
      ...(this.calendarImage ? { calendarImage: this.calendarImage } : {}),
    };
  }

  private async onMessageTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value: unknown = activity.value;
    const isCardAction =
      value !== null && typeof value === 'object' && 'verb' in (value as Record<string, unknown>);
    if (!isForBot(activity, isCardAction)) return;
    const turn = await this.turns.start(context);
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
    await this.turns.answer(context, turn, () =>
      commandCard(this.commandRequest(context, turn), parsed),
    );
  }

  /** Universal Actions (Action.Execute): the answer card replaces the card that was pressed. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.turns.start(context);
    const action = invokeValue.action as { verb?: unknown; data?: unknown } | undefined;
    const area = this.cardInvokes.find((h) => h.handles(action?.verb));
    if (area) return area.handle(context.activity, turn.locale);
    const data =
      action?.data && typeof action.data === 'object'
        ? (action.data as Record<string, unknown>)
        : {};
    const parsed = requestOfAction({ ...data, verb: action?.verb });
    turn.log.info(
      { command: parsed.kind === 'command' ? parsed.command : parsed.kind },
      'card action',
    );
    const card = await this.turns.cardOrError(turn, () =>
      commandCard(this.commandRequest(context, turn), parsed),
    );
    return { statusCode: 200, type: CARD_CONTENT_TYPE, value: { ...card } };
  }
}
