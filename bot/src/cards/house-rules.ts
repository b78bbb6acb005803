/** The four house-rule posters to choose from, one button on a row each (long titles fit). */
import type { HouseRule } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { actionSet, card, heading, pick, submitAction, text, type AdaptiveCard } from './common';
import { VERBS } from './verbs';

export interface HouseRulesData {
  readonly rules: readonly HouseRule[];
}

export function houseRulesCard(data: HouseRulesData, locale: Locale): AdaptiveCard {
  return card([
    heading(t(locale, 'bot.houseRules.title')),
    text(t(locale, 'bot.houseRules.intro')),
    ...data.rules.map((rule, i) =>
      actionSet(
        [submitAction(VERBS.showHouseRules, pick(rule.title, locale), { rule: rule.kind })],
        i === 0 ? 'Medium' : 'Small',
      ),
    ),
  ]);
}
