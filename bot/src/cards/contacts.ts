/** Who to contact: the coordinator for the whole city, then the contact persons of each unit. */
import type { ContactInfo, UnitInfo } from '../domain/bot-readers';
import type { GuideTexts } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  card,
  commandButton,
  facts,
  heading,
  pick,
  text,
  type AdaptiveCard,
  type CardElement,
  type Fact,
  type SubmitAction,
} from './common';

export interface ContactsData {
  readonly guide: GuideTexts;
  readonly units: readonly UnitInfo[];
  readonly contacts: readonly ContactInfo[];
}

function person(c: ContactInfo): string {
  return `${c.name}, ${c.upn}`;
}

export function contactsCard(data: ContactsData, locale: Locale): AdaptiveCard {
  const body: CardElement[] = [heading(t(locale, 'bot.contacts.title'))];
  if (data.contacts.length === 0) {
    body.push(text(t(locale, 'bot.contacts.empty')));
  } else {
    body.push(text(pick(data.guide.contactsIntro, locale)));
    const rows: Fact[] = [];
    const coordinators = data.contacts.filter((c) => c.role === 'coordinator');
    if (coordinators.length > 0) {
      rows.push({
        title: t(locale, 'bot.contacts.citywide'),
        value: coordinators.map((c) => `${c.name} (${pick(c.title, locale)}), ${c.upn}`).join('; '),
      });
    }
    for (const unit of data.units) {
      const people = data.contacts.filter((c) => c.role === 'contact' && c.units.includes(unit.id));
      rows.push({
        title: pick(unit.name, locale),
        value: people.length > 0 ? people.map(person).join('; ') : t(locale, 'bot.contacts.none'),
      });
    }
    body.push(facts(rows, { spacing: 'Medium' }));
  }
  return card(
    body,
    (['roles', 'workingGroups'] as const)
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
