/**
 * Up-to-date contact data (indicator 5 of the report, "ajantasaiset yhteystiedot"): a record is
 * fresh when it was checked (saved) within the last 12 months. The share is counted per unit;
 * an association of several units counts in each.
 */
export const FRESH_DAYS = 365;

export interface UnitFreshness {
  readonly unitId: string;
  readonly fresh: number;
  readonly total: number;
  /** Whole per cent of fresh records; 0 for a unit with none. */
  readonly percent: number;
}

export function isFresh(checkedAt: string, now: Date): boolean {
  return Date.parse(checkedAt) >= now.getTime() - FRESH_DAYS * 86_400_000;
}

/** Fresh and all records of each unit, in the order of `unitIds`. */
export function freshnessByUnit(
  associations: readonly { readonly units: readonly string[]; readonly updatedAt: string }[],
  unitIds: readonly string[],
  now: Date,
): UnitFreshness[] {
  const counts = new Map(unitIds.map((id) => [id, { fresh: 0, total: 0 }]));
  for (const a of associations) {
    const fresh = isFresh(a.updatedAt, now);
    for (const unit of new Set(a.units)) {
      const c = counts.get(unit);
      if (!c) continue;
      c.total++;
      if (fresh) c.fresh++;
    }
  }
  return unitIds.map((unitId) => {
    const c = counts.get(unitId) ?? { fresh: 0, total: 0 };
    return {
      unitId,
      ...c,
      percent: c.total === 0 ? 0 : Math.floor((100 * c.fresh) / c.total),
    };
  });
}
