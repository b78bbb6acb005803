/** The greeting in a personal chat: what to ask, and the reply language with a one-tap switch. */
import { COMMAND_IDS, commandWord } from '../domain/commands';
import type { GuideTexts } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  actionSet,
  card,
  commandButton,
  facts,
  heading,
  pick,
  submitAction,
  subtle,
  text,
  type AdaptiveCard,
  type SubmitAction,
} from './common';
import { VERBS } from './verbs';

export interface WelcomePersonalData {
  readonly guide: GuideTexts;
}

/** Commands that make sense in a personal chat (choosing a team channel does not). */
const PERSONAL_COMMANDS = COMMAND_IDS.filter((c) => c !== 'postHere' && c !== 'publishCalendar');

export function welcomePersonalCard(data: WelcomePersonalData, locale: Locale): AdaptiveCard {
  const other = locale === 'fi' ? 'en' : 'fi';
  return card(
    [
      heading(t(locale, 'bot.welcomePersonal.title')),
      text(pick(data.guide.welcomePersonal, locale)),
      facts(
        PERSONAL_COMMANDS.map((c) => ({
          title: commandWord(c, locale),
          value: t(locale, `bot.cmd.${c}`),
        })),
      ),
      subtle(t(locale, 'bot.welcomePersonal.language'), { spacing: 'Medium' }),
      actionSet(
        [submitAction(VERBS.setLanguage, t(locale, `bot.language.${other}`), { language: other })],
        'Small',
      ),
    ],
    (['calendar', 'events', 'contacts'] as const)
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
