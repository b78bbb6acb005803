/**
 * A survey's posts to the team's channel go through the delivery outbox, not straight to the
 * Bot Connector: opening a survey while its window runs, and the coordinator's results card. On
 * the real server (Azurite, delivery on) with the fake Bot Connector answering 503 and 429 as
 * Teams does, each post stays an outbox row that is retried until it is sent, not a lost post.
 */
import assert from 'node:assert/strict';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import type { OutboxRow } from '../../bot/src/delivery/ports';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { assertValidCard, cardTexts } from '../support/card-check';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { api, DEMO, devToken } from '../support/tokens';
import { until } from '../support/wait';

const TEAM = '19:kysely-kanava@thread.tacv2';
const day = (offset: number) =>
  localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());

describe('delivery: survey cards to the channel through the outbox', function () {
  this.timeout(120_000);
  let t: TestApp;
  let fake: FakeConnector;
  let outbox: TableOutboxStore;
  let token: string;

  before(async () => {
    fake = await startFakeConnector();
    t = await startTestApp({
      DELIVERY_ENABLED: 'true',
      DELIVERY_TICK_SECONDS: '1',
      DELIVERY_LEASE_SECONDS: '2',
    });
    token = await devToken(t.url, DEMO.coordinator);
    outbox = new TableOutboxStore(t.app.storage);
    await new TableConversationStore(t.app.storage.table(TABLES.conversations)).activate({
      key: { kind: 'team', teamId: TEAM },
      reference: {
        bot: { id: '28:bot', name: 'Yhdistysbotti' },
        channelId: 'msteams',
        serviceUrl: fake.url,
        conversation: { id: TEAM, conversationType: 'channel', isGroup: true },
      },
      teamName: 'Yhdistysyhteistyö',
      at: new Date().toISOString(),
    });
  });
  after(async () => {
    await t?.stop();
    await fake?.close();
  });

  async function rowsOf(surveyId: string, kind: OutboxRow['kind']): Promise<OutboxRow[]> {
    const rows = await outbox.list({
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    });
    return rows.filter((r) => r.postId === `survey:${surveyId}` && r.kind === kind);
  }

  it('opening in the window queues the channel card; two 503s are retried and it is sent once', async () => {
    const made = await api<Survey>(t.url, token, '/api/v1/surveys', {
      method: 'POST',
      json: {
        ...TEMPLATES.associationSurvey.input(new Date().getUTCFullYear()),
        window: { first: day(-1), last: day(5) },
      },
    });
    assert.equal(made.status, 201, made.text);
    const fault = fake.inject({
      fault: { kind: 'status', status: 503 },
      conversations: [TEAM],
      times: 2,
    });
    const opened = await api<{ card: string }>(
      t.url,
      token,
      `/api/v1/surveys/${made.body.id}/open`,
      { method: 'POST' },
    );
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.body.card, 'queued');

    await until('the card in the channel', () => fake.deliveriesTo(TEAM).length >= 1, 30_000);
    assert.equal(fault.hits, 2, 'Teams answered 503 twice first');
    const sent = fake.deliveriesTo(TEAM);
    assert.equal(sent.length, 1);
    const card = (sent[0]?.activity.attachments as { content: unknown }[])[0]?.content;
    assertValidCard(card, 'survey card in the channel');
    assert.equal(cardTexts(card)[0], made.body.title.fi);

    const channelRows = async () =>
      (await rowsOf(made.body.id, 'surveyOpen')).filter((r) => r.target.kind === 'channel');
    await until('the row sent', async () => (await channelRows())[0]?.state === 'sent');
    const channel = await channelRows();
    assert.equal(channel.length, 1, 'one row for the channel');
    assert.equal(channel[0]?.attempts, 3, 'two failed tries and the one that went');
  });

  it('the results card survives a 429 in its outbox row: retried, then sent', async () => {
    const made = await api<Survey>(t.url, token, '/api/v1/surveys', {
      method: 'POST',
      json: {
        ...TEMPLATES.keyPersonsSurvey.input(new Date().getUTCFullYear()),
        window: { first: day(-1), last: day(5) },
      },
    });
    await api(t.url, token, `/api/v1/surveys/${made.body.id}/open`, { method: 'POST' });
    await until('the opening card', () => fake.deliveriesTo(TEAM).length >= 2, 30_000);

    const fault = fake.inject({
      fault: { kind: 'throttle', retryAfterSeconds: 1 },
      conversations: [TEAM],
      times: 1,
    });
    const posted = await api<{ card: string }>(
      t.url,
      token,
      `/api/v1/surveys/${made.body.id}/results/post`,
      { method: 'POST' },
    );
    assert.deepEqual(posted.body, { card: 'queued' });
    // The row is there before anything reached Teams: a failure cannot lose it.
    assert.equal((await rowsOf(made.body.id, 'surveyResults')).length, 1);

    await until('the results card', () => fake.deliveriesTo(TEAM).length >= 3, 30_000);
    assert.equal(fault.hits, 1);
    const card = (fake.deliveriesTo(TEAM)[2]?.activity.attachments as { content: unknown }[])[0]
      ?.content;
    assertValidCard(card, 'results card in the channel');
    assert.ok(cardTexts(card).some((text) => text.includes(made.body.title.fi)));
    await until(
      'the row sent',
      async () => (await rowsOf(made.body.id, 'surveyResults'))[0]?.state === 'sent',
    );
    const [row] = await rowsOf(made.body.id, 'surveyResults');
    assert.equal(row?.attempts, 2);
    assert.equal(fake.requests.filter((r) => r.status === 429).length, 1);
  });
});
