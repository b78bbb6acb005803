import assert from 'node:assert/strict';
import type { CalendarListItem, ContactInfo, UnitInfo } from '../../bot/src/domain/bot-readers';
import { SEED_GUIDE, SEED_HOUSE_RULES, SEED_ROLES } from '../../bot/src/domain/content-seed';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { calendarCard } from '../../bot/src/cards/calendar';
import { shortWhen, type AdaptiveCard } from '../../bot/src/cards/common';
import { contactsCard } from '../../bot/src/cards/contacts';
import { errorCard } from '../../bot/src/cards/error';
import { comingEventsCard } from '../../bot/src/cards/events';
import { helpCard } from '../../bot/src/cards/help';
import { houseRuleCard } from '../../bot/src/cards/house-rule';
import { houseRulesCard } from '../../bot/src/cards/house-rules';
import { languageChoiceCard } from '../../bot/src/cards/language';
import { noticeCard } from '../../bot/src/cards/notice';
import { rolesCard } from '../../bot/src/cards/roles';
import { unknownCommandCard } from '../../bot/src/cards/unknown';
import { VERBS } from '../../bot/src/cards/verbs';
import { welcomePersonalCard } from '../../bot/src/cards/welcome-personal';
import { welcomeTeamCard } from '../../bot/src/cards/welcome-team';
import { workingGroupsCard } from '../../bot/src/cards/working-groups';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { assertValidCard, cardTexts, checkCard, MAX_CARD_BYTES } from '../support/card-check';

const LOCALES: readonly Locale[] = ['fi', 'en'];
const CATEGORIES = ['evening', 'meeting', 'survey', 'network', 'grant'];

function item(i: number, year = 2027): CalendarListItem {
  const month = (i % 12) + 1;
  const day = (i % 27) + 1;
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return {
    id: `item-${i}`,
    category: CATEGORIES[i % CATEGORIES.length] ?? 'other',
    title: {
      fi: `Yhdistysyhteistyön tapaaminen numero ${i} – kevään suunnittelu`,
      en: `Association cooperation meeting number ${i} – spring planning`,
    },
    start: localToUtc(`${year}-${mm}-${dd}T17:30`),
    end: localToUtc(`${year}-${mm}-${dd}T19:00`),
    host: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    place: i % 2 === 0 ? 'teams' : 'hybrid',
    workingGroupId: i % 3 === 0 ? 'tilat' : undefined,
    state: 'published',
  };
}

function calendarItems(n: number): CalendarListItem[] {
  return Array.from({ length: n }, (_, i) => item(i)).sort((a, b) =>
    a.start.localeCompare(b.start),
  );
}

const YEAR = { from: localToUtc('2027-01-01T00:00'), to: localToUtc('2028-01-01T00:00') };
const UNITS: UnitInfo[] = [
  { id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' } },
  { id: 'liikunta', name: { fi: 'Liikunta', en: 'Sports' } },
  { id: 'nuoriso', name: { fi: 'Nuoriso', en: 'Youth' } },
];
const CONTACTS: ContactInfo[] = [
  {
    name: 'Helena Virtanen',
    title: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    upn: 'helena.virtanen@kaupunki.example',
    role: 'coordinator',
    units: [],
  },
  {
    name: 'Mikko Laine',
    title: { fi: 'Yhdistysyhteyshenkilö', en: 'Association contact person' },
    upn: 'mikko.laine@kaupunki.example',
    role: 'contact',
    units: ['kulttuuri'],
  },
];
const GROUPS = [
  { id: 'tilat', name: { fi: 'Tilayhteistyö', en: 'Premises cooperation' }, unitId: 'kulttuuri' },
  { id: 'viestinta', name: { fi: 'Viestintä', en: 'Communication' } },
];

/** Every card of the library with realistic data. */
function everyCard(locale: Locale): [string, AdaptiveCard][] {
  const items = calendarItems(12);
  return [
    [
      'welcome team',
      welcomeTeamCard({ scope: 'team', guide: SEED_GUIDE, botName: 'Yhdistysbotti' }, locale),
    ],
    [
      'welcome group chat',
      welcomeTeamCard({ scope: 'groupChat', guide: SEED_GUIDE, botName: 'Yhdistysbotti' }, locale),
    ],
    ['welcome personal', welcomePersonalCard({ guide: SEED_GUIDE }, locale)],
    [
      'help (channel)',
      helpCard({ guide: SEED_GUIDE, scope: 'channel', botName: 'Yhdistysbotti' }, locale),
    ],
    [
      'help (personal)',
      helpCard({ guide: SEED_GUIDE, scope: 'personal', botName: 'Yhdistysbotti' }, locale),
    ],
    [
      'unknown command',
      unknownCommandCard({ text: 'vuosikelo', suggestions: ['calendar', 'roles'] }, locale),
    ],
    ['unknown (empty)', unknownCommandCard({ text: '', suggestions: ['help'] }, locale)],
    ['calendar', calendarCard({ ...YEAR, items }, locale)],
    ['calendar (80 items)', calendarCard({ ...YEAR, items: calendarItems(80) }, locale)],
    ['calendar (empty)', calendarCard({ ...YEAR, items: [] }, locale)],
    [
      'coming events',
      comingEventsCard(
        { items: items.slice(0, 5), days: 90, groups: { tilat: GROUPS[0].name } },
        locale,
      ),
    ],
    ['coming events (empty)', comingEventsCard({ items: [], days: 90, groups: {} }, locale)],
    [
      'working groups',
      workingGroupsCard(
        { groups: GROUPS, units: UNITS, nextMeetings: { tilat: items[0] } },
        locale,
      ),
    ],
    [
      'working groups (empty)',
      workingGroupsCard({ groups: [], units: [], nextMeetings: {} }, locale),
    ],
    ['contacts', contactsCard({ guide: SEED_GUIDE, units: UNITS, contacts: CONTACTS }, locale)],
    ['contacts (empty)', contactsCard({ guide: SEED_GUIDE, units: UNITS, contacts: [] }, locale)],
    ...SEED_HOUSE_RULES.map(
      (rule) => [`house rule ${rule.kind}`, houseRuleCard(rule, locale)] as [string, AdaptiveCard],
    ),
    ['house rules', houseRulesCard({ rules: SEED_HOUSE_RULES }, locale)],
    ['roles', rolesCard({ roles: SEED_ROLES }, locale)],
    ['error', errorCard({ reference: '3f2a9c1e-7d4b-4c1a-9f0e-2b6d8a1c5e7f' }, locale)],
    ['language choice', languageChoiceCard({ current: locale }, locale)],
    ['notice', noticeCard({ title: 'Otsikko', text: 'Teksti.' }, locale)],
  ];
}

function actionsOf(json: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return out;
}

describe('card library', () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      for (const [name, json] of everyCard(locale)) {
        it(`${name}: parses and validates with zero events, ≤ 28 KB, no leaked values`, () => {
          assertValidCard(json, `${name} (${locale})`);
          assert.equal(json.version, '1.5');
        });
      }
    });
  }

  it('every button carries a verb of the one verb constant', () => {
    const verbs = new Set<string>(Object.values(VERBS));
    let buttons = 0;
    for (const locale of LOCALES) {
      for (const [name, json] of everyCard(locale)) {
        for (const action of actionsOf(json)) {
          buttons++;
          assert.equal(action.type, 'Action.Submit', name);
          const data = action.data as { verb?: string };
          assert.ok(data.verb && verbs.has(data.verb), `${name}: verb ${String(data.verb)}`);
        }
      }
    }
    assert.ok(buttons > 30);
  });

  it('the Finnish and the English card of the same data differ in words, not in shape', () => {
    const fi = everyCard('fi');
    const en = everyCard('en');
    for (const [i, [name, card]] of fi.entries()) {
      const other = en[i][1];
      assert.equal(card.body.length, other.body.length, name);
      if (name !== 'notice') assert.notDeepEqual(cardTexts(card), cardTexts(other), name);
    }
  });

  describe('annual calendar', () => {
    it('keeps 80 items under 28 KB, each once, under its month in time order', () => {
      const items = calendarItems(80);
      const json = calendarCard({ ...YEAR, items }, 'fi');
      const report = assertValidCard(json, 'calendar 80');
      assert.ok(report.bytes < MAX_CARD_BYTES);
      const texts = cardTexts(json);
      for (const it of items) {
        assert.equal(texts.filter((t) => t.startsWith(`${it.title.fi} (`)).length, 1, it.id);
      }
      const months = texts.filter((t) => /^[A-ZÄÖ][a-zäö]+ 2027$/.test(t));
      assert.deepEqual(months, [
        'Tammikuu 2027',
        'Helmikuu 2027',
        'Maaliskuu 2027',
        'Huhtikuu 2027',
        'Toukokuu 2027',
        'Kesäkuu 2027',
        'Heinäkuu 2027',
        'Elokuu 2027',
        'Syyskuu 2027',
        'Lokakuu 2027',
        'Marraskuu 2027',
        'Joulukuu 2027',
      ]);
    });

    it('counts the items that do not fit instead of growing past the budget', () => {
      const items = Array.from({ length: 400 }, (_, i) => ({
        ...item(i),
        title: { fi: `${'Hyvin pitkä otsikko '.repeat(12)}${i}`, en: `Long ${i}` },
      })).sort((a, b) => a.start.localeCompare(b.start));
      const json = calendarCard({ ...YEAR, items }, 'fi');
      assertValidCard(json, 'calendar 400');
      const more = cardTexts(json).find((t) => t.startsWith('Lisäksi '));
      const shown = cardTexts(json).filter((t) => t.startsWith('Hyvin pitkä')).length;
      assert.ok(shown > 50 && shown < 400, String(shown));
      assert.equal(
        more,
        `Lisäksi ${400 - shown} tapahtumaa: katso kaikki välilehdeltä Vuosikello.`,
      );
      assert.ok(
        cardTexts(json).every((t) => t.length < 200),
        'long titles are cut',
      );
    });

    it('names each item category and counts them in the summary', () => {
      const items = calendarItems(10);
      const texts = cardTexts(calendarCard({ ...YEAR, items }, 'en'));
      assert.ok(texts.includes('Annual calendar 1 Jan – 31 Dec 2027'), texts[0]);
      assert.ok(
        texts.some(
          (t) => t === '10 events: association evening 2, meeting 2, survey 2, network 2, grants 2',
        ),
        texts[1],
      );
      assert.ok(texts.some((t) => t.endsWith('(association evening)')));
      assert.ok(texts.some((t) => t.endsWith('(grants)')));
    });

    it('says so when the period has no items', () => {
      const texts = cardTexts(calendarCard({ ...YEAR, items: [] }, 'fi'));
      assert.ok(texts.includes('Vuosikellossa ei ole vielä tapahtumia tälle ajalle.'));
    });
  });

  describe('Helsinki times on cards', () => {
    it('writes a summer evening in local time after the clocks change (29.3.2026)', () => {
      const start = localToUtc('2026-03-30T17:30');
      const end = localToUtc('2026-03-30T19:00');
      assert.equal(start, '2026-03-30T14:30:00.000Z');
      assert.equal(shortWhen(start, end, 'fi'), 'ma 30.3. klo 17.30–19.00');
      assert.equal(shortWhen(start, end, 'en'), 'Mon 30 Mar, 17:30–19:00');
    });

    it('writes a winter evening after the October change (25.10.2026)', () => {
      const start = localToUtc('2026-10-26T17:30');
      assert.equal(start, '2026-10-26T15:30:00.000Z');
      assert.equal(shortWhen(start, start, 'fi'), 'ma 26.10. klo 17.30');
    });

    it('writes a whole-month item as a date span', () => {
      const start = localToUtc('2027-05-01T00:00');
      const end = localToUtc('2027-05-31T23:59');
      assert.equal(shortWhen(start, end, 'fi'), '1.5.–31.5.');
      assert.equal(shortWhen(start, end, 'en'), '1 May – 31 May');
    });
  });

  describe('what the cards say', () => {
    it('the team welcome says where posts go and how to move them', () => {
      const texts = cardTexts(
        welcomeTeamCard(
          {
            scope: 'team',
            guide: SEED_GUIDE,
            botName: 'Yhdistysbotti',
            postChannelName: 'Yhdistysillat',
          },
          'fi',
        ),
      );
      assert.ok(
        texts.some((t) => t.includes('kanavalle Yhdistysillat') && t.includes('julkaise tänne')),
      );
      assert.ok(texts.some((t) => t.includes('@Yhdistysbotti vuosikello')));
    });

    it('the personal welcome offers the other language in one tap', () => {
      const json = welcomePersonalCard({ guide: SEED_GUIDE }, 'fi');
      const language = actionsOf(json).find(
        (a) => (a.data as { verb: string }).verb === VERBS.setLanguage,
      );
      assert.deepEqual(language?.data, { language: 'en', verb: VERBS.setLanguage });
      assert.equal(language?.title, 'In English');
    });

    it('help in a channel shows how to mention the bot and offers the channel choice', () => {
      const texts = cardTexts(
        helpCard({ guide: SEED_GUIDE, scope: 'channel', botName: 'Yhdistysbotti' }, 'fi'),
      );
      assert.ok(texts.includes('Esimerkiksi: @Yhdistysbotti vuosikello'));
      assert.ok(texts.includes('julkaise tänne'));
      const personal = cardTexts(
        helpCard({ guide: SEED_GUIDE, scope: 'personal', botName: 'Yhdistysbotti' }, 'en'),
      );
      assert.ok(personal.includes('calendar'));
      assert.ok(!personal.includes('post here'), 'choosing a channel is not offered in a chat');
    });

    it('the unknown-command card quotes the text safely and offers the suggestions and help', () => {
      const json = unknownCommandCard({ text: 'kalenteri ${x}', suggestions: ['calendar'] }, 'fi');
      assertValidCard(json, 'unknown with template text');
      const texts = cardTexts(json);
      assert.ok(texts.some((t) => t.includes('”kalenteri $ {x}”')));
      assert.deepEqual(
        actionsOf(json).map((a) => (a.data as { verb: string }).verb),
        [VERBS.showCalendar, VERBS.showHelp],
      );
    });

    it('the error card shows the reference and nothing technical', () => {
      const texts = cardTexts(errorCard({ reference: 'turn-123' }, 'en'));
      assert.ok(texts.includes('turn-123'));
      assert.ok(
        texts.every((t) => !/error|exception|stack/i.test(t) || t === 'Something went wrong'),
      );
    });

    it('contacts list the coordinator for the whole city and say when a unit has nobody', () => {
      const texts = cardTexts(
        contactsCard({ guide: SEED_GUIDE, units: UNITS, contacts: CONTACTS }, 'fi'),
      );
      assert.ok(texts.includes('Koko kaupunki'));
      assert.ok(
        texts.some(
          (t) => t === 'Helena Virtanen (Järjestökoordinaattori), helena.virtanen@kaupunki.example',
        ),
      );
      assert.ok(texts.includes('Mikko Laine, mikko.laine@kaupunki.example'));
      assert.equal(texts.filter((t) => t === 'ei nimettyä yhteyshenkilöä').length, 2);
    });

    it('an English text left empty falls back to the Finnish one', () => {
      const rule = { ...SEED_HOUSE_RULES[0], intro: { fi: 'Vain suomeksi.', en: ' ' } };
      assert.ok(cardTexts(houseRuleCard(rule, 'en')).includes('Vain suomeksi.'));
    });
  });

  describe('the card check itself', () => {
    it('finds an unknown element, a too new version and leaked values', () => {
      const bad = {
        type: 'AdaptiveCard',
        version: '1.6',
        body: [
          { type: 'TextBlock', text: 'Hei undefined' },
          { type: 'Sparkle', pages: [] },
          { type: 'TextBlock', text: 'Moi ${name}' },
          { type: 'TextBlock', text: null },
        ],
      };
      const report = checkCard(bad);
      assert.ok(
        report.events.some((e) => e.includes('Sparkle')),
        report.events.join('\n'),
      );
      assert.ok(report.events.some((e) => e.includes('1.6')));
      assert.equal(report.leaks.length, 3, report.leaks.join('\n'));
    });

    it('measures bytes in UTF-8', () => {
      const json = noticeCard({ title: 'ä'.repeat(1000), text: 'ö' }, 'fi');
      assert.ok(checkCard(json).bytes > 2000);
    });
  });
});
