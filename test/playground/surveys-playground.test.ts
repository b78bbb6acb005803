/**
 * The association survey end to end through the Microsoft 365 Agents Playground (a local
 * Teams): the coordinator builds and opens it in the tab's API, the card arrives in the team's
 * channel, 30 people answer on the card and 5 associations through their signed links, and the
 * results equal a hand count.
 *
 * Every answer goes through the playground. Its invoke endpoint (`/_conversation/v1/invoke`,
 * which answers with the bot's card) takes only the six people of its configuration: its schema
 * holds `currentUser` and exactly five `users` (minItems = maxItems = 5) and it answers 400
 * UserNotFound for any other `from`. So the six press the button there, and 24 more distinct
 * Teams users send the same `adaptiveCard/action` invoke through the playground's custom
 * activity endpoint (`/_internal/v1/customActivities`), which forwards any activity to the bot
 * as the playground would but answers 200 at once without the bot's card: their answers are
 * checked by the count they add, one by one.
 */
import assert from 'node:assert/strict';
import type { Answers, Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { tallyOf, type SurveyResults } from '@yhdistysyhteistyo/contract/surveys/results';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import { TABLES } from '../../bot/src/storage/tables';
import { TableStorage } from '../../bot/src/storage/tables';
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

const day = (offset: number) =>
  localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());

describe('the association survey through the Agents Playground', function () {
  this.timeout(180_000);
  let app: TestApp;
  let pg: Playground;
  let team: string;

  before(async () => {
    // Scheduled delivery runs: the survey's channel posts go through its outbox.
    app = await startTestApp({
      DELIVERY_ENABLED: 'true',
      DELIVERY_TICK_SECONDS: '1',
      DELIVERY_LEASE_SECONDS: '2',
    });
    pg = await startPlayground({ botEndpoint: `${app.url}/api/messages` });
    team = pg.config.teams[0]?.id ?? '';
    assert.ok(team);
  });
  after(async () => {
    await pg?.stop();
    await app?.stop();
  });

  const created = (conversationId: string) => (o: BotOutput) =>
    o.action === 'createMessage' && o.conversationId === conversationId;
  /** A new card in the channel that says `text` (other scheduled posts may come meanwhile). */
  const cardSaying = (text: string) => (o: BotOutput) =>
    created(team)(o) && cardTexts(cardOfOutput(o)).some((t) => t === text);

  /**
   * Presses the card's button through the playground: its own people get the bot's card back
   * (returned as texts); anyone else goes as a forwarded activity (undefined: check the effect).
   */
  async function press(
    userId: string,
    replyToId: string,
    verb: string,
    data: Record<string, unknown>,
  ) {
    const known = [pg.config.currentUser, ...pg.config.users].some((u) => u.id === userId);
    const value = { action: { type: 'Action.Execute', verb, data } };
    const conversation = { id: `${team};messageid=${replyToId}` };
    if (!known) {
      // Through the playground as a person it does not know: it forwards the activity.
      await pg.sendActivity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: `invoke-${userId}-${Date.now()}`,
        channelId: 'msteams',
        serviceUrl: pg.url,
        timestamp: new Date().toISOString(),
        locale: 'en-US',
        from: { id: userId, name: `Vastaaja ${userId}`, aadObjectId: `aad-${userId}` },
        recipient: { id: pg.config.bot.id, name: pg.config.bot.name },
        conversation: {
          ...conversation,
          conversationType: 'channel',
          tenantId: pg.config.tenantId,
        },
        channelData: {
          tenant: { id: pg.config.tenantId },
          team: { id: team },
          channel: { id: team },
        },
        replyToId,
        value,
      });
      return undefined;
    }
    const res = await fetch(`${pg.url}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        value,
        from: { id: userId },
        conversation,
        replyToId,
      }),
    });
    assert.equal(res.status, 200, `${userId}: ${await res.clone().text()}`);
    const body = (await res.json()) as { type?: string; value?: unknown };
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(body));
    assertValidCard(body.value, `${verb} by ${userId}`);
    return cardTexts(body.value);
  }

  it('30 people on the card and 5 associations by link: counts equal a hand count, nobody in the answers', async () => {
    let mark = pg.mark();
    await pg.install(team);
    await pg.waitFor(created(team), { after: mark });

    const token = await devToken(app.url, DEMO.coordinator);
    const year = new Date().getUTCFullYear();
    const made = await api<Survey & { etag: string }>(app.url, token, '/api/v1/surveys', {
      method: 'POST',
      json: {
        ...TEMPLATES.associationSurvey.input(year),
        window: { first: day(-1), last: day(2) },
      },
    });
    assert.equal(made.status, 201, made.text);
    const survey = made.body;
    mark = pg.mark();
    const opened = await api<{ state: string; card: string }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/open`,
      { method: 'POST' },
    );
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.body.card, 'queued');
    const post = await pg.waitFor(cardSaying(survey.title.fi), { after: mark, timeoutMs: 20_000 });
    const card = cardOfOutput(post);
    assertValidCard(card, 'survey card in the channel');
    assert.equal(cardTexts(card)[0], survey.title.fi);
    const messageId = post.messageId ?? '';
    assert.ok(messageId);

    // Someone who has not answered yet sees the form.
    const last = pg.config.users[4]?.id ?? '';
    const fresh = await press(last, messageId, 'survey.refresh', { surveyId: survey.id });
    assert.ok(fresh?.includes('Send answer'), fresh?.join(' | '));

    const ratings = ['good', 'moderate', 'poor'] as const;
    const agreement = ['1', '2', '3', '4', '5', 'dontKnow'] as const;
    const given = new Map<string, Answers>();
    const people = [pg.config.currentUser, ...pg.config.users].map((u) => u.id);
    assert.equal(people.length, 6);
    for (let i = 24; people.length < 30; i++) people.push(`29:respondent-${i}`);
    for (const [i, user] of people.entries()) {
      const answers: Answers = {
        'a-grants': ratings[i % 3] ?? 'good',
        'a-premises': ratings[(i + 1) % 3] ?? 'good',
        'a-contact': agreement[i % 6] ?? '3',
        'a-groups': i % 2 ? ['events'] : ['premises', 'grants'],
        'a-wishes': `Toive numero ${i}`,
      };
      given.set(user, answers);
      const data: Record<string, unknown> = { surveyId: survey.id };
      for (const [q, v] of Object.entries(answers))
        data[`q:${q}`] = typeof v === 'string' ? v : v.join(',');
      const texts = await press(user, messageId, 'survey.answer', data);
      if (texts) {
        assert.ok(
          texts.includes('Your answer is saved.') ||
            texts.includes('Thank you! Your answer is saved.'),
          texts.join(' | '),
        );
      } else {
        await until(`the answer of ${user} counted`, async () => {
          const r = await api<{ results: SurveyResults }>(
            app.url,
            token,
            `/api/v1/surveys/${survey.id}/results`,
          );
          return r.body.results.respondents === i + 1;
        });
      }
    }
    // The same person again: the refresh shows "saved" with a change button; a new answer replaces the first.
    const refreshed = await press(people[0] ?? '', messageId, 'survey.refresh', {
      surveyId: survey.id,
    });
    assert.ok(refreshed?.includes('Change answer'), refreshed?.join(' | '));
    const changed: Answers = { 'a-grants': 'poor', 'a-contact': '5' };
    await press(people[0] ?? '', messageId, 'survey.answer', {
      surveyId: survey.id,
      'q:a-grants': 'poor',
      'q:a-contact': '5',
    });
    given.set(people[0] ?? '', changed);

    const links = await api<{ items: { url: string }[] }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/links`,
    );
    for (const [i, link] of links.body.items.slice(0, 5).entries()) {
      const answers: Answers = { 'a-grants': 'good', 'a-contact': String(i + 1) };
      given.set(`association-${i}`, answers);
      const res = await fetch(link.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(Object.entries(answers) as [string, string][]).toString(),
      });
      assert.equal(res.status, 200);
    }

    const results = await api<{ results: SurveyResults; texts: Record<string, string[]> }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/results`,
    );
    assert.equal(results.body.results.respondents, 35);
    const hand = tallyOf(survey.questions, [...given.values()]);
    for (const q of results.body.results.questions) {
      const counted = hand.questions[q.id];
      assert.equal(q.n, counted?.n ?? 0, q.id);
      for (const bar of q.distribution ?? []) {
        assert.equal(bar.count, counted?.counts[bar.value] ?? 0, `${q.id} ${bar.value}`);
      }
    }
    assert.equal(results.body.results.questions.find((q) => q.id === 'a-grants')?.n, 35);
    const texts = await api<{ texts: Record<string, string[]> }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/texts`,
    );
    assert.equal(texts.body.texts['a-wishes']?.length, 29);

    // The coordinator posts the results card in the channel.
    mark = pg.mark();
    const posted = await api<{ card: string }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/results/post`,
      {
        method: 'POST',
      },
    );
    assert.deepEqual(posted.body, { card: 'queued' });
    const resultsCard = cardOfOutput(
      await pg.waitFor(cardSaying('35 vastaajaa'), { after: mark, timeoutMs: 20_000 }),
    );
    assertValidCard(resultsCard, 'results card in the channel');
    assert.ok(cardTexts(resultsCard).includes('35 vastaajaa'));

    // After the window (closed by the coordinator) an answer on the card is refused, and not counted.
    const closedNow = await api(app.url, token, `/api/v1/surveys/${survey.id}/close`, {
      method: 'POST',
    });
    assert.equal(closedNow.status, 200, closedNow.text);
    const refused = await press(people[1] ?? '', messageId, 'survey.answer', {
      surveyId: survey.id,
      'q:a-grants': 'good',
    });
    assert.ok(
      refused?.some((x) => /^The survey closed on .+\. Answers are no longer taken\.$/.test(x)),
      refused?.join(' | '),
    );
    const after = await api<{ results: SurveyResults }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/results`,
    );
    assert.equal(after.body.results.respondents, 35);

    // Nothing of who answered is in the answers table: no Teams id, no association.
    const storage = new TableStorage(app.azurite.connectionString, app.config.TABLE_PREFIX);
    const associations = await api<{ items: { url: string }[] }>(
      app.url,
      token,
      `/api/v1/surveys/${survey.id}/links`,
    );
    for await (const row of storage
      .table(TABLES.surveyAnswers)
      .listEntities<Record<string, unknown>>()) {
      const text = JSON.stringify(row);
      // `aad-` only where it starts a word: a row's random UUID may hold "…caad-…"; a
      // Teams id's `29:` only where no time of day ("16:29:09") comes before it.
      assert.doesNotMatch(
        text,
        /respondent-|(?<![\d:])29:|\baad-|aadObjectId|userId|Vastaaja|Helena/,
      );
      for (const a of associations.body.items.slice(0, 5))
        assert.ok(!text.includes(a.url.split('/')[5] ?? '-'));
    }
  });
});
