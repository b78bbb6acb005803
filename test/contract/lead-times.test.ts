import assert from 'node:assert/strict';
import {
  describeLeadTimes,
  formatLeadTimes,
  leadTimesInput,
  parseLeadTimes,
} from '@yhdistysyhteistyo/contract/events/lead-times';

describe('contract: lead times', () => {
  it('reads "14 9.00, 1 9:00" as typed, earliest reminder first, 9.00 when the time is left out', () => {
    assert.deepEqual(parseLeadTimes('1 9:00, 14 9.00'), {
      ok: true,
      value: [
        { daysBefore: 14, at: '09:00' },
        { daysBefore: 1, at: '09:00' },
      ],
    });
    assert.deepEqual(parseLeadTimes('0 pv klo 7.30; 2'), {
      ok: true,
      value: [
        { daysBefore: 2, at: '09:00' },
        { daysBefore: 0, at: '07:30' },
      ],
    });
    assert.equal(formatLeadTimes([{ daysBefore: 14, at: '09:00' }]), '14 09:00');
  });

  it('names the problem: words, 61 days, 24.00, the same time twice, seven reminders', () => {
    const problem = (text: string) => {
      const r = parseLeadTimes(text);
      return r.ok ? 'ok' : r.problem;
    };
    assert.equal(problem('kaksi viikkoa'), 'leadTimes.error.format');
    assert.equal(problem('61 9.00'), 'leadTimes.error.days');
    assert.equal(problem('1 24.00'), 'leadTimes.error.time');
    assert.equal(problem('1 9.00, 1 09:00'), 'leadTimes.error.duplicate');
    assert.equal(problem('1, 2, 3, 4, 5, 6, 7'), 'leadTimes.error.tooMany');
    assert.equal(leadTimesInput.safeParse([{ daysBefore: 1.5, at: '09:00' }]).success, false);
  });

  it('says them in both languages', () => {
    const list = [
      { daysBefore: 14, at: '09:00' },
      { daysBefore: 1, at: '09:00' },
      { daysBefore: 0, at: '12:15' },
    ];
    assert.equal(
      describeLeadTimes(list, 'fi'),
      '14 päivää ennen klo 9.00, 1 päivä ennen klo 9.00, samana päivänä klo 12.15',
    );
    assert.equal(
      describeLeadTimes(list, 'en'),
      '14 days before at 9.00, 1 day before at 9.00, on the day at 12.15',
    );
  });
});
