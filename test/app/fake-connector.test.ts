import assert from 'node:assert/strict';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import {
  startFakeConnector,
  TEAMS_THREAD_WINDOWS,
  type FakeConnector,
  type FakeConnectorOptions,
} from '../support/fake-connector';

const CHANNEL = '19:Ab-cD_ef1234@thread.tacv2';
const THREAD = `${CHANNEL};messageid=1712345678901`;
const PERSONAL = 'a:1xYz-personal;chat@unq.gbl.spaces';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

/** One raw request, so no client-side retry hides what the fake answered. */
async function call(
  fake: FakeConnector,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

const send = (fake: FakeConnector, conversationId: string, text = 'Hei') =>
  call(fake, 'POST', `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    type: 'message',
    text,
  });

describe('fake Bot Connector', function () {
  this.timeout(20_000);
  const running: FakeConnector[] = [];
  async function start(options?: FakeConnectorOptions): Promise<FakeConnector> {
    const fake = await startFakeConnector(options);
    running.push(fake);
    return fake;
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((f) => f.close()));
  });

  it("answers botbuilder's ConnectorClient for send, reply, update, delete with encoded ids", async () => {
    const fake = await start();
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: fake.url });
    const sent = await client.conversations.sendToConversation(THREAD, {
      type: 'message',
      text: 'Muistutus',
    });
    assert.ok(sent.id);
    const reply = await client.conversations.replyToActivity(THREAD, sent.id, {
      type: 'message',
      text: 'Vastaus',
    });
    assert.notEqual(reply.id, sent.id);
    const updated = await client.conversations.updateActivity(THREAD, sent.id, {
      type: 'message',
      text: 'Muokattu',
    });
    assert.equal(updated.id, sent.id);
    await client.conversations.deleteActivity(THREAD, reply.id ?? '');

    assert.deepEqual(
      fake.activities.map((a) => [a.operation, a.conversationId, a.activityId]),
      [
        ['send', THREAD, sent.id],
        ['reply', THREAD, reply.id],
        ['update', THREAD, sent.id],
      ],
    );
    assert.equal(fake.activities[1]?.replyToId, sent.id);
    assert.equal(fake.activities[0]?.activity.text, 'Muistutus');
    assert.ok((fake.activities[0]?.at ?? 0) > Date.now() - 10_000);
    // Deliveries count what reached the thread: the send and the reply, not the update.
    assert.equal(fake.deliveriesTo(THREAD).length, 2);
    assert.equal(fake.deliveryCounts().get(THREAD), 2);
    // The deleted reply is gone: deleting it again is a 404.
    const again = await call(
      fake,
      'DELETE',
      `/v3/conversations/${encodeURIComponent(THREAD)}/activities/${reply.id ?? ''}`,
    );
    assert.equal(again.status, 404);
  });

  it('creates the same personal chat for the same user and a new thread in a channel', async () => {
    const fake = await start();
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: fake.url });
    const params = {
      isGroup: false,
      bot: { id: '28:bot', name: 'Botti' },
      members: [{ id: '29:user-a', name: 'Aino' }],
      tenantId: 'tenant',
      channelData: {},
    };
    const first = await client.conversations.createConversation(params);
    const second = await client.conversations.createConversation({
      ...params,
      activity: { type: 'message', text: 'Tervetuloa' } as never,
    });
    assert.equal(first.id, second.id);
    assert.match(first.id ?? '', /^a:/);
    assert.equal(first.activityId, undefined);
    assert.ok(second.activityId);
    assert.deepEqual(
      fake.deliveriesTo(second.id ?? '').map((a) => a.activityId),
      [second.activityId],
    );

    const thread = await client.conversations.createConversation({
      isGroup: true,
      bot: params.bot,
      members: [],
      tenantId: 'tenant',
      channelData: { channel: { id: CHANNEL } },
      activity: { type: 'message', text: 'Uusi ketju' } as never,
    });
    assert.ok(thread.id?.startsWith(`${CHANNEL};messageid=`));

    const bad = await call(fake, 'POST', '/v3/conversations', { isGroup: false, members: [] });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys((bad.body as { error: object }).error).sort(), [
      'code',
      'message',
    ]);
  });

  it('lists a configurable roster, whole and paged', async () => {
    const fake = await start();
    const members = Array.from({ length: 5 }, (_, i) => ({ id: `29:m${i}`, name: `Jäsen ${i}` }));
    fake.setRoster(CHANNEL, members);
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: fake.url });
    const all = await client.conversations.getConversationMembers(CHANNEL);
    assert.deepEqual(
      all.map((m) => m.id),
      members.map((m) => m.id),
    );
    // The client's types want a token on every call; an empty one asks for the first page.
    const page = (continuationToken = '') =>
      client.conversations.getConversationPagedMembers(CHANNEL, { pageSize: 2, continuationToken });
    const page1 = await page();
    assert.deepEqual(
      page1.members?.map((m) => m.id),
      ['29:m0', '29:m1'],
    );
    const page2 = await page(page1.continuationToken);
    assert.deepEqual(
      page2.members?.map((m) => m.id),
      ['29:m2', '29:m3'],
    );
    const page3 = await page(page2.continuationToken);
    assert.deepEqual(
      page3.members?.map((m) => m.id),
      ['29:m4'],
    );
    assert.equal(page3.continuationToken, undefined);
    const one = await call(
      fake,
      'GET',
      `/v3/conversations/${encodeURIComponent(CHANNEL)}/members/${encodeURIComponent('29:m3')}`,
    );
    assert.equal((one.body as { name: string }).name, 'Jäsen 3');
    // Another conversation has the default roster.
    const other = await call(
      fake,
      'GET',
      `/v3/conversations/${encodeURIComponent(PERSONAL)}/members`,
    );
    assert.equal((other.body as unknown[]).length, 1);
  });

  it('enforces 7 per second per thread with 429 and Retry-After, and leaves other threads alone', async () => {
    let clock = 1_000_000;
    const fake = await start({ now: () => clock });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await send(fake, THREAD)).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 201, 201, 429, 429]);
    const refused = await send(fake, THREAD);
    assert.equal(refused.retryAfter, '1');
    assert.deepEqual(refused.body, {
      error: { code: 'Throttled', message: 'Too many requests. Also returns when to retry after.' },
    });
    assert.equal((await send(fake, PERSONAL)).status, 201);
    clock += 1_000;
    // 7 in the last 2 s: the 8/2 s window allows exactly one more now.
    assert.equal((await send(fake, THREAD)).status, 201);
    const second = await send(fake, THREAD);
    assert.equal(second.status, 429);
    assert.equal(second.retryAfter, '1');
    assert.equal(fake.deliveriesTo(THREAD).length, 8);
  });

  it('enforces the 60 per 30 s and 1800 per hour windows', async function () {
    // About 1,900 requests one after another: seconds when idle, much more on a busy machine.
    this.timeout(90_000);
    let clock = 5_000_000;
    const fake = await start({ now: () => clock });
    // 4 sends every 1.1 s stays inside 7/1 s and 8/2 s, so only the 30 s window can refuse.
    let accepted = 0;
    while (accepted < 60) {
      for (let i = 0; i < 4 && accepted < 60; i++) {
        assert.equal((await send(fake, THREAD)).status, 201, `send ${accepted}`);
        accepted++;
      }
      clock += 1_100;
    }
    const refused = await send(fake, THREAD);
    assert.equal(refused.status, 429, '61st send within 30 s');
    assert.ok(Number(refused.retryAfter) >= 1 && Number(refused.retryAfter) <= 30);
    clock += Number(refused.retryAfter) * 1000;
    assert.equal((await send(fake, THREAD)).status, 201);

    // The hour window: 1800 accepted in an hour, then refusal until the oldest leaves.
    const hourly = await start({
      now: () => clock,
      threadWindows: TEAMS_THREAD_WINDOWS.filter((w) => w.windowMs === 3_600_000),
    });
    for (let i = 0; i < 1800; i++) {
      assert.equal((await send(hourly, PERSONAL)).status, 201);
      clock += 1_000;
    }
    const hourRefused = await send(hourly, PERSONAL);
    assert.equal(hourRefused.status, 429);
    assert.ok(Number(hourRefused.retryAfter) > 1_000, `Retry-After ${hourRefused.retryAfter}`);
  });

  it('holds the app to a tenant-wide rate across conversations', async () => {
    let clock = 0;
    const fake = await start({ now: () => clock, tenantWindow: { limit: 5, windowMs: 1000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(fake, `a:user-${i}`)).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
    clock += 1000;
    assert.equal((await send(fake, 'a:user-9')).status, 201);
  });

  it('refuses a body over 100 KB with 413 MessageSizeTooBig and records nothing', async () => {
    const fake = await start();
    const big = await send(fake, THREAD, 'x'.repeat(101 * 1024));
    assert.equal(big.status, 413);
    assert.deepEqual(big.body, {
      error: { code: 'MessageSizeTooBig', message: 'Message size too large.' },
    });
    assert.equal((await send(fake, THREAD, 'x'.repeat(90 * 1024))).status, 201);
    assert.equal(fake.activities.length, 1);
  });

  it('injects 403 sub-codes and 404s for given conversations only', async () => {
    const fake = await start();
    fake.inject({
      fault: { kind: 'forbidden', code: 'BotNotInConversationRoster' },
      conversations: [THREAD],
    });
    const gone = fake.inject({ fault: { kind: 'notFound' }, conversations: [PERSONAL] });
    const forbidden = await send(fake, THREAD);
    assert.equal(forbidden.status, 403);
    assert.equal(
      (forbidden.body as { error: { code: string } }).error.code,
      'BotNotInConversationRoster',
    );
    const notFound = await send(fake, PERSONAL);
    assert.equal(notFound.status, 404);
    assert.equal((notFound.body as { error: { code: string } }).error.code, 'ConversationNotFound');
    assert.equal((await send(fake, 'a:someone-else')).status, 201);
    assert.equal(gone.hits, 1);
    gone.remove();
    assert.equal((await send(fake, PERSONAL)).status, 201);
    assert.deepEqual([...fake.deliveryCounts().keys()].sort(), ['a:someone-else', PERSONAL].sort());
  });

  it('injects 429s, 5xx and latency at a rate, repeating the same pattern for the same seed', async () => {
    const pattern = async (seed: number) => {
      const fake = await start({ seed, threadWindows: false });
      fake.inject({ fault: { kind: 'throttle', retryAfterSeconds: 2 }, rate: 0.1 });
      fake.inject({ fault: { kind: 'status', status: 503 }, rate: 0.05 });
      const out: string[] = [];
      for (let i = 0; i < 200; i++) {
        const a = await send(fake, `a:user-${i}`);
        out.push(a.status === 429 ? `429/${a.retryAfter ?? ''}` : String(a.status));
      }
      return out;
    };
    const a = await pattern(7);
    const b = await pattern(7);
    const c = await pattern(8);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const throttled = a.filter((s) => s === '429/2').length;
    const unavailable = a.filter((s) => s === '503').length;
    assert.ok(throttled >= 8 && throttled <= 35, `429s: ${throttled}`);
    assert.ok(unavailable >= 2 && unavailable <= 20, `503s: ${unavailable}`);
    assert.equal(a.filter((s) => s === '201').length, 200 - throttled - unavailable);

    const slow = await start();
    slow.inject({ fault: { kind: 'latency', ms: 300 }, times: 1 });
    const t0 = performance.now();
    assert.equal((await send(slow, THREAD)).status, 201);
    assert.ok(performance.now() - t0 >= 290);
  });

  it('forgets records, faults and windows on reset', async () => {
    const fake = await start({ now: () => 0 });
    fake.inject({ fault: { kind: 'status', status: 502 }, times: 1 });
    assert.equal((await send(fake, THREAD)).status, 502);
    for (let i = 0; i < 7; i++) await send(fake, THREAD);
    assert.equal((await send(fake, THREAD)).status, 429);
    fake.reset();
    assert.equal(fake.activities.length, 0);
    assert.equal(fake.requests.length, 0);
    assert.equal((await send(fake, THREAD)).status, 201);
  });
});
