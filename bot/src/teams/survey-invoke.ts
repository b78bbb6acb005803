/**
 * `adaptiveCard/action` invokes of survey cards: an answer, the refresh that fetches a person's
 * own view ("your answer is saved"), and "change my answer". The answer goes through the same
 * service as the signed link page; the invoke answers with the person's view of the card, and a
 * refusal (window closed, a value not offered) is shown on it in their language.
 */
import type { AdaptiveCardInvokeResponse, Activity } from 'botbuilder';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import { CARD_CONTENT_TYPE } from '../cards/common';
import { INPUT_PREFIX, surveyCard, type SurveyCardData } from '../cards/survey';
import { VERBS } from '../cards/verbs';
import { SurveyContentionError } from '../domain/errors';
import { SurveysProblem, problemText, type SurveysService } from '../domain/surveys-service';
import type { Logger } from '../log';

export interface SurveyInvokeDeps {
  readonly service: Pick<SurveysService, 'load' | 'answer' | 'hasAnswered'>;
  readonly clock: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

const VERB_SET: ReadonlySet<unknown> = new Set([
  VERBS.surveyAnswer,
  VERBS.surveyRefresh,
  VERBS.surveyChange,
]);

export function isSurveyVerb(verb: unknown): boolean {
  return VERB_SET.has(verb);
}

function messageResponse(text: string): AdaptiveCardInvokeResponse {
  // The Universal Actions message response carries a string; botbuilder types `value` as an object.
  const value = text as unknown as Record<string, unknown>;
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value };
}

export async function handleSurveyInvoke(
  activity: Partial<Activity>,
  locale: Locale,
  deps: SurveyInvokeDeps,
): Promise<AdaptiveCardInvokeResponse> {
  const value = (activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
  const verb = value.action?.verb;
  const data = (
    value.action?.data && typeof value.action.data === 'object' ? value.action.data : {}
  ) as Record<string, unknown>;
  const from = activity.from;
  const person = {
    kind: 'person' as const,
    id: from?.aadObjectId || from?.id || '',
    name: from?.name || '',
  };
  const surveyId = typeof data.surveyId === 'string' ? data.surveyId : '';
  if (!person.id || !/^[A-Za-z0-9-]{1,64}$/.test(surveyId)) {
    return messageResponse(t(locale, 'surveys.card.unknown'));
  }
  const card = (view: Omit<SurveyCardData, 'now'>): AdaptiveCardInvokeResponse => ({
    statusCode: 200,
    type: CARD_CONTENT_TYPE,
    value: { ...surveyCard({ ...view, now: deps.clock() }, locale) },
  });

  try {
    const survey = (await deps.service.load(surveyId)).value;
    if (survey.state === 'draft') return messageResponse(t(locale, 'surveys.card.unknown'));
    if (verb === VERBS.surveyRefresh) {
      const answered = await deps.service.hasAnswered(surveyId, person);
      return card({ survey, personal: { answered } });
    }
    if (verb === VERBS.surveyChange) {
      return card({ survey, personal: { answered: true, changing: true } });
    }
    const answers: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(data)) {
      if (key.startsWith(INPUT_PREFIX)) answers[key.slice(INPUT_PREFIX.length)] = v;
    }
    try {
      const saved = await deps.service.answer(surveyId, person, answers);
      // Ids only: what was answered stays out of the log.
      deps.log.info({ surveyId, replaced: saved.replaced }, 'survey answer saved');
      // The personal view itself says "your answer is saved".
      return card({ survey, personal: { answered: true } });
    } catch (error) {
      if (!(error instanceof SurveysProblem)) throw error;
      if (error.code === 'validation') {
        const fieldErrors = Object.fromEntries(
          Object.entries(error.fields ?? {}).map(([k, key]) => [k, t(locale, key)]),
        );
        const answered = await deps.service.hasAnswered(surveyId, person);
        return card({
          survey,
          personal: { answered, changing: true },
          fieldErrors,
          notice: { text: t(locale, 'surveys.card.fixAnswers'), good: false },
        });
      }
      deps.log.info({ surveyId, refusal: error.code }, 'survey answer refused');
      return card({ survey, notice: { text: problemText(error, locale), good: false } });
    }
  } catch (error) {
    if (error instanceof SurveysProblem && error.status === 404) {
      return messageResponse(t(locale, 'surveys.card.unknown'));
    }
    if (error instanceof SurveyContentionError)
      return messageResponse(t(locale, 'surveys.error.busy'));
    deps.log.error({ err: error, surveyId }, 'survey card action failed');
    return messageResponse(t(locale, 'surveys.card.failed'));
  }
}
