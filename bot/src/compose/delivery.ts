/**
 * Puts scheduled delivery together: the schedule, the conversations, the cards and the sender
 * around the engine, and the coordinator's routes. `delivery/` itself knows its ports only;
 * this is where they meet the stores and the Bot Connector.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { CloudAdapter } from 'botbuilder';
import type { Config } from '../config';
import { computeDue, scheduleWindow } from '../delivery/due';
import { DeliveryEngine, type EngineConfig, type EngineLog } from '../delivery/engine';
import { TEAMS_THREAD_WINDOWS } from '../delivery/limiter';
import {
  DEFAULT_RULES,
  systemClock,
  type ActivitySender,
  type Clock,
  type DeliveryRules,
} from '../delivery/ports';
import { RetentionJob, type RetentionPolicy } from '../domain/retention';
import { DEFAULT_RETRY } from '../delivery/retry';
import { deliveryRoutes } from '../http/delivery-routes';
import type { RouteModule } from '../http/server';
import type { AuthDeps } from '../http/user-context';
import type { Logger } from '../log';
import { outboxId, outboxKey } from '../storage/outbox-store';
import { adapterFor, ConnectorActivitySender } from '../teams/connector-sender';
import {
  EventScheduleSource,
  InstallationDirectory,
  type AudienceReader,
  type SurveysReader,
} from './delivery-sources';
import type { Evening } from '@yhdistysyhteistyo/contract/events/model';
import type { ConversationTarget, OutboxStore } from '../delivery/ports';
import type { InvitationPublisher } from '../domain/events-service';
import { OutboxInvitationPublisher, recordPosting } from './invitations';
import {
  CardPostRenderer,
  type InvitationCardsPort,
  type StaleDataCardsPort,
  type SurveyReader,
} from './post-renderer';
import type { Stores } from './stores';

/** What delivery reads and writes. */
export type DeliveryStores = Pick<
  Stores,
  | 'outbox'
  | 'leases'
  | 'deliveryState'
  | 'events'
  | 'rsvps'
  | 'groups'
  | 'conversations'
  | 'eventsCalendar'
  | 'retention'
>;

/** The yearly stale-data reminder: the cards, and the job built on the engine's outbox and clock. */
export interface StaleDataParts {
  readonly cards: StaleDataCardsPort;
  job(deps: {
    readonly outbox: Pick<OutboxStore, 'insert'>;
    readonly clock: Pick<Clock, 'now'>;
    readonly log: { info(obj: object, msg: string): void };
  }): { runIfDue(): Promise<unknown> };
}

/** The channel card of an evening's invitation, as the bot draws it. */
export interface InvitationCardSource {
  channelCard(event: Evening, conversation: ConversationTarget): Promise<unknown>;
}

export interface Delivery {
  readonly routes: RouteModule;
  /** Evenings' invitations, their updates and notices: queued in the outbox. */
  readonly invitations: InvitationPublisher;
  /** Undefined when delivery is switched off (DELIVERY_ENABLED=false, or tests by default). */
  readonly engine?: DeliveryEngine;
  start(): void;
  stop(): Promise<void>;
}

export interface DeliveryOptions {
  readonly config: Config;
  readonly stores: DeliveryStores;
  readonly log: Logger;
  readonly auth: AuthDeps;
  /** The bot's adapter, so posts go with the same identity; one from config otherwise. */
  readonly adapter?: Pick<CloudAdapter, 'continueConversationAsync'>;
  readonly sender?: ActivitySender;
  /** Surveys: their cards when a window opens, reminders before it closes. */
  readonly surveys?: SurveysReader & SurveyReader;
  /** Who is in a survey's audience. */
  readonly audience?: AudienceReader;
  /** The bot's invitation cards; without them invitation rows cannot be rendered. */
  readonly invitationCards?: InvitationCardSource;
  readonly staleData?: StaleDataParts;
}

export function rulesFrom(config: Pick<Config, 'DELIVERY_STALE_HOURS'>): DeliveryRules {
  return { ...DEFAULT_RULES, staleMs: Math.round(config.DELIVERY_STALE_HOURS * 3_600_000) };
}

export function engineConfigFrom(
  config: Pick<
    Config,
    | 'DELIVERY_TICK_SECONDS'
    | 'DELIVERY_LEASE_SECONDS'
    | 'DELIVERY_CONCURRENCY'
    | 'DELIVERY_TENANT_RATE'
    | 'DELIVERY_STALE_HOURS'
  >,
): EngineConfig {
  return {
    instanceId: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
    tickMs: config.DELIVERY_TICK_SECONDS * 1000,
    leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
    concurrency: config.DELIVERY_CONCURRENCY,
    rules: rulesFrom(config),
    retry: DEFAULT_RETRY,
    limits: {
      perConversation: TEAMS_THREAD_WINDOWS,
      tenant: [{ limit: config.DELIVERY_TENANT_RATE, windowMs: 1_000 }],
      // Sends count at their answer (see the limiter); the margin only covers timer granularity.
      marginMs: 2,
    },
    maxInlineWaitMs: 5_000,
    sendingTimeoutMs: 5 * 60_000,
    maxActivityBytes: 100 * 1024,
    leaseName: 'delivery-timer',
  };
}

/** The schedule of what is due, from the events, their answers and the personal chats. */
export function scheduleSource(
  stores: Pick<DeliveryStores, 'events' | 'rsvps' | 'conversations' | 'groups'>,
  onProblem?: (eventId: string, error: unknown) => void,
  surveys?: SurveysReader,
  audience?: AudienceReader,
): EventScheduleSource {
  return new EventScheduleSource({
    events: stores.events,
    rsvps: stores.rsvps,
    installations: stores.conversations,
    groups: stores.groups,
    ...(onProblem ? { onProblem } : {}),
    ...(surveys ? { surveys } : {}),
    ...(audience ? { audience } : {}),
  });
}

/** The engine on its ports: the stores, the schedule, the conversations, the cards, a sender. */
export function buildDeliveryEngine(
  parts: {
    readonly stores: DeliveryStores;
    readonly schedule: EventScheduleSource;
    readonly sender: ActivitySender;
    readonly log: EngineLog;
    readonly clock?: Clock;
    readonly surveys?: SurveyReader;
    /** The team's language for channel posts. */
    readonly channelLocale?: 'fi' | 'en';
    /** How long answers and the trail keep people; retention runs with the timer when given. */
    readonly retention?: RetentionPolicy;
    readonly invitationCards?: InvitationCardSource;
    /** The yearly stale-data reminder: its cards, and its job run with the timer. */
    readonly staleData?: StaleDataParts;
  },
  engineConfig: EngineConfig,
): DeliveryEngine {
  const { stores } = parts;
  const clock = parts.clock ?? systemClock;
  const retention = parts.retention
    ? new RetentionJob({
        clock,
        store: stores.retention,
        policy: parts.retention,
        log: parts.log,
      })
    : undefined;
  const staleData = parts.staleData?.job({
    outbox: stores.outbox,
    clock,
    log: parts.log,
  });
  const jobs = [retention, staleData].filter((j) => j !== undefined);
  return new DeliveryEngine(
    {
      clock: parts.clock ?? systemClock,
      random: Math.random,
      outbox: stores.outbox,
      leases: stores.leases,
      state: stores.deliveryState,
      schedule: parts.schedule,
      directory: new InstallationDirectory(stores.conversations),
      renderer: new CardPostRenderer({
        events: stores.events,
        groups: stores.groups,
        calendar: stores.eventsCalendar,
        rsvps: stores.rsvps,
        ...(parts.surveys ? { surveys: parts.surveys } : {}),
        ...(parts.channelLocale ? { channelLocale: parts.channelLocale } : {}),
        ...(parts.invitationCards
          ? { invitations: invitationsPort(stores.events, parts.invitationCards) }
          : {}),
        ...(parts.staleData ? { staleData: parts.staleData.cards } : {}),
      }),
      sender: parts.sender,
      log: parts.log,
      ...(jobs.length > 0
        ? {
            // Each runs on its own: one failing leaves the other's work to its own next turn.
            chores: {
              runIfDue: async () => {
                const results = await Promise.allSettled(jobs.map((j) => j.runIfDue()));
                const failed = results.find((r) => r.status === 'rejected');
                if (failed) throw failed.reason;
              },
            },
          }
        : {}),
    },
    engineConfig,
  );
}

function invitationsPort(
  events: DeliveryStores['events'],
  cards: InvitationCardSource,
): InvitationCardsPort {
  return {
    card: (event, conversation) => cards.channelCard(event, conversation),
    posted: (eveningId, posting) => recordPosting(events, eveningId, posting),
  };
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { config, stores, log } = options;
  const schedule = scheduleSource(
    stores,
    (eventId, error) =>
      log.error({ err: error, eventId }, 'reminders of an event cannot be computed; left out'),
    options.surveys,
    options.audience,
  );
  const rules = rulesFrom(config);
  const enabled = config.DELIVERY_ENABLED ?? config.NODE_ENV !== 'test';

  let engine: DeliveryEngine | undefined;
  if (enabled) {
    const sender =
      options.sender ??
      new ConnectorActivitySender({
        adapter: options.adapter ?? adapterFor(config),
        botAppId: config.BOT_ID ?? '',
      });
    engine = buildDeliveryEngine(
      {
        stores,
        schedule,
        sender,
        log: log.child({ area: 'delivery' }),
        ...(options.surveys ? { surveys: options.surveys } : {}),
        channelLocale: config.TEAM_LOCALE,
        retention: {
          rsvpDays: config.RSVP_RETENTION_DAYS,
          auditYears: config.AUDIT_RETENTION_YEARS,
        },
        ...(options.invitationCards ? { invitationCards: options.invitationCards } : {}),
        ...(options.staleData ? { staleData: options.staleData } : {}),
      },
      engineConfigFrom(config),
    );
  }

  const routes = deliveryRoutes({
    ...options.auth,
    outbox: stores.outbox,
    state: stores.deliveryState,
    clock: () => new Date(),
    staleHours: config.DELIVERY_STALE_HOURS,
    wake: () => engine?.wake(),
    upcoming: async (to) => {
      const now = new Date();
      if (to <= now) return [];
      // Everything due in (now, to], none of it stale: a preview, not a tick.
      const preview = {
        ...rules,
        staleMs: Number.MAX_SAFE_INTEGER,
        maxCatchUpMs: to.getTime() - now.getTime(),
      };
      const snapshot = await schedule.snapshot(scheduleWindow(to, preview, now));
      return computeDue(to, preview, snapshot, now).map((item) => {
        const key = outboxKey(item);
        return { ...item, id: outboxId(key.partitionKey, key.rowKey) };
      });
    },
  });

  const invitations = new OutboxInvitationPublisher({
    outbox: stores.outbox,
    installations: stores.conversations,
    wake: () => engine?.wake(),
  });

  return {
    routes,
    invitations,
    ...(engine ? { engine } : {}),
    start() {
      if (engine) {
        engine.start();
        log.info({ tickSeconds: config.DELIVERY_TICK_SECONDS }, 'scheduled delivery started');
      }
    },
    stop: () => engine?.stop() ?? Promise.resolve(),
  };
}
