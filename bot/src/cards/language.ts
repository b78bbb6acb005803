/** Asks which language the bot should answer in; one tap sets it. */
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { card, heading, submitAction, text, type AdaptiveCard } from './common';
import { VERBS } from './verbs';

export interface LanguageChoiceData {
  /** The language in use now, so its button comes second. */
  readonly current: Locale;
}

export function languageChoiceCard(data: LanguageChoiceData, locale: Locale): AdaptiveCard {
  const order: readonly Locale[] = data.current === 'fi' ? ['en', 'fi'] : ['fi', 'en'];
  return card(
    [heading(t(locale, 'bot.language.title'), 'Medium'), text(t(locale, 'bot.language.ask'))],
    order.map((l) =>
      submitAction(VERBS.setLanguage, t(locale, `bot.language.${l}`), { language: l }),
    ),
  );
}
