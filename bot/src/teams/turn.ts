/**
 * Turn plumbing, the same for every activity the bot answers: the turn id that ties log lines,
 * the error reference and the HTTP request together; the reply language; one time budget for
 * the whole answer, after which the error card goes instead; and who a message is for.
 */
import { randomUUID } from 'node:crypto';
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { attachment, type AdaptiveCard } from '../cards/common';
import { errorCard } from '../cards/error';
import type { LanguageChoice } from '../domain/commands';
import { baseConversationId, type ConversationKey } from '../domain/installations';
import { replyLanguage, type PreferenceStore } from '../domain/preferences';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';

/** turnState key of the id that ties a turn's log lines, error reference and HTTP request. */
export const TURN_ID = Symbol('turnId');

/** How long an answer may take before the error card goes instead. */
export const DEFAULT_DEADLINE_MS = 7_000;
/** The reply language may take this long to read before Teams' locale is used instead. */
const PREFERENCE_BUDGET_MS = 1_500;

export type Scope = 'personal' | 'groupChat' | 'channel';

export interface Turn {
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

export interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  tenant?: { id?: string };
}

export function channelData(activity: Activity): TeamsChannelData {
  const data: unknown = activity.channelData;
  return data && typeof data === 'object' ? data : {};
}

export function scopeOf(activity: Activity): Scope {
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

/**
 * In a personal chat every message is for the bot; in channels and group chats only one that
 * mentions it. A card's button press is for the bot wherever it is.
 */
export function isForBot(activity: Activity, isCardAction: boolean): boolean {
  return isCardAction || scopeOf(activity) === 'personal' || isMentioned(activity);
}

export interface TurnDeps {
  readonly preferences: Pick<PreferenceStore, 'get'>;
  readonly log: Logger;
  /** How long an answer may take before the error card goes instead. */
  readonly deadlineMs: number;
}

/** Begins turns and answers them within the budget; one per bot. */
export class TurnRunner {
  constructor(private readonly deps: TurnDeps) {}

  async start(context: TurnContext): Promise<Turn> {
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
  async answer(context: TurnContext, turn: Turn, build: () => Promise<AdaptiveCard>) {
    const card = await this.cardOrError(turn, build);
    await context.sendActivity(MessageFactory.attachment(attachment(card)));
  }

  async cardOrError(turn: Turn, build: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
    const started = turn.startedAt;
    try {
      // One budget for the whole turn, reading the language included.
      const left = Math.max(1, this.deps.deadlineMs - (performance.now() - started));
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
}
