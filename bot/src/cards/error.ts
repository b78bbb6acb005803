/** A short, friendly failure in the person's language; the reference ties it to the log lines. */
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  card,
  commandButton,
  facts,
  heading,
  text,
  type AdaptiveCard,
  type SubmitAction,
} from './common';

export interface ErrorData {
  /** The turn's id, as logged. */
  readonly reference: string;
}

export function errorCard(data: ErrorData, locale: Locale): AdaptiveCard {
  const help = commandButton('help', locale);
  return card(
    [
      heading(t(locale, 'bot.error.title'), 'Medium'),
      text(t(locale, 'bot.error.text')),
      facts([{ title: t(locale, 'bot.error.reference'), value: data.reference }]),
    ],
    help ? [help satisfies SubmitAction] : [],
  );
}
