/** One of the four house-rule posters (huoneentaulut): its title, whom it is for, the rules. */
import type { HouseRule } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { bullets, card, heading, pick, submitAction, text, type AdaptiveCard } from './common';
import { VERBS } from './verbs';

export function houseRuleCard(rule: HouseRule, locale: Locale): AdaptiveCard {
  return card(
    [
      heading(pick(rule.title, locale)),
      text(pick(rule.intro, locale)),
      bullets(pick(rule.points, locale)),
    ],
    [submitAction(VERBS.showHouseRules, t(locale, 'bot.houseRules.all'))],
  );
}
