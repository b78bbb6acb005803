/**
 * The bot on the stores and readers the composition root hands it (as ports): the adapter,
 * the activity handler with its last-resort error card, the proactive team publisher and the
 * turns the `/api/messages` route runs (`compose/` hands them to `http/bot-route.ts`).
 */
import { MessageFactory, type Activity } from 'botbuilder';
import { attachment } from '../cards/common';
import { errorCard } from '../cards/error';
import type { Config } from '../config';
import { localeFrom } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';
import type { CalendarReader, DirectoryReader } from '../domain/bot-readers';
import type { ContentReader } from '../domain/content';
import type { TeamRosterPort } from '../domain/team-roster';
import type { InstallationStore } from '../domain/installations';
import type { PreferenceStore } from '../domain/preferences';
import { BotAuthenticationError, type BotTurns } from '../http/bot-route';
import {
  createAdapter,
  isAuthenticationFailure,
  type BotAdapter,
  type ChannelTokenSource,
} from './adapter';
import { AssociationBot } from './bot';
import { connectorLookup, type TeamsLookup } from './lookup';
import { TURN_ID } from './turn';
import { TeamPublisher } from './proactive';

export interface TeamsBot {
  readonly turns: BotTurns;
  readonly adapter: BotAdapter;
  readonly bot: AssociationBot;
  readonly publisher: TeamPublisher;
}

/** What the bot reads and writes, built by the composition root. */
export interface TeamsBotStores {
  readonly installations: InstallationStore;
  readonly preferences: PreferenceStore;
  readonly content: ContentReader;
  readonly calendar: CalendarReader;
  readonly directory: DirectoryReader;
  /** The teams' members as keyed hashes (for the mailing list); recorded on install and joins. */
  readonly roster?: TeamRosterPort;
}

export interface TeamsBotOptions {
  readonly config: Pick<Config, 'BOT_ID' | 'BOT_PASSWORD' | 'BOT_TENANT_ID' | 'BOT_TYPE'>;
  readonly stores: TeamsBotStores;
  readonly log: Logger;
  /** Tests: an issuer of their own for channel tokens. */
  readonly channelTokens?: ChannelTokenSource;
  /** Tests: answers for the Teams connector lookups. */
  readonly teams?: TeamsLookup;
  readonly now?: () => Date;
  /** The keyed hash kept of a personal install's address, for survey audiences. */
  readonly addressKey?: (address: string) => Promise<string>;
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { config, stores, log } = options;
  const adapter = createAdapter(config, options.channelTokens);
  const { installations } = stores;
  const publisher = new TeamPublisher(
    adapter,
    config.BOT_ID ?? '',
    installations,
    log,
    options.now,
  );
  const bot = new AssociationBot({
    installations,
    preferences: stores.preferences,
    content: stores.content,
    calendar: stores.calendar,
    directory: stores.directory,
    ...(stores.roster ? { roster: stores.roster } : {}),
    teams: options.teams ?? connectorLookup,
    publisher,
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.addressKey ? { addressKey: options.addressKey } : {}),
  });
  // The last line of defence: an error that escaped the handler. Log it, tell the person.
  adapter.onTurnError = async (context, error) => {
    const turnId: unknown = context.turnState.get(TURN_ID);
    const reference = typeof turnId === 'string' ? turnId : 'unknown';
    log.error({ err: error, turnId: reference, activity: context.activity.type }, 'turn failed');
    if (context.activity.type !== 'message' || context.responded) return;
    try {
      const card = errorCard({ reference }, localeFrom(context.activity.locale));
      await context.sendActivity(MessageFactory.attachment(attachment(card)));
    } catch (sendError) {
      log.error({ err: sendError, turnId: reference }, 'could not send the error card either');
    }
  };
  const turns: BotTurns = {
    async run(authorization, activity, turnId) {
      try {
        return await adapter.runActivity(authorization, activity as Activity, async (context) => {
          context.turnState.set(TURN_ID, turnId);
          await bot.run(context);
        });
      } catch (error) {
        if (isAuthenticationFailure(error)) {
          throw new BotAuthenticationError(error instanceof Error ? error.message : 'unknown');
        }
        throw error;
      }
    },
  };
  return {
    turns,
    adapter,
    bot,
    publisher,
  };
}
