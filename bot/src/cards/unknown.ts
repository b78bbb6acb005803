/** The answer to text that is no command: what was not understood and the closest commands. */
import type { CommandId } from '../domain/commands';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { card, commandButton, heading, text, type AdaptiveCard, type SubmitAction } from './common';

export interface UnknownCommandData {
  /** What the person wrote (mention removed); empty when they only mentioned the bot. */
  readonly text: string;
  readonly suggestions: readonly CommandId[];
}

/** The person's own words, shortened and unable to look like a template expression. */
function quoted(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return short.replace(/\$\{/g, '$ {');
}

export function unknownCommandCard(data: UnknownCommandData, locale: Locale): AdaptiveCard {
  // At most three buttons (wider rows get their labels cut in Teams), help always among them.
  const closest = data.suggestions.filter((c) => c !== 'help').slice(0, 2);
  const suggestions: CommandId[] = [...closest, 'help'];
  return card(
    [
      heading(t(locale, 'bot.unknown.title'), 'Medium'),
      text(
        data.text.trim() === ''
          ? t(locale, 'bot.unknown.empty')
          : t(locale, 'bot.unknown.text', { text: quoted(data.text.trim()) }),
      ),
    ],
    suggestions
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
