import assert from 'node:assert/strict';
import type { ZodError } from 'zod';
import type { CalendarEvent, Evening } from '@yhdistysyhteistyo/contract/events/model';
import { eventInputSchema, type EventDraft } from '@yhdistysyhteistyo/contract/events/schemas';
import {
  applyEdit,
  createEvent,
  publishRefusal,
  withState,
} from '@yhdistysyhteistyo/contract/events/lifecycle';
import {
  applyRsvp,
  registrationOpen,
  rsvpCounts,
  rsvpInputSchema,
  rsvpRefusal,
} from '@yhdistysyhteistyo/contract/events/rsvp';
import {
  groupIdFrom,
  workingGroupInputSchema,
} from '@yhdistysyhteistyo/contract/events/working-groups';
import { catalogs } from '@yhdistysyhteistyo/contract/i18n';

const NOW = new Date('2027-01-10T10:00:00Z');
const by = { id: 'helena.virtanen@kaupunki.example' };

const evening = (over: Record<string, unknown> = {}) => ({
  kind: 'evening',
  title: { fi: 'Koko kaupungin yhdistysilta', en: 'Whole-city association evening' },
  start: '2027-02-22T17:30',
  end: '2027-02-22T20:00',
  place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/abc', address: 'Kaupungintalo' },
  host: 'Järjestökoordinaattori',
  registrationDeadline: '2027-02-19T16:00',
  agenda: [
    { start: '17.30', end: '18.00', title: { fi: 'Yhteinen avaus', en: 'Joint opening' } },
    { start: '18:00', title: { fi: 'Kulttuurin oma osio' }, unitId: 'kulttuuri' },
  ],
  ...over,
});

/** Field path → message key of every issue, for asserting on what a person would be told. */
function problems(input: unknown, ctx: { now: Date; previous?: CalendarEvent } = { now: NOW }) {
  const result = eventInputSchema(ctx).safeParse(input);
  if (result.success) return {};
  return issues(result.error);
}
function issues(error: ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [i.path.join('.'), i.message]));
}
function draft(input: unknown, now = NOW): EventDraft {
  return eventInputSchema({ now }).parse(input);
}

describe('events domain', () => {
  describe('an association evening', () => {
    it('stores Helsinki wall-clock input as UTC instants and normalizes the agenda', () => {
      const d = draft(evening()) as Extract<EventDraft, { kind: 'evening' }>;
      assert.equal(d.start, '2027-02-22T15:30:00.000Z');
      assert.equal(d.end, '2027-02-22T18:00:00.000Z');
      assert.equal(d.registrationDeadline, '2027-02-19T14:00:00.000Z');
      assert.deepEqual(
        d.agenda.map((a) => [a.start, a.end, a.title.en, a.unitId]),
        [
          ['17:30', '18:00', 'Joint opening', undefined],
          ['18:00', undefined, '', 'kulttuuri'],
        ],
      );
      assert.deepEqual(d.place, {
        teamsUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
        address: 'Kaupungintalo',
      });
    });

    it('refuses an end before the start', () => {
      assert.deepEqual(problems(evening({ end: '2027-02-22T17:00' })), {
        end: 'events.error.endBeforeStart',
      });
    });

    it('refuses a registration deadline after the start', () => {
      assert.deepEqual(problems(evening({ registrationDeadline: '2027-02-22T18:00' })), {
        registrationDeadline: 'events.error.deadlineAfterStart',
      });
    });

    it('refuses a time that does not exist in Helsinki and a malformed one', () => {
      assert.deepEqual(
        problems(
          evening({
            start: '2027-03-28T03:30',
            end: '2027-03-28T25:00',
            registrationDeadline: '2027-03-01T10:00',
            agenda: [],
          }),
        ),
        { start: 'events.error.timeNotExist', end: 'events.error.timeFormat' },
      );
    });

    it('refuses agenda times outside the evening', () => {
      const bad = evening({
        agenda: [
          { start: '16.00', title: { fi: 'Liian aikaisin' } },
          { start: '19:00', end: '21:00', title: { fi: 'Liian myöhään' } },
        ],
      });
      assert.deepEqual(problems(bad), {
        'agenda.0.start': 'events.error.agendaOutside',
        'agenda.1.end': 'events.error.agendaOutside',
      });
    });

    it('refuses a non-https meeting link, a bad capacity and a missing title', () => {
      const bad = evening({
        place: { teamsUrl: 'http://teams.example/x' },
        capacity: 2.5,
        title: { fi: '  ' },
      });
      assert.deepEqual(problems(bad), {
        'place.teamsUrl': 'events.error.teamsUrl',
        capacity: 'events.error.capacity',
        'title.fi': 'events.error.required',
      });
    });

    it('refuses a meeting in the past unless it is marked as a record', () => {
      const past = evening({
        start: '2027-01-05T17:30',
        end: '2027-01-05T19:00',
        registrationDeadline: '2027-01-04T12:00',
        agenda: [],
      });
      assert.deepEqual(problems(past), { start: 'events.error.inPast' });
      assert.deepEqual(problems({ ...past, record: true }), {});
    });

    it('lets an edit keep an unchanged past time but not move an event into the past', () => {
      const held = draft(evening(), new Date('2027-01-01T00:00:00Z'));
      const stored = createEvent(held, { id: 'e1', now: new Date('2027-01-01T00:00:00Z'), by });
      const later = new Date('2027-03-01T00:00:00Z');
      assert.deepEqual(
        problems(evening({ title: { fi: 'Korjattu nimi' } }), { now: later, previous: stored }),
        {},
      );
      assert.deepEqual(
        problems(evening({ start: '2027-02-22T17:00' }), { now: later, previous: stored }),
        { start: 'events.error.inPast' },
      );
    });

    it('refuses an unknown kind with a message of its own', () => {
      assert.deepEqual(problems({ ...evening(), kind: 'party' }), { kind: 'events.error.kind' });
    });
  });

  describe('meetings and calendar items', () => {
    const meeting = (over: Record<string, unknown> = {}) => ({
      kind: 'meeting',
      title: { fi: 'Viestintätyöryhmä' },
      start: '2027-01-14T17:30',
      end: '2027-01-14T19:00',
      workingGroupId: 'viestinta',
      recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630' },
      ...over,
    });

    it('keeps a recurrence in canonical form with its exceptions', () => {
      const d = draft(
        meeting({
          recurrence: {
            rule: 'freq=weekly;byday=th;interval=2;until=20270630',
            exdates: ['2027-02-11T17:30', '2027-01-28T17:30', '2027-01-28T17:30'],
          },
        }),
      );
      assert.equal(d.kind, 'meeting');
      assert.deepEqual(d.kind === 'meeting' && d.recurrence, {
        rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630',
        exdates: ['2027-01-28T17:30', '2027-02-11T17:30'],
        moved: [],
      });
    });

    it('refuses an exception or a move of a time the series does not have', () => {
      assert.deepEqual(
        problems(
          meeting({
            recurrence: {
              rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
              exdates: ['2027-01-21T17:30'],
              moved: [
                {
                  original: '2027-01-28T17:30',
                  start: '2027-01-29T10:00',
                  end: '2027-01-29T09:00',
                },
              ],
            },
          }),
        ),
        {
          'recurrence.exdates.0': 'events.error.notOccurrence',
          'recurrence.moved.0.end': 'events.error.endBeforeStart',
        },
      );
      assert.deepEqual(problems(meeting({ recurrence: { rule: 'FREQ=SECONDLY' } })), {
        'recurrence.rule': 'events.error.ruleFrequency',
      });
    });

    it('refuses a meeting without a working group and one longer than a day', () => {
      assert.deepEqual(problems(meeting({ workingGroupId: '', end: '2027-01-16T19:00' })), {
        workingGroupId: 'events.error.workingGroup',
      });
      assert.deepEqual(problems(meeting({ end: '2027-01-16T19:00' })), {
        end: 'events.error.tooLong',
      });
    });

    it('makes an all-day item run through its last date and gives it the category colour', () => {
      const d = draft({
        kind: 'item',
        title: { fi: 'Avustushaku', en: 'Grant application period' },
        category: 'grant',
        allDay: true,
        start: '2027-03-01',
        end: '2027-03-31',
      });
      assert.equal(d.kind === 'item' && d.colour, 'orange');
      assert.equal(d.start, '2027-02-28T22:00:00.000Z');
      // 1.4. 00.00 in summer time: the whole of 31.3. is inside.
      assert.equal(d.end, '2027-03-31T21:00:00.000Z');
    });

    it('lets a survey window that has begun be entered, but not one that has ended', () => {
      const item = (start: string, end: string) => ({
        kind: 'item',
        title: { fi: 'Yhdistyskysely' },
        category: 'survey',
        colour: 'teal',
        allDay: true,
        start,
        end,
      });
      assert.deepEqual(problems(item('2027-01-01', '2027-01-31')), {});
      assert.deepEqual(problems(item('2027-01-01', '2027-01-09')), { end: 'events.error.inPast' });
      assert.deepEqual(problems(item('2027-01-01', '2027-01-32')), {
        end: 'events.error.dateFormat',
      });
      assert.deepEqual(problems({ ...item('2027-02-01', '2027-02-10'), colour: '#ff0000' }), {
        colour: 'events.error.colour',
      });
    });
  });

  describe('lifecycle', () => {
    const stored = () => createEvent(draft(evening()), { id: 'e1', now: NOW, by }) as Evening;

    it('creates every event as a draft with audit fields', () => {
      const e = stored();
      assert.equal(e.state, 'draft');
      assert.equal(e.createdBy, by.id);
      assert.equal(e.createdAt, NOW.toISOString());
    });

    it('keeps state and posting on edit and refuses a change of kind or an edit when cancelled', () => {
      const posted: Evening = {
        ...stored(),
        state: 'published',
        posting: {
          conversationId: '19:x@thread.tacv2',
          activityId: '1',
          postedAt: NOW.toISOString(),
        },
      };
      const later = new Date('2027-01-11T00:00:00Z');
      const edited = applyEdit(posted, draft(evening({ title: { fi: 'Uusi' } })), {
        now: later,
        by,
      });
      assert.ok(edited.ok);
      assert.equal(edited.event.state, 'published');
      assert.equal(edited.event.kind === 'evening' && edited.event.posting?.activityId, '1');
      assert.equal(edited.event.title.fi, 'Uusi');
      assert.equal(edited.event.createdAt, NOW.toISOString());
      assert.equal(edited.event.updatedAt, later.toISOString());
      const asItem = draft({
        kind: 'item',
        title: { fi: 'x' },
        category: 'other',
        start: '2027-02-01T10:00',
        end: '2027-02-01T11:00',
      });
      assert.deepEqual(applyEdit(posted, asItem, { now: later, by }), {
        ok: false,
        problem: 'events.error.kindChange',
      });
      const cancelled = withState(posted, 'cancelled', { now: later, by });
      assert.deepEqual(applyEdit(cancelled, draft(evening()), { now: later, by }), {
        ok: false,
        problem: 'events.error.cancelledEdit',
      });
    });

    it('publishes an evening only with a place and before its deadline', () => {
      const e = stored();
      assert.equal(publishRefusal(e, NOW), undefined);
      assert.equal(publishRefusal({ ...e, place: {} }, NOW), 'events.error.placeRequired');
      assert.equal(
        publishRefusal(e, new Date('2027-02-20T00:00:00Z')),
        'events.error.deadlinePassed',
      );
      assert.equal(
        publishRefusal({ ...e, state: 'published' }, NOW),
        'events.error.alreadyPublished',
      );
      assert.equal(publishRefusal({ ...e, state: 'cancelled' }, NOW), 'events.error.cancelledEdit');
    });
  });

  describe('RSVP', () => {
    const published = (): Evening => ({
      ...(createEvent(draft(evening()), { id: 'e1', now: NOW, by }) as Evening),
      state: 'published',
    });

    it('takes a content wish of 500 characters, counting letters as people do, and refuses 501', () => {
      const wish = 'ä'.repeat(499) + '🙂';
      const ok = rsvpInputSchema.parse({ answer: 'yes', contentWish: ` ${wish} ` });
      assert.equal(ok.contentWish, wish);
      assert.equal(ok.association, '');
      const tooLong = rsvpInputSchema.safeParse({ answer: 'yes', contentWish: 'a'.repeat(501) });
      assert.ok(!tooLong.success);
      assert.deepEqual(issues(tooLong.error), { contentWish: 'events.error.contentWishTooLong' });
      const badAnswer = rsvpInputSchema.safeParse({ answer: 'perhaps' });
      assert.ok(!badAnswer.success);
      assert.deepEqual(issues(badAnswer.error), { answer: 'events.error.answer' });
    });

    it('takes answers while published and before the deadline only', () => {
      const e = published();
      const change = { next: 'yes' as const, coming: 0 };
      assert.equal(rsvpRefusal(e, NOW, change), undefined);
      assert.equal(registrationOpen(e, NOW), true);
      assert.equal(rsvpRefusal({ ...e, state: 'draft' }, NOW, change), 'events.rsvp.notOpen');
      assert.equal(rsvpRefusal({ ...e, state: 'cancelled' }, NOW, change), 'events.rsvp.cancelled');
      const afterDeadline = new Date('2027-02-19T14:00:01Z');
      assert.equal(rsvpRefusal(e, afterDeadline, change), 'events.rsvp.closed');
      assert.equal(registrationOpen(e, afterDeadline), false);
      assert.equal(rsvpRefusal(e, new Date('2027-02-19T14:00:00Z'), change), undefined);
    });

    it('refuses a new "coming" beyond capacity but lets those coming change their wish', () => {
      const e = { ...published(), capacity: 2 };
      assert.equal(rsvpRefusal(e, NOW, { next: 'yes', coming: 2 }), 'events.rsvp.full');
      assert.equal(
        rsvpRefusal(e, NOW, { previous: 'maybe', next: 'yes', coming: 2 }),
        'events.rsvp.full',
      );
      assert.equal(rsvpRefusal(e, NOW, { previous: 'yes', next: 'yes', coming: 2 }), undefined);
      assert.equal(rsvpRefusal(e, NOW, { next: 'maybe', coming: 2 }), undefined);
    });

    it('counts answers', () => {
      const r = (answer: 'yes' | 'maybe' | 'no', userId: string) =>
        applyRsvp(
          { answer, association: '', contentWish: '' },
          { eventId: 'e1', userId, name: userId, now: NOW, via: 'card' },
        );
      assert.deepEqual(rsvpCounts([r('yes', 'a'), r('yes', 'b'), r('no', 'c'), r('maybe', 'd')]), {
        yes: 2,
        maybe: 1,
        no: 1,
        total: 4,
      });
      assert.deepEqual(rsvpCounts([]), { yes: 0, maybe: 0, no: 0, total: 0 });
    });
  });

  describe('working groups', () => {
    it('wants Teams members by e-mail or id and a responsible contact person', () => {
      const result = workingGroupInputSchema.safeParse({
        name: { fi: 'Nuorten tilat' },
        members: [
          { kind: 'user', name: 'Mikko Laine' },
          { kind: 'representative', name: 'Leena Mäkinen', association: 'Kamarikuoro ry' },
          { kind: 'guest', name: 'X' },
        ],
      });
      assert.ok(!result.success);
      assert.deepEqual(issues(result.error), {
        'members.0.upn': 'events.error.memberId',
        'members.2.kind': 'events.error.memberKind',
        contact: 'events.error.contactRequired',
      });
    });

    it('makes readable ids from Finnish names', () => {
      assert.equal(groupIdFrom('Nuorten tilat & Äänet'), 'nuorten-tilat-aanet');
      assert.equal(groupIdFrom('!!!'), 'ryhma');
    });
  });

  it('uses only message keys that exist in both catalogs', () => {
    const inputs: unknown[] = [
      evening({
        end: 'x',
        capacity: -1,
        place: { teamsUrl: 'ftp://x' },
        title: 5,
        agenda: [{ start: '25:00' }],
      }),
      { kind: 'meeting', workingGroupId: 3, recurrence: { rule: 'FREQ=HOURLY' } },
      { kind: 'item', category: 'x', colour: 'y', start: '2027-01-01', end: 'z' },
      { kind: 'x' },
      42,
    ];
    const keys = new Set<string>();
    for (const input of inputs) {
      const r = eventInputSchema({ now: NOW }).safeParse(input);
      assert.ok(!r.success);
      for (const i of r.error.issues) keys.add(i.message);
    }
    const rsvp = rsvpInputSchema.safeParse({ answer: 1, association: 2, contentWish: 3 });
    assert.ok(!rsvp.success);
    for (const i of rsvp.error.issues) keys.add(i.message);
    assert.ok(keys.size >= 8, `collected ${keys.size} keys`);
    for (const key of keys) {
      assert.ok(key in catalogs.fi && key in catalogs.en, `missing message key ${key}`);
    }
  });
});
