/**
 * A survey's opening card through scheduled delivery, on Azurite with the fake Bot Connector:
 * opened during its window, the card goes to those of the survey's audience with the app in
 * personal chat (the channel had it at the opening), once each, in each person's language; a
 * closed survey's posts are dropped as gone.
 */
import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { associationInputSchema } from '@yhdistysyhteistyo/contract/associations';
import { buildDeliveryEngine, scheduleSource } from '../../bot/src/compose/delivery';
import { tableStores } from '../../bot/src/compose/stores';
import { addressKeyOf, registerAudience, surveyCardPreview } from '../../bot/src/compose/surveys';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { TABLES } from '../../bot/src/storage/tables';
import type { DeliveryEngine } from '../../bot/src/delivery/engine';
import { DEFAULT_RULES } from '../../bot/src/delivery/ports';
import { SurveysService } from '../../bot/src/domain/surveys-service';
import { ConnectorActivitySender } from '../../bot/src/teams/connector-sender';
import { TableStorage } from '../../bot/src/storage/tables';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { cardTexts } from '../support/card-check';
import { engineConfig, personalChatId, personId, seedEvening } from '../support/delivery-harness';
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

  it('sends each opened survey to its audience in personal chat once, and nothing for a closed one', async () => {
    const storage = new TableStorage(azurite.connectionString, 'S');
    // A team and six people with the app in personal chat (and an evening nobody is reminded of).
    await seedEvening(storage, fake.url, PEOPLE);
    const stores = tableStores(storage, {
      INITIAL_COORDINATORS: ['koordinaattori@kaupunki.example'],
    });
    // Who they are, as their installs recorded what Teams told (a keyed hash of the address):
    // 0 a guest; 1 a member listed as an association's contact person; 2 a contact person and
    // 3 the coordinator of the register; 4 a city employee with no role; 5 told nothing.
    const addressKey = addressKeyOf(stores.surveyKeys);
    const who: { guest?: boolean; address?: string }[] = [
      { guest: true, address: 'vieras@kuoro.example' },
      { guest: false, address: 'puheenjohtaja@seura.example' },
      { guest: false, address: 'yhteys@kaupunki.example' },
      { guest: false, address: 'Koordinaattori@kaupunki.example' },
      { guest: false, address: 'virkailija@kaupunki.example' },
      {},
    ];
    const conversations = new TableConversationStore(storage.table(TABLES.conversations));
    for (const [i, facts] of who.entries()) {
      const chat = (await conversations.listActive('personal')).find(
        (c) => c.userAadObjectId === personId(i),
      );
      assert.ok(chat);
      await conversations.activate({
        key: chat.key,
        reference: chat.reference,
        userAadObjectId: personId(i),
        at: new Date().toISOString(),
        ...(facts.guest !== undefined ? { guest: facts.guest } : {}),
        ...(facts.address ? { addressKey: await addressKey(facts.address) } : {}),
      });
    }
    await stores.people.put(
      'yhteys@kaupunki.example',
      { name: 'Yhteyshenkilö', role: 'contact', units: ['kulttuuri'] },
      'test',
    );
    await stores.people.put(
      'koordinaattori@kaupunki.example',
      { name: 'Koordinaattori', role: 'coordinator', units: [] },
      'test',
    );
    await stores.people.put(
      'virkailija@kaupunki.example',
      { name: 'Virkailija', role: 'reader', units: [] },
      'test',
    );
    await stores.associations.create(
      associationInputSchema.parse({
        name: 'Seura ry',
        units: ['kulttuuri'],
        contacts: [{ name: 'Puheenjohtaja', email: 'puheenjohtaja@seura.example' }],
      }),
      'test',
    );
    // Opened two minutes ago, inside its window: its personal posts are due now.
    let now = new Date(Date.now() - 120_000);
    const service = new SurveysService({
      surveys: stores.surveys,
      answers: stores.surveyAnswers,
      keys: stores.surveyKeys,
      indicators: stores.indicators,
      clock: () => now,
      preview: surveyCardPreview,
    });
    const input = {
      ...TEMPLATES.associationSurvey.input(2026),
      window: { first: day(-1), last: day(10) },
    };
    const open = await service.create(input, { id: 'k' });
    const opened = await service.open(open.value.id, { id: 'k' });
    assert.equal(opened.card, 'notPosted', 'no publisher here: the channel post is the bot’s');
    const keyPersons = await service.create(
      {
        ...TEMPLATES.keyPersonsSurvey.input(2026),
        window: { first: day(-1), last: day(10) },
      },
      { id: 'k' },
    );
    await service.open(keyPersons.value.id, { id: 'k' });
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
        schedule: scheduleSource(
          stores,
          undefined,
          {
            list: () => service.list(),
            hasAnswered: (id, who) => service.hasAnswered(id, who),
          },
          registerAudience(stores),
        ),
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
    const expected = [1, 1, 1, 1, 0, 1];
    await until(
      'a card in every personal chat of an audience',
      () => chats.every((c, i) => fake.deliveriesTo(c).length >= (expected[i] ?? 0)),
      30_000,
    ).catch((error: unknown) => {
      throw new Error(
        `${String(error)}: ${JSON.stringify(chats.map((c) => fake.deliveriesTo(c).length))}`,
      );
    });
    await until('two more ticks', () => (engine?.stats.ticks ?? 0) >= 3, 10_000);

    const titles = chats.map((c) =>
      fake.deliveriesTo(c).map((sent) => {
        const attachments = sent.activity.attachments as { content: unknown }[];
        return cardTexts(attachments[0]?.content)[0];
      }),
    );
    // Person 0, 3 chat in English; the others in Finnish (as seeded). The association survey to
    // the guest, the association's contact person and the one Teams told nothing of; the key
    // persons' survey to the contact person and the coordinator; nothing to the employee with no
    // role.
    assert.deepEqual(titles, [
      ['Association survey 2026'],
      ['Yhdistyskysely 2026'],
      ['Avainhenkilöiden kysely 2026'],
      ["Key persons' survey 2026"],
      [],
      ['Yhdistyskysely 2026'],
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
    const sentTo = (id: string) =>
      survey
        .filter((r) => r.postId === `survey:${id}` && r.state === 'sent')
        .map((r) => (r.target.kind === 'personal' ? r.target.personId : 'channel'))
        .sort();
    assert.deepEqual(sentTo(open.value.id), [personId(0), personId(1), personId(5)]);
    assert.deepEqual(sentTo(keyPersons.value.id), [personId(2), personId(3)]);
    assert.deepEqual(sentTo(closed.value.id), []);
  });
});
