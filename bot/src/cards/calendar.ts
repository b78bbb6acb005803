/**
 * The annual calendar (vuosikello): every item of the period, grouped by Helsinki month, each
 * with its date, time and category. One FactSet per month keeps 80 items well under 28 KB.
 */
import type { CalendarListItem } from '../domain/bot-readers';
import { helsinkiParts } from '@yhdistysyhteistyo/contract/time';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { categoryCounts, categoryLabel } from './categories';
import {
  CARD_BUDGET_BYTES,
  card,
  cardBytes,
  clip,
  commandButton,
  facts,
  heading,
  monthTitle,
  periodText,
  pick,
  shortStart,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
  type SubmitAction,
} from './common';

export interface CalendarData {
  /** UTC ISO bounds of the period shown, [from, to). */
  readonly from: string;
  readonly to: string;
  /** In time order. */
  readonly items: readonly CalendarListItem[];
}

/** Item titles longer than this are cut: the card is an overview, the tab has the details. */
const TITLE_MAX = 90;

export function calendarCard(data: CalendarData, locale: Locale): AdaptiveCard {
  // Whatever the data, the card stays within budget: items that do not fit are counted instead.
  let shown = data.items.length;
  for (;;) {
    const result = build(data, shown, locale);
    if (shown === 0 || cardBytes(result) <= CARD_BUDGET_BYTES) return result;
    shown = Math.floor(shown * 0.9);
  }
}

function build(data: CalendarData, shown: number, locale: Locale): AdaptiveCard {
  const items = data.items.slice(0, shown);
  const body: CardElement[] = [
    heading(t(locale, 'bot.calendar.title', { period: periodText(data.from, data.to, locale) })),
  ];
  if (data.items.length === 0) {
    body.push(text(t(locale, 'bot.calendar.empty')));
  } else {
    body.push(
      subtle(
        t(locale, 'bot.calendar.summary', {
          count: data.items.length,
          categories: categoryCounts(
            data.items.map((i) => i.category),
            locale,
          ),
        }),
        { spacing: 'Small' },
      ),
    );
    let month = '';
    let rows: { title: string; value: string }[] = [];
    const flush = () => {
      if (rows.length > 0) body.push(facts(rows, { spacing: 'Small' }));
      rows = [];
    };
    for (const item of items) {
      const p = helsinkiParts(item.start);
      const key = `${p.year}-${p.month}`;
      if (key !== month) {
        flush();
        month = key;
        body.push(heading(monthTitle(p.year, p.month, locale), 'Medium'));
      }
      rows.push({
        // No-break spaces keep the date on one line in the narrow title column.
        title: shortStart(item.start, item.end, locale).replace(/ /g, '\u00a0'),
        value: `${clip(pick(item.title, locale), TITLE_MAX)} (${categoryLabel(item.category, locale)})`,
      });
    }
    flush();
    if (items.length < data.items.length) {
      body.push(
        subtle(t(locale, 'bot.calendar.more', { count: data.items.length - items.length }), {
          spacing: 'Medium',
        }),
      );
    }
  }
  return card(
    body,
    (['events', 'workingGroups'] as const)
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
