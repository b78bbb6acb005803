/**
 * Puts scheduled delivery together from config and storage: the stores, the schedule, the
 * conversations, the cards, the sender, the engine and the coordinator's routes. index.ts calls
 * this once; it is the one file of delivery/ that knows the concrete adapters.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { CloudAdapter } from 'botbuilder';
import type { Config } from '../config';
import type { AuthDeps } from '../http/user-context';
import { deliveryRoutes } from '../http/delivery-routes';
import type { RouteModule } from '../http/server';
import type { Logger } from '../log';
import { TableConversationStore } from '../storage/conversation-store';
import { EventsStore } from '../storage/events-store';
import { TableDeliveryStateStore, TableLeaseStore } from '../storage/lease-store';
import { outboxId, outboxKey, TableOutboxStore } from '../storage/outbox-store';
import { RsvpStore } from '../storage/rsvp-store';
import { TABLES, type TableStorage } from '../storage/tables';
import { WorkingGroupsStore } from '../storage/working-groups-store';
import { adapterFor, ConnectorActivitySender } from '../teams/connector-sender';
import { computeDue, scheduleWindow } from './due';
import { DeliveryEngine, type EngineConfig } from './engine';
import {
  CardPostRenderer,
  EventScheduleSource,
  EventsCalendarReader,
  InstallationDirectory,
} from './event-schedule';
import { TEAMS_THREAD_WINDOWS } from './limiter';
import { DEFAULT_RULES, systemClock, type ActivitySender, type DeliveryRules } from './ports';
import { DEFAULT_RETRY } from './retry';

export interface Delivery {
  readonly routes: RouteModule;
  /** Undefined when delivery is switched off (DELIVERY_ENABLED=false, or tests by default). */
  readonly engine?: DeliveryEngine;
  start(): void;
  stop(): Promise<void>;
}

export interface DeliveryOptions {
  readonly config: Config;
  readonly storage: TableStorage;
  readonly log: Logger;
  readonly auth: AuthDeps;
  /** The bot's adapter, so posts go with the same identity; one from config otherwise. */
  readonly adapter?: Pick<CloudAdapter, 'continueConversationAsync'>;
  readonly sender?: ActivitySender;
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

export function createDelivery(options: DeliveryOptions): Delivery {
  const { config, storage, log } = options;
  const outbox = new TableOutboxStore(storage);
  const state = new TableDeliveryStateStore(storage);
  const events = new EventsStore(storage.table(TABLES.events));
  const rsvps = new RsvpStore(storage.table(TABLES.rsvps));
  const installations = new TableConversationStore(storage.table(TABLES.conversations));
  const schedule = new EventScheduleSource({
    events,
    rsvps,
    installations,
    onProblem: (eventId, error) =>
      log.error({ err: error, eventId }, 'reminders of an event cannot be computed; left out'),
  });
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
    engine = new DeliveryEngine(
      {
        clock: systemClock,
        random: Math.random,
        outbox,
        leases: new TableLeaseStore(storage),
        state,
        schedule,
        directory: new InstallationDirectory(installations),
        renderer: new CardPostRenderer({
          events,
          groups: new WorkingGroupsStore(storage.table(TABLES.workingGroups)),
          calendar: new EventsCalendarReader(events),
          rsvps,
        }),
        sender,
        log: log.child({ area: 'delivery' }),
      },
      engineConfigFrom(config),
    );
  }

  const routes = deliveryRoutes({
    ...options.auth,
    outbox,
    state,
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

  return {
    routes,
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
