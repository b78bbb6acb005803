/**
 * An evening's invitation through the outbox, on the real server with Azurite and the fake Bot
 * Connector: the post, its updates in place and its cancellation are outbox rows the delivery
 * engine sends (status, retries, the rate limiter, "send again"), not direct posts whose failure
 * is only logged. An update made before the post went out waits for it and edits the same card.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { OutboxRow } from '../../bot/src/delivery/ports';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { cardTexts } from '../support/card-check';
import {
  startFakeConnector,
  type FakeConnector,
  type RecordedActivity,
} from '../support/fake-connector';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';
import { until } from '../support/wait';

const BOT = { id: '28:bot-app-id', name: 'Yhdistysbotti' };
const TENANT = '00000000-0000-4000-8000-00000000c17e';
const TEAM = '19:team-outbox@thread.tacv2';
const Y = new Date().getUTCFullYear() + 2;

interface EventBody {
  id: string;
  etag: string;
  state: string;
  card?: string;
  posting?: { conversationId: string; activityId: string };
}
interface DeliveryItem {
  id: string;
  kind: string;
  kindText: string;
  state: string;
  reasonText?: string;
  resendOf?: string;
}

const cardOf = (a: RecordedActivity | undefined): unknown =>
  (a?.activity.attachments as { content?: unknown }[] | undefined)?.[0]?.content;

describe('delivery: invitations, their updates and cancellations through the outbox', function () {
  this.timeout(120_000);
  let app: TestApp;
  let connector: FakeConnector;
  let coordinator: string;
  let outbox: TableOutboxStore;

  before(async () => {
    app = await startTestApp({ DELIVERY_ENABLED: 'true', DELIVERY_TICK_SECONDS: '1' });
    connector = await startFakeConnector({ threadWindows: false });
    coordinator = await devToken(app.url, DEMO.coordinator);
    outbox = new TableOutboxStore(app.app.storage);
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        type: 'installationUpdate',
        action: 'add',
        channelId: 'msteams',
        serviceUrl: connector.url,
        recipient: BOT,
        from: { id: '29:helena', name: 'Helena Virtanen' },
        conversation: { id: TEAM, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: TEAM, name: 'Yhdistysyhteistyö' } },
      }),
    });
    assert.equal(res.status, 200);
  });
  after(async () => {
    await connector?.close();
    await app?.stop();
  });

  const input = (title: string) => ({
    kind: 'evening',
    title: { fi: title },
    start: `${Y}-03-10T17:30`,
    end: `${Y}-03-10T19:00`,
    host: 'Järjestökoordinaattori',
    registrationDeadline: `${Y}-03-08T16:00`,
    place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/outbox' },
  });

  async function publish(title: string): Promise<EventBody> {
    const created = await api<EventBody>(app.url, coordinator, '/api/v1/events', {
      method: 'POST',
      json: input(title),
    });
    assert.equal(created.status, 201, created.text);
    const published = await api<EventBody>(
      app.url,
      coordinator,
      `/api/v1/events/${created.body.id}/publish`,
      { method: 'POST' },
    );
    assert.equal(published.status, 200, published.text);
    return published.body;
  }

  const read = async (id: string) =>
    (await api<EventBody>(app.url, coordinator, `/api/v1/events/${id}`)).body;

  async function rowsOf(eventId: string): Promise<OutboxRow[]> {
    const day = 86_400_000;
    const rows = await outbox.list({
      from: new Date(Date.now() - day).toISOString(),
      to: new Date(Date.now() + day).toISOString(),
    });
    return rows.filter((r) => r.postId === `invitation:${eventId}`);
  }

  async function posted(id: string): Promise<EventBody> {
    let event = await read(id);
    await until('the invitation posted', async () => {
      event = await read(id);
      return event.posting !== undefined;
    });
    return event;
  }

  const sendsOf = (title: string) =>
    connector.activities.filter(
      (a) =>
        a.operation === 'send' && a.conversationId === TEAM && cardTexts(cardOf(a))[0] === title,
    );

  it('posts the invitation as an outbox row, sent, whose activity id the evening keeps', async () => {
    const event = await publish('Ulos lähtevä ilta');
    assert.equal(event.posting, undefined, 'queued, not posted in the request');
    const after = await posted(event.id);
    const rows = await rowsOf(event.id);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.state]),
      [['invitation', 'sent']],
    );
    assert.equal(rows[0]?.activityId, after.posting?.activityId);
    assert.equal(after.posting?.conversationId, TEAM);
    assert.equal(sendsOf('Ulos lähtevä ilta').length, 1);

    // The coordinator sees it among the scheduled posts, in her language.
    const view = await api<{ items: DeliveryItem[] }>(app.url, coordinator, '/api/v1/deliveries');
    const item = view.body.items.find((i) => i.id === rows[0]?.id);
    assert.equal(item?.kindText, 'Yhdistysillan kutsu');
    assert.equal(item?.state, 'sent');
  });

  it('updates the same card in place after an answer, and cancels it with a notice in its thread', async () => {
    const event = await posted((await publish('Päivittyvä ilta')).id);
    const activityId = event.posting?.activityId ?? '';
    const mark = connector.activities.length;
    const contact = await devToken(app.url, DEMO.contact);
    const answer = await api(app.url, contact, `/api/v1/events/${event.id}/rsvps`, {
      method: 'PUT',
      json: { answer: 'yes' },
    });
    assert.equal(answer.status, 200, answer.text);
    await until('the card updated with the answer', () =>
      connector.activities
        .slice(mark)
        .some(
          (a) =>
            a.operation === 'update' &&
            a.activityId === activityId &&
            cardTexts(cardOf(a)).includes('Tulossa 1 · ehkä 0 · ei tule 0'),
        ),
    );

    const cancelled = await api<EventBody>(
      app.url,
      coordinator,
      `/api/v1/events/${event.id}/cancel`,
      { method: 'POST' },
    );
    assert.equal(cancelled.body.card, 'updated');
    await until('the cancellation rows sent', async () => {
      const rows = await rowsOf(event.id);
      return rows.filter((r) => r.state === 'sent').length === 4;
    });
    const rows = await rowsOf(event.id);
    assert.deepEqual(rows.map((r) => r.kind).sort(), [
      'invitation',
      'invitationNotice',
      'invitationUpdate',
      'invitationUpdate',
    ]);
    const last = connector.activities
      .slice(mark)
      .filter((a) => a.operation === 'update' && a.activityId === activityId)
      .at(-1);
    assert.ok(cardTexts(cardOf(last)).includes('Tämä tapahtuma on peruttu.'));
    const notice = connector.activities
      .slice(mark)
      .find((a) => a.operation === 'reply' && a.replyToId === activityId);
    assert.match(String(notice?.activity.text), /^Peruttu: Päivittyvä ilta/);
    assert.equal(sendsOf('Päivittyvä ilta').length, 1, 'one card, edited in place');
  });

  it('retries a post the connector refused (503) and then sends it, once', async () => {
    const fault = connector.inject({
      fault: { kind: 'status', status: 503 },
      operations: ['send'],
      conversations: [TEAM],
      times: 1,
    });
    const event = await publish('Uusittu ilta');
    const after = await posted(event.id);
    assert.equal(fault.hits, 1, 'the first attempt failed');
    const [row] = await rowsOf(event.id);
    assert.equal(row?.state, 'sent');
    assert.equal(row?.attempts, 2, 'sent on the second attempt');
    assert.ok(
      app.logs.lines.some((l) => l.includes('"status":503') && l.includes('will retry')),
      "the retry logged with Teams' status",
    );
    assert.equal(row?.activityId, after.posting?.activityId);
    assert.equal(sendsOf('Uusittu ilta').length, 1);
    assert.ok(
      connector.requests.some((r) => r.status === 503 && r.conversationId === TEAM),
      'Teams answered 503 first',
    );
  });

  it('an edit made before the post went out waits for it and edits the same card', async () => {
    // The post fails twice (retried with backoff); the coordinator edits meanwhile.
    connector.inject({
      fault: { kind: 'status', status: 502 },
      operations: ['send'],
      conversations: [TEAM],
      times: 2,
    });
    const event = await publish('Ennen lähtöä');
    const current = await read(event.id);
    assert.equal(current.posting, undefined, 'not out yet');
    const edit = await api<EventBody>(app.url, coordinator, `/api/v1/events/${event.id}`, {
      method: 'PUT',
      json: { ...input('Ennen lähtöä'), title: { fi: 'Ennen lähtöä, uusi nimi' } },
      headers: { 'If-Match': current.etag },
    });
    assert.equal(edit.status, 200, edit.text);
    assert.equal(edit.body.card, 'updated');
    const after = await posted(event.id);
    await until('every row of the evening sent', async () => {
      const rows = await rowsOf(event.id);
      return rows.length === 3 && rows.every((r) => r.state === 'sent');
    });
    const cards = connector.activities.filter(
      (a) =>
        a.conversationId === TEAM &&
        (a.operation === 'send' || a.operation === 'update') &&
        cardTexts(cardOf(a))[0]?.startsWith('Ennen lähtöä'),
    );
    assert.equal(cards.filter((a) => a.operation === 'send').length, 1, 'one card, not two');
    assert.ok(cards.every((a) => a.activityId === after.posting?.activityId));
    assert.equal(cardTexts(cardOf(cards.at(-1)))[0], 'Ennen lähtöä, uusi nimi');
  });

  it('a post Teams refused for good is failed in the delivery view, and "send again" posts it', async () => {
    const fault = connector.inject({
      fault: { kind: 'forbidden', code: 'BotNotInConversationRoster' },
      operations: ['send'],
      conversations: [TEAM],
      times: 1,
    });
    const event = await publish('Uudelleen lähetetty ilta');
    await until('the post failed', async () =>
      (await rowsOf(event.id)).some((r) => r.state === 'failed'),
    );
    assert.equal(fault.hits, 1);
    const [failed] = await rowsOf(event.id);
    assert.deepEqual(
      [failed?.reason, failed?.httpStatus, failed?.errorCode, failed?.attempts],
      ['notInRoster', 403, 'BotNotInConversationRoster', 1],
      'not retried: waiting cannot make it better',
    );
    const view = await api<{ items: DeliveryItem[] }>(app.url, coordinator, '/api/v1/deliveries');
    const item = view.body.items.find((i) => i.id === failed?.id);
    assert.equal(item?.state, 'failed');
    assert.ok(item?.reasonText, 'the view says why');
    const again = await api<DeliveryItem>(
      app.url,
      coordinator,
      `/api/v1/deliveries/${failed?.id}/retry`,
      { method: 'POST' },
    );
    assert.equal(again.status, 202, again.text);
    assert.equal(again.body.resendOf, failed?.id);
    const after = await posted(event.id);
    assert.equal(sendsOf('Uudelleen lähetetty ilta').length, 1);
    const resent = (await rowsOf(event.id)).find((r) => r.resendOf === failed?.id);
    assert.equal(resent?.state, 'sent');
    assert.equal(resent?.activityId, after.posting?.activityId);
  });
});
