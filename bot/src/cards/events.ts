/** The next events: what, when, who hosts, where, and the working group it belongs to. */
import type { CalendarListItem } from '../domain/bot-readers';
import type { Bilingual } from '../domain/content';
import { t, type Locale, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { categoryLabel } from './categories';
import {
  card,
  commandButton,
  facts,
  heading,
  pick,
  shortWhen,
  text,
  type AdaptiveCard,
  type CardElement,
  type Fact,
  type SubmitAction,
} from './common';

export interface ComingEventsData {
  /** In time order, already limited to what the card should show. */
  readonly items: readonly CalendarListItem[];
  /** How far ahead was looked, for the empty text. */
  readonly days: number;
  /** Working group names by id. */
  readonly groups: Readonly<Record<string, Bilingual<string>>>;
}

const PLACES: Readonly<Record<string, MessageKey>> = {
  teams: 'bot.place.teams',
  hybrid: 'bot.place.hybrid',
  tbd: 'bot.place.tbd',
};

/** A place code in words; anything else (an address) as it is. */
export function placeText(place: string, locale: Locale): string {
  const key = PLACES[place];
  return key ? t(locale, key) : place;
}

export function comingEventsCard(data: ComingEventsData, locale: Locale): AdaptiveCard {
  const body: CardElement[] = [heading(t(locale, 'bot.events.title'))];
  if (data.items.length === 0) {
    body.push(text(t(locale, 'bot.events.empty', { days: data.days })));
  }
  for (const item of data.items) {
    const rows: Fact[] = [
      { title: t(locale, 'bot.events.when'), value: shortWhen(item.start, item.end, locale) },
      { title: t(locale, 'bot.events.category'), value: categoryLabel(item.category, locale) },
    ];
    const host = pick(item.host, locale);
    if (host.trim() !== '') rows.push({ title: t(locale, 'bot.events.host'), value: host });
    if (item.place.trim() !== '') {
      rows.push({ title: t(locale, 'bot.events.place'), value: placeText(item.place, locale) });
    }
    const group = item.workingGroupId ? data.groups[item.workingGroupId] : undefined;
    if (group) rows.push({ title: t(locale, 'bot.events.group'), value: pick(group, locale) });
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(pick(item.title, locale), { weight: 'Bolder' }),
        facts(rows, { spacing: 'Small' }),
      ],
    });
  }
  return card(
    body,
    (['calendar', 'workingGroups'] as const)
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
