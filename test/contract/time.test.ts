import assert from 'node:assert/strict';
import {
  formatDate,
  formatDateRange,
  formatDateTime,
  formatTime,
  formatTimeRange,
  helsinkiParts,
  isLocalDate,
  localToUtc,
  monthName,
  parseLocal,
  utcToLocal,
  weekdayName,
  yearBounds,
} from '@yhdistysyhteistyo/contract/time';

describe('Helsinki time', () => {
  describe('formatting', () => {
    it('writes an evening the Finnish way with the weekday computed from the date', () => {
      // 22.2.2027 is a Monday: the weekday comes from the date, not from a template.
      const at = localToUtc('2027-02-22T17:30');
      assert.equal(formatDateTime(at, 'fi'), 'ma 22.2.2027 klo 17.30');
      assert.equal(formatDateTime(at, 'en'), 'Mon 22 Feb 2027 at 17:30');
      const tuesday = localToUtc('2027-02-23T17:30');
      assert.equal(formatDateTime(tuesday, 'fi'), 'ti 23.2.2027 klo 17.30');
    });

    it('names the weekday of every day of a fortnight like an independent computation does', () => {
      const fi = ['su', 'ma', 'ti', 'ke', 'to', 'pe', 'la'];
      for (let d = 18; d <= 31; d++) {
        const local = `2026-10-${d}T12:00`;
        // Noon local is the same calendar day in UTC, so Date's own weekday is a fair check.
        const expected = fi[new Date(`${local}:00Z`).getUTCDay()];
        assert.ok(formatDateTime(localToUtc(local), 'fi').startsWith(`${expected} `), local);
      }
    });

    it('writes Finnish hours without a leading zero and English ones with it', () => {
      const at = localToUtc('2027-01-21T09:00');
      assert.equal(formatTime(at, 'fi'), '9.00');
      assert.equal(formatTime(at, 'en'), '09:00');
      assert.equal(formatDate(at, 'fi'), '21.1.2027');
      assert.equal(formatDate(at, 'en'), '21 Jan 2027');
    });

    it('writes a span on one day once and a span over days in full', () => {
      const start = localToUtc('2027-05-05T17:30');
      const end = localToUtc('2027-05-05T19:00');
      assert.equal(formatTimeRange(start, end, 'fi'), 'ke 5.5.2027 klo 17.30–19.00');
      assert.equal(formatTimeRange(start, end, 'en'), 'Wed 5 May 2027, 17:30–19:00');
      const next = localToUtc('2027-05-06T09:15');
      assert.equal(
        formatTimeRange(start, next, 'fi'),
        'ke 5.5.2027 klo 17.30 – to 6.5.2027 klo 9.15',
      );
    });

    it('writes date ranges of whole days', () => {
      const from = localToUtc('2027-05-01T00:00');
      const to = localToUtc('2027-05-31T00:00');
      assert.equal(formatDateRange(from, to, 'fi'), '1.5.–31.5.2027');
      assert.equal(formatDateRange(from, to, 'en'), '1 May – 31 May 2027');
      assert.equal(formatDateRange(from, from, 'fi'), '1.5.2027');
      const nextYear = localToUtc('2028-01-10T00:00');
      assert.equal(formatDateRange(from, nextYear, 'fi'), '1.5.2027 – 10.1.2028');
    });

    it('has month and weekday names in both languages', () => {
      assert.equal(monthName(2, 'fi'), 'helmikuu');
      assert.equal(monthName(12, 'en', 'short'), 'Dec');
      assert.equal(weekdayName(4, 'fi'), 'to');
      assert.throws(() => monthName(13, 'fi'), RangeError);
    });
  });

  describe('wall clock and UTC across the clock changes', () => {
    // 17.30 the day before and the day after each change: the UTC hour moves, the wall clock not.
    const cases: [string, string][] = [
      ['2026-03-28T17:30', '2026-03-28T15:30:00.000Z'],
      ['2026-03-29T17:30', '2026-03-29T14:30:00.000Z'],
      ['2026-10-24T17:30', '2026-10-24T14:30:00.000Z'],
      ['2026-10-25T17:30', '2026-10-25T15:30:00.000Z'],
      ['2027-03-27T17:30', '2027-03-27T15:30:00.000Z'],
      ['2027-03-28T17:30', '2027-03-28T14:30:00.000Z'],
      ['2027-10-30T17:30', '2027-10-30T14:30:00.000Z'],
      ['2027-10-31T17:30', '2027-10-31T15:30:00.000Z'],
    ];
    for (const [local, utc] of cases) {
      it(`keeps ${local} as 17.30 local (${utc})`, () => {
        assert.equal(localToUtc(local), utc);
        assert.equal(utcToLocal(utc), local);
        assert.ok(formatDateTime(utc, 'fi').endsWith('klo 17.30'));
      });
    }

    it('reports the offset in winter and in summer', () => {
      assert.equal(helsinkiParts('2026-03-29T00:59:00Z').offsetMinutes, 120);
      assert.equal(helsinkiParts('2026-03-29T01:00:00Z').offsetMinutes, 180);
      assert.equal(helsinkiParts('2027-10-31T00:59:00Z').offsetMinutes, 180);
      assert.equal(helsinkiParts('2027-10-31T01:00:00Z').offsetMinutes, 120);
    });

    it('refuses a time in the spring-forward hour instead of moving it', () => {
      assert.deepEqual(parseLocal('2026-03-29T03:30'), {
        ok: false,
        problem: 'events.error.timeNotExist',
      });
      assert.deepEqual(parseLocal('2027-03-28T03:00'), {
        ok: false,
        problem: 'events.error.timeNotExist',
      });
      assert.throws(() => localToUtc('2027-03-28T03:59'), RangeError);
      assert.equal(parseLocal('2027-03-28T02:59').ok, true);
      assert.equal(parseLocal('2027-03-28T04:00').ok, true);
    });

    it('takes the summer-time one of the autumn hour that happens twice and says so', () => {
      assert.deepEqual(parseLocal('2026-10-25T03:30'), {
        ok: true,
        utc: '2026-10-25T00:30:00.000Z',
        ambiguous: true,
      });
      assert.deepEqual(parseLocal('2027-10-31T03:00'), {
        ok: true,
        utc: '2027-10-31T00:00:00.000Z',
        ambiguous: true,
      });
      assert.deepEqual(parseLocal('2027-10-31T04:00'), {
        ok: true,
        utc: '2027-10-31T02:00:00.000Z',
        ambiguous: false,
      });
    });

    it('refuses malformed and impossible dates with a format message', () => {
      for (const bad of [
        '',
        '2027-02-30T10:00',
        '2027-2-3T10:00',
        '2027-02-03 10:00',
        '2027-02-03T24:00',
      ]) {
        assert.deepEqual(parseLocal(bad), { ok: false, problem: 'events.error.timeFormat' }, bad);
      }
      assert.equal(isLocalDate('2028-02-29'), true);
      assert.equal(isLocalDate('2027-02-29'), false);
    });

    it('bounds a Helsinki year in UTC', () => {
      assert.deepEqual(yearBounds(2027), {
        from: '2026-12-31T22:00:00.000Z',
        to: '2027-12-31T22:00:00.000Z',
      });
    });
  });
});
