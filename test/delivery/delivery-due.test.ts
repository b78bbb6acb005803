import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { computeDue, dueWindow, firstWeekday, scheduleWindow } from '../../bot/src/delivery/due';
import {
  DEFAULT_RULES,
  targetKey,
  type DeliveryRules,
  type DueItem,
  type ScheduleSnapshot,
  type ScheduledEvening,
  type ScheduledMeeting,
} from '../../bot/src/delivery/ports';

const HKI = 'Europe/Helsinki';

/** A Helsinki wall-clock time as a Date. */
function hki(local: string): Date {
  const dt = DateTime.fromISO(local, { zone: HKI });
  assert.ok(dt.isValid, local);
  return dt.toJSDate();
}

function local(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(HKI).toFormat("d.L.yyyy HH.mm 'UTC'ZZ");
}

const empty: ScheduleSnapshot = { meetings: [], evenings: [], personalChats: new Set() };
const noPeriodic: DeliveryRules = { ...DEFAULT_RULES, monthlyAt: undefined, annualAt: undefined };
/** Rules that look back far enough to list every fire time of a test schedule. */
const everything: DeliveryRules = {
  ...noPeriodic,
  staleMs: 400 * 86_400_000,
  maxCatchUpMs: 400 * 86_400_000,
};

function meeting(start: string, extra: Partial<ScheduledMeeting> = {}): ScheduledMeeting {
  const iso = hki(start).toISOString();
  return { meetingId: 'm1', occurrenceId: start, start: iso, groupId: 'tilat', ...extra };
}

/** Every reminder of a schedule, as Helsinki wall clock with the UTC offset. */
function fireTimes(schedule: ScheduleSnapshot, now: Date, rules = everything): string[] {
  return computeDue(now, rules, schedule, new Date(now.getTime() - rules.maxCatchUpMs)).map(
    (i) => `${i.postId} ${local(i.dueAt)}`,
  );
}

describe('delivery: what is due', () => {
  describe('Helsinki wall-clock times across DST changes', () => {
    it('keeps "the day before at 9.00" at 9.00 when clocks go forward on 29.3.2026', () => {
      // Monday after the change: the day-before reminder is on the change day itself.
      const times = fireTimes(
        { ...empty, meetings: [meeting('2026-03-30T17:30')] },
        hki('2026-04-01T00:00'),
      );
      assert.deepEqual(times, [
        'meeting:m1 23.3.2026 09.00 UTC+02:00',
        'meeting:m1 29.3.2026 09.00 UTC+03:00',
      ]);
    });

    it('keeps 9.00 when clocks go back on 25.10.2026', () => {
      const times = fireTimes(
        { ...empty, meetings: [meeting('2026-10-26T17:30')] },
        hki('2026-10-27T00:00'),
      );
      assert.deepEqual(times, [
        'meeting:m1 19.10.2026 09.00 UTC+03:00',
        'meeting:m1 25.10.2026 09.00 UTC+02:00',
      ]);
    });

    it('keeps 9.00 on 28.3.2027 and 31.10.2027, and a week before across the change', () => {
      const times = fireTimes(
        {
          ...empty,
          meetings: [
            meeting('2027-03-29T09:30', { meetingId: 'spring' }),
            meeting('2027-11-01T13:00', { meetingId: 'autumn' }),
            // On the change day itself; the autumn one's two reminders straddle the change.
            meeting('2027-10-31T17:30', { meetingId: 'onTheDay' }),
          ],
        },
        hki('2027-11-02T00:00'),
      );
      assert.deepEqual(times, [
        'meeting:spring 22.3.2027 09.00 UTC+02:00',
        'meeting:spring 28.3.2027 09.00 UTC+03:00',
        'meeting:onTheDay 24.10.2027 09.00 UTC+03:00',
        'meeting:autumn 25.10.2027 09.00 UTC+03:00',
        'meeting:onTheDay 30.10.2027 09.00 UTC+03:00',
        'meeting:autumn 31.10.2027 09.00 UTC+02:00',
      ]);
    });

    it('places the instants right: 9.00 EEST is 06.00 UTC, 9.00 EET is 07.00 UTC', () => {
      const items = computeDue(
        hki('2026-10-27T00:00'),
        everything,
        {
          ...empty,
          meetings: [meeting('2026-03-30T17:30'), meeting('2026-10-26T17:30', { meetingId: 'm2' })],
        },
        new Date(0),
      );
      assert.deepEqual(
        items.map((i) => i.dueAt),
        [
          '2026-03-23T07:00:00.000Z',
          '2026-03-29T06:00:00.000Z',
          '2026-10-19T06:00:00.000Z',
          '2026-10-25T07:00:00.000Z',
        ],
      );
    });
  });

  describe('targets', () => {
    it('reminds of an evening 7 days, 1 day before and on the day, in the channel and to people coming or maybe with the app', () => {
      const evening: ScheduledEvening = {
        eveningId: 'e1',
        start: hki('2026-02-22T17:30').toISOString(),
        answers: [
          { personId: 'aino', answer: 'yes' },
          { personId: 'bert', answer: 'maybe' },
          { personId: 'cecilia', answer: 'no' },
          { personId: 'dan', answer: 'yes' },
        ],
      };
      const items = computeDue(
        hki('2026-02-23T00:00'),
        everything,
        { ...empty, evenings: [evening], personalChats: new Set(['aino', 'bert', 'cecilia']) },
        new Date(0),
      );
      const byTime = new Map<string, string[]>();
      for (const i of items)
        byTime.set(local(i.dueAt), [...(byTime.get(local(i.dueAt)) ?? []), targetKey(i.target)]);
      assert.deepEqual(Object.fromEntries(byTime), {
        '15.2.2026 09.00 UTC+02:00': ['channel', 'person:aino', 'person:bert'],
        '21.2.2026 09.00 UTC+02:00': ['channel', 'person:aino', 'person:bert'],
        '22.2.2026 09.00 UTC+02:00': ['channel', 'person:aino', 'person:bert'],
      });
      assert.ok(items.every((i) => i.kind === 'eveningReminder' && i.state === 'due'));
    });

    it("uses a meeting's own lead times and never reminds after the start", () => {
      const items = fireTimes(
        {
          ...empty,
          meetings: [
            meeting('2026-05-12T08:00', {
              leadTimes: [
                { daysBefore: 2, at: '12:00' },
                { daysBefore: 0, at: '09:00' },
              ],
            }),
          ],
        },
        hki('2026-05-13T00:00'),
      );
      assert.deepEqual(items, ['meeting:m1 10.5.2026 12.00 UTC+03:00']);
    });
  });

  describe('catch-up and stale items', () => {
    const schedule: ScheduleSnapshot = { ...empty, meetings: [meeting('2026-06-10T17:30')] };

    it('returns a reminder once its time is in (lastTick, now]', () => {
      const at = (lastTick: string, now: string) =>
        computeDue(hki(now), noPeriodic, schedule, hki(lastTick)).map((i) => local(i.dueAt));
      assert.deepEqual(at('2026-06-09T08:59:30', '2026-06-09T09:00:00'), [
        '9.6.2026 09.00 UTC+03:00',
      ]);
      assert.deepEqual(at('2026-06-09T09:00:00', '2026-06-09T09:00:30'), []);
      assert.deepEqual(at('2026-06-09T08:59:00', '2026-06-09T08:59:30'), []);
    });

    it('catches up missed ticks after a restart and gives the same keys when computed again', () => {
      // Down from 8.00 to 11.00: the 9.00 reminder comes on restart, due.
      const first = computeDue(
        hki('2026-06-09T11:00'),
        noPeriodic,
        schedule,
        hki('2026-06-09T08:00'),
      );
      assert.equal(first.length, 1);
      assert.equal(first[0]?.state, 'due');
      const again = computeDue(
        hki('2026-06-09T11:00:20'),
        noPeriodic,
        schedule,
        hki('2026-06-09T08:00'),
      );
      const key = (i: DueItem) => `${i.postId}|${i.occurrence}|${targetKey(i.target)}`;
      assert.deepEqual(again.map(key), first.map(key));
    });

    it('marks a reminder that became due more than 12 h ago skipped, with the reason', () => {
      const items = computeDue(
        hki('2026-06-09T21:30'),
        noPeriodic,
        schedule,
        hki('2026-06-09T08:00'),
      );
      assert.equal(items.length, 1);
      assert.equal(items[0]?.state, 'skipped');
      assert.equal(items[0]?.reason, 'stale');
      // At 20.59 it is 11 h 59 min late: still sent.
      const fresh = computeDue(
        hki('2026-06-09T20:59'),
        noPeriodic,
        schedule,
        hki('2026-06-09T08:00'),
      );
      assert.equal(fresh[0]?.state, 'due');
      // A shorter configured window skips sooner.
      const strict = computeDue(
        hki('2026-06-09T10:01'),
        { ...noPeriodic, staleMs: 3_600_000 },
        schedule,
        hki('2026-06-09T08:00'),
      );
      assert.equal(strict[0]?.state, 'skipped');
    });

    it('looks back only the stale window on a first start and at most the catch-up limit after an outage', () => {
      const now = hki('2026-06-09T09:10');
      assert.equal(computeDue(now, noPeriodic, schedule, undefined).length, 1);
      const w = dueWindow(now, noPeriodic, undefined);
      assert.equal(now.getTime() - w.from.getTime(), noPeriodic.staleMs);
      // Down for a month: only the last 7 days are looked at, so the 7-day reminder is not listed.
      const long = computeDue(
        hki('2026-06-09T09:10'),
        noPeriodic,
        schedule,
        hki('2026-05-01T00:00'),
      );
      assert.deepEqual(
        long.map((i) => local(i.dueAt)),
        ['3.6.2026 09.00 UTC+03:00', '9.6.2026 09.00 UTC+03:00'],
      );
      assert.deepEqual(
        long.map((i) => i.state),
        ['skipped', 'due'],
      );
      const span = dueWindow(hki('2026-06-09T09:10'), noPeriodic, hki('2026-05-01T00:00'));
      assert.equal(span.to.getTime() - span.from.getTime(), noPeriodic.maxCatchUpMs);
    });

    it('asks the schedule for events up to the longest lead time ahead', () => {
      const now = hki('2026-06-09T09:10');
      const w = scheduleWindow(now, DEFAULT_RULES, hki('2026-06-09T09:00'));
      assert.equal(w.from, hki('2026-06-09T09:00').toISOString());
      assert.ok(Date.parse(w.to) >= now.getTime() + 7 * 86_400_000);
    });
  });

  describe('recurrence', () => {
    it('posts "this month" on the first working day of each month at 9.00, skipping weekends and holidays', () => {
      const items = computeDue(
        hki('2027-12-31T12:00'),
        { ...everything, maxCatchUpMs: 800 * 86_400_000, monthlyAt: '09:00' },
        empty,
        hki('2025-12-31T12:00'),
      );
      assert.deepEqual(
        items.map((i) => `${i.occurrence} ${local(i.dueAt)}`),
        [
          '2026-01 2.1.2026 09.00 UTC+02:00', // 1.1. is New Year's Day
          '2026-02 2.2.2026 09.00 UTC+02:00',
          '2026-03 2.3.2026 09.00 UTC+02:00',
          '2026-04 1.4.2026 09.00 UTC+03:00',
          '2026-05 4.5.2026 09.00 UTC+03:00', // 1.5. is May Day
          '2026-06 1.6.2026 09.00 UTC+03:00',
          '2026-07 1.7.2026 09.00 UTC+03:00',
          '2026-08 3.8.2026 09.00 UTC+03:00',
          '2026-09 1.9.2026 09.00 UTC+03:00',
          '2026-10 1.10.2026 09.00 UTC+03:00',
          '2026-11 2.11.2026 09.00 UTC+02:00',
          '2026-12 1.12.2026 09.00 UTC+02:00',
          '2027-01 4.1.2027 09.00 UTC+02:00',
          '2027-02 1.2.2027 09.00 UTC+02:00',
          '2027-03 1.3.2027 09.00 UTC+02:00',
          '2027-04 1.4.2027 09.00 UTC+03:00',
          '2027-05 3.5.2027 09.00 UTC+03:00',
          '2027-06 1.6.2027 09.00 UTC+03:00',
          '2027-07 1.7.2027 09.00 UTC+03:00',
          '2027-08 2.8.2027 09.00 UTC+03:00',
          '2027-09 1.9.2027 09.00 UTC+03:00',
          '2027-10 1.10.2027 09.00 UTC+03:00',
          '2027-11 1.11.2027 09.00 UTC+02:00',
          '2027-12 1.12.2027 09.00 UTC+02:00',
        ],
      );
      // Easter Monday 1.4.2024 is a holiday.
      assert.equal(firstWeekday(2024, 4).toISODate(), '2024-04-02');
    });

    it('posts the annual calendar in the first week of January, once a year', () => {
      const items = computeDue(
        hki('2028-12-31T12:00'),
        {
          ...everything,
          maxCatchUpMs: 1200 * 86_400_000,
          staleMs: 1200 * 86_400_000,
          annualAt: '09:00',
        },
        empty,
        hki('2025-12-31T00:00'),
      );
      assert.deepEqual(
        items.map((i) => `${i.postId} ${i.occurrence} ${local(i.dueAt)}`),
        [
          'annual 2026 2.1.2026 09.00 UTC+02:00',
          'annual 2027 4.1.2027 09.00 UTC+02:00',
          'annual 2028 3.1.2028 09.00 UTC+02:00',
        ],
      );
    });

    it('reminds of each occurrence of a series separately, and of a moved one anew', () => {
      const weekly = ['2026-09-03T17:30', '2026-09-17T17:30', '2026-10-01T17:30'].map((s) =>
        meeting(s, { meetingId: 'series' }),
      );
      // The 17.9. occurrence moved to 18.9. keeps its original id, with the new start.
      const moved = {
        ...meeting('2026-09-18T17:30', { meetingId: 'series' }),
        occurrenceId: '2026-09-17T17:30',
      };
      const items = computeDue(
        hki('2026-10-02T00:00'),
        everything,
        { ...empty, meetings: [weekly[0], moved, weekly[2]] },
        new Date(0),
      );
      const keys = items.map((i) => i.occurrence);
      assert.equal(new Set(keys).size, 6);
      assert.deepEqual(
        items.map((i) => local(i.dueAt)),
        [
          '27.8.2026 09.00 UTC+03:00',
          '2.9.2026 09.00 UTC+03:00',
          '11.9.2026 09.00 UTC+03:00',
          '17.9.2026 09.00 UTC+03:00',
          '24.9.2026 09.00 UTC+03:00',
          '30.9.2026 09.00 UTC+03:00',
        ],
      );
      assert.notDeepEqual(
        computeDue(
          hki('2026-10-02T00:00'),
          everything,
          { ...empty, meetings: weekly },
          new Date(0),
        ).map((i) => i.occurrence),
        keys,
      );
    });
  });
});
