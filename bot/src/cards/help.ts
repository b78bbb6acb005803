/** Every command with one line of explanation, and buttons for the most used ones. */
import { COMMAND_IDS, commandWord, type CommandId } from '../domain/commands';
import type { GuideTexts } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  card,
  commandButton,
  facts,
  heading,
  pick,
  text,
  subtle,
  type AdaptiveCard,
  type CardElement,
  type SubmitAction,
} from './common';

export interface HelpData {
  readonly guide: GuideTexts;
  /** In a channel or group chat commands start with an @mention of the bot. */
  readonly scope: 'personal' | 'channel';
  readonly botName: string;
}

/** Three buttons fit a card's width in Teams without their labels being cut. */
const BUTTONS: readonly CommandId[] = ['calendar', 'events', 'contacts'];

export function helpCard(data: HelpData, locale: Locale): AdaptiveCard {
  const commands = COMMAND_IDS.filter((c) => data.scope === 'channel' || c !== 'postHere');
  const body: CardElement[] = [
    heading(t(locale, 'bot.help.title')),
    text(pick(data.guide.helpIntro, locale)),
  ];
  if (data.scope === 'channel') {
    body.push(
      subtle(
        t(locale, 'bot.help.example', {
          example: `@${data.botName} ${commandWord('calendar', locale)}`,
        }),
      ),
    );
  }
  body.push(
    facts(
      commands.map((c) => ({ title: commandWord(c, locale), value: t(locale, `bot.cmd.${c}`) })),
      { spacing: 'Medium' },
    ),
  );
  return card(
    body,
    BUTTONS.map((c) => commandButton(c, locale)).filter((a): a is SubmitAction => a !== undefined),
  );
}
