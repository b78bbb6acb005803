/**
 * An association evening end to end through the Microsoft 365 Agents Playground (a local
 * Teams): the coordinator publishes it, the invitation goes through the outbox and arrives in the
 * team's chosen channel, two playground users answer on the card (Action.Execute →
 * adaptiveCard/action invoke), each sees their own answer and the right counts, the card is
 * updated in place through the outbox, and cancelling edits it with a notice in its thread.
 */
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app';
import { assertValidCard, cardTexts } from '../support/card-check';
import {
  cardOfOutput,
  startPlayground,
  type BotOutput,
  type Playground,
} from '../support/playground';
import { api, DEMO, devToken } from '../support/tokens';
import { until } from '../support/wait';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';

interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: unknown;
}

describe('an evening through the Agents Playground', function () {
  this.timeout(120_000);
  let app: TestApp;
  let pg: Playground;
  let team: string;
  let evenings: string;

  before(async () => {
    app = await startTestApp({ DELIVERY_ENABLED: 'true', DELIVERY_TICK_SECONDS: '1' });
    pg = await startPlayground({ botEndpoint: `${app.url}/api/messages` });
    const t = pg.config.teams[0];
    assert.ok(t);
    team = t.id;
    evenings = t.channels.find((c) => c.name === 'Yhdistysillat')?.id ?? '';
    assert.ok(evenings);
  });
  after(async () => {
    await pg?.stop();
    await app?.stop();
  });

  const created = (conversationId: string) => (o: BotOutput) =>
    o.action === 'createMessage' && o.conversationId === conversationId;

  /**
   * Pressing an Action.Execute button as a given playground user. The shared playground client
   * presses as the current user only; this is the same call with another `from`.
   */
  async function pressAs(
    userId: string,
    replyToId: string,
    verb: string,
    data: Record<string, unknown>,
  ) {
    const res = await fetch(`${pg.url}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
        from: { id: userId },
        // A channel post is its own thread: the card lives in `<channel>;messageid=<post>`.
        conversation: { id: `${evenings};messageid=${replyToId}` },
        replyToId,
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as InvokeBody;
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(body));
    assertValidCard(body.value, `${verb} by ${userId}`);
    return cardTexts(body.value);
  }

  it('publishes through the outbox to the chosen channel; two answer on the card, see their own answers and the counts; cancelling edits the card', async () => {
    // The team installs the app and chooses the evenings channel for posts.
    let mark = pg.mark();
    await pg.install(team);
    await pg.waitFor(created(team), { after: mark });
    mark = pg.mark();
    const sent = await pg.send(evenings, 'julkaise tänne', { mention: true });
    await pg.waitFor(created(sent.postConversationId ?? evenings), { after: mark });

    // The coordinator plans and publishes the evening in the tab's API.
    const token = await devToken(app.url, DEMO.coordinator);
    const year = new Date().getUTCFullYear() + 1;
    const created_ = await api<{ id: string }>(app.url, token, '/api/v1/events', {
      method: 'POST',
      json: {
        kind: 'evening',
        title: { fi: 'Yhdistysilta leikkikentässä', en: 'Association evening in the playground' },
        start: `${year}-09-22T17:30`,
        end: `${year}-09-22T19:30`,
        host: 'Järjestökoordinaattori',
        registrationDeadline: `${year}-09-18T16:00`,
        place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/leikki' },
      },
    });
    assert.equal(created_.status, 201, created_.text);
    const eventId = created_.body.id;
    mark = pg.mark();
    type Posted = { posting?: { activityId: string; conversationId: string } };
    const published = await api<Posted>(app.url, token, `/api/v1/events/${eventId}/publish`, {
      method: 'POST',
    });
    assert.equal(published.status, 200, published.text);

    // The invitation arrives in the chosen channel, in the team's language (Finnish).
    const post = await pg.waitFor(created(evenings), { after: mark });
    const card = cardOfOutput(post);
    assertValidCard(card, 'invitation in the playground');
    const texts = cardTexts(card);
    assert.equal(texts[0], 'Yhdistysilta leikkikentässä');
    assert.ok(texts.includes('Tulossa 0 · ehkä 0 · ei tule 0'));
    const messageId = post.messageId ?? '';
    assert.ok(messageId);
    // The evening keeps where its card went (the outbox row's answer from Teams).
    let posting: Posted['posting'];
    await until('the posting kept', async () => {
      posting = (await api<Posted>(app.url, token, `/api/v1/events/${eventId}`)).body.posting;
      return posting !== undefined;
    });
    assert.deepEqual(posting, { ...posting, conversationId: evenings, activityId: messageId });
    const [mikko, leena] = [pg.config.users[0], pg.config.users[3]];
    assert.equal(mikko?.name, 'Mikko Laine');
    assert.equal(leena?.name, 'Leena Mäkinen');

    // Two people answer; the playground is an English Teams client, so their views are English.
    const mikkoAnswer = await pressAs(mikko?.id ?? '', messageId, 'rsvp.answer', {
      eventId,
      answer: 'yes',
      association: 'Kaupungin Kamarikuoro ry',
      contentWish: 'TIMMI-tilavaraukset',
    });
    assert.ok(mikkoAnswer.includes('Your answer is saved: Coming.'), mikkoAnswer.join(' | '));
    const leenaAnswer = await pressAs(leena?.id ?? '', messageId, 'rsvp.answer', {
      eventId,
      answer: 'maybe',
      association: 'Kaupungin Kamarikuoro ry',
    });
    assert.ok(leenaAnswer.includes('Coming 1 · maybe 1 · not coming 0'));

    // Each sees their own answer and the same counts.
    const mikkoView = await pressAs(mikko?.id ?? '', messageId, 'rsvp.refresh', { eventId });
    assert.ok(mikkoView.includes('Your answer: Coming'));
    assert.ok(mikkoView.includes('Content wish: TIMMI-tilavaraukset'));
    assert.ok(mikkoView.includes('Coming 1 · maybe 1 · not coming 0'));
    const leenaView = await pressAs(leena?.id ?? '', messageId, 'rsvp.refresh', { eventId });
    assert.ok(leenaView.includes('Your answer: Maybe'));
    assert.ok(leenaView.includes('Coming 1 · maybe 1 · not coming 0'));

    // The card in the channel now shows the counts for everyone.
    const updated = await pg.waitFor(
      (o) =>
        o.action === 'updateMessage' &&
        cardTexts(cardOfOutput(o)).includes('Tulossa 1 · ehkä 1 · ei tule 0'),
      { after: mark },
    );
    assert.equal(updated.messageId ?? messageId, messageId);

    // Cancelled: the same card says so, and a notice goes into its thread.
    mark = pg.mark();
    const cancelled = await api<{ card?: string }>(
      app.url,
      token,
      `/api/v1/events/${eventId}/cancel`,
      { method: 'POST' },
    );
    assert.equal(cancelled.body.card, 'updated');
    const gone = await pg.waitFor(
      (o) =>
        o.action === 'updateMessage' &&
        cardTexts(cardOfOutput(o)).includes('Tämä tapahtuma on peruttu.'),
      { after: mark },
    );
    assert.equal(gone.messageId ?? messageId, messageId);
    const notice = await pg.waitFor(
      (o) =>
        o.action === 'createMessage' && /^Peruttu: Yhdistysilta leikkikentässä/.test(o.text ?? ''),
      { after: mark },
    );
    assert.ok(notice);

    // Every one of these went through the outbox and is recorded there as sent.
    const day = 86_400_000;
    const outbox = new TableOutboxStore(app.app.storage);
    const rowsNow = async () =>
      (
        await outbox.list({
          from: new Date(Date.now() - day).toISOString(),
          to: new Date(Date.now() + day).toISOString(),
        })
      ).filter((r) => r.postId === `invitation:${eventId}`);
    let rows = await rowsNow();
    await until('every row sent', async () => {
      rows = await rowsNow();
      return rows.every((r) => r.state === 'sent');
    });
    assert.deepEqual([...new Set(rows.map((r) => r.kind))].sort(), [
      'invitation',
      'invitationNotice',
      'invitationUpdate',
    ]);

    // The same answers as the tab shows them to the coordinator.
    const list = await api<{ items: { name: string; answer: string; association: string }[] }>(
      app.url,
      token,
      `/api/v1/events/${eventId}/rsvps`,
    );
    assert.deepEqual(
      list.body.items.map((r) => [r.name, r.answer, r.association]),
      [
        ['Leena Mäkinen', 'maybe', 'Kaupungin Kamarikuoro ry'],
        ['Mikko Laine', 'yes', 'Kaupungin Kamarikuoro ry'],
      ],
    );
  });
});
