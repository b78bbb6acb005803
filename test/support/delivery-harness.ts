/**
 * Builds delivery engines from the real parts (the app's stores on Azurite, wired by the
 * composition root's own builder, and the botbuilder sender) for integration tests and the
 * benchmark, and seeds what they deliver: a team, personal chats, an evening with answers.
 */
import { DateTime } from 'luxon';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { buildDeliveryEngine, scheduleSource } from '../../bot/src/compose/delivery';
import { tableStores } from '../../bot/src/compose/stores';
import type { DeliveryEngine, EngineConfig, EngineLog } from '../../bot/src/delivery/engine';
import { TEAMS_THREAD_WINDOWS } from '../../bot/src/delivery/limiter';
import { DEFAULT_RULES, type DeliveryRules, type LeadTime } from '../../bot/src/delivery/ports';
import { DEFAULT_RETRY } from '../../bot/src/delivery/retry';
import type { Evening } from '@yhdistysyhteistyo/contract/events/model';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { EventsStore } from '../../bot/src/storage/events-store';
import { RsvpStore } from '../../bot/src/storage/rsvp-store';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { ConnectorActivitySender } from '../../bot/src/teams/connector-sender';

export const TEAM_ID = '19:yhdistysyhteistyo-General@thread.tacv2';
export const TENANT_ID = '00000000-0000-4000-8000-00000000c17e';

export interface HarnessOptions {
  readonly connectionString: string;
  readonly prefix: string;
  readonly instanceId: string;
  readonly rules: DeliveryRules;
  readonly tenantRate: number;
  readonly leaseMs?: number;
  readonly tickMs?: number;
  readonly concurrency?: number;
  readonly log?: EngineLog;
}

export const quietLog: EngineLog = { debug() {}, info() {}, warn() {}, error() {} };

/** The reminder lead time that fires at the current minute for an event starting at `start`. */
export function leadTimeFiringNow(start: string, now = new Date()): LeadTime {
  const local = DateTime.fromJSDate(now).setZone('Europe/Helsinki');
  const startDay = DateTime.fromISO(start).setZone('Europe/Helsinki').startOf('day');
  return {
    daysBefore: Math.round(startDay.diff(local.startOf('day'), 'days').days),
    at: local.toFormat('HH:mm'),
  };
}

export function rulesFiringNow(start: string, now = new Date()): DeliveryRules {
  return {
    ...DEFAULT_RULES,
    meetingLeadTimes: [],
    eveningLeadTimes: [leadTimeFiringNow(start, now)],
    monthlyAt: undefined,
    annualAt: undefined,
  };
}

export function engineConfig(o: HarnessOptions): EngineConfig {
  return {
    instanceId: o.instanceId,
    tickMs: o.tickMs ?? 1_000,
    leaseMs: o.leaseMs ?? 3_000,
    concurrency: o.concurrency ?? 8,
    rules: o.rules,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 200, maxDelayMs: 2_000 },
    limits: {
      perConversation: TEAMS_THREAD_WINDOWS,
      tenant: [{ limit: o.tenantRate, windowMs: 1_000 }],
      marginMs: 2,
    },
    maxInlineWaitMs: 5_000,
    sendingTimeoutMs: 60_000,
    maxActivityBytes: 100 * 1024,
    leaseName: 'delivery-timer',
  };
}

export function buildEngine(o: HarnessOptions): { engine: DeliveryEngine; storage: TableStorage } {
  const storage = new TableStorage(o.connectionString, o.prefix);
  const stores = tableStores(storage, { INITIAL_COORDINATORS: [] });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const engine = buildDeliveryEngine(
    {
      stores,
      schedule: scheduleSource(stores),
      sender: new ConnectorActivitySender({ adapter, botAppId: '', timeoutMs: 10_000 }),
      log: o.log ?? quietLog,
    },
    engineConfig(o),
  );
  return { engine, storage };
}

export function personId(i: number): string {
  return `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`;
}

export function personalChatId(i: number): string {
  return `a:1personal-chat-${i};x@unq.gbl.spaces`;
}

/**
 * A team with its General channel, `people` personal chats, and an evening starting in two hours
 * that every one of them answered "coming" (or "maybe" for odd numbers).
 */
export async function seedEvening(
  storage: TableStorage,
  serviceUrl: string,
  people: number,
  now = new Date(),
): Promise<{ evening: Evening }> {
  await storage.ensureTables();
  const at = now.toISOString();
  const conversations = new TableConversationStore(storage.table(TABLES.conversations));
  const bot = { id: '28:delivery-test-bot', name: 'Yhdistysbotti' };
  await conversations.activate({
    key: { kind: 'team', teamId: TEAM_ID },
    reference: {
      bot,
      channelId: 'msteams',
      serviceUrl,
      conversation: {
        id: TEAM_ID,
        conversationType: 'channel',
        isGroup: true,
        tenantId: TENANT_ID,
      },
    },
    tenantId: TENANT_ID,
    teamName: 'Yhdistysyhteistyö',
    at,
  });
  for (let i = 0; i < people; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, people - i) }, (_, k) => {
        const n = i + k;
        return conversations.activate({
          key: { kind: 'personal', conversationId: personalChatId(n) },
          reference: {
            bot,
            channelId: 'msteams',
            serviceUrl,
            locale: n % 3 === 0 ? 'en-US' : 'fi-FI',
            user: { id: `29:user-${n}`, aadObjectId: personId(n) },
            conversation: {
              id: personalChatId(n),
              conversationType: 'personal',
              tenantId: TENANT_ID,
            },
          },
          tenantId: TENANT_ID,
          userAadObjectId: personId(n),
          at,
        });
      }),
    );
  }
  const start = new Date(now.getTime() + 2 * 3_600_000);
  const evening: Evening = {
    id: 'ilta-kevat',
    kind: 'evening',
    title: { fi: 'Koko kaupungin yhdistysilta', en: 'Whole-city association evening' },
    description: { fi: 'Yhteinen aloitus, sitten palvelualueiden omat osiot.', en: '' },
    start: start.toISOString(),
    end: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
    place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/demo' },
    state: 'published',
    record: false,
    host: 'Järjestökoordinaattori',
    agenda: [],
    registrationDeadline: new Date(start.getTime() - 3_600_000).toISOString(),
    createdAt: at,
    createdBy: 'test',
    updatedAt: at,
    updatedBy: 'test',
  };
  await new EventsStore(storage.table(TABLES.events)).create(evening);
  const rsvps = new RsvpStore(storage.table(TABLES.rsvps));
  // One by one: every answer updates the evening's counts row.
  for (let n = 0; n < people; n++) {
    await rsvps.answer(
      {
        eventId: evening.id,
        userId: personId(n),
        name: `Henkilö ${n}`,
        answer: n % 2 === 0 ? 'yes' : 'maybe',
        association: '',
        contentWish: '',
        answeredAt: at,
        via: 'card',
      },
      () => undefined,
    );
  }
  return { evening };
}
