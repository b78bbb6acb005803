/**
 * The bot's part of the composition root: adapter, stores and readers on Azure Tables, the
 * activity handler and the `/api/messages` route. `index.ts` registers `routes`; the proactive
 * `publisher` and the teamsfx-shaped `referenceStore` are there for scheduled delivery.
 */
import { MessageFactory } from 'botbuilder';
import { attachment } from '../cards/common';
import { errorCard } from '../cards/error';
import type { Config } from '../config';
import { localeFrom } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';
import { TableCalendarReader } from '../storage/calendar-reader';
import { TableContentStore } from '../storage/content-store';
import { TableConversationStore, TablePreferenceStore } from '../storage/conversation-store';
import { TableDirectoryReader } from '../storage/directory-reader';
import { TABLES, type TableStorage } from '../storage/tables';
import type { RouteModule } from '../http/server';
import { createAdapter, type BotAdapter, type ChannelTokenSource } from './adapter';
import { AssociationBot, connectorLookup, TURN_ID, type TeamsLookup } from './bot';
import { TeamPublisher } from './proactive';
import { InstallationReferenceStore } from './reference-store';
import { botRoutes } from './routes';

export interface TeamsBot {
  readonly routes: RouteModule;
  readonly adapter: BotAdapter;
  readonly bot: AssociationBot;
  readonly installations: TableConversationStore;
  readonly publisher: TeamPublisher;
  readonly referenceStore: InstallationReferenceStore;
}

export interface TeamsBotOptions {
  readonly config: Pick<
    Config,
    'BOT_ID' | 'BOT_PASSWORD' | 'BOT_TENANT_ID' | 'BOT_TYPE' | 'INITIAL_COORDINATORS'
  >;
  readonly storage: Pick<TableStorage, 'table'>;
  readonly log: Logger;
  /** Tests: an issuer of their own for channel tokens. */
  readonly channelTokens?: ChannelTokenSource;
  /** Tests: answers for the Teams connector lookups. */
  readonly teams?: TeamsLookup;
  readonly now?: () => Date;
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { config, storage, log } = options;
  const adapter = createAdapter(config, options.channelTokens);
  const installations = new TableConversationStore(storage.table(TABLES.conversations));
  const publisher = new TeamPublisher(
    adapter,
    config.BOT_ID ?? '',
    installations,
    log,
    options.now,
  );
  const bot = new AssociationBot({
    installations,
    preferences: new TablePreferenceStore(storage.table(TABLES.conversations)),
    content: new TableContentStore(storage.table(TABLES.content), options.now),
    calendar: new TableCalendarReader(storage.table(TABLES.events)),
    directory: new TableDirectoryReader(
      {
        workingGroups: storage.table(TABLES.workingGroups),
        units: storage.table(TABLES.units),
        people: storage.table(TABLES.people),
      },
      config.INITIAL_COORDINATORS,
    ),
    teams: options.teams ?? connectorLookup,
    publisher,
    log,
    ...(options.now ? { now: options.now } : {}),
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
  return {
    routes: botRoutes(adapter, bot),
    adapter,
    bot,
    installations,
    publisher,
    referenceStore: new InstallationReferenceStore(installations),
  };
}
