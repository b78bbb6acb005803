/**
 * The bot's turns in process with botbuilder's TestAdapter: the real activity handler and the
 * real Azure Tables stores (Azurite), with the Teams connector lookups and proactive posting
 * answered by small fakes (those go over HTTP; see bot-http.test.ts for the real thing).
 */
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { VERBS } from '../../bot/src/cards/verbs';
import type { ContentReader } from '../../bot/src/domain/content';
import { createLogger } from '../../bot/src/log';
import { TableCalendarReader } from '../../bot/src/storage/calendar-reader';
import { TableContentStore } from '../../bot/src/storage/content-store';
import {
  TableConversationStore,
  TablePreferenceStore,
} from '../../bot/src/storage/conversation-store';
import { TableDirectoryReader } from '../../bot/src/storage/directory-reader';
import { seedDemoData } from '../../bot/src/storage/seed';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { AssociationBot, type BotDeps } from '../../bot/src/teams/bot';
import type { TeamsLookup } from '../../bot/src/teams/lookup';
import { TURN_ID } from '../../bot/src/teams/turn';
import type { PostResult } from '../../bot/src/teams/proactive';
import { LogCapture } from '../support/app';
import { assertValidCard, cardTexts } from '../support/card-check';

const NOW = new Date('2026-12-01T10:00:00Z');
const BOT = { id: '28:bot-id', name: 'Yhdistysbotti' };
const TEAM = '19:team-1@thread.tacv2';
const CHANNEL = '19:channel-illat@thread.tacv2';
const HELENA = { id: '29:helena', aadObjectId: 'aad-helena', name: 'Helena Virtanen' };
const MIKKO = { id: '29:mikko', aadObjectId: 'aad-mikko', name: 'Mikko Laine' };

const UPNS: Record<string, string> = {
  [HELENA.id]: 'helena.virtanen@kaupunki.example',
  [MIKKO.id]: 'mikko.laine@kaupunki.example',
};

interface Card {
  body: unknown[];
  actions?: { data?: Record<string, string>; title: string }[];
}

function cardOf(activity: Partial<Activity>): Card {
  const content = activity.attachments?.[0]?.content as Card | undefined;
  assert.ok(content, `expected a card, got ${JSON.stringify(activity).slice(0, 200)}`);
  assertValidCard(content, 'reply');
  return content;
}

function titleOf(activity: Partial<Activity>): string {
  return cardTexts(cardOf(activity))[0] ?? '';
}

describe('bot turns (TestAdapter, real stores on Azurite)', function () {
  this.timeout(30_000);
  let azurite: AzuriteProcess;
  let storage: TableStorage;
  let logs: LogCapture;
  let posts: { teamId: string; activity: Partial<Activity> }[];
  let deps: BotDeps;
  let installations: TableConversationStore;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
    storage = new TableStorage(azurite.connectionString);
    await storage.ensureTables();
    const when = DateTime.fromJSDate(NOW);
    if (!when.isValid) throw new Error('bad test date');
    await seedDemoData(storage, when);
  });

  after(async () => {
    await azurite?.stop();
  });

  beforeEach(() => {
    logs = new LogCapture();
    posts = [];
    installations = new TableConversationStore(storage.table(TABLES.conversations));
    const teams: TeamsLookup = {
      channels: () => Promise.resolve([{ id: TEAM }, { id: CHANNEL, name: 'Yhdistysillat' }]),
      userPrincipalName: (_context, userId) => Promise.resolve(UPNS[userId]),
    };
    deps = {
      installations,
      preferences: new TablePreferenceStore(storage.table(TABLES.conversations)),
      content: new TableContentStore(storage.table(TABLES.content)),
      calendar: new TableCalendarReader(storage.table(TABLES.events)),
      directory: new TableDirectoryReader({
        workingGroups: storage.table(TABLES.workingGroups),
        units: storage.table(TABLES.units),
        people: storage.table(TABLES.people),
      }),
      teams,
      publisher: {
        async postToTeam(teamId, activity): Promise<PostResult> {
          const target = await installations.postTarget(teamId);
          if (!target) return { ok: false, reason: 'notInstalled' };
          posts.push({ teamId, activity });
          return { ok: true, target };
        },
      },
      log: createLogger('debug', logs),
      now: () => NOW,
    };
  });

  async function turn(
    activity: Partial<Activity>,
    bot = new AssociationBot(deps),
  ): Promise<Partial<Activity>[]> {
    const adapter = new TestAdapter();
    await adapter.processActivity({ channelId: 'msteams', recipient: BOT, ...activity }, (ctx) => {
      ctx.turnState.set(TURN_ID, 'turn-under-test');
      return bot.run(ctx);
    });
    return adapter.activeQueue.splice(0);
  }

  const personal = (text: string, extra: Partial<Activity> = {}): Partial<Activity> => ({
    type: 'message',
    text,
    locale: 'fi-FI',
    from: MIKKO,
    conversation: {
      id: 'a:personal-mikko',
      conversationType: 'personal',
      isGroup: false,
      name: '',
      tenantId: 't-1',
    },
    ...extra,
  });

  const inChannel = (text: string, mention: boolean, from = HELENA): Partial<Activity> => ({
    type: 'message',
    text: mention ? `<at>${BOT.name}</at> ${text}` : text,
    locale: 'fi-FI',
    from,
    conversation: {
      id: `${CHANNEL};messageid=1700000000001`,
      conversationType: 'channel',
      isGroup: true,
      name: '',
      tenantId: 't-1',
    },
    channelData: { team: { id: TEAM, name: 'Yhdistysyhteistyö' }, channel: { id: CHANNEL } },
    entities: mention ? [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }] : [],
  });

  const install = (
    kind: 'team' | 'personal',
    action: 'add' | 'remove' = 'add',
    type: 'installationUpdate' | 'conversationUpdate' = 'installationUpdate',
  ): Partial<Activity> => ({
    type,
    ...(type === 'installationUpdate' ? { action } : {}),
    ...(type === 'conversationUpdate'
      ? action === 'add'
        ? { membersAdded: [{ id: BOT.id, name: BOT.name }] }
        : { membersRemoved: [{ id: BOT.id, name: BOT.name }] }
      : {}),
    locale: 'fi-FI',
    from: HELENA,
    conversation:
      kind === 'team'
        ? { id: TEAM, conversationType: 'channel', isGroup: true, name: '', tenantId: 't-1' }
        : {
            id: 'a:personal-helena',
            conversationType: 'personal',
            isGroup: false,
            name: '',
            tenantId: 't-1',
          },
    channelData:
      kind === 'team'
        ? { team: { id: TEAM, name: 'Yhdistysyhteistyö' }, tenant: { id: 't-1' } }
        : { tenant: { id: 't-1' } },
  });

  describe('commands', () => {
    const expected: [string, string][] = [
      ['ohje', 'Näin käytät bottia'],
      ['vuosikello', 'Vuosikello 1.12.2026 – 30.11.2027'],
      ['seuraavat', 'Tulevat tapahtumat'],
      ['työryhmät', 'Työryhmät'],
      ['yhteyshenkilöt', 'Yhteyshenkilöt'],
      ['huoneentaulu', 'Huoneentaulut'],
      ['huoneentaulu yhdistysilta', 'Yhdistysillan huoneentaulu'],
      ['huoneentaulu yhdessä', 'Yhdessä tekemisen ja vuorovaikutuksen huoneentaulu'],
      ['roolit', 'Roolit ja vastuut'],
      ['kieli', 'Vastauskieli'],
      ['mitä kuuluu', 'En tunnistanut komentoa'],
    ];
    for (const [text, title] of expected) {
      it(`answers "${text}" in a personal chat with its card`, async () => {
        const replies = await turn(personal(text));
        assert.equal(replies.length, 1);
        assert.equal(titleOf(replies[0]), title);
      });
    }

    it('shows the published items of the demo year in the calendar, grouped by month', async () => {
      const texts = cardTexts(cardOf((await turn(personal('vuosikello')))[0]));
      assert.ok(texts.includes('Tammikuu 2027'), texts.join(' | '));
      assert.ok(texts.includes('Maaliskuu 2027'));
      assert.ok(texts.some((t) => t.startsWith('Avustusyhteistyö: uusi avustussääntö (kokous)')));
      // The demo evening is still a draft: the coordinator's own until published.
      assert.ok(!texts.some((t) => t.startsWith('Koko kaupungin yhdistysilta')));
    });

    it('lists the contact persons of the demo units', async () => {
      const texts = cardTexts(cardOf((await turn(personal('yhteyshenkilöt')))[0]));
      assert.ok(texts.includes('Mikko Laine, mikko.laine@kaupunki.example'), texts.join(' | '));
    });

    it('answers in a channel only when mentioned, with the mention stripped', async () => {
      assert.deepEqual(await turn(inChannel('vuosikello', false)), []);
      const replies = await turn(inChannel('vuosikello', true));
      assert.equal(replies.length, 1);
      assert.match(titleOf(replies[0]), /^Vuosikello /);
      assert.equal(replies[0].conversation?.id, `${CHANNEL};messageid=1700000000001`);
    });

    it('answers a card button without a mention, also in a channel', async () => {
      const press = { ...inChannel('', false), text: undefined, value: { verb: VERBS.showRoles } };
      const replies = await turn(press);
      assert.equal(titleOf(replies[0]), 'Roolit ja vastuut');
    });

    it('answers a button with bad data with the help choices, not a crash', async () => {
      const replies = await turn(personal('', { text: undefined, value: { verb: 'hack.me' } }));
      assert.equal(titleOf(replies[0]), 'En tunnistanut komentoa');
    });

    it('answers Action.Execute with a card in the invoke response', async () => {
      const replies = await turn(
        personal('', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          text: undefined,
          value: {
            action: {
              type: 'Action.Execute',
              verb: VERBS.showHouseRules,
              data: { rule: 'evening' },
            },
          },
        }),
      );
      const response = replies.find((r) => r.type === 'invokeResponse');
      const body = (response?.value as { body?: { value?: unknown; statusCode?: number } })?.body;
      assert.equal(body?.statusCode, 200);
      assert.equal(cardTexts(body?.value)[0], 'Yhdistysillan huoneentaulu');
    });
  });

  describe('reply language', () => {
    it('follows the Teams locale when the person has not chosen', async () => {
      const replies = await turn(personal('help', { locale: 'en-US' }));
      assert.equal(titleOf(replies[0]), 'How to use the bot');
    });

    it('keeps the person\u2019s own choice over the locale, stored', async () => {
      const who = { id: '29:lang', aadObjectId: 'aad-lang', name: 'Kielivalitsija' };
      const set = await turn(personal('kieli en', { from: who }));
      assert.deepEqual(cardTexts(cardOf(set[0])), [
        'Reply language',
        'From now on I will answer you in English.',
      ]);
      // A new bot instance (empty caches) still finds the choice in the store.
      const fresh = new AssociationBot({
        ...deps,
        preferences: new TablePreferenceStore(storage.table(TABLES.conversations)),
      });
      const later = await turn(personal('ohje', { from: who, locale: 'fi-FI' }), fresh);
      assert.equal(titleOf(later[0]), 'How to use the bot');
      const back = await turn(personal('language fi', { from: who }));
      assert.equal(cardTexts(cardOf(back[0]))[1], 'Vastaan sinulle tästä lähtien suomeksi.');
    });

    it('falls back to Finnish without a locale', async () => {
      const replies = await turn(personal('help', { locale: undefined }));
      assert.equal(titleOf(replies[0]), 'Näin käytät bottia');
    });
  });

  describe('failures', () => {
    it('turns a failing read into the error card with the turn id, details only in the log', async () => {
      const broken: ContentReader = {
        ...deps.content,
        roles: () => Promise.reject(new Error('Azure says ECONNRESET at 10.0.0.4:443')),
        houseRules: () => deps.content.houseRules(),
        guide: () => deps.content.guide(),
      };
      const replies = await turn(
        personal('roolit'),
        new AssociationBot({ ...deps, content: broken }),
      );
      const texts = cardTexts(cardOf(replies[0]));
      assert.equal(texts[0], 'Jokin meni vikaan');
      assert.ok(texts.includes('turn-under-test'));
      assert.ok(texts.every((t) => !t.includes('ECONNRESET')));
      const line = logs.lines.find((l) => l.includes('ECONNRESET'));
      assert.ok(line, 'the log has the details');
      assert.match(line, /"turnId":"turn-under-test"/);
    });

    it('answers with the error card when a read hangs past the deadline', async () => {
      const hanging: ContentReader = {
        ...deps.content,
        roles: () => new Promise(() => undefined),
        houseRules: () => deps.content.houseRules(),
        guide: () => deps.content.guide(),
      };
      const started = Date.now();
      const replies = await turn(
        personal('roolit', { locale: 'en-US' }),
        new AssociationBot({ ...deps, content: hanging, deadlineMs: 300 }),
      );
      assert.ok(Date.now() - started < 3000);
      assert.equal(titleOf(replies[0]), 'Something went wrong');
      assert.ok(logs.text().includes('TurnTimeoutError'));
    });
  });

  describe('installations', () => {
    it('greets a personal install once, however many events announce it', async () => {
      const first = await turn(install('personal'));
      const second = await turn(install('personal', 'add', 'conversationUpdate'));
      const again = await turn(install('personal'));
      assert.equal(first.length, 1);
      assert.equal(titleOf(first[0]), 'Tervetuloa!');
      assert.deepEqual([...second, ...again], []);
      const row = await installations.get({
        kind: 'personal',
        conversationId: 'a:personal-helena',
      });
      assert.equal(row?.state, 'active');
      assert.equal(row?.installedBy?.aadObjectId, HELENA.aadObjectId);
    });

    it('greets a team in General, records its channels and who installed it', async () => {
      const replies = await turn(install('team'));
      assert.equal(titleOf(replies[0]), 'Tervetuloa yhdistysyhteistyöhön');
      assert.equal(replies[0].conversation?.id, TEAM);
      const team = await installations.get({ kind: 'team', teamId: TEAM });
      assert.equal(team?.teamName, 'Yhdistysyhteistyö');
      assert.deepEqual(team?.channels, [{ id: TEAM }, { id: CHANNEL, name: 'Yhdistysillat' }]);
      const channel = await installations.get({
        kind: 'channel',
        teamId: TEAM,
        channelId: CHANNEL,
      });
      assert.equal(channel?.state, 'active');
    });

    it('lets only a coordinator choose the post channel, and then posts go there', async () => {
      await turn(install('team'));
      const refused = await turn(inChannel('julkaise tänne', true, MIKKO));
      assert.equal(titleOf(refused[0]), 'Vain koordinaattorille');
      assert.equal((await installations.postTarget(TEAM))?.channelId, TEAM);

      const chosen = await turn(inChannel('julkaise tänne', true, HELENA));
      assert.deepEqual(cardTexts(cardOf(chosen[0])), [
        'Julkaisukanava vaihdettu',
        'Julkaisen tiimin Yhdistysyhteistyö tiedotteet tästä lähtien kanavalle Yhdistysillat.',
      ]);
      const target = await installations.postTarget(TEAM);
      assert.equal(target?.channelId, CHANNEL);
      assert.equal(target?.reference.conversation.id, CHANNEL);

      const published = await turn(personal('julkaise vuosikello', { from: HELENA }));
      assert.equal(titleOf(published[0]), 'Vuosikello julkaistu');
      assert.equal(posts.length, 1);
      assert.match(titleOf(posts[0].activity), /^Vuosikello /);
    });

    it('refuses "julkaise tänne" outside a team channel', async () => {
      const replies = await turn(personal('julkaise tänne', { from: HELENA }));
      assert.match(cardTexts(cardOf(replies[0]))[1] ?? '', /vain tiimin kanavalla/);
    });

    it('marks the team and its channels gone on uninstall, and posts nothing there', async () => {
      await turn(install('team'));
      await turn(install('team', 'remove'));
      assert.equal((await installations.get({ kind: 'team', teamId: TEAM }))?.state, 'gone');
      assert.equal(
        (await installations.get({ kind: 'channel', teamId: TEAM, channelId: CHANNEL }))?.state,
        'gone',
      );
      assert.equal(await installations.postTarget(TEAM), undefined);
      const replies = await turn(personal('julkaise vuosikello', { from: HELENA }));
      assert.deepEqual(posts, []);
      assert.match(cardTexts(cardOf(replies[0]))[1] ?? '', /En ole yhdessäkään tiimissä/);
    });

    it('welcomes again after a reinstall, once', async () => {
      await turn(install('team', 'remove'));
      const back = await turn(install('team'));
      assert.equal(back.length, 1);
      assert.deepEqual(await turn(install('team', 'add', 'conversationUpdate')), []);
    });

    it('follows channel created, renamed, deleted and restored, and a deleted post channel falls back to General', async () => {
      await turn(install('team'));
      await turn(inChannel('julkaise tänne', true, HELENA));
      const event = (eventType: string, channel: { id: string; name?: string }) => ({
        ...install('team', 'add', 'conversationUpdate'),
        membersAdded: undefined,
        channelData: { eventType, team: { id: TEAM }, channel, tenant: { id: 't-1' } },
      });
      await turn(event('channelCreated', { id: '19:new@thread.tacv2', name: 'Uusi' }));
      await turn(event('channelRenamed', { id: '19:new@thread.tacv2', name: 'Uudempi' }));
      let team = await installations.get({ kind: 'team', teamId: TEAM });
      assert.deepEqual(team?.channels?.at(-1), { id: '19:new@thread.tacv2', name: 'Uudempi' });
      await turn(event('channelDeleted', { id: CHANNEL }));
      team = await installations.get({ kind: 'team', teamId: TEAM });
      assert.ok(!team?.channels?.some((c) => c.id === CHANNEL));
      assert.equal((await installations.postTarget(TEAM))?.channelId, TEAM);
      assert.equal(
        (await installations.get({ kind: 'channel', teamId: TEAM, channelId: CHANNEL }))?.state,
        'gone',
      );
      // A restored channel comes back to the list under the name it has now.
      await turn(event('channelRestored', { id: CHANNEL, name: 'Yhdistysillat' }));
      team = await installations.get({ kind: 'team', teamId: TEAM });
      assert.deepEqual(team?.channels?.at(-1), { id: CHANNEL, name: 'Yhdistysillat' });
    });

    it('follows a team rename', async () => {
      await turn(install('team'));
      await turn({
        ...install('team', 'add', 'conversationUpdate'),
        membersAdded: undefined,
        channelData: { eventType: 'teamRenamed', team: { id: TEAM, name: 'Yhteistyötiimi' } },
      });
      assert.equal(
        (await installations.get({ kind: 'team', teamId: TEAM }))?.teamName,
        'Yhteistyötiimi',
      );
    });
  });
});
