/** Posted once when the app is added to a team or a group chat: what the bot does, how to ask. */
import { commandWord } from '../domain/commands';
import type { GuideTexts } from '../domain/content';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  card,
  commandButton,
  heading,
  pick,
  text,
  type AdaptiveCard,
  type CardAction,
} from './common';

export interface WelcomeTeamData {
  readonly scope: 'team' | 'groupChat';
  readonly guide: GuideTexts;
  /** The bot's display name, as people @mention it. */
  readonly botName: string;
  /** Name of the channel posts go to (team only); absent = General. */
  readonly postChannelName?: string;
}

export function welcomeTeamCard(data: WelcomeTeamData, locale: Locale): AdaptiveCard {
  const title = data.scope === 'team' ? 'bot.welcomeTeam.title' : 'bot.welcomeGroup.title';
  const body = [
    heading(t(locale, title)),
    text(pick(data.guide.welcomeTeam, locale)),
    text(
      t(locale, 'bot.welcomeTeam.howTo', {
        bot: data.botName,
        example: commandWord('calendar', locale),
      }),
    ),
  ];
  if (data.scope === 'team') {
    body.push(
      text(
        t(locale, 'bot.welcomeTeam.postChannel', {
          channel: data.postChannelName ?? t(locale, 'bot.channel.general'),
          command: commandWord('postHere', locale),
        }),
        { isSubtle: true },
      ),
    );
  }
  const actions = (['help', 'calendar', 'events'] as const)
    .map((c) => commandButton(c, locale))
    .filter((a): a is NonNullable<typeof a> => a !== undefined) satisfies CardAction[];
  return card(body, actions);
}
