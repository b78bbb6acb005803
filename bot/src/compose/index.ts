/**
 * The composition root's body: every store, reader, service, publisher and engine is built
 * here once, and each edge (the tab's API, the bot, scheduled delivery) gets what it needs as
 * ports. `index.ts` adds the process around it: storage preparation, the server, listening.
 */
import type { Config } from '../config';
import type { ActivitySender } from '../delivery/ports';
import type { RouteModule } from '../http/server';
import type { Logger } from '../log';
import type { TableStorage } from '../storage/tables';
import { botRoute } from '../http/bot-route';
import { createTeamsBot } from '../teams';
import type { ChannelTokenSource } from '../teams/adapter';
import type { TeamsLookup } from '../teams/lookup';
import { connectEventsToTeams } from '../teams/events-glue';
import { connectSurveysToTeams } from '../teams/surveys-glue';
import { createApiV1 } from './api-v1';
import { createContentApi } from './content';
import { createDelivery, type Delivery } from './delivery';
import { createEventsApi } from './events';
import { createPersonalData } from './personal-data';
import { tableStores, type Stores } from './stores';
import { addressKeyOf, createSurveysApi, outboxSurveyPublisher, registerAudience } from './surveys';
import { createStaleData, staleDataJob } from './stale-data';
import { TableStaleDataMarkers } from '../storage/stale-data-markers';
import { TABLES } from '../storage/tables';
import { handleStaleDataInvoke, isStaleDataVerb } from '../teams/stale-data-invoke';

/** The tenants whose Teams activities the bot accepts: the city's, and any allowed beside it. */
export function botTenants(config: Config): string[] {
  return [config.AAD_APP_TENANT_ID, config.BOT_TENANT_ID, ...config.ALLOWED_TENANT_IDS].filter(
    (t): t is string => !!t,
  );
}

/** Parts a test may put in place of the real ones. */
export interface AppOverrides {
  /** The Bot Connector client of scheduled delivery. */
  readonly sender?: ActivitySender;
  /** An issuer of channel tokens for the bot endpoint's authentication. */
  readonly channelTokens?: ChannelTokenSource;
  /** Answers for the Teams connector lookups of bot turns. */
  readonly teams?: TeamsLookup;
  /** The bot's clock (turn deadlines, content cache). */
  readonly now?: () => Date;
}

export interface ComposedApp {
  readonly stores: Stores;
  readonly routes: readonly RouteModule[];
  readonly delivery: Delivery;
  /** Work that needs the tables ready: the config's coordinators. Logs and carries on when it fails. */
  prepare(): Promise<void>;
  /** Tells the parts that build links (the development issuer, card links) the server's URL. */
  listening(url: string): void;
}

export async function composeApp(
  config: Config,
  storage: TableStorage,
  log: Logger,
  overrides: AppOverrides = {},
): Promise<ComposedApp> {
  // A row a list leaves out is logged by its table, key and column, never its data.
  const stores = tableStores(storage, config, overrides.now, (error) =>
    log.warn(
      { table: error.table, key: error.key, column: error.column },
      'unreadable row left out of a list',
    ),
  );
  const api = await createApiV1(config, stores, log, (register) =>
    createPersonalData(storage, stores, register),
  );
  const events = createEventsApi({ stores, auth: api.auth, log, publicUrl: config.PUBLIC_URL });
  const surveys = createSurveysApi({
    stores,
    auth: api.auth,
    publicUrl: config.PUBLIC_URL,
    log,
  });
  const content = createContentApi({
    store: stores.content,
    directory: stores.directory,
    auth: api.auth,
  });
  const teams = createTeamsBot({
    config,
    stores: { ...stores, installations: stores.conversations },
    log,
    ...(overrides.channelTokens ? { channelTokens: overrides.channelTokens } : {}),
    ...(overrides.teams ? { teams: overrides.teams } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    addressKey: addressKeyOf(stores.surveyKeys),
  });
  const invitationCards = connectEventsToTeams(events, teams.bot, {
    adapter: teams.adapter,
    botAppId: config.BOT_ID ?? '',
    log,
    locale: config.TEAM_LOCALE,
  });
  let baseUrl = config.PUBLIC_URL ?? '';
  const staleData = createStaleData({
    sources: {
      associations: stores.associations,
      directory: stores.directory,
      installations: stores.conversations,
      addressKey: addressKeyOf(stores.surveyKeys),
      tabUrl: () => baseUrl,
      ...(config.TEAMS_APP_ID ? { teamsAppId: config.TEAMS_APP_ID } : {}),
    },
    register: api.register,
    people: stores.people,
    log,
  });
  teams.bot.useCardInvokes({
    handles: isStaleDataVerb,
    handle: (activity, locale) => handleStaleDataInvoke(activity, locale, staleData.invoke),
  });
  const delivery = createDelivery({
    config,
    stores,
    log,
    auth: api.auth,
    adapter: teams.adapter,
    ...(overrides.sender ? { sender: overrides.sender } : {}),
    surveys: {
      list: () => surveys.service.list(),
      get: (id) => stores.surveys.get(id),
      results: (id) => surveys.service.results(id),
      hasAnswered: (id, who) => surveys.service.hasAnswered(id, who),
    },
    audience: registerAudience(stores),
    invitationCards,
    staleData: {
      cards: staleData.cards,
      job: (parts) =>
        staleDataJob({
          ...parts,
          sources: staleData.sources,
          markers: new TableStaleDataMarkers(storage.table(TABLES.meta)),
        }),
    },
  });
  events.usePublisher(delivery.invitations);
  connectSurveysToTeams(surveys.service, teams.bot, { log });
  surveys.service.usePublisher(
    outboxSurveyPublisher({
      outbox: stores.outbox,
      teams: stores.conversations,
      wake: () => delivery.engine?.wake(),
    }),
  );
  return {
    stores,
    routes: [
      ...api.routes,
      ...events.routes,
      ...surveys.routes,
      ...content.routes,
      botRoute(teams.turns, { tenants: botTenants(config) }),
      delivery.routes,
    ],
    delivery,
    // The signing secret in memory before the first signed link arrives (no read on its path).
    prepare: () =>
      api.prepare().then(() =>
        stores.feedSecret.current().then(
          () => undefined,
          () => undefined,
        ),
      ),
    listening(url) {
      api.listening(url);
      events.listening(url);
      baseUrl = config.PUBLIC_URL ?? url;
    },
  };
}
