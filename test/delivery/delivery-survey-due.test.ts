/** Survey posts in the due computation: the opening card, the channel, reminders to non-answerers. */
import assert from 'node:assert/strict';
import { computeDue, surveyPlan } from '../../bot/src/delivery/due';
import { DEFAULT_RULES, type ScheduleSnapshot } from '../../bot/src/delivery/ports';

// May 2027: opens 1.5. 00.00, closes after 31.5. (Helsinki, EEST).
const survey = {
  surveyId: 's1',
  opensAt: '2027-04-30T21:00:00.000Z',
  closesAt: '2027-05-31T21:00:00.000Z',
};
const rules = { ...DEFAULT_RULES, monthlyAt: undefined, annualAt: undefined };
const snapshot = (
  over: { openedAt?: string },
  answered: string[] = [],
  audience: string[] = ['aad-1', 'aad-2', 'aad-3'],
) =>
  ({
    meetings: [],
    evenings: [],
    personalChats: new Set(['aad-1', 'aad-2', 'aad-3']),
    surveys: [
      {
        ...survey,
        openedAt: '2027-04-20T10:00:00.000Z',
        ...over,
        answered: new Set(answered),
        audience: new Set(audience),
      },
    ],
  }) satisfies ScheduleSnapshot;

describe('due: survey posts', () => {
  it('opened ahead: the card goes to the channel and every personal chat at 9.00 on the first day', () => {
    const now = new Date('2027-05-01T06:00:30Z');
    const due = computeDue(now, rules, snapshot({}), new Date('2027-05-01T05:59:00Z'));
    assert.deepEqual(
      due.map((d) => [
        d.kind,
        d.target.kind === 'channel' ? 'channel' : d.target.personId,
        d.dueAt,
      ]),
      [
        ['surveyOpen', 'channel', '2027-05-01T06:00:00.000Z'],
        ['surveyOpen', 'aad-1', '2027-05-01T06:00:00.000Z'],
        ['surveyOpen', 'aad-2', '2027-05-01T06:00:00.000Z'],
        ['surveyOpen', 'aad-3', '2027-05-01T06:00:00.000Z'],
      ],
    );
  });

  it('opened in the window: personal chats at once, not the channel (it got the card on opening)', () => {
    const plan = surveyPlan({ ...survey, openedAt: '2027-05-10T08:15:20.000Z' });
    assert.equal(plan.channel, false);
    assert.equal(plan.open.toUTC().toISO(), '2027-05-10T08:16:00.000Z');
    const now = new Date('2027-05-10T08:16:10Z');
    const due = computeDue(
      now,
      rules,
      snapshot({ openedAt: '2027-05-10T08:15:20.000Z' }),
      new Date('2027-05-10T08:15:30Z'),
    );
    assert.deepEqual(
      due.map((d) => d.target.kind),
      ['personal', 'personal', 'personal'],
    );
  });

  it('reminds those who have not answered at 9.00 two days before the last day', () => {
    const now = new Date('2027-05-29T06:00:05Z');
    const due = computeDue(now, rules, snapshot({}, ['aad-2']), new Date('2027-05-29T05:59:00Z'));
    assert.deepEqual(
      due.map((d) => [
        d.kind,
        d.target.kind === 'personal' ? d.target.personId : 'channel',
        d.occurrence,
      ]),
      [
        ['surveyReminder', 'aad-1', 'reminder'],
        ['surveyReminder', 'aad-3', 'reminder'],
      ],
    );
  });

  it('personal posts follow the audience: the card and the reminder only to its people with the app', () => {
    // aad-2 is not in the audience; aad-9 is, but has no personal chat with the app.
    const audience = ['aad-1', 'aad-3', 'aad-9'];
    const opening = computeDue(
      new Date('2027-05-01T06:00:30Z'),
      rules,
      snapshot({}, [], audience),
      new Date('2027-05-01T05:59:00Z'),
    );
    assert.deepEqual(
      opening.map((d) => (d.target.kind === 'personal' ? d.target.personId : 'channel')),
      ['channel', 'aad-1', 'aad-3'],
    );
    const reminder = computeDue(
      new Date('2027-05-29T06:00:05Z'),
      rules,
      snapshot({}, ['aad-1'], audience),
      new Date('2027-05-29T05:59:00Z'),
    );
    assert.deepEqual(
      reminder.map((d) => (d.target.kind === 'personal' ? d.target.personId : 'channel')),
      ['aad-3'],
    );
  });
});
