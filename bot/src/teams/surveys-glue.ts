/**
 * Connects surveys to the bot: the survey cards' actions (answers, the personal view, changing)
 * and the post of the survey card to the team's channel when a survey opens.
 */
import type { CloudAdapter } from 'botbuilder';
import { attachment, type AdaptiveCard } from '../cards/common';
import { surveyCard } from '../cards/survey';
import { surveyResultsCard } from '../cards/survey-results';
import type { InstallationStore } from '../domain/installations';
import type { SurveysService } from '../domain/surveys-service';
import type { Logger } from '../log';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import type { BotSide } from './events-glue';
import { TeamPublisher } from './proactive';
import { handleSurveyInvoke, isSurveyVerb } from './survey-invoke';

export function connectSurveysToTeams(
  service: SurveysService,
  bot: Pick<BotSide, 'useCardInvokes'>,
  teams: {
    readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
    readonly installations: Pick<InstallationStore, 'listActive' | 'postTarget' | 'markGone'>;
    readonly botAppId: string;
    readonly log: Logger;
    /** The language of cards posted to the channel. */
    readonly locale?: Locale;
    readonly clock?: () => Date;
  },
): void {
  const clock = teams.clock ?? (() => new Date());
  bot.useCardInvokes({
    handles: isSurveyVerb,
    handle: (activity, locale) =>
      handleSurveyInvoke(activity, locale, { service, clock, log: teams.log }),
  });
  const publisher = new TeamPublisher(
    teams.adapter,
    teams.botAppId,
    teams.installations,
    teams.log,
    clock,
  );
  const postCard = async (content: AdaptiveCard): Promise<'posted' | 'notPosted'> => {
    const team = (await teams.installations.listActive('team'))[0];
    if (!team || team.key.kind !== 'team') return 'notPosted';
    const result = await publisher.postToTeam(team.key.teamId, {
      type: 'message',
      attachments: [attachment(content)],
    });
    if (!result.ok && result.reason === 'failed') throw new Error('the card was not posted');
    return result.ok ? 'posted' : 'notPosted';
  };
  service.usePublisher({
    postResults: (survey, results) =>
      postCard(surveyResultsCard({ survey, results }, teams.locale ?? 'fi')),
    async post(survey) {
      const team = (await teams.installations.listActive('team'))[0];
      if (!team || team.key.kind !== 'team') return 'notPosted';
      const card = surveyCard({ survey, now: clock() }, teams.locale ?? 'fi');
      const result = await publisher.postToTeam(team.key.teamId, {
        type: 'message',
        attachments: [attachment(card as unknown as AdaptiveCard)],
      });
      if (!result.ok) {
        if (result.reason === 'failed') throw new Error('the survey card was not posted');
        return 'notPosted';
      }
      teams.log.info({ surveyId: survey.id, activityId: result.activityId }, 'survey card posted');
      return 'posted';
    },
  });
}
