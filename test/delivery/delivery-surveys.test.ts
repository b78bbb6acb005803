/**
 * A survey's opening card through scheduled delivery, on Azurite with the fake Bot Connector:
 * opened during its window, the card goes to everyone with the app in personal chat (the
 * channel had it at the opening), once each, in each person's language; a closed survey's
 * posts are dropped as gone.
 */
import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { buildDeliveryEngine, scheduleSource } from '../../bot/src/compose/delivery';
import { tableStores } from '../../bot/src/compose/stores';
import type { DeliveryEngine } from '../../bot/src/delivery/engine';
import { DEFAULT_RULES } from '../../bot/src/delivery/ports';
import { SurveysService } from '../../bot/src/domain/surveys-service';
import { ConnectorActivitySender } from '../../bot/src/teams/connector-sender';
import { TableStorage } from '../../bot/src/storage/tables';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { cardTexts } from '../support/card-check';
import { engineConfig, personalChatId, seedEvening } from '../support/delivery-harness';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { until } from '../support/wait';

const PEOPLE = 6;
const day = (offset: number) =>
  localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());

describe('delivery: survey cards through the outbox', function () {
  this.timeout(120_000);
  let fake: FakeConnector;
  let azurite: AzuriteProcess;
  let engine: DeliveryEngine | undefined;

  before(async () => {
    fake = await startFakeConnector();
    azurite = await startAzurite({ port: await freePort() });
  });
  after(async () => {
    await engine?.stop();
    await fake?.close();
    await azurite?.stop();
  });

  it('sends the opened survey to every personal chat once, and nothing for a closed one', async () => {
    const storage = new TableStorage(azurite.connectionString, 'S');
    // A team and six people with the app in personal chat (and an evening nobody is reminded of).
    await seedEvening(storage, fake.url, PEOPLE);
    const stores = tableStores(storage, { INITIAL_COORDINATORS: [] });
    // Opened two minutes ago, inside its window: its personal posts are due now.
    let now = new Date(Date.now() - 120_000);
    const service = new SurveysService({
      surveys: stores.surveys,
      answers: stores.surveyAnswers,
      keys: stores.surveyKeys,
      indicators: stores.indicators,
      clock: () => now,
    });
    const input = {
      ...TEMPLATES.associationSurvey.input(2026),
      window: { first: day(-1), last: day(10) },
    };
    const open = await service.create(input, { id: 'k' });
    const opened = await service.open(open.value.id, { id: 'k' });
    assert.equal(opened.card, 'notPosted', 'no publisher here: the channel post is the bot’s');
    const closed = await service.create(
      { ...input, title: { fi: 'Suljettu kysely' } },
      { id: 'k' },
    );
    await service.open(closed.value.id, { id: 'k' });
    await service.close(closed.value.id, { id: 'k' });
    now = new Date();

    const rules = {
      ...DEFAULT_RULES,
      meetingLeadTimes: [],
      eveningLeadTimes: [],
      monthlyAt: undefined,
      annualAt: undefined,
    };
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    engine = buildDeliveryEngine(
      {
        stores,
        schedule: scheduleSource(stores, undefined, {
          list: () => service.list(),
          hasAnswered: (id, who) => service.hasAnswered(id, who),
        }),
        sender: new ConnectorActivitySender({ adapter, botAppId: '', timeoutMs: 10_000 }),
        log: { debug() {}, info() {}, warn() {}, error() {} },
        surveys: stores.surveys,
      },
      engineConfig({
        connectionString: azurite.connectionString,
        prefix: 'S',
        instanceId: 'a',
        rules,
        tenantRate: 50,
      }),
    );
    engine.start();
    const chats = Array.from({ length: PEOPLE }, (_, i) => personalChatId(i));
    await until(
      'a card in every personal chat',
      () => chats.every((c) => fake.deliveriesTo(c).length >= 1),
      30_000,
    );
    await until('two more ticks', () => (engine?.stats.ticks ?? 0) >= 3, 10_000);

    const titles = chats.map((c) => {
      const sent = fake.deliveriesTo(c);
      assert.equal(sent.length, 1, `${c} got one post`);
      const attachments = sent[0]?.activity.attachments as { content: unknown }[];
      return cardTexts(attachments[0]?.content)[0];
    });
    // Person 0, 3 chat in English; the others in Finnish (as seeded).
    assert.deepEqual(titles, [
      'Association survey 2026',
      'Yhdistyskysely 2026',
      'Yhdistyskysely 2026',
      'Association survey 2026',
      'Yhdistyskysely 2026',
      'Yhdistyskysely 2026',
    ]);
    const rows = await new TableOutboxStore(storage).list({
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const survey = rows.filter((r) => r.kind === 'surveyOpen');
    assert.ok(
      survey.every((r) => r.target.kind === 'personal'),
      'the channel is not sent twice',
    );
    assert.equal(
      survey.filter((r) => r.postId === `survey:${open.value.id}` && r.state === 'sent').length,
      PEOPLE,
    );
    assert.equal(
      survey.filter((r) => r.postId === `survey:${closed.value.id}` && r.state === 'sent').length,
      0,
    );
  });
});
