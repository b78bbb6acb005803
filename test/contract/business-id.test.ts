import assert from 'node:assert/strict';
import { businessIdCheckDigit, isValidBusinessId } from '@yhdistysyhteistyo/contract/business-id';

describe('business ID (Y-tunnus)', () => {
  it('accepts real-form IDs with the right check digit', () => {
    // 0737546-2 and 1572860-0 are published business IDs of Finnish public bodies.
    assert.ok(isValidBusinessId('0737546-2'));
    assert.ok(isValidBusinessId('1572860-0'));
  });

  it('rejects a wrong check digit, a wrong shape and remainder 1', () => {
    assert.ok(!isValidBusinessId('0737546-3'));
    assert.ok(!isValidBusinessId('737546-2'));
    assert.ok(!isValidBusinessId('07375462'));
    assert.ok(!isValidBusinessId(' 0737546-2'));
    // Remainder 1 has no valid check digit: find one such number and check that none passes.
    let digits: string | undefined;
    for (let n = 0; n < 100 && !digits; n++) {
      const d = String(n).padStart(7, '0');
      if (businessIdCheckDigit(d) === undefined) digits = d;
    }
    assert.ok(digits, 'some number has remainder 1');
    for (let c = 0; c <= 9; c++) assert.ok(!isValidBusinessId(`${digits}-${c}`));
  });
});
