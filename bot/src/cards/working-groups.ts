/** The working groups, the unit responsible for each, and each group's next meeting. */
import type { CalendarListItem, UnitInfo, WorkingGroupInfo } from '../domain/bot-readers';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  card,
  commandButton,
  facts,
  heading,
  pick,
  shortWhen,
  submitAction,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Fact,
} from './common';
import { VERBS } from './verbs';

export interface WorkingGroupsData {
  readonly groups: readonly WorkingGroupInfo[];
  readonly units: readonly UnitInfo[];
  /** The next meeting of each group, by group id. */
  readonly nextMeetings: Readonly<Record<string, CalendarListItem>>;
}

export function workingGroupsCard(data: WorkingGroupsData, locale: Locale): AdaptiveCard {
  const unitNames = new Map(data.units.map((u) => [u.id, pick(u.name, locale)]));
  const body: CardElement[] = [
    heading(t(locale, 'bot.groups.title')),
    text(t(locale, data.groups.length === 0 ? 'bot.groups.empty' : 'bot.groups.intro')),
  ];
  for (const group of data.groups) {
    const rows: Fact[] = [];
    const unit = group.unitId ? unitNames.get(group.unitId) : undefined;
    if (unit) rows.push({ title: t(locale, 'bot.groups.unit'), value: unit });
    const next = data.nextMeetings[group.id];
    rows.push({
      title: t(locale, 'bot.groups.next'),
      value: next ? shortWhen(next.start, next.end, locale) : t(locale, 'bot.groups.noNext'),
    });
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(pick(group.name, locale), { weight: 'Bolder' }),
        facts(rows, { spacing: 'Small' }),
      ],
    });
  }
  const actions: CardAction[] = [
    submitAction(VERBS.showHouseRules, t(locale, 'bot.action.houseRules'), {
      rule: 'workingGroups',
    }),
  ];
  const calendar = commandButton('calendar', locale);
  if (calendar) actions.push(calendar);
  return card(body, actions);
}
