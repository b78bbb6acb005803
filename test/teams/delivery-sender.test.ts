import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { DeliveryError, type ConversationTarget } from '../../bot/src/delivery/ports';
import { ConnectorActivitySender, parseRetryAfter } from '../../bot/src/teams/connector-sender';
import { freePort } from '../support/app';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

const CHANNEL = '19:kanava-Ab1@thread.tacv2';

function target(fake: FakeConnector, conversationId = CHANNEL): ConversationTarget {
  return {
    conversationId,
    serviceUrl: fake.url,
    reference: {
      channelId: 'msteams',
      serviceUrl: fake.url,
      activityId: 'f:the-install-activity',
      bot: { id: '28:bot-id', name: 'Yhdistysbotti' },
      conversation: {
        id: conversationId,
        isGroup: true,
        conversationType: 'channel',
        name: 'Yleinen',
        tenantId: 't',
      },
    },
  };
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof DeliveryError, String(error));
    return error;
  }
  assert.fail('the send did not fail');
}

describe('delivery: the botbuilder sender (real CloudAdapter, fake Bot Connector over HTTP)', function () {
  this.timeout(20_000);
  let fake: FakeConnector;
  let sender: ConnectorActivitySender;
  before(async () => {
    fake = await startFakeConnector();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    sender = new ConnectorActivitySender({ adapter, botAppId: '', timeoutMs: 2_000 });
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  it("posts a new message (not a reply to the stored activity) and returns Teams' activity id", async () => {
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5', body: [] },
    };
    const { activityId } = await sender.send(target(fake), {
      type: 'message',
      attachments: [card],
    });
    assert.equal(fake.activities.length, 1);
    const sent = fake.activities[0];
    assert.equal(sent?.operation, 'send');
    assert.equal(sent?.conversationId, CHANNEL);
    assert.equal(sent?.activityId, activityId);
    assert.deepEqual((sent?.activity.attachments as unknown[])[0], card);
  });

  it("maps 403 sub-codes, 404 and 413 with Teams' code, each tried once", async () => {
    for (const code of [
      'ConversationBlockedByUser',
      'BotNotInConversationRoster',
      'BotDisabledByAdmin',
      'MessageWritesBlocked',
    ] as const) {
      const rule = fake.inject({ fault: { kind: 'forbidden', code }, times: 1 });
      const e = await failure(sender.send(target(fake), { type: 'message', text: 'x' }));
      assert.equal(e.status, 403);
      assert.equal(e.code, code);
      assert.equal(rule.hits, 1);
    }
    fake.inject({ fault: { kind: 'notFound' }, times: 1 });
    const gone = await failure(sender.send(target(fake), { type: 'message', text: 'x' }));
    assert.deepEqual([gone.status, gone.code], [404, 'ConversationNotFound']);
    const big = await failure(
      sender.send(target(fake), { type: 'message', text: 'x'.repeat(110 * 1024) }),
    );
    assert.deepEqual([big.status, big.code], [413, 'MessageSizeTooBig']);
    assert.equal(fake.requests.length, 6);
    assert.equal(fake.activities.length, 0);
  });

  it('reports 429 with Retry-After and 503 without retrying inside the client', async () => {
    fake.inject({ fault: { kind: 'throttle', retryAfterSeconds: 3 }, times: 1 });
    const throttled = await failure(sender.send(target(fake), { type: 'message', text: 'x' }));
    assert.deepEqual(
      [throttled.status, throttled.code, throttled.retryAfterMs],
      [429, 'Throttled', 3_000],
    );
    fake.inject({ fault: { kind: 'status', status: 503 }, times: 1 });
    const down = await failure(sender.send(target(fake), { type: 'message', text: 'x' }));
    assert.equal(down.status, 503);
    assert.equal(fake.requests.length, 2, 'one request per send: no hidden retries');
  });

  it('reports a connector that does not answer, or is not there, as a network failure (status 0)', async () => {
    fake.inject({ fault: { kind: 'latency', ms: 3_000 }, times: 1 });
    const slow = await failure(sender.send(target(fake), { type: 'message', text: 'x' }));
    assert.deepEqual([slow.status, slow.code], [0, 'Timeout']);
    const nowhere = { ...target(fake), serviceUrl: `http://127.0.0.1:${await freePort()}` };
    const refused = await failure(sender.send(nowhere, { type: 'message', text: 'x' }));
    assert.equal(refused.status, 0);
  });

  it("reports Teams' answer also on an adapter whose onTurnError would swallow it (the bot's)", async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const swallowed: unknown[] = [];
    adapter.onTurnError = async (_context, error) => {
      swallowed.push(error);
      await Promise.resolve();
    };
    const botSender = new ConnectorActivitySender({ adapter, botAppId: '', timeoutMs: 2_000 });
    fake.inject({ fault: { kind: 'forbidden', code: 'BotNotInConversationRoster' }, times: 1 });
    const e = await failure(botSender.send(target(fake), { type: 'message', text: 'x' }));
    assert.deepEqual([e.status, e.code], [403, 'BotNotInConversationRoster']);
    assert.equal(swallowed.length, 0, 'the turn handler never saw it');
  });

  it('edits an earlier post in place and replies in its thread when the placement says so', async () => {
    const { activityId } = await sender.send(target(fake), { type: 'message', text: 'kutsu' });
    const edited = await sender.send(
      target(fake),
      { type: 'message', text: 'kutsu, muutettu' },
      { kind: 'update', activityId, conversationId: CHANNEL },
    );
    assert.equal(edited.activityId, activityId);
    const reply = await sender.send(
      target(fake),
      { type: 'message', text: 'Tietoja päivitetty' },
      { kind: 'reply', activityId, conversationId: CHANNEL },
    );
    assert.deepEqual(
      fake.activities.map((a) => [a.operation, a.conversationId, a.activity.text]),
      [
        ['send', CHANNEL, 'kutsu'],
        ['update', CHANNEL, 'kutsu, muutettu'],
        ['reply', CHANNEL, 'Tietoja päivitetty'],
      ],
    );
    assert.equal(fake.activities[1]?.activityId, activityId);
    assert.equal(fake.activities[2]?.replyToId, activityId);
    assert.equal(fake.activities[2]?.activityId, reply.activityId);
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(parseRetryAfter('2'), 2_000);
    assert.equal(parseRetryAfter('0.5'), 500);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
});
