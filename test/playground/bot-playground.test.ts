/**
 * End to end through the Microsoft 365 Agents Playground: a local Teams with the demo people,
 * the team "Yhdistysyhteistyö" (General + Yhdistysillat), a group chat and a personal chat,
 * talking to the real server (anonymous on loopback) on a real Azurite.
 */
import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { encodeKey } from '../../bot/src/storage/keys';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { assertValidCard, cardTexts } from '../support/card-check';
import {
  cardOfOutput,
  startPlayground,
  type BotOutput,
  type Playground,
} from '../support/playground';
import { eventually } from '../support/wait';

type Json = Record<string, unknown>;

describe('bot end to end through the Agents Playground', function () {
  this.timeout(120_000);
  let app: TestApp;
  let pg: Playground;
  let conversations: TableClient;
  let team: string;
  let evenings: string;
  let personal: string;
  let group: string;

  before(async () => {
    app = await startTestApp();
    pg = await startPlayground({ botEndpoint: `${app.url}/api/messages` });
    const t = pg.config.teams[0];
    assert.ok(t);
    team = t.id;
    evenings = t.channels.find((c) => c.name === 'Yhdistysillat')?.id ?? '';
    personal = pg.config.personalChat.id;
    group = pg.config.groupChats[0]?.id ?? '';
    conversations = app.app.storage.table(TABLES.conversations);
  });

  after(async () => {
    await pg?.stop();
    await app?.stop();
  });

  function title(output: BotOutput): string {
    const card = cardOfOutput(output);
    assert.ok(card, `no card in ${JSON.stringify(output.raw).slice(0, 300)}`);
    assertValidCard(card, 'playground card');
    return cardTexts(card)[0] ?? '';
  }

  const created = (conversationId: string) => (o: BotOutput) =>
    o.action === 'createMessage' && o.conversationId === conversationId;

  async function ask(conversationId: string, text: string, mention: boolean): Promise<BotOutput> {
    const mark = pg.mark();
    const sent = await pg.send(conversationId, text, { mention });
    return pg.waitFor(created(sent.postConversationId ?? conversationId), { after: mark });
  }

  it('uses the demo people and the team of the committed configuration', () => {
    assert.equal(pg.config.currentUser.name, 'Helena Virtanen');
    assert.deepEqual(
      pg.config.users.map((u) => u.name),
      ['Mikko Laine', 'Sanna Heikkinen', 'Jari Nieminen', 'Leena Mäkinen', 'Aino Koskinen'],
    );
    assert.equal(pg.config.teams[0]?.name, 'Yhdistysyhteistyö');
    assert.equal(pg.config.teams[0]?.channels[0]?.id, team, 'General has the team id');
    assert.ok(evenings);
  });

  it('greets the team in General once, in the Teams client\u2019s language, and keeps its reference in Azure Tables', async () => {
    const mark = pg.mark();
    await pg.install(team);
    const welcome = await pg.waitFor(created(team), { after: mark });
    // The playground is an English Teams client (locale en-US).
    assert.equal(title(welcome), 'Welcome to the association cooperation');
    const row = await conversations.getEntity<Json>(`team-${encodeKey(team)}`, 'team');
    assert.equal(row.state, 'active');
    assert.equal(row.teamName, 'Yhdistysyhteistyö');
    const reference = JSON.parse(String(row.reference)) as { serviceUrl: string };
    assert.ok(reference.serviceUrl.includes(`:${pg.port}/`), reference.serviceUrl);
    const channels = JSON.parse(String(row.channels)) as { id: string; name?: string }[];
    assert.ok(channels.some((c) => c.id === evenings && c.name === 'Yhdistysillat'));
    // The playground sends installationUpdate and conversationUpdate: still one welcome.
    const welcomes = await pg.settle(created(team), { after: mark, quietMs: 1000 });
    assert.equal(welcomes.length, 1);
  });

  it('greets a personal install with the personal welcome', async () => {
    const mark = pg.mark();
    await pg.install(personal);
    const welcome = await pg.waitFor(created(personal), { after: mark });
    assert.equal(title(welcome), 'Welcome!');
    const row = await conversations.getEntity<Json>('personal', encodeKey(personal));
    assert.equal(row.state, 'active');
  });

  it('answers in Finnish once Helena chooses it, everywhere', async () => {
    assert.equal(title(await ask(personal, 'help', false)), 'How to use the bot');
    const set = await ask(personal, 'kieli fi', false);
    assert.deepEqual(cardTexts(cardOfOutput(set)), [
      'Vastauskieli',
      'Vastaan sinulle tästä lähtien suomeksi.',
    ]);
  });

  const COMMANDS: [string, string | RegExp][] = [
    ['ohje', 'Näin käytät bottia'],
    ['vuosikello', /^Vuosikello \d/],
    ['seuraavat', 'Tulevat tapahtumat'],
    ['työryhmät', 'Työryhmät'],
    ['yhteyshenkilöt', 'Yhteyshenkilöt'],
    ['huoneentaulu', 'Huoneentaulut'],
    ['huoneentaulu yhdistysilta', 'Yhdistysillan huoneentaulu'],
    ['huoneentaulu yhteyshenkilö', 'Yhdistysyhteyshenkilön huoneentaulu'],
    ['huoneentaulu työryhmät', 'Työryhmien huoneentaulu'],
    ['huoneentaulu yhdessä', 'Yhdessä tekemisen ja vuorovaikutuksen huoneentaulu'],
    ['roolit', 'Roolit ja vastuut'],
    ['kieli', 'Vastauskieli'],
    ['vuosikelo', /^Vuosikello \d/],
    ['jotain muuta', 'En tunnistanut komentoa'],
  ];

  it('answers every command in the channel when mentioned, in the thread', async () => {
    for (const [text, expected] of COMMANDS) {
      const answer = await ask(evenings, text, true);
      assert.ok(answer.conversationId.startsWith(`${evenings};messageid=`), answer.conversationId);
      if (typeof expected === 'string') assert.equal(title(answer), expected, text);
      else assert.match(title(answer), expected, text);
    }
  });

  it('answers every command in the personal chat', async () => {
    for (const [text, expected] of COMMANDS) {
      const answer = await ask(personal, text, false);
      if (typeof expected === 'string') assert.equal(title(answer), expected, text);
      else assert.match(title(answer), expected, text);
    }
  });

  it('answers in the group chat when mentioned', async () => {
    const mark = pg.mark();
    await pg.install(group);
    // Helena installs it: her own choice (Finnish) wins over the client's en-US.
    assert.equal(title(await pg.waitFor(created(group), { after: mark })), 'Hei ryhmä!');
    assert.equal(title(await ask(group, 'roolit', true)), 'Roolit ja vastuut');
  });

  it('says nothing to a channel message without a mention, even one that reaches it', async () => {
    const mark = pg.mark();
    const requests = () =>
      app.logs.lines.filter((l) => l.includes('"route":"/api/messages"')).length;
    const before = requests();
    await pg.send(evenings, 'vuosikello', { mention: false });
    // The playground itself drops such messages; send one straight to the bot as Teams would.
    const template = await pg.template(evenings, 'uninstall');
    await pg.sendActivity({
      ...template,
      type: 'message',
      action: undefined,
      text: 'vuosikello',
      conversation: {
        ...(template.conversation as Json),
        id: `${evenings};messageid=1700000000999`,
      },
      channelData: { ...(template.channelData as Json), channel: { id: evenings } },
      entities: [],
    });
    await eventually(() => {
      assert.equal(requests(), before + 1, 'the message reached the bot');
      return Promise.resolve();
    });
    const any = await pg.settle(() => true, { after: mark, quietMs: 1000 });
    assert.deepEqual(
      any.map((o) => o.conversationId),
      [],
    );
  });

  it('follows a card button (Action.Submit) and an Action.Execute', async () => {
    const help = await ask(personal, 'ohje', false);
    assert.ok(help.messageId);
    const mark = pg.mark();
    await pg.submit(personal, help.messageId, { verb: 'calendar.show' });
    const calendar = await pg.waitFor(created(personal), { after: mark });
    assert.match(title(calendar), /^Vuosikello /);
    const response = (await pg.invoke(personal, help.messageId, {
      verb: 'houseRules.show',
      data: { rule: 'together' },
    })) as { value?: unknown };
    assert.equal(
      cardTexts(response.value)[0],
      'Yhdessä tekemisen ja vuorovaikutuksen huoneentaulu',
    );
  });

  it('switches the reply language on request and keeps it', async () => {
    const set = await ask(personal, 'language en', false);
    assert.equal(title(set), 'Reply language');
    assert.equal(title(await ask(personal, 'ohje', false)), 'How to use the bot');
    assert.equal(title(await ask(personal, 'kieli fi', false)), 'Vastauskieli');
    assert.equal(title(await ask(personal, 'help', false)), 'Näin käytät bottia');
  });

  it('moves later posts to the channel chosen with "julkaise tänne"', async () => {
    let mark = pg.mark();
    await pg.send(personal, 'julkaise vuosikello');
    const first = await pg.waitFor(created(team), { after: mark });
    assert.match(title(first), /^Vuosikello /);

    const chosen = await ask(evenings, 'julkaise tänne', true);
    assert.equal(title(chosen), 'Julkaisukanava vaihdettu');
    assert.match(cardTexts(cardOfOutput(chosen))[1] ?? '', /kanavalle Yhdistysillat/);
    const row = await conversations.getEntity<Json>(`team-${encodeKey(team)}`, 'team');
    assert.equal(row.postChannelId, evenings);

    mark = pg.mark();
    await pg.send(personal, 'julkaise vuosikello');
    const moved = await pg.waitFor(created(evenings), { after: mark });
    assert.match(title(moved), /^Vuosikello /);
    const elsewhere = await pg.settle(created(team), { after: mark, quietMs: 500 });
    assert.deepEqual(elsewhere, [], 'nothing went to General');
  });

  it('marks the team gone on uninstall and posts nothing there after', async () => {
    await pg.uninstall(team);
    await eventually(async () => {
      const row = await conversations.getEntity<Json>(`team-${encodeKey(team)}`, 'team');
      assert.equal(row.state, 'gone');
    });
    const channel = await conversations.getEntity<Json>(
      `team-${encodeKey(team)}`,
      `channel-${encodeKey(evenings)}`,
    );
    assert.equal(channel.state, 'gone');
    const mark = pg.mark();
    await pg.send(personal, 'julkaise vuosikello');
    const answer = await pg.waitFor(created(personal), { after: mark });
    assert.match(cardTexts(cardOfOutput(answer))[1] ?? '', /En ole yhdessäkään tiimissä/);
    const posts = await pg.settle(
      (o) => o.conversationId === team || o.conversationId === evenings,
      {
        after: mark,
        quietMs: 500,
      },
    );
    assert.deepEqual(posts, []);
  });

  it('marks the personal chat gone on uninstall', async () => {
    await pg.uninstall(personal);
    await eventually(async () => {
      const row = await conversations.getEntity<Json>('personal', encodeKey(personal));
      assert.equal(row.state, 'gone');
    });
  });
});
