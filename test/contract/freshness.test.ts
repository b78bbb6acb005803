import assert from 'node:assert/strict';
import { freshnessByUnit, isFresh } from '@yhdistysyhteistyo/contract/freshness';

describe('contract: up-to-date contact data per unit', () => {
  const now = new Date('2026-12-05T12:00:00Z');

  it('counts a record checked within 12 months as fresh, and one a day older as not', () => {
    assert.equal(isFresh('2025-12-05T12:00:00Z', now), true);
    assert.equal(isFresh('2025-12-04T11:59:59Z', now), false);
  });

  it('gives each unit its share of fresh records; an association of two units counts in both', () => {
    const rows = [
      { units: ['kulttuuri', 'nuoriso'], updatedAt: '2026-11-01T00:00:00Z' },
      { units: ['kulttuuri'], updatedAt: '2024-01-01T00:00:00Z' },
      { units: ['kulttuuri', 'kulttuuri'], updatedAt: '2026-01-01T00:00:00Z' },
      { units: ['tuntematon'], updatedAt: '2026-01-01T00:00:00Z' },
    ];
    assert.deepEqual(freshnessByUnit(rows, ['kulttuuri', 'nuoriso', 'liikunta'], now), [
      { unitId: 'kulttuuri', fresh: 2, total: 3, percent: 66 },
      { unitId: 'nuoriso', fresh: 1, total: 1, percent: 100 },
      { unitId: 'liikunta', fresh: 0, total: 0, percent: 0 },
    ]);
  });
});
