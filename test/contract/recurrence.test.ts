import assert from 'node:assert/strict';
import {
  describeRecurrence,
  isOccurrence,
  occurrences,
  parseRule,
  type Recurrence,
} from '@yhdistysyhteistyo/contract/recurrence';
import { utcToLocal, yearBounds } from '@yhdistysyhteistyo/contract/time';

const series = (rule: string, extra: Partial<Recurrence> = {}): Recurrence => ({
  rule,
  exdates: [],
  moved: [],
  ...extra,
});

describe('recurring meetings', () => {
  it('keeps "every second Thursday 17.30" at 17.30 across both changes of 2026', () => {
    const occ = occurrences(
      { start: '2026-03-12T17:30', durationMinutes: 90 },
      series('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'),
      yearBounds(2026),
    );
    assert.equal(occ.length, 22, 'every other Thursday from 12.3. to 31.12.2026');
    for (const o of occ) {
      assert.equal(utcToLocal(o.start).slice(11), '17:30', o.start);
      assert.equal(utcToLocal(o.end).slice(11), '19:00', o.end);
    }
    // The UTC hour follows the clock changes of 29.3. and 25.10.
    assert.equal(occ[0]?.start, '2026-03-12T15:30:00.000Z');
    assert.equal(occ[1]?.start, '2026-03-26T15:30:00.000Z');
    assert.equal(occ[2]?.start, '2026-04-09T14:30:00.000Z');
    const oct22 = occ.find((o) => o.original === '2026-10-22T17:30');
    const nov5 = occ.find((o) => o.original === '2026-11-05T17:30');
    assert.equal(oct22?.start, '2026-10-22T14:30:00.000Z');
    assert.equal(nov5?.start, '2026-11-05T15:30:00.000Z');
    // Fourteen days apart on the wall clock, every time.
    for (let i = 1; i < occ.length; i++) {
      const a = new Date(`${utcToLocal(occ[i - 1]?.start ?? '')}:00Z`).getTime();
      const b = new Date(`${utcToLocal(occ[i]?.start ?? '')}:00Z`).getTime();
      assert.equal((b - a) / 86_400_000, 14);
    }
  });

  it('keeps a Monday meeting at 17.30 across both changes of 2027', () => {
    const occ = occurrences(
      { start: '2027-03-22T17:30', durationMinutes: 60 },
      series('FREQ=WEEKLY;BYDAY=MO;UNTIL=20271108'),
      yearBounds(2027),
    );
    const local = occ.map((o) => utcToLocal(o.start));
    assert.ok(local.every((l) => l.endsWith('T17:30')));
    assert.equal(local[0], '2027-03-22T17:30');
    assert.equal(local.at(-1), '2027-11-08T17:30', 'UNTIL counts the whole day');
    const at = (d: string) => occ.find((o) => o.original === d)?.start;
    assert.equal(at('2027-03-22T17:30'), '2027-03-22T15:30:00.000Z');
    assert.equal(at('2027-03-29T17:30'), '2027-03-29T14:30:00.000Z');
    assert.equal(at('2027-10-25T17:30'), '2027-10-25T14:30:00.000Z');
    assert.equal(at('2027-11-01T17:30'), '2027-11-01T15:30:00.000Z');
  });

  it('leaves out exceptions and puts moved meetings at their new time', () => {
    const occ = occurrences(
      { start: '2026-09-03T17:30', durationMinutes: 90 },
      series('FREQ=WEEKLY;BYDAY=TH;COUNT=6', {
        exdates: ['2026-09-17T17:30'],
        moved: [
          { original: '2026-10-01T17:30', start: '2026-10-02T09:00', end: '2026-10-02T10:00' },
        ],
      }),
      yearBounds(2026),
    );
    assert.deepEqual(
      occ.map((o) => [o.original, utcToLocal(o.start), utcToLocal(o.end), o.moved]),
      [
        ['2026-09-03T17:30', '2026-09-03T17:30', '2026-09-03T19:00', false],
        ['2026-09-10T17:30', '2026-09-10T17:30', '2026-09-10T19:00', false],
        ['2026-09-24T17:30', '2026-09-24T17:30', '2026-09-24T19:00', false],
        ['2026-10-01T17:30', '2026-10-02T09:00', '2026-10-02T10:00', true],
        ['2026-10-08T17:30', '2026-10-08T17:30', '2026-10-08T19:00', false],
      ],
    );
  });

  it('finds a meeting moved into the window from outside it, and drops one moved out', () => {
    const rec = series('FREQ=MONTHLY;BYDAY=1TH', {
      moved: [
        { original: '2027-02-04T17:30', start: '2027-01-28T17:30', end: '2027-01-28T19:00' },
        { original: '2027-01-07T17:30', start: '2026-12-30T17:30', end: '2026-12-30T19:00' },
      ],
    });
    const january = { from: '2026-12-31T22:00:00.000Z', to: '2027-01-31T22:00:00.000Z' };
    const occ = occurrences({ start: '2026-11-05T17:30', durationMinutes: 90 }, rec, january);
    assert.deepEqual(
      occ.map((o) => utcToLocal(o.start)),
      ['2027-01-28T17:30'],
    );
  });

  it('knows which times are occurrences of a rule', () => {
    const start = { start: '2027-01-14T17:30' };
    assert.equal(isOccurrence(start, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', '2027-01-28T17:30'), true);
    assert.equal(isOccurrence(start, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', '2027-01-21T17:30'), false);
    assert.equal(isOccurrence(start, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', '2027-01-28T17:00'), false);
  });

  it('caps the number of occurrences one expansion returns', () => {
    const occ = occurrences(
      { start: '2026-01-01T08:00', durationMinutes: 15 },
      series('FREQ=DAILY'),
      { from: '2026-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z' },
    );
    assert.equal(occ.length, 400);
  });

  describe('rule checks', () => {
    it('accepts what a meeting series needs and writes it in canonical form', () => {
      const r = parseRule('rrule:freq=weekly;byday=th;interval=2;until=20271231T215959Z');
      assert.equal(r.ok, true);
      // 21.59.59 UTC on 31.12. is 23.59.59 in Helsinki: the same local date.
      assert.equal(r.ok && r.canonical, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20271231');
      const late = parseRule('FREQ=WEEKLY;UNTIL=20271231T230000Z');
      assert.equal(late.ok && late.canonical, 'FREQ=WEEKLY;UNTIL=20280101');
    });

    const refused: [string, string][] = [
      ['FREQ=HOURLY', 'events.error.ruleFrequency'],
      ['FREQ=MINUTELY;COUNT=3', 'events.error.ruleFrequency'],
      ['FREQ=WEEKLY;BYHOUR=9', 'events.error.ruleSyntax'],
      ['FREQ=WEEKLY;COUNT=3;UNTIL=20270101', 'events.error.ruleCountAndUntil'],
      ['FREQ=WEEKLY;COUNT=401', 'events.error.ruleLimit'],
      ['FREQ=WEEKLY;BYDAY=2TH', 'events.error.ruleSyntax'],
      ['FREQ=WEEKLY;INTERVAL=0', 'events.error.ruleSyntax'],
      ['FREQ=WEEKLY;FREQ=DAILY', 'events.error.ruleSyntax'],
      ['DTSTART:20270101T090000', 'events.error.ruleSyntax'],
      ['BYDAY=MO', 'events.error.ruleSyntax'],
      ['', 'events.error.ruleSyntax'],
      ['FREQ=MONTHLY;UNTIL=20270230', 'events.error.ruleSyntax'],
    ];
    for (const [rule, problem] of refused) {
      it(`refuses ${JSON.stringify(rule)}`, () => {
        assert.deepEqual(parseRule(rule), { ok: false, problem });
      });
    }
  });

  describe('plain-language description', () => {
    const cases: [string, string, string, string][] = [
      [
        'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
        '2026-03-12T17:30',
        'joka toinen torstai klo 17.30',
        'every second Thursday at 17:30',
      ],
      ['FREQ=WEEKLY', '2027-01-21T09:00', 'joka torstai klo 9.00', 'every Thursday at 09:00'],
      [
        'FREQ=MONTHLY;BYDAY=1TU;COUNT=5',
        '2027-02-02T17:30',
        'kuukauden ensimmäinen tiistai klo 17.30, 5 kertaa',
        'the first Tuesday of every month at 17:30, 5 times',
      ],
      [
        'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231',
        '2027-01-29T12:00',
        'kuukauden viimeinen perjantai klo 12.00, 31.12.2027 asti',
        'the last Friday of every month at 12:00, until 31 Dec 2027',
      ],
      [
        'FREQ=WEEKLY;BYDAY=MO,WE',
        '2027-01-04T08:15',
        'joka maanantai ja keskiviikko klo 8.15',
        'every Monday and Wednesday at 08:15',
      ],
      [
        'FREQ=MONTHLY;INTERVAL=3',
        '2027-01-04T08:15',
        '3 kuukauden välein klo 8.15',
        'every 3 months at 08:15',
      ],
    ];
    for (const [rule, start, fi, en] of cases) {
      it(`describes ${rule}`, () => {
        assert.equal(describeRecurrence(rule, start, 'fi'), fi);
        assert.equal(describeRecurrence(rule, start, 'en'), en);
      });
    }
  });
});
