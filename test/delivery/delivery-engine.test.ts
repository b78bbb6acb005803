import assert from 'node:assert/strict';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import type { DeliveryEngine } from '../../bot/src/delivery/engine';
import type { NewOutboxRow, OutboxRow } from '../../bot/src/delivery/ports';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { EventsStore } from '../../bot/src/storage/events-store';
import { TableDeliveryStateStore } from '../../bot/src/storage/lease-store';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { WorkingGroupsStore } from '../../bot/src/storage/working-groups-store';
import { assertValidCard } from '../support/card-check';
import {
  buildEngine,
  leadTimeFiringNow,
  personalChatId,
  rulesFiringNow,
  seedEvening,
  TEAM_ID,
} from '../support/delivery-harness';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { afterSteps, until } from '../support/wait';

function rows(storage: TableStorage): Promise<OutboxRow[]> {
  const now = Date.now();
  return new TableOutboxStore(storage).list({
    from: new Date(now - 2 * 86_400_000).toISOString(),
    to: new Date(now + 86_400_000).toISOString(),
  });
}

function rowFor(all: OutboxRow[], conversationId: string): OutboxRow | undefined {
  return all.find((r) => r.conversationId === conversationId);
}

describe("delivery: the engine's outcomes (Azurite, real sender, fake Bot Connector)", function () {
  this.timeout(90_000);
  let azurite: AzuriteProcess;
  let fake: FakeConnector;
  let engine: DeliveryEngine | undefined;
  let n = 0;
  let prefix = '';
  let storage: TableStorage;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    prefix = `E${++n}`;
    storage = new TableStorage(azurite.connectionString, prefix);
    fake = await startFakeConnector();
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await fake.close();
  });

  function start(rules: ReturnType<typeof rulesFiringNow>): DeliveryEngine {
    engine = buildEngine({
      connectionString: azurite.connectionString,
      prefix,
      instanceId: `engine-${n}`,
      rules,
      tenantRate: 50,
    }).engine;
    engine.start();
    return engine;
  }

  it('records each Teams answer: sent with the activity id, never retries 403, drops the chat on 404, retries 429 and 503', async () => {
    const { evening } = await seedEvening(storage, fake.url, 5);
    fake.inject({
      fault: { kind: 'forbidden', code: 'ConversationBlockedByUser' },
      conversations: [personalChatId(0)],
    });
    fake.inject({ fault: { kind: 'notFound' }, conversations: [personalChatId(1)] });
    fake.inject({
      fault: { kind: 'throttle', retryAfterSeconds: 1 },
      conversations: [personalChatId(2)],
      times: 1,
    });
    fake.inject({
      fault: { kind: 'status', status: 503 },
      conversations: [personalChatId(3)],
      times: 2,
    });
    start(rulesFiringNow(evening.start));
    await until('every row to settle', async () => {
      const all = await rows(storage);
      return all.length === 6 && all.every((r) => r.state === 'sent' || r.state === 'failed');
    });
    const all = await rows(storage);
    const requestsTo = (id: string) => fake.requests.filter((r) => r.conversationId === id).length;

    const blocked = rowFor(all, personalChatId(0));
    assert.deepEqual(
      [blocked?.state, blocked?.reason, blocked?.httpStatus, blocked?.errorCode],
      ['failed', 'blocked', 403, 'ConversationBlockedByUser'],
    );
    assert.equal(requestsTo(personalChatId(0)), 1, '403 is never retried');

    const gone = rowFor(all, personalChatId(1));
    assert.deepEqual(
      [gone?.state, gone?.reason, gone?.httpStatus],
      ['failed', 'conversationGone', 404],
    );
    const installation = await new TableConversationStore(storage.table(TABLES.conversations)).get({
      kind: 'personal',
      conversationId: personalChatId(1),
    });
    assert.equal(installation?.state, 'gone', 'the conversation store was told');

    const throttled = rowFor(all, personalChatId(2));
    assert.deepEqual([throttled?.state, throttled?.attempts], ['sent', 2]);
    const attempts = fake.requests.filter((r) => r.conversationId === personalChatId(2));
    assert.ok((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0) >= 1_000, 'waited for Retry-After');

    const unavailable = rowFor(all, personalChatId(3));
    assert.deepEqual([unavailable?.state, unavailable?.attempts], ['sent', 3]);

    for (const id of [personalChatId(4), TEAM_ID]) {
      const row = rowFor(all, id);
      assert.equal(row?.state, 'sent');
      assert.equal(row?.activityId, fake.deliveriesTo(id)[0]?.activityId);
    }
    // The cards themselves pass the card check, in the channel and in personal chats.
    for (const a of fake.activities) {
      const attachment = (a.activity.attachments as { content: unknown }[])[0];
      assertValidCard(attachment?.content, `reminder to ${a.conversationId}`);
    }
    // Person 3 chose English (locale en-US): the card speaks English.
    const english = JSON.stringify(fake.deliveriesTo(personalChatId(3))[0]?.activity);
    assert.match(english, /Reminder: Whole-city association evening/);
    const finnish = JSON.stringify(fake.deliveriesTo(personalChatId(4))[0]?.activity);
    assert.match(finnish, /Muistutus: Koko kaupungin yhdistysilta/);
  });

  it('skips a post due more than 12 h ago, and fails a channel post when the team has no channel', async () => {
    const { evening } = await seedEvening(storage, fake.url, 1);
    await new TableConversationStore(storage.table(TABLES.conversations)).markGone(
      { kind: 'team', teamId: TEAM_ID },
      new Date().toISOString(),
    );
    const old: NewOutboxRow = {
      postId: `evening:${evening.id}`,
      occurrence: 'long-ago',
      target: { kind: 'personal', personId: '00000000-0000-4000-a000-000000000000' },
      kind: 'eveningReminder',
      dueAt: new Date(Date.now() - 13 * 3_600_000).toISOString(),
      state: 'waiting',
      payload: {
        kind: 'eveningReminder',
        eveningId: evening.id,
        start: evening.start,
        daysBefore: 1,
      },
    };
    await storage.ensureTables();
    await new TableOutboxStore(storage).insert([old]);
    start(rulesFiringNow(evening.start));
    await until('three rows settled', async () => {
      const all = await rows(storage);
      return all.length === 3 && all.every((r) => r.state !== 'waiting' && r.state !== 'sending');
    });
    const all = await rows(storage);
    const stale = all.find((r) => r.occurrence === 'long-ago');
    assert.deepEqual([stale?.state, stale?.reason], ['skipped', 'stale']);
    const channel = all.find((r) => r.target.kind === 'channel');
    assert.deepEqual([channel?.state, channel?.reason], ['failed', 'noChannel']);
    assert.equal(all.filter((r) => r.state === 'sent').length, 1);
    assert.equal(fake.deliveryCounts().get(personalChatId(0)), 1);
  });

  it('fails a post Teams finds too large (413) without retrying, with its size', async () => {
    fake.reset();
    await fake.close();
    fake = await startFakeConnector({ maxBodyBytes: 600 });
    const { evening } = await seedEvening(storage, fake.url, 1);
    start(rulesFiringNow(evening.start));
    await until('both rows settled', async () => {
      const all = await rows(storage);
      return all.length === 2 && all.every((r) => r.state === 'failed');
    });
    const all = await rows(storage);
    assert.deepEqual(
      all.map((r) => [r.state, r.reason, r.httpStatus, (r.cardBytes ?? 0) > 0]),
      [
        ['failed', 'tooLarge', 413, true],
        ['failed', 'tooLarge', 413, true],
      ],
    );
    assert.equal(fake.requests.length, 2, 'one request each');
  });

  it('holds posts while paused and sends them when resumed', async () => {
    const { evening } = await seedEvening(storage, fake.url, 3);
    const state = new TableDeliveryStateStore(storage);
    await state.setPaused(true, 'helena.virtanen@kaupunki.example', new Date().toISOString());
    const e = start(rulesFiringNow(evening.start));
    await until('the rows', async () => (await rows(storage)).length === 4);
    // Two ticks, each followed by a dispatch pass that finds the switch on.
    await afterSteps('ticks while paused', () => e.stats.ticks, 2);
    assert.equal(fake.activities.length, 0, 'nothing goes out while paused');
    assert.ok((await rows(storage)).every((r) => r.state === 'waiting'));
    await state.setPaused(false, 'helena.virtanen@kaupunki.example', new Date().toISOString());
    e.wake();
    await until('all four delivered', () => fake.activities.length === 4, 10_000);
  });

  it('reminds the channel of a working-group meeting (a weekly series), mentioning the members who are in Teams', async () => {
    await seedEvening(storage, fake.url, 0);
    const at = new Date().toISOString();
    const begins = new Date(
      Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000,
    ).toISOString();
    await new WorkingGroupsStore(storage.table(TABLES.workingGroups)).create({
      id: 'tilat',
      name: { fi: 'Tilayhteistyö', en: 'Premises cooperation' },
      purpose: { fi: '', en: '' },
      builtIn: true,
      members: [
        { kind: 'user', name: 'Mikko Laine', upn: 'mikko.laine@kaupunki.example' },
        { kind: 'user', name: 'Sanna Heikkinen', aadId: '00000000-0000-4000-a000-0000000000bb' },
        { kind: 'representative', name: 'Leena Mäkinen', association: 'Kaupungin Kamarikuoro ry' },
      ],
      active: true,
      createdAt: at,
      createdBy: 'test',
      updatedAt: at,
      updatedBy: 'test',
    });
    await new EventsStore(storage.table(TABLES.events)).create({
      id: 'tilat-kokous',
      kind: 'meeting',
      workingGroupId: 'tilat',
      title: { fi: 'Tilatyöryhmän kokous', en: 'Premises group meeting' },
      description: { fi: '', en: '' },
      start: begins,
      end: new Date(Date.parse(begins) + 3_600_000).toISOString(),
      place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/tilat' },
      state: 'published',
      record: false,
      host: 'Palvelutori',
      agenda: [],
      recurrence: { rule: 'FREQ=WEEKLY', exdates: [], moved: [] },
      createdAt: at,
      createdBy: 'test',
      updatedAt: at,
      updatedBy: 'test',
    });
    const e = start({
      ...rulesFiringNow(begins),
      meetingLeadTimes: [leadTimeFiringNow(begins)],
      eveningLeadTimes: [],
    });
    await until('the meeting reminder', () => fake.deliveriesTo(TEAM_ID).length === 1);
    await afterSteps('ticks', () => e.stats.ticks, 2);
    assert.equal(fake.deliveriesTo(TEAM_ID).length, 1, 'one occurrence due: one post');
    const card = (
      fake.deliveriesTo(TEAM_ID)[0]?.activity.attachments as { content: Record<string, unknown> }[]
    )[0]?.content;
    assertValidCard(card, 'meeting reminder');
    const texts = JSON.stringify(card);
    assert.match(texts, /Tilatyöryhmän kokous/);
    assert.match(texts, /Tilayhteistyö/);
    assert.match(texts, /<at>Mikko Laine<\/at>, <at>Sanna Heikkinen<\/at>/);
    assert.deepEqual(
      (card?.msteams as { entities: { mentioned: { id: string } }[] }).entities.map(
        (e) => e.mentioned.id,
      ),
      ['mikko.laine@kaupunki.example', '00000000-0000-4000-a000-0000000000bb'],
    );
  });

  it("posts a group's meeting reminder to the group's own channel, and to the team's chosen one when the team no longer has it", async () => {
    await seedEvening(storage, fake.url, 0);
    const channel = '19:verkosto-kanava@thread.tacv2';
    const at = new Date().toISOString();
    await new TableConversationStore(storage.table(TABLES.conversations)).updateTeam(
      TEAM_ID,
      { channels: [{ id: TEAM_ID }, { id: channel, name: 'Verkosto' }] },
      at,
    );
    const begins = new Date(
      Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000,
    ).toISOString();
    const groups = new WorkingGroupsStore(storage.table(TABLES.workingGroups));
    const group = (id: string, channelId: string) => ({
      id,
      name: { fi: `Ryhmä ${id}`, en: '' },
      purpose: { fi: '', en: '' },
      builtIn: false,
      members: [],
      active: true,
      channelId,
      createdAt: at,
      createdBy: 'test',
      updatedAt: at,
      updatedBy: 'test',
    });
    await groups.create(group('verkosto', channel));
    await groups.create(group('poistunut', '19:poistettu-kanava@thread.tacv2'));
    const events = new EventsStore(storage.table(TABLES.events));
    for (const id of ['verkosto', 'poistunut']) {
      await events.create({
        id: `${id}-kokous`,
        kind: 'meeting',
        workingGroupId: id,
        title: { fi: `Kokous ${id}`, en: '' },
        description: { fi: '', en: '' },
        start: begins,
        end: new Date(Date.parse(begins) + 3_600_000).toISOString(),
        place: { address: 'Kaupungintalo' },
        state: 'published',
        record: false,
        host: '',
        agenda: [],
        createdAt: at,
        createdBy: 'test',
        updatedAt: at,
        updatedBy: 'test',
      });
    }
    start({
      ...rulesFiringNow(begins),
      meetingLeadTimes: [leadTimeFiringNow(begins)],
      eveningLeadTimes: [],
    });
    await until('both reminders', () => fake.activities.length === 2);
    const to = (id: string) => JSON.stringify(fake.deliveriesTo(id).map((d) => d.activity));
    assert.equal(fake.deliveriesTo(channel).length, 1);
    assert.match(to(channel), /Kokous verkosto/);
    assert.equal(fake.deliveriesTo(TEAM_ID).length, 1);
    assert.match(to(TEAM_ID), /Kokous poistunut/);
    const sent = await rows(storage);
    assert.deepEqual(sent.map((r) => [r.postId, r.target, r.conversationId]).sort(), [
      [
        'meeting:poistunut-kokous',
        { kind: 'channel', channelId: '19:poistettu-kanava@thread.tacv2' },
        TEAM_ID,
      ],
      ['meeting:verkosto-kokous', { kind: 'channel', channelId: channel }, channel],
    ]);
  });

  it('keeps a busy channel inside 7/1 s and 8/2 s: twenty posts at once, no 429 from Teams', async () => {
    const { evening } = await seedEvening(storage, fake.url, 0);
    const now = new Date().toISOString();
    const months = Array.from(
      { length: 20 },
      (_, i) => `${2030 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    await new TableOutboxStore(storage).insert(
      months.map((month) => ({
        postId: 'monthly',
        occurrence: month,
        target: { kind: 'channel' as const },
        kind: 'monthly' as const,
        dueAt: now,
        state: 'waiting' as const,
        payload: { kind: 'monthly' as const, month },
      })),
    );
    start({ ...rulesFiringNow(evening.start), eveningLeadTimes: [] });
    await until(
      'twenty posts in the channel',
      () => fake.deliveriesTo(TEAM_ID).length === 20,
      30_000,
    );
    assert.equal(fake.requests.filter((r) => r.status === 429).length, 0);
    const times = fake.deliveriesTo(TEAM_ID).map((a) => a.at);
    for (let i = 7; i < times.length; i++)
      assert.ok((times[i] ?? 0) - (times[i - 7] ?? 0) >= 1_000, `8 within 1 s at ${i}`);
    for (let i = 8; i < times.length; i++)
      assert.ok((times[i] ?? 0) - (times[i - 8] ?? 0) >= 2_000, `9 within 2 s at ${i}`);
    const card = (fake.deliveriesTo(TEAM_ID)[0]?.activity.attachments as { content: unknown }[])[0]
      ?.content;
    assertValidCard(card, 'monthly post');
  });
});
