import assert from 'node:assert/strict';
import {
  annualCalendarWheelCard,
  calendarListItems,
} from '../../bot/src/cards/annual-calendar-wheel';
import {
  changeNoticeText,
  invitationCard,
  type InvitationData,
} from '../../bot/src/cards/invitation';
import { MAX_MENTIONS, reminderCard, type ReminderData } from '../../bot/src/cards/reminder';
import { VERBS } from '../../bot/src/cards/verbs';
import { buildAnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import type { Evening, Meeting } from '@yhdistysyhteistyo/contract/events/model';
import { applyRsvp } from '@yhdistysyhteistyo/contract/events/rsvp';
import { yearBounds } from '@yhdistysyhteistyo/contract/time';
import { assertValidCard, cardTexts } from '../support/card-check';
import { makeEvent, sampleYear } from '../support/events-fixtures';

const evening = (): Evening => {
  const e = sampleYear().find((x) => x.id === 'evening');
  assert.ok(e?.kind === 'evening');
  return e;
};

const base = (over: Partial<InvitationData> = {}): InvitationData => ({
  event: evening(),
  counts: { yes: 3, maybe: 1, no: 2, total: 6 },
  now: new Date('2027-02-01T10:00:00Z'),
  icsUrl: 'https://tab.kaupunki.example/api/v1/events/evening/event.ics?sig=abc',
  refreshUserIds: ['29:a', '29:b'],
  manualRefresh: false,
  ...over,
});

interface Json {
  body: { type: string; id?: string; value?: string; style?: string; actions?: Json['actions'] }[];
  actions?: {
    type: string;
    title: string;
    url?: string;
    verb?: string;
    data?: Record<string, string>;
  }[];
  refresh?: { action: { verb: string; data: Record<string, string> }; userIds?: string[] };
}
const json = (card: unknown) => JSON.parse(JSON.stringify(card)) as Json;
const executes = (card: Json) =>
  card.body.flatMap((b) => (b.type === 'ActionSet' ? (b.actions ?? []) : []));

describe('event cards', () => {
  for (const locale of ['fi', 'en'] as const) {
    it(`invitation (${locale}) passes the card rules`, () => {
      assertValidCard(invitationCard(base(), locale), `invitation ${locale}`);
      assertValidCard(
        invitationCard(base({ personal: { mine: undefined } }), locale),
        `invitation personal ${locale}`,
      );
    });
  }

  it('shows the Finnish date with its weekday, place, deadline, counts and agenda', () => {
    const texts = cardTexts(invitationCard(base(), 'fi'));
    assert.ok(texts.includes('ma 22.2.2027 klo 17.30–20.00'), texts.join(' | '));
    assert.ok(texts.includes('Kaupungintalo, Harjukatu 31 · Teams'));
    assert.ok(texts.includes('viimeistään pe 19.2.2027 klo 16.00'));
    assert.ok(texts.includes('Tulossa 3 · ehkä 1 · ei tule 2'));
    assert.ok(texts.includes('17.30–18.00') && texts.includes('Yhteinen avaus'));
    const en = cardTexts(invitationCard(base(), 'en'));
    assert.ok(en.includes('Mon 22 Feb 2027, 17:30–20:00'));
    assert.ok(en.includes('Joint opening'));
  });

  it('has answer buttons as Action.Execute with the fields, a join button and add to calendar', () => {
    const card = json(invitationCard(base(), 'fi'));
    assert.deepEqual(
      executes(card).map((a) => [a.type, a.verb, a.data?.answer, a.title]),
      [
        ['Action.Execute', VERBS.rsvpAnswer, 'yes', 'Tulen'],
        ['Action.Execute', VERBS.rsvpAnswer, 'maybe', 'Ehkä'],
        ['Action.Execute', VERBS.rsvpAnswer, 'no', 'En tule'],
      ],
    );
    assert.ok(executes(card).every((a) => a.data?.eventId === 'evening'));
    assert.deepEqual(
      card.body.filter((b) => b.type === 'Input.Text').map((b) => b.id),
      ['association', 'contentWish'],
    );
    assert.deepEqual(
      card.actions?.map((a) => [a.type, a.url]),
      [
        ['Action.OpenUrl', 'https://teams.microsoft.com/l/meetup-join/evening'],
        ['Action.OpenUrl', 'https://tab.kaupunki.example/api/v1/events/evening/event.ics?sig=abc'],
      ],
    );
  });

  it('refreshes per person: at most 60 listed users, and a button when the team is larger', () => {
    const many = Array.from({ length: 100 }, (_, i) => `29:user-${i}`);
    const card = json(invitationCard(base({ refreshUserIds: many, manualRefresh: true }), 'fi'));
    assert.equal(card.refresh?.action.verb, VERBS.rsvpRefresh);
    assert.deepEqual(card.refresh?.action.data, { eventId: 'evening' });
    assert.equal(card.refresh?.userIds?.length, 60);
    assert.ok(
      card.actions?.some(
        (a) => a.verb === VERBS.rsvpRefresh && a.title === 'Näytä oma vastaukseni',
      ),
    );
    const small = json(invitationCard(base({ refreshUserIds: [] }), 'fi'));
    assert.equal(
      small.refresh?.userIds,
      undefined,
      'no list: Teams refreshes everyone in a small team',
    );
    assert.ok(!small.actions?.some((a) => a.verb === VERBS.rsvpRefresh));
  });

  it("shows a person's own answer in their view, with the fields filled in", () => {
    const mine = applyRsvp(
      { answer: 'maybe', association: 'Kamarikuoro ry', contentWish: 'Tilat ' + 'ä'.repeat(490) },
      { eventId: 'evening', userId: 'u1', name: 'Leena', now: new Date(), via: 'card' },
    );
    const card = invitationCard(
      base({
        personal: { mine },
        notice: { text: 'Vastauksesi on tallennettu: Ehkä.', good: true },
      }),
      'fi',
    );
    assertValidCard(card, 'personal view');
    const texts = cardTexts(card);
    assert.ok(texts.includes('Oma vastauksesi: Ehkä'));
    assert.ok(texts.includes('Vastauksesi on tallennettu: Ehkä.'));
    const inputs = json(card).body.filter((b) => b.type === 'Input.Text');
    assert.deepEqual(
      inputs.map((i) => i.value?.slice(0, 6)),
      ['Kamari', 'Tilat '],
    );
  });

  it('says registration is closed after the deadline and offers no answers', () => {
    const card = invitationCard(base({ now: new Date('2027-02-19T14:00:01Z') }), 'fi');
    assertValidCard(card, 'closed');
    const texts = cardTexts(card);
    assert.ok(texts.includes('Ilmoittautuminen on päättynyt.'));
    assert.ok(texts.includes('päättyi pe 19.2.2027 klo 16.00'));
    assert.equal(executes(json(card)).length, 0);
    assert.ok(!json(card).body.some((b) => b.type === 'Input.Text'));
  });

  it('marks a cancelled evening and drops answers, links and the refresh', () => {
    const card = invitationCard(base({ event: { ...evening(), state: 'cancelled' } }), 'fi');
    assertValidCard(card, 'cancelled');
    const j = json(card);
    assert.ok(cardTexts(card).includes('Tämä tapahtuma on peruttu.'));
    assert.equal(j.body[1]?.style, 'attention');
    assert.equal(executes(j).length, 0);
    assert.equal(j.actions, undefined);
    assert.equal(j.refresh, undefined);
    assert.equal(
      changeNoticeText(evening(), 'cancelled', 'fi'),
      'Peruttu: Koko kaupungin yhdistysilta (ma 22.2.2027 klo 17.30).',
    );
  });

  it('stays under 28 KB with the largest evening a coordinator can write', () => {
    const long = 'Pitkä ohjelmakohta, jossa on paljon sanoja ja ääkkösiä '.repeat(4);
    const big = makeEvent('big', {
      kind: 'evening',
      title: { fi: 'Ä'.repeat(200), en: 'E'.repeat(200) },
      description: { fi: 'Kuvaus '.repeat(570), en: '' },
      start: '2027-02-22T08:00',
      end: '2027-02-22T23:00',
      host: 'H'.repeat(200),
      registrationDeadline: '2027-02-19T16:00',
      capacity: 1000,
      place: {
        teamsUrl: `https://teams.microsoft.com/l/meetup-join/${'x'.repeat(1900)}`,
        address: 'A'.repeat(300),
      },
      agenda: Array.from({ length: 30 }, (_, i) => ({
        start: `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
        title: { fi: long.slice(0, 200), en: long.slice(0, 200) },
      })),
    });
    assert.ok(big.kind === 'evening');
    const mine = applyRsvp(
      { answer: 'yes', association: 'Y'.repeat(200), contentWish: '🙂'.repeat(500) },
      { eventId: 'big', userId: 'u', name: 'n', now: new Date(), via: 'card' },
    );
    const ids = Array.from({ length: 60 }, (_, i) => `29:1${'a'.repeat(80)}${i}`);
    for (const locale of ['fi', 'en'] as const) {
      const report = assertValidCard(
        invitationCard(
          base({
            event: big,
            personal: { mine },
            refreshUserIds: ids,
            manualRefresh: true,
            notice: { text: 'x', good: true },
          }),
          locale,
        ),
        `largest invitation ${locale}`,
      );
      assert.ok(report.bytes > 10_000, `realistically large: ${report.bytes}`);
    }
  });

  describe('annual calendar with the wheel', () => {
    const calendar = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const bounds = yearBounds(2027);

    it('puts the wheel picture above the month list, with an alt text', () => {
      const card = annualCalendarWheelCard(
        {
          ...bounds,
          items: calendarListItems(calendar),
          imageUrl:
            'https://tab.kaupunki.example/api/v1/calendar.png?year=2027&lang=fi&exp=1&sig=x',
          altText: 'Vuosikello 2027: 23 merkintää kahdellatoista kuukaudella.',
        },
        'fi',
      );
      assertValidCard(card, 'wheel card');
      const j = json(card) as unknown as {
        body: { type: string; url?: string; altText?: string }[];
      };
      assert.equal(j.body[0]?.type, 'TextBlock');
      assert.equal(j.body[1]?.type, 'Image');
      assert.match(j.body[1]?.url ?? '', /^https:\/\/.*calendar\.png\?/);
      assert.equal(j.body[1]?.altText, 'Vuosikello 2027: 23 merkintää kahdellatoista kuukaudella.');
      assert.ok(
        cardTexts(card).some((x) => x.includes('Avustustyöryhmä')),
        'the month list follows',
      );
    });

    it('lists every meeting of a series and leaves cancelled entries out', () => {
      const items = calendarListItems(calendar);
      assert.equal(items.filter((i) => i.id.startsWith('grants@')).length, 17);
      assert.ok(!items.some((i) => i.id === 'cancelled-item'));
      assert.equal(items.find((i) => i.id === 'evening')?.place, 'hybrid');
    });

    it('stays within 28 KB with a crowded year', () => {
      const crowded = Array.from({ length: 120 }, (_, i) =>
        makeEvent(`m${i}`, {
          kind: 'item',
          title: { fi: `Merkintä numero ${i} jolla on pitkähkö nimi`, en: `Item number ${i}` },
          category: 'other',
          start: `2027-${String((i % 12) + 1).padStart(2, '0')}-10T10:00`,
          end: `2027-${String((i % 12) + 1).padStart(2, '0')}-10T11:00`,
        }),
      );
      const cal = buildAnnualCalendar(2027, crowded, { includeDrafts: false });
      for (const locale of ['fi', 'en'] as const) {
        assertValidCard(
          annualCalendarWheelCard(
            {
              ...bounds,
              items: calendarListItems(cal),
              imageUrl: 'https://x.example/w.png',
              altText: 'alt',
            },
            locale,
          ),
          `crowded wheel card ${locale}`,
        );
      }
    });
  });

  describe('reminder', () => {
    const meeting = (): Meeting => {
      const e = sampleYear().find((x) => x.id === 'planning');
      assert.ok(e?.kind === 'meeting');
      return e;
    };
    const of = (e: Meeting | Evening, over: Partial<ReminderData> = {}): ReminderData => ({
      kind: e.kind,
      title: e.title,
      description: e.description,
      place: e.place,
      start: e.start,
      daysBefore: 1,
      audience: 'channel',
      ...over,
    });
    const members = Array.from({ length: 70 }, (_, i) => ({
      id: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
      name: `Jäsen <${i}> Virtanen-Korhonen`,
    }));
    const samples = (locale: 'fi' | 'en'): [string, unknown][] => [
      [
        'meeting in the channel, members mentioned',
        reminderCard(
          of(meeting(), { group: { fi: 'Viestintä', en: 'Communication' }, mentions: members }),
          locale,
        ),
      ],
      [
        'meeting, personal, today',
        reminderCard(of(meeting(), { audience: 'personal', daysBefore: 0 }), locale),
      ],
      ['evening in the channel, in 7 days', reminderCard(of(evening(), { daysBefore: 7 }), locale)],
      [
        'evening, personal, answered yes',
        reminderCard(of(evening(), { audience: 'personal', answer: 'yes' }), locale),
      ],
      [
        'evening, personal, answered maybe, long description, no Teams link',
        reminderCard(
          of(evening(), {
            audience: 'personal',
            answer: 'maybe',
            place: { address: 'Kaupungintalo' },
            description: { fi: 'Pitkä kuvaus. '.repeat(200), en: '' },
          }),
          locale,
        ),
      ],
    ];

    for (const locale of ['fi', 'en'] as const) {
      for (const [name, card] of samples(locale)) {
        it(`${name} (${locale}) passes the card rules`, () => {
          assertValidCard(card, `reminder: ${name} (${locale})`);
        });
      }
    }

    it('says when and where, with the join button, and a line in English in the Finnish channel', () => {
      const card = reminderCard(of(evening()), 'fi');
      const texts = cardTexts(card);
      assert.equal(texts[0], 'Huomenna');
      assert.equal(texts[1], 'Muistutus: Koko kaupungin yhdistysilta');
      assert.ok(texts.includes('ma 22.2.2027 klo 17.30'), texts.join(' | '));
      assert.ok(texts.includes('Teams ja paikan päällä: Kaupungintalo, Harjukatu 31'));
      assert.match(texts.at(-2) ?? '', /^Reminder: Whole-city association evening · /);
      assert.deepEqual(
        json(card).actions?.map((a) => [a.type, a.url]),
        [['Action.OpenUrl', 'https://teams.microsoft.com/l/meetup-join/evening']],
      );
      const personal = cardTexts(reminderCard(of(evening(), { audience: 'personal' }), 'fi'));
      assert.ok(!personal.some((x) => x.startsWith('Reminder:')), personal.join(' | '));
    });

    it(`mentions at most ${MAX_MENTIONS} members, each in the text and as an entity`, () => {
      const card = reminderCard(of(meeting(), { mentions: members }), 'fi');
      const entities = card.msteams?.entities ?? [];
      assert.equal(entities.length, MAX_MENTIONS);
      assert.deepEqual(entities[0], {
        type: 'mention',
        text: '<at>Jäsen 0 Virtanen-Korhonen</at>',
        mentioned: { id: members[0]?.id, name: 'Jäsen 0 Virtanen-Korhonen' },
      });
      assert.ok(cardTexts(card).some((x) => x.includes(entities[49]?.text ?? '?')));
      assert.equal(reminderCard(of(meeting()), 'fi').msteams, undefined);
    });

    it("repeats the person's own answer in their chat", () => {
      const yes = cardTexts(
        reminderCard(of(evening(), { audience: 'personal', answer: 'yes' }), 'en'),
      );
      assert.ok(yes.includes('You said you are coming.'), yes.join(' | '));
      const maybe = cardTexts(
        reminderCard(of(evening(), { audience: 'personal', answer: 'maybe' }), 'fi'),
      );
      assert.ok(maybe.includes('Vastasit ehkä tulevasi.'), maybe.join(' | '));
    });
  });
});
