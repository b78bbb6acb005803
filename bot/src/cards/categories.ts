/** Calendar categories in words; an unknown category (a city's own) reads as "other". */
import { t, type Locale, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';

const KNOWN = ['evening', 'meeting', 'survey', 'network', 'grant', 'steering', 'other'] as const;
type Known = (typeof KNOWN)[number];

export function categoryLabel(category: string, locale: Locale): string {
  const known: Known = (KNOWN as readonly string[]).includes(category)
    ? (category as Known)
    : 'other';
  const key: MessageKey = `bot.category.${known}`;
  return t(locale, key);
}

/** The categories that occur with their counts, in a fixed order: "yhdistysilta 2, kokous 4". */
export function categoryCounts(categories: readonly string[], locale: Locale): string {
  const counts = new Map<string, number>();
  for (const c of categories) {
    const label = categoryLabel(c, locale);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()].map(([label, n]) => `${label} ${n}`).join(', ');
}
