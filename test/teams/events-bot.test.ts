/**
 * Evenings in Teams, end to end on the real server: the coordinator publishes through the API,
 * the invitation card goes through the outbox and the delivery engine to the team's chosen
 * channel on the recording fake Bot Connector, people answer on the card
 * (adaptiveCard/action invokes over HTTP to /api/messages), and edits and cancelling update the
 * posted card in place with a notice in its thread, through the outbox too.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { devObjectId } from '../../bot/src/http/dev-issuer';
import { utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { assertValidCard, cardTexts } from '../support/card-check';
import {
  startFakeConnector,
  type FakeConnector,
  type RecordedActivity,
} from '../support/fake-connector';
import { TableConversationStore } from '../../bot/src/storage/conversation-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';
import { until } from '../support/wait';

const BOT = { id: '28:bot-app-id', name: 'Yhdistysbotti' };
const TENANT = '00000000-0000-4000-8000-00000000c17e';
const TEAM = '19:team-events@thread.tacv2';
/** Teams users whose Entra ids are the demo people's: the same person as in the tab. */
const person = (id: string, upn: string, name: string) => ({
  id,
  aadObjectId: devObjectId(upn),
  name,
  userPrincipalName: upn,
});
const HELENA = person('29:helena', DEMO.coordinator, 'Helena Virtanen');
const MIKKO = person('29:mikko', DEMO.contact, 'Mikko Laine');
const AINO = person('29:aino', DEMO.reader, 'Aino Koskinen');
const ROSTER = [HELENA, MIKKO, AINO];
const Y = new Date().getUTCFullYear() + 2;

type Json = Record<string, unknown>;
interface Card {
  body: { type: string; id?: string; value?: string; actions?: { verb?: string }[] }[];
  actions?: { type: string; title: string; verb?: string; url?: string }[];
  refresh?: { action: { verb: string }; userIds?: string[] };
}
interface InvokeBody {
  statusCode: number;
  type: string;
  value: Card | string;
}

function cardOf(recorded: RecordedActivity | undefined): Card {
  const attachments = recorded?.activity.attachments as { content?: unknown }[] | undefined;
  const content = attachments?.[0]?.content;
  assert.ok(content, `no card in ${JSON.stringify(recorded?.activity).slice(0, 300)}`);
  assertValidCard(content, 'posted card');
  return content as Card;
}

/** What the fake accepted after a mark (no reset: it must keep knowing the posted cards). */
function since(connector: FakeConnector, mark: number): RecordedActivity[] {
  return connector.activities.slice(mark);
}

const answerButtons = (card: Card) =>
  card.body.flatMap((b) => (b.type === 'ActionSet' ? (b.actions ?? []) : []));

describe('evenings in Teams: publish, answer on the card, edit and cancel in place', function () {
  this.timeout(90_000);
  let app: TestApp;
  let connector: FakeConnector;
  let coordinator: string;

  before(async () => {
    app = await startTestApp({ DELIVERY_ENABLED: 'true', DELIVERY_TICK_SECONDS: '1' });
    connector = await startFakeConnector({ threadWindows: false, members: ROSTER });
    coordinator = await devToken(app.url, DEMO.coordinator);
    const install = await post(
      base({
        type: 'installationUpdate',
        action: 'add',
        conversation: { id: TEAM, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      }),
    );
    assert.equal(install.status, 200);
  });
  after(async () => {
    await connector?.close();
    await app?.stop();
  });

  function base(extra: Json): Json {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      recipient: BOT,
      from: HELENA,
      locale: 'fi-FI',
      timestamp: new Date().toISOString(),
      channelData: { tenant: { id: TENANT }, team: { id: TEAM, name: 'Yhdistysyhteistyö' } },
      ...extra,
    };
  }

  function post(activity: Json): Promise<Response> {
    return fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  /** Pressing a button of the posted card: Teams' adaptiveCard/action invoke. */
  async function invoke(
    from: typeof HELENA,
    activityId: string,
    verb: string,
    data: Json,
    locale = 'fi-FI',
  ): Promise<InvokeBody> {
    const res = await post(
      base({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from,
        locale,
        replyToId: activityId,
        conversation: {
          id: `${TEAM};messageid=${activityId}`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT,
        },
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as InvokeBody;
    if (typeof body.value !== 'string') assertValidCard(body.value, `${verb} answer`);
    return body;
  }

  async function publishEvening(over: Json = {}) {
    const input = {
      kind: 'evening',
      title: { fi: 'Kevään yhdistysilta', en: 'Spring association evening' },
      start: `${Y}-02-22T17:30`,
      end: `${Y}-02-22T20:00`,
      host: 'Järjestökoordinaattori',
      registrationDeadline: `${Y}-02-19T16:00`,
      place: {
        teamsUrl: 'https://teams.microsoft.com/l/meetup-join/kevat',
        address: 'Kaupungintalo',
      },
      agenda: [{ start: '17:30', end: '18:00', title: { fi: 'Yhteinen avaus' } }],
      ...over,
    };
    const created = await api<{ id: string }>(app.url, coordinator, '/api/v1/events', {
      method: 'POST',
      json: input,
    });
    assert.equal(created.status, 201, created.text);
    const published = await api<{
      id: string;
      etag: string;
      state: string;
      posting?: { conversationId: string; activityId: string };
    }>(app.url, coordinator, `/api/v1/events/${created.body.id}/publish`, { method: 'POST' });
    assert.equal(published.status, 200, published.text);
    // The post goes through the outbox: the evening keeps where it went once it is out.
    let event = published.body;
    await until('the invitation posted', async () => {
      event = (await api<typeof event>(app.url, coordinator, `/api/v1/events/${event.id}`)).body;
      return event.posting !== undefined;
    });
    return { input, event };
  }

  /** What the fake accepted after `mark`, once `check` finds it there. */
  async function awaitActivity(
    what: string,
    mark: number,
    check: (a: RecordedActivity) => boolean,
  ): Promise<RecordedActivity> {
    let found: RecordedActivity | undefined;
    await until(what, () => (found = since(connector, mark).find(check)) !== undefined);
    return found as RecordedActivity;
  }

  it('posts the invitation to the chosen channel with answers, links and per-person refresh', async () => {
    const mark = connector.activities.length;
    const { event } = await publishEvening();
    assert.equal(event.state, 'published');
    const posted = since(connector, mark).filter((a) => a.conversationId === TEAM);
    assert.equal(posted.length, 1);
    assert.equal(posted[0]?.operation, 'send', 'a new post in the channel');
    assert.equal(event.posting?.activityId, posted[0]?.activityId);
    assert.equal(event.posting?.conversationId, TEAM);
    const card = cardOf(posted[0]);
    const texts = cardTexts(card);
    assert.equal(texts[0], 'Kevään yhdistysilta');
    assert.ok(
      texts.some((x) => /^\p{L}{2} 22\.2\.\d{4} klo 17\.30–20\.00$/u.test(x)),
      texts.join(' | '),
    );
    assert.ok(texts.includes('Tulossa 0 · ehkä 0 · ei tule 0'));
    assert.deepEqual(
      answerButtons(card).map((b) => b.verb),
      ['rsvp.answer', 'rsvp.answer', 'rsvp.answer'],
    );
    assert.deepEqual(card.refresh?.userIds?.sort(), ['29:aino', '29:helena', '29:mikko']);
    const ics = card.actions?.find((a) => a.title === 'Lisää kalenteriin')?.url ?? '';
    assert.match(ics, /\/api\/v1\/events\/[^/]+\/event\.ics\?sig=/);
    const file = await fetch(ics);
    assert.equal(file.status, 200, 'the link works without signing in');
    assert.match(await file.text(), /DTSTART;TZID=Europe\/Helsinki:\d{8}T173000/);
  });

  it('takes answers from several people, shows each their own and everyone the counts', async () => {
    const { event } = await publishEvening({ title: { fi: 'Vastausilta' } });
    const activityId = event.posting?.activityId ?? '';
    const mark = connector.activities.length;

    const mikko = await invoke(MIKKO, activityId, 'rsvp.answer', {
      eventId: event.id,
      answer: 'yes',
      association: 'Kaupungin Kamarikuoro ry',
      contentWish: 'Tilavaraukset',
    });
    assert.equal(mikko.type, 'application/vnd.microsoft.card.adaptive');
    const mikkoTexts = cardTexts(mikko.value);
    assert.ok(mikkoTexts.includes('Vastauksesi on tallennettu: Tulen.'));
    assert.ok(mikkoTexts.includes('Oma vastauksesi: Tulen'));
    assert.ok(mikkoTexts.includes('Tulossa 1 · ehkä 0 · ei tule 0'));
    await invoke(AINO, activityId, 'rsvp.answer', { eventId: event.id, answer: 'maybe' });
    const helena = await invoke(
      HELENA,
      activityId,
      'rsvp.answer',
      { eventId: event.id, answer: 'no' },
      'en-US',
    );
    assert.ok(cardTexts(helena.value).includes('Your answer is saved: Not coming.'));

    // Everyone's card in the channel was updated in place with the counts.
    await awaitActivity(
      'the card updated with every answer',
      mark,
      (a) =>
        a.operation === 'update' && cardTexts(cardOf(a)).includes('Tulossa 1 · ehkä 1 · ei tule 1'),
    );
    const updates = since(connector, mark).filter((a) => a.operation === 'update');
    assert.ok(updates.length >= 1);
    assert.ok(updates.every((u) => u.activityId === activityId && u.conversationId === TEAM));
    assert.ok(cardTexts(cardOf(updates.at(-1))).includes('Tulossa 1 · ehkä 1 · ei tule 1'));
    assert.equal(
      since(connector, mark).filter((a) => a.operation === 'send').length,
      0,
      'no new posts for answers',
    );

    // Each person's own view through the refresh.
    const ainoView = await invoke(AINO, activityId, 'rsvp.refresh', { eventId: event.id });
    assert.ok(cardTexts(ainoView.value).includes('Oma vastauksesi: Ehkä'));
    const mikkoView = await invoke(MIKKO, activityId, 'rsvp.refresh', { eventId: event.id });
    const fields = (mikkoView.value as Card).body.filter((b) => b.type === 'Input.Text');
    assert.deepEqual(
      fields.map((f) => f.value),
      ['Kaupungin Kamarikuoro ry', 'Tilavaraukset'],
    );

    // A change of answer: one record per person, the counts follow.
    const beforeChange = connector.activities.length;
    const changed = await invoke(MIKKO, activityId, 'rsvp.answer', {
      eventId: event.id,
      answer: 'no',
    });
    assert.ok(cardTexts(changed.value).includes('Tulossa 0 · ehkä 1 · ei tule 2'));
    await awaitActivity(
      'the card updated with the changed answer',
      beforeChange,
      (a) =>
        a.operation === 'update' && cardTexts(cardOf(a)).includes('Tulossa 0 · ehkä 1 · ei tule 2'),
    );

    // The same answer as the tab sees it, and the tab's change is what the card then shows.
    const token = await devToken(app.url, DEMO.contact);
    const inTab = await api<{ mine?: { answer: string; via: string } }>(
      app.url,
      token,
      `/api/v1/events/${event.id}/rsvps`,
    );
    assert.deepEqual([inTab.body.mine?.answer, inTab.body.mine?.via], ['no', 'card']);
    const tab = await api(app.url, token, `/api/v1/events/${event.id}/rsvps`, {
      method: 'PUT',
      json: { answer: 'maybe' },
    });
    assert.equal(tab.status, 200);
    const afterTab = await invoke(MIKKO, activityId, 'rsvp.refresh', { eventId: event.id });
    assert.ok(cardTexts(afterTab.value).includes('Oma vastauksesi: Ehkä'));
    const list = await api<{ items: { name: string; answer: string }[] }>(
      app.url,
      coordinator,
      `/api/v1/events/${event.id}/rsvps`,
    );
    assert.deepEqual(
      list.body.items.map((r) => [r.name, r.answer]),
      [
        ['Aino Koskinen', 'maybe'],
        ['Helena Virtanen', 'no'],
        ['Mikko Laine', 'maybe'],
      ],
    );
  });

  it('refuses a too long content wish on the card and keeps the answer as it was', async () => {
    const { event } = await publishEvening({ title: { fi: 'Toiveilta' } });
    const activityId = event.posting?.activityId ?? '';
    await invoke(AINO, activityId, 'rsvp.answer', { eventId: event.id, answer: 'yes' });
    const res = await invoke(AINO, activityId, 'rsvp.answer', {
      eventId: event.id,
      answer: 'no',
      contentWish: 'x'.repeat(501),
    });
    const texts = cardTexts(res.value);
    assert.ok(texts.includes('Sisältötoive voi olla enintään 500 merkkiä.'), texts.join(' | '));
    assert.ok(texts.includes('Oma vastauksesi: Tulen'));
  });

  it('updates the card in place when the evening changes and refuses answers after the deadline', async () => {
    const { input, event } = await publishEvening({ title: { fi: 'Takarajailta' } });
    const activityId = event.posting?.activityId ?? '';
    await invoke(MIKKO, activityId, 'rsvp.answer', { eventId: event.id, answer: 'yes' });
    const mark = connector.activities.length;
    // The coordinator closes registration: the deadline moves to a minute ago.
    const deadline = utcToLocal(new Date(Date.now() - 60_000).toISOString());
    const current = await api<{ etag: string }>(app.url, coordinator, `/api/v1/events/${event.id}`);
    const edit = await api<{ card?: string }>(app.url, coordinator, `/api/v1/events/${event.id}`, {
      method: 'PUT',
      json: { ...input, registrationDeadline: deadline },
      headers: { 'If-Match': current.body.etag },
    });
    assert.equal(edit.status, 200, edit.text);
    assert.equal(edit.body.card, 'updated');
    const update = await awaitActivity(
      'the card updated after the edit',
      mark,
      (a) =>
        a.operation === 'update' && cardTexts(cardOf(a)).includes('Ilmoittautuminen on päättynyt.'),
    );
    assert.equal(update?.activityId, activityId);
    const closed = cardOf(update);
    assert.ok(cardTexts(closed).includes('Ilmoittautuminen on päättynyt.'));
    assert.equal(answerButtons(closed).length, 0);
    const notice = await awaitActivity('the notice', mark, (a) => a.operation === 'reply');
    assert.equal(notice?.replyToId, activityId, 'the notice is in the invitation thread');
    assert.match(
      String(notice?.activity.text),
      /^Tietoja päivitetty: Takarajailta \(\p{L}{2} 22\.2\.\d{4} klo 17\.30\)/u,
    );

    const refused = await invoke(AINO, activityId, 'rsvp.answer', {
      eventId: event.id,
      answer: 'yes',
    });
    const texts = cardTexts(refused.value);
    assert.ok(
      texts.some((x) => /^Ilmoittautuminen päättyi \w\w \d+\.\d+\.\d{4} klo \d+\.\d\d\.$/.test(x)),
      texts.join(' | '),
    );
    assert.ok(texts.includes('Tulossa 1 · ehkä 0 · ei tule 0'), 'nothing was counted');
    const en = await invoke(
      AINO,
      activityId,
      'rsvp.answer',
      { eventId: event.id, answer: 'yes' },
      'en-GB',
    );
    assert.ok(cardTexts(en.value).some((x) => x.startsWith('Registration closed on ')));
  });

  it('cancels in place: the card says cancelled, the thread gets a notice, answers are refused', async () => {
    const { event } = await publishEvening({ title: { fi: 'Peruttava ilta' } });
    const activityId = event.posting?.activityId ?? '';
    const mark = connector.activities.length;
    const cancelled = await api<{ state: string; card?: string }>(
      app.url,
      coordinator,
      `/api/v1/events/${event.id}/cancel`,
      { method: 'POST' },
    );
    assert.equal(cancelled.body.state, 'cancelled');
    assert.equal(cancelled.body.card, 'updated');
    const card = cardOf(
      await awaitActivity('the card cancelled', mark, (a) => a.operation === 'update'),
    );
    assert.ok(cardTexts(card).includes('Tämä tapahtuma on peruttu.'));
    assert.equal(card.refresh, undefined);
    const notice = await awaitActivity('the notice', mark, (a) => a.operation === 'reply');
    assert.equal(notice?.replyToId, activityId);
    assert.match(String(notice?.activity.text), /^Peruttu: Peruttava ilta/);
    const refused = await invoke(MIKKO, activityId, 'rsvp.answer', {
      eventId: event.id,
      answer: 'yes',
    });
    assert.ok(cardTexts(refused.value).includes('Tapahtuma on peruttu.'));
  });

  it('shows the annual calendar with the wheel picture, every meeting of a series and no drafts', async () => {
    // Within the card's twelve months from now: a fortnightly series and a draft.
    const day = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const meeting = await api<{ id: string }>(app.url, coordinator, '/api/v1/events', {
      method: 'POST',
      json: {
        kind: 'meeting',
        title: { fi: 'Viestintäryhmän sarja' },
        start: `${day(14)}T17:30`,
        end: `${day(14)}T19:00`,
        workingGroupId: 'viestinta',
        recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=3' },
      },
    });
    assert.equal(meeting.status, 201, meeting.text);
    await api(app.url, coordinator, `/api/v1/events/${meeting.body.id}/publish`, {
      method: 'POST',
    });
    await api(app.url, coordinator, '/api/v1/events', {
      method: 'POST',
      json: {
        kind: 'item',
        title: { fi: 'Luonnos jota ei näytetä' },
        category: 'other',
        start: `${day(20)}T10:00`,
        end: `${day(20)}T11:00`,
      },
    });
    const personalChat = {
      id: 'a:personal-helena',
      conversationType: 'personal',
      tenantId: TENANT,
    };
    const mark = connector.activities.length;
    const res = await post(
      base({ type: 'message', text: 'vuosikello', conversation: personalChat }),
    );
    assert.equal(res.status, 200);
    const reply = since(connector, mark).find((a) => a.conversationId === personalChat.id);
    const card = cardOf(reply) as unknown as {
      body: { type: string; url?: string; altText?: string }[];
    };
    const image = card.body[1];
    assert.equal(image?.type, 'Image');
    assert.match(image?.altText ?? '', /^Vuosikello \d{4}: /);
    const png = await fetch(image?.url ?? '');
    assert.equal(png.status, 200, 'Teams can fetch the picture without a token');
    assert.equal(png.headers.get('content-type'), 'image/png');
    const texts = cardTexts(card);
    // Each meeting of the series on its own line.
    const series = texts.filter((x) => x.startsWith('Viestintäryhmän sarja'));
    assert.equal(series.length, 3, texts.join(' | '));
    assert.ok(!texts.some((x) => x.startsWith('Luonnos jota ei näytetä')));
  });

  it('in a team over 60 people lists those who answered and offers the "show my answer" button', async () => {
    const big = Array.from({ length: 75 }, (_, i) => ({
      id: `29:member-${i}`,
      name: `Jäsen ${i}`,
    }));
    connector.setRoster(TEAM, [...ROSTER, ...big]);
    try {
      const { event } = await publishEvening({ title: { fi: 'Iso ilta' } });
      const card = cardOf(connector.activities.filter((a) => a.operation === 'send').at(-1));
      assert.deepEqual(card.refresh?.userIds ?? [], []);
      assert.ok(
        card.actions?.some((a) => a.verb === 'rsvp.refresh' && a.title === 'Näytä oma vastaukseni'),
      );
      const mark = connector.activities.length;
      await invoke(AINO, event.posting?.activityId ?? '', 'rsvp.answer', {
        eventId: event.id,
        answer: 'yes',
      });
      const updated = cardOf(
        await awaitActivity('the card updated', mark, (a) => a.operation === 'update'),
      );
      assert.deepEqual(
        updated.refresh?.userIds,
        ['29:aino'],
        'those who answered see their own view',
      );
    } finally {
      connector.setRoster(TEAM, ROSTER);
    }
  });
  it('posts to the channel the evening chose in a second team the app is in, not to the first team', async () => {
    const other = '19:team-other@thread.tacv2';
    const channel = '19:other-evenings@thread.tacv2';
    const install = await post(
      base({
        type: 'installationUpdate',
        action: 'add',
        conversation: { id: other, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: other, name: 'Toinen tiimi' } },
      }),
    );
    assert.equal(install.status, 200);
    await new TableConversationStore(app.app.storage.table(TABLES.conversations)).updateTeam(
      other,
      { channels: [{ id: other }, { id: channel, name: 'Illat' }] },
      new Date().toISOString(),
    );
    const channels = await api<{ items: { id: string; teamName?: string }[] }>(
      app.url,
      coordinator,
      '/api/v1/team-channels',
    );
    assert.ok(channels.body.items.some((c) => c.id === channel && c.teamName === 'Toinen tiimi'));
    const mark = connector.activities.length;
    const { event } = await publishEvening({
      title: { fi: 'Toisen tiimin ilta' },
      channelId: channel,
    });
    const posted = since(connector, mark).filter((a) => a.operation === 'send');
    assert.deepEqual(
      posted.map((a) => a.conversationId),
      [channel],
    );
    assert.equal(event.posting?.conversationId, channel);
  });
});
