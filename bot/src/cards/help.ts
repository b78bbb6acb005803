/** Every command with one line of explanation, and buttons for the most used ones. */
import { COMMAND_IDS, commandWord, type CommandId } from '../domain/commands';
import type { GuideTexts } from '../domain/content';
import { t, type Locale } from '../i18n';
import {
  card,
  commandButton,
  facts,
  heading,
  pick,
  text,
  type AdaptiveCard,
  type SubmitAction,
} from './common';

export interface HelpData {
  readonly guide: GuideTexts;
  /** In a channel or group chat commands start with an @mention of the bot. */
  readonly scope: 'personal' | 'channel';
  readonly botName: string;
}

const BUTTONS: readonly CommandId[] = ['calendar', 'events', 'workingGroups', 'contacts'];

export function helpCard(data: HelpData, locale: Locale): AdaptiveCard {
  const prefix = data.scope === 'channel' ? `@${data.botName} ` : '';
  const commands = COMMAND_IDS.filter((c) => data.scope === 'channel' || c !== 'postHere');
  return card(
    [
      heading(t(locale, 'bot.help.title')),
      text(pick(data.guide.helpIntro, locale)),
      facts(
        commands.map((c) => ({
          title: `${prefix}${commandWord(c, locale)}`,
          value: t(locale, `bot.cmd.${c}`),
        })),
        { spacing: 'Medium' },
      ),
    ],
    BUTTONS.map((c) => commandButton(c, locale)).filter((a): a is SubmitAction => a !== undefined),
  );
}
