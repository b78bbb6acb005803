/** The list's search, filters and order: pure, so a keystroke over 2,000 rows costs little. */
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { normalizeForSearch } from '@yhdistysyhteistyo/contract/search';
import type { Association } from './api/model';
import { compareNames } from './format';

export type StatusFilter = 'active' | 'inactive' | 'all';
export type SortOrder = 'name' | 'updated';
export type View = 'own' | 'all';

export interface Filters {
  readonly q: string;
  readonly unit: string;
  readonly category: string;
  readonly status: StatusFilter;
  readonly sort: SortOrder;
}

export const NO_FILTERS: Filters = {
  q: '',
  unit: '',
  category: '',
  status: 'active',
  sort: 'name',
};

export interface Indexed {
  readonly association: Association;
  /** Name, register number and business ID, folded once when the list loads. */
  readonly text: string;
}

/** The list sorted both ways once, so a keystroke only filters. */
export interface SearchIndex {
  readonly byName: readonly Indexed[];
  readonly byUpdated: readonly Indexed[];
}

export function buildIndex(list: readonly Association[], locale: Locale): SearchIndex {
  const items = list.map((association) => ({
    association,
    text: normalizeForSearch(
      `${association.name} ${association.registerNumber} ${association.businessId}`,
    ),
  }));
  const byName = [...items].sort((x, y) =>
    compareNames(x.association.name, y.association.name, locale),
  );
  // Newest first; equal times keep the name order (the sort is stable).
  const byUpdated = [...byName].sort((x, y) =>
    y.association.updatedAt.localeCompare(x.association.updatedAt),
  );
  return { byName, byUpdated };
}

export function activeFilterCount(filters: Filters): number {
  return (
    (filters.unit ? 1 : 0) + (filters.category ? 1 : 0) + (filters.status !== 'active' ? 1 : 0)
  );
}

export function applyFilters(
  index: SearchIndex,
  filters: Filters,
  view: View,
  myUnits: readonly string[],
): Association[] {
  const words = normalizeForSearch(filters.q).split(' ').filter(Boolean);
  const mine = new Set(myUnits);
  const out: Association[] = [];
  for (const { association: a, text } of filters.sort === 'updated'
    ? index.byUpdated
    : index.byName) {
    if (view === 'own' && !a.units.some((u) => mine.has(u))) continue;
    if (filters.unit && !a.units.includes(filters.unit)) continue;
    if (filters.category && !a.categories.includes(filters.category)) continue;
    if (filters.status !== 'all' && a.status !== filters.status) continue;
    if (!words.every((w) => text.includes(w))) continue;
    out.push(a);
  }
  return out;
}
