/**
 * The survey card: the questions as inputs and a send button (Action.Execute), posted in the
 * team's channel and sent in personal chat. After answering, a person's view of the card says
 * "your answer is saved" with a change button until the window closes; the card never shows
 * what anyone answered (answers are anonymous unless the survey says otherwise).
 */
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import { t, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { valuesOf, windowState, type Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { MAX_FREE_TEXT } from '@yhdistysyhteistyo/contract/surveys/schemas';
import { formatDate, type Locale } from '@yhdistysyhteistyo/contract/time';
import {
  clip,
  facts,
  heading,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
  type ExecuteAction,
} from './common';
import { VERBS } from './verbs';

/** Universal Actions refresh lists at most 60 users. */
const MAX_REFRESH_USERS = 60;
/** Inputs are named `q:<question id>`, apart from the action's own data. */
export const INPUT_PREFIX = 'q:';

export interface SurveyCardData {
  readonly survey: Survey;
  readonly now: Date;
  /** The personal view: whether this person has answered, and whether they chose to change it. */
  readonly personal?: { readonly answered: boolean; readonly changing?: boolean };
  /** A line at the top: saved, or why the answer was not taken. */
  readonly notice?: { readonly text: string; readonly good: boolean };
  /** Messages by question id, shown under the question. */
  readonly fieldErrors?: Readonly<Record<string, string>>;
  /** Teams user ids whose clients fetch their personal view automatically (≤ 60). */
  readonly refreshUserIds?: readonly string[];
}

interface ChoiceSet {
  readonly type: 'Input.ChoiceSet';
  readonly id: string;
  readonly label: string;
  readonly style: 'expanded';
  readonly isMultiSelect: boolean;
  readonly choices: readonly { readonly title: string; readonly value: string }[];
  readonly errorMessage?: string;
  readonly spacing: 'Medium';
}
interface InputText {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly label: string;
  readonly isMultiline: true;
  readonly maxLength: number;
  readonly errorMessage?: string;
  readonly spacing: 'Medium';
}

export type SurveyCard = Omit<AdaptiveCard, 'body'> & {
  readonly body: readonly (CardElement | ChoiceSet | InputText)[];
  readonly refresh?: { readonly action: ExecuteAction; readonly userIds?: readonly string[] };
};

/** The last day of answering, as people say it: the window ends at 00.00 of the day after. */
export function lastDay(survey: Pick<Survey, 'closesAt'>, locale: Locale): string {
  return formatDate(new Date(Date.parse(survey.closesAt) - 12 * 3_600_000).toISOString(), locale);
}

function questionInputs(
  data: SurveyCardData,
  locale: Locale,
): (CardElement | ChoiceSet | InputText)[] {
  const out: (CardElement | ChoiceSet | InputText)[] = [];
  data.survey.questions.forEach((q, i) => {
    const label = `${i + 1}. ${clip(localized(q.text, locale), 500)}`;
    const error = data.fieldErrors?.[q.id];
    if (error) {
      out.push(text(error, { color: 'Attention', weight: 'Bolder', spacing: 'Medium' }));
    }
    if (q.kind === 'text') {
      out.push({
        type: 'Input.Text',
        id: `${INPUT_PREFIX}${q.id}`,
        label,
        isMultiline: true,
        maxLength: MAX_FREE_TEXT,
        spacing: 'Medium',
        ...(error ? { errorMessage: error } : {}),
      });
      return;
    }
    out.push({
      type: 'Input.ChoiceSet',
      id: `${INPUT_PREFIX}${q.id}`,
      label,
      style: 'expanded',
      isMultiSelect: q.kind === 'multiple',
      choices: valuesOf(q).map((v) => {
        const option = q.options.find((o) => o.id === v);
        return {
          title: option
            ? clip(localized(option.text, locale), 200)
            : t(locale, `surveys.value.${v}` as MessageKey),
          value: v,
        };
      }),
      spacing: 'Medium',
      ...(error ? { errorMessage: error } : {}),
    });
  });
  return out;
}

export function surveyCard(data: SurveyCardData, locale: Locale): SurveyCard {
  const { survey } = data;
  const state = windowState(survey, data.now);
  const body: (CardElement | ChoiceSet | InputText)[] = [
    heading(clip(localized(survey.title, locale), 200)),
  ];
  if (data.notice) {
    body.push({
      type: 'Container',
      style: data.notice.good ? 'good' : 'attention',
      items: [text(data.notice.text, { weight: 'Bolder' })],
    });
  }
  const intro = localized(survey.intro, locale).trim();
  if (intro !== '') body.push(text(clip(intro, 1000)));
  body.push(
    facts(
      [
        {
          title: t(locale, 'surveys.card.windowTitle'),
          value: `${formatDate(survey.opensAt, locale)}–${lastDay(survey, locale)}`,
        },
      ],
      { spacing: 'Medium' },
    ),
  );
  body.push(subtle(t(locale, survey.anonymous ? 'surveys.card.anonymous' : 'surveys.card.named')));

  const actions: ExecuteAction[] = [];
  if (state === 'closed') {
    body.push(text(t(locale, 'surveys.card.closed'), { weight: 'Bolder', spacing: 'Medium' }));
  } else if (data.personal?.answered && !data.personal.changing) {
    body.push({
      type: 'Container',
      style: 'good',
      spacing: 'Medium',
      items: [
        text(t(locale, 'surveys.card.saved'), { weight: 'Bolder' }),
        subtle(t(locale, 'surveys.card.savedChange', { date: lastDay(survey, locale) }), {
          spacing: 'Small',
        }),
      ],
    });
    actions.push({
      type: 'Action.Execute',
      title: t(locale, 'surveys.card.change'),
      verb: VERBS.surveyChange,
      data: { surveyId: survey.id },
    });
  } else {
    if (data.personal?.answered)
      body.push(subtle(t(locale, 'surveys.card.replaces'), { spacing: 'Medium' }));
    body.push(...questionInputs(data, locale));
    actions.push({
      type: 'Action.Execute',
      title: t(locale, 'surveys.card.send'),
      verb: VERBS.surveyAnswer,
      data: { surveyId: survey.id },
      style: 'positive',
    });
  }
  const refreshUsers = (data.refreshUserIds ?? []).slice(0, MAX_REFRESH_USERS);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    refresh: {
      action: {
        type: 'Action.Execute',
        title: t(locale, 'surveys.card.showMine'),
        verb: VERBS.surveyRefresh,
        data: { surveyId: survey.id },
      },
      ...(refreshUsers.length > 0 ? { userIds: refreshUsers } : {}),
    },
  };
}
