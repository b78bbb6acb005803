import assert from 'node:assert/strict';
import { localDateOf, localToUtc } from '@yhdistysyhteistyo/contract/time';
import type { DeliveryView } from '../../bot/src/http/delivery-routes';
import type { OutboxRow } from '../../bot/src/delivery/ports';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { TableDeliveryStateStore } from '../../bot/src/storage/lease-store';
import { EventsStore } from '../../bot/src/storage/events-store';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { RsvpStore } from '../../bot/src/storage/rsvp-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { afterSteps, until } from '../support/wait';
import { api, DEMO, devToken } from '../support/tokens';

const PERSON = '00000000-0000-4000-a000-0000000000aa';
const CHAT = 'a:1routes-test-chat';

interface ListBody {
  paused: boolean;
  pausedBy?: string;
  items: DeliveryView[];
}

describe("delivery: the coordinator's API (real server, Azurite, fake Bot Connector)", function () {
  this.timeout(90_000);
  let t: TestApp;
  let fake: FakeConnector;
  let outbox: TableOutboxStore;
  let failed: OutboxRow;
  const tokens: Record<string, string> = {};

  before(async () => {
    fake = await startFakeConnector();
    t = await startTestApp({
      DELIVERY_ENABLED: 'true',
      DELIVERY_TICK_SECONDS: '1',
      DELIVERY_LEASE_SECONDS: '2',
    });
    for (const [role, upn] of Object.entries(DEMO)) tokens[role] = await devToken(t.url, upn);
    const storage = t.app.storage;
    await new TableConversationStore(storage.table(TABLES.conversations)).activate({
      key: { kind: 'personal', conversationId: CHAT },
      reference: {
        bot: { id: '28:bot', name: 'Yhdistysbotti' },
        channelId: 'msteams',
        serviceUrl: fake.url,
        locale: 'fi-FI',
        user: { id: '29:aa', aadObjectId: PERSON },
        conversation: { id: CHAT, conversationType: 'personal' },
      },
      userAadObjectId: PERSON,
      at: new Date().toISOString(),
    });
    // An evening in three days at 18:00 Helsinki time: its reminders of the day before and of
    // the day itself (09:00) both show as upcoming, whatever the hour the suite runs at.
    const day = localDateOf(new Date(Date.now() + 3 * 86_400_000).toISOString());
    const start = new Date(localToUtc(`${day}T18:00`));
    const at = new Date().toISOString();
    await new EventsStore(storage.table(TABLES.events)).create({
      id: 'tuleva-ilta',
      kind: 'evening',
      title: { fi: 'Tuleva yhdistysilta', en: 'Coming association evening' },
      description: { fi: '', en: '' },
      start: start.toISOString(),
      end: new Date(start.getTime() + 7_200_000).toISOString(),
      place: { address: 'Kaupungintalo' },
      state: 'published',
      record: false,
      host: 'Järjestökoordinaattori',
      agenda: [],
      registrationDeadline: new Date(start.getTime() - 3_600_000).toISOString(),
      createdAt: at,
      createdBy: 'test',
      updatedAt: at,
      updatedBy: 'test',
    });
    await new RsvpStore(storage.table(TABLES.rsvps)).answer(
      {
        eventId: 'tuleva-ilta',
        userId: PERSON,
        name: 'Aapo Aaltonen',
        answer: 'yes',
        association: '',
        contentWish: '',
        answeredAt: at,
        via: 'card',
      },
      () => undefined,
    );
    // A reminder that failed yesterday because the person had blocked the bot.
    outbox = new TableOutboxStore(storage);
    const dueAt = new Date(Date.now() - 86_400_000).toISOString();
    await outbox.insert([
      {
        postId: 'evening:tuleva-ilta',
        occurrence: 'yesterday',
        target: { kind: 'personal', personId: PERSON },
        kind: 'eveningReminder',
        dueAt,
        state: 'skipped',
        reason: 'stale',
        payload: {
          kind: 'eveningReminder',
          eveningId: 'tuleva-ilta',
          start: start.toISOString(),
          daysBefore: 0,
        },
      },
    ]);
    const [row] = await outbox.list({
      from: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      to: new Date().toISOString(),
    });
    assert.ok(row);
    const marked = await outbox.finish(row, {
      state: 'failed',
      reason: 'blocked',
      httpStatus: 403,
      errorCode: 'ConversationBlockedByUser',
      at,
    });
    assert.ok(marked);
    failed = marked;
  });
  after(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('lists posts with due time, state and the reason in plain words, in the asked language', async () => {
    const fi = await api<ListBody>(t.url, tokens.coordinator, '/api/v1/deliveries');
    assert.equal(fi.status, 200);
    assert.equal(fi.body.paused, false);
    const item = fi.body.items.find((i) => i.id === failed.id);
    assert.ok(item);
    assert.deepEqual(
      [item.state, item.stateText, item.reason, item.reasonText, item.httpStatus, item.upcoming],
      ['failed', 'Epäonnistui', 'blocked', 'Vastaanottaja on estänyt botin viestit.', 403, false],
    );
    const en = await api<ListBody>(t.url, tokens.coordinator, '/api/v1/deliveries', {
      headers: { 'Accept-Language': 'en' },
    });
    const english = en.body.items.find((i) => i.id === failed.id);
    assert.deepEqual(
      [english?.stateText, english?.reasonText],
      ['Failed', 'The recipient has blocked the bot.'],
    );
    // The evening's coming reminders, not yet due: waiting, marked upcoming.
    const upcoming = fi.body.items.filter((i) => i.upcoming);
    assert.ok(upcoming.length >= 2, JSON.stringify(upcoming.map((u) => u.dueAt)));
    assert.ok(upcoming.every((u) => u.state === 'waiting' && Date.parse(u.dueAt) > Date.now()));
    assert.ok(
      upcoming.some(
        (u) => u.kind === 'eveningReminder' && u.kindText === 'Yhdistysillan muistutus',
      ),
    );
    // Oldest first.
    const times = fi.body.items.map((i) => i.dueAt);
    assert.deepEqual(times, [...times].sort());
    const onlyFailed = await api<ListBody>(
      t.url,
      tokens.coordinator,
      '/api/v1/deliveries?state=failed',
    );
    assert.ok(onlyFailed.body.items.every((i) => i.state === 'failed'));
  });

  it('lets only a coordinator in: 401 without a token, 403 for a contact person and a reader', async () => {
    assert.equal((await api(t.url, undefined, '/api/v1/deliveries')).status, 401);
    for (const role of ['contact', 'reader'] as const) {
      const res = await api<{ error: { code: string; message: string } }>(
        t.url,
        tokens[role],
        '/api/v1/deliveries',
      );
      assert.equal(res.status, 403);
      assert.equal(res.body.error.message, 'Vain koordinaattori voi hallita ajastettuja viestejä.');
      const retry = await api(t.url, tokens[role], `/api/v1/deliveries/${failed.id}/retry`, {
        method: 'POST',
      });
      assert.equal(retry.status, 403);
      const pause = await api(t.url, tokens[role], '/api/v1/deliveries/pause', {
        method: 'PUT',
        json: { paused: true },
      });
      assert.equal(pause.status, 403);
    }
    assert.equal(
      (await api<ListBody>(t.url, tokens.coordinator, '/api/v1/deliveries')).body.paused,
      false,
    );
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const bad = [
      '/api/v1/deliveries?from=2026-13-45',
      '/api/v1/deliveries?from=2026-05-10&to=2026-05-01',
      '/api/v1/deliveries?from=2026-01-01&to=2026-06-30',
      '/api/v1/deliveries?state=lost',
      '/api/v1/deliveries?from=yesterday',
    ];
    for (const path of bad) {
      const res = await api<{ error: { code: string; message: string } }>(
        t.url,
        tokens.coordinator,
        path,
      );
      assert.equal(res.status, 400, path);
      assert.equal(res.body.error.code, 'validation', path);
    }
    for (const json of [{ paused: 'yes' }, {}, { paused: true, extra: 1 }]) {
      const res = await api(t.url, tokens.coordinator, '/api/v1/deliveries/pause', {
        method: 'PUT',
        json,
      });
      assert.equal(res.status, 400, JSON.stringify(json));
    }
    assert.equal(
      (await api<ListBody>(t.url, tokens.coordinator, '/api/v1/deliveries')).body.paused,
      false,
    );
    const missing = await api<{ error: { message: string } }>(
      t.url,
      tokens.coordinator,
      '/api/v1/deliveries/bm90LWEtcm93/retry',
      {
        method: 'POST',
      },
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.message, 'Ajastettua viestiä ei löytynyt.');
  });

  it('sends a failed post again by hand: a new row due now, delivered once; a waiting one cannot be', async () => {
    const res = await api<DeliveryView>(
      t.url,
      tokens.coordinator,
      `/api/v1/deliveries/${failed.id}/retry`,
      { method: 'POST' },
    );
    assert.equal(res.status, 202);
    assert.equal(res.body.state, 'waiting');
    assert.equal(res.body.resendOf, failed.id);
    await until("the post in the person's chat", () => fake.deliveriesTo(CHAT).length === 1);
    await until('the new row sent', async () => (await outbox.get(res.body.id))?.state === 'sent');
    assert.equal((await outbox.get(failed.id))?.resends, 1);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    await outbox.insert([
      {
        postId: 'monthly',
        occurrence: 'later',
        target: { kind: 'channel' },
        kind: 'monthly',
        dueAt: future,
        state: 'waiting',
        payload: { kind: 'monthly', month: '2030-01' },
      },
    ]);
    const [waiting] = await outbox.list({
      from: future,
      to: new Date(Date.parse(future) + 1).toISOString(),
    });
    assert.ok(waiting);
    const refused = await api<{ error: { code: string } }>(
      t.url,
      tokens.coordinator,
      `/api/v1/deliveries/${waiting.id}/retry`,
      {
        method: 'POST',
      },
    );
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'not_retryable');
  });

  it('pauses all posts and resumes them', async () => {
    const before = fake.deliveriesTo(CHAT).length;
    const paused = await api<{ paused: boolean; pausedBy?: string }>(
      t.url,
      tokens.coordinator,
      '/api/v1/deliveries/pause',
      {
        method: 'PUT',
        json: { paused: true },
      },
    );
    assert.deepEqual(
      [paused.status, paused.body.paused, paused.body.pausedBy],
      [200, true, DEMO.coordinator],
    );
    const again = await api<DeliveryView>(
      t.url,
      tokens.coordinator,
      `/api/v1/deliveries/${failed.id}/retry`,
      { method: 'POST' },
    );
    assert.equal(again.status, 202);
    // Two ticks of the server's engine (each followed by a dispatch pass that finds the switch
    // on), seen as the tick time it saves, whatever the machine's speed.
    const state = new TableDeliveryStateStore(t.app.storage);
    let ticksSeen = 0;
    let lastTick: string | undefined;
    await afterSteps(
      "ticks of the server's engine",
      async () => {
        const now = (await state.read()).lastTick;
        if (now !== lastTick) [ticksSeen, lastTick] = [ticksSeen + 1, now];
        return ticksSeen;
      },
      2,
    );
    assert.equal(fake.deliveriesTo(CHAT).length, before, 'nothing goes out while paused');
    assert.equal(
      (await api<ListBody>(t.url, tokens.coordinator, '/api/v1/deliveries')).body.paused,
      true,
    );
    const resumed = await api<{ paused: boolean }>(
      t.url,
      tokens.coordinator,
      '/api/v1/deliveries/pause',
      {
        method: 'PUT',
        json: { paused: false },
      },
    );
    assert.equal(resumed.body.paused, false);
    await until('the held post to go out', () => fake.deliveriesTo(CHAT).length === before + 1);
  });
});
