/**
 * A survey's results as a card the coordinator can post in the channel: per question one
 * sentence (the share agreeing, or good / moderate / poor) and the counts; a question with
 * fewer than five answers says only "too few answers". Free answers are never on it.
 */
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import { t, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import type { Question, Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import {
  percent,
  type QuestionResult,
  type SurveyResults,
} from '@yhdistysyhteistyo/contract/surveys/results';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import {
  card,
  clip,
  facts,
  heading,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
} from './common';

export interface SurveyResultsData {
  readonly survey: Survey;
  readonly results: SurveyResults;
}

function label(question: Question | undefined, value: string, locale: Locale): string {
  const option = question?.options.find((o) => o.id === value);
  return option
    ? localized(option.text, locale)
    : t(locale, `surveys.value.${value}` as MessageKey);
}

/** One sentence per question, the same words as the tab's text summary. */
export function resultSentence(
  r: QuestionResult,
  question: Question | undefined,
  locale: Locale,
): string {
  if (r.tooFew) return t(locale, 'surveys.results.tooFew');
  const bars = r.distribution ?? [];
  const share = (v: string) => percent(bars.find((b) => b.value === v)?.share ?? 0, locale);
  switch (r.kind) {
    case 'agreement':
      return t(locale, 'surveys.results.summaryAgreement', {
        n: r.n,
        share: percent(r.agreeShare ?? 0, locale),
      });
    case 'rating':
      return t(locale, 'surveys.results.summaryRating', {
        n: r.n,
        good: share('good'),
        moderate: share('moderate'),
        poor: share('poor'),
      });
    case 'text':
      return t(locale, 'surveys.results.summaryText', { n: r.n });
    default: {
      const top = [...bars].sort((a, b) => b.count - a.count)[0];
      return t(locale, 'surveys.results.summaryChoice', {
        n: r.n,
        top: top ? label(question, top.value, locale) : '',
        share: percent(top?.share ?? 0, locale),
      });
    }
  }
}

export function surveyResultsCard(data: SurveyResultsData, locale: Locale): AdaptiveCard {
  const { survey, results } = data;
  const body: CardElement[] = [
    heading(clip(localized(survey.title, locale), 200)),
    subtle(t(locale, 'surveys.tab.respondents', { n: results.respondents })),
  ];
  results.questions.forEach((r, i) => {
    const question = survey.questions.find((q) => q.id === r.id);
    body.push(
      text(`${i + 1}. ${clip(localized(r.text, locale), 300)}`, {
        weight: 'Bolder',
        spacing: 'Medium',
      }),
    );
    body.push(text(resultSentence(r, question, locale), { spacing: 'Small' }));
    if (!r.tooFew && r.kind !== 'text' && r.distribution) {
      body.push(
        facts(
          r.distribution.map((b) => ({
            title: clip(label(question, b.value, locale), 80),
            value: `${b.count} · ${percent(b.share, locale)}`,
          })),
          { spacing: 'Small' },
        ),
      );
    }
  });
  return card(body);
}
