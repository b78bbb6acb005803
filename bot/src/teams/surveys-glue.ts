/**
 * Connects surveys to the bot: the survey cards' actions (answers, the personal view, changing).
 * What the bot posts of a survey (the opening card, reminders, the results) goes through the
 * delivery outbox (`compose/surveys.ts`, `compose/post-renderer.ts`).
 */
import type { SurveysService } from '../domain/surveys-service';
import type { Logger } from '../log';
import type { BotSide } from './events-glue';
import { handleSurveyInvoke, isSurveyVerb } from './survey-invoke';

export function connectSurveysToTeams(
  service: SurveysService,
  bot: Pick<BotSide, 'useCardInvokes'>,
  teams: {
    readonly log: Logger;
    readonly clock?: () => Date;
  },
): void {
  const clock = teams.clock ?? (() => new Date());
  bot.useCardInvokes({
    handles: isSurveyVerb,
    handle: (activity, locale) =>
      handleSurveyInvoke(activity, locale, { service, clock, log: teams.log }),
  });
}
