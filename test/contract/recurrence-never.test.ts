/** A recurrence rule that never falls on any day is refused at once and never expanded. */
import assert from 'node:assert/strict';
import {
  isOccurrence,
  occurrences,
  parseRule,
  ruleNeverProblem,
  ruleOccurs,
  seriesEnd,
} from '@yhdistysyhteistyo/contract/recurrence';
import { eventInputSchema } from '@yhdistysyhteistyo/contract/events/schemas';

const START = '2027-01-05T17:00';
const NEVER = 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30';

function parts(rule: string) {
  const p = parseRule(rule);
  assert.ok(p.ok, rule);
  return p.parts;
}

describe('recurrence: rules that never occur (pure)', () => {
  it('refuses FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 within 50 ms', () => {
    const t0 = performance.now();
    assert.equal(ruleNeverProblem(NEVER, START), 'security.recurrence.never');
    assert.ok(performance.now() - t0 < 50, `${performance.now() - t0} ms`);
  });

  it('finds other rules that never occur, and keeps rare ones', () => {
    assert.equal(ruleOccurs(parts('FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31'), START), false);
    assert.equal(ruleOccurs(parts('FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2'), START), false);
    // From a year that is not a leap year, every fourth year never is one.
    assert.equal(ruleOccurs(parts('FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29'), START), false);
    assert.equal(ruleOccurs(parts('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'), START), true);
    assert.equal(ruleOccurs(parts('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13'), START), true);
    assert.equal(ruleOccurs(parts('FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2'), START), true);
    assert.equal(ruleOccurs(parts('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=6'), START), true);
  });

  it('expansions of a rule that never occurs end at once, with nothing', () => {
    const t0 = performance.now();
    const series = { start: START, durationMinutes: 60 };
    const recurrence = { rule: NEVER, exdates: [], moved: [] };
    assert.deepEqual(
      occurrences(series, recurrence, { from: '2027-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }),
      [],
    );
    assert.equal(isOccurrence(series, NEVER, '2027-02-28T17:00'), false);
    const counted = { rule: `${NEVER};COUNT=3`, exdates: [], moved: [] };
    assert.ok(seriesEnd(series, counted) < '2028-01-01');
    assert.ok(performance.now() - t0 < 50, `${performance.now() - t0} ms`);
  });

  it('the meeting input names the rule field with a clear message', () => {
    const result = eventInputSchema({ now: new Date('2026-12-01T00:00:00Z') }).safeParse({
      kind: 'meeting',
      title: { fi: 'Kokous' },
      start: START,
      end: '2027-01-05T18:00',
      workingGroupId: 'viestinta',
      recurrence: { rule: NEVER },
    });
    assert.equal(result.success, false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === 'recurrence.rule');
    assert.equal(issue?.message, 'security.recurrence.never');
  });
});
