/** Roles and responsibilities of the cooperation, from the city-editable content. */
import type { RoleDescription } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  bullets,
  card,
  commandButton,
  heading,
  pick,
  text,
  type AdaptiveCard,
  type CardElement,
  type SubmitAction,
} from './common';

export interface RolesData {
  readonly roles: readonly RoleDescription[];
}

export function rolesCard(data: RolesData, locale: Locale): AdaptiveCard {
  const body: CardElement[] = [heading(t(locale, 'bot.roles.title'))];
  for (const role of data.roles) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        heading(pick(role.title, locale), 'Medium'),
        text(pick(role.summary, locale), { spacing: 'Small' }),
        bullets(pick(role.duties, locale)),
      ],
    });
  }
  return card(
    body,
    (['contacts', 'houseRules'] as const)
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
