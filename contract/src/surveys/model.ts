/**
 * Surveys: the association survey (May) and the key persons' survey (November) of the 2021
 * pilot, and any survey a coordinator builds like them. Pure types and small rules, shared by
 * the bot, the cards and the tab.
 */
import type { Audit, LocalizedText } from '../events/model';

/**
 * The kinds of question: a 1–5 agreement scale with "en osaa sanoa", good / moderate / poor,
 * one choice, several choices, free text.
 */
export const QUESTION_KINDS = ['agreement', 'rating', 'single', 'multiple', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The answers of an agreement question: 1 (fully disagree) … 5 (fully agree), and "don't know". */
export const AGREEMENT_VALUES = ['1', '2', '3', '4', '5', 'dontKnow'] as const;
export type AgreementValue = (typeof AGREEMENT_VALUES)[number];
/** The answers that count as agreeing ("täysin tai jokseenkin samaa mieltä"). */
export const AGREEING: readonly string[] = ['4', '5'];

export const RATING_VALUES = ['good', 'moderate', 'poor'] as const;
export type RatingValue = (typeof RATING_VALUES)[number];

/** The four areas of cooperation the report measures. */
export const AREAS = ['grants', 'premises', 'events', 'communication'] as const;
export type Area = (typeof AREAS)[number];

export const AUDIENCES = ['associations', 'keyPersons'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const SURVEY_STATES = ['draft', 'open', 'closed'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

export const TEMPLATE_IDS = ['associationSurvey', 'keyPersonsSurvey'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** A result over fewer answers than this is shown only as "too few answers". */
export const MIN_GROUP = 5;

export interface QuestionOption {
  readonly id: string;
  readonly text: LocalizedText;
}

export interface Question {
  readonly id: string;
  readonly kind: QuestionKind;
  readonly text: LocalizedText;
  /** Choice questions only. */
  readonly options: readonly QuestionOption[];
  readonly required: boolean;
  readonly area?: Area;
}

/** What a coordinator sets; the rest (id, state, audit) the service keeps. */
export interface SurveyDraft {
  readonly title: LocalizedText;
  readonly intro: LocalizedText;
  readonly audience: Audience;
  /** Anonymous (default): nobody's id, name or association is kept with an answer. */
  readonly anonymous: boolean;
  /** UTC ISO: 00.00 Helsinki time of the first day; `closesAt` 00.00 of the day after the last. */
  readonly opensAt: string;
  readonly closesAt: string;
  readonly questions: readonly Question[];
  /** The report's survey this one follows, for the indicators year by year. */
  readonly template?: TemplateId;
}

export interface Survey extends SurveyDraft, Audit {
  readonly id: string;
  readonly state: SurveyState;
  /** The Helsinki year of `opensAt`: the year the results are counted for. */
  readonly year: number;
  readonly copiedFrom?: string;
  /** When the coordinator opened it for answers (UTC ISO). */
  readonly openedAt?: string;
}

/** One person's (or association's) answer: question id → value(s) or text. */
export type AnswerValue = string | readonly string[];
export type Answers = Readonly<Record<string, AnswerValue>>;

/** The values a question accepts; free text has none. */
export function valuesOf(question: Pick<Question, 'kind' | 'options'>): readonly string[] {
  switch (question.kind) {
    case 'agreement':
      return AGREEMENT_VALUES;
    case 'rating':
      return RATING_VALUES;
    case 'single':
    case 'multiple':
      return question.options.map((o) => o.id);
    case 'text':
      return [];
  }
}

export type WindowState = 'draft' | 'notYet' | 'open' | 'closed';

/** Whether answers are taken now: the survey opened by the coordinator, and inside its window. */
export function windowState(
  survey: Pick<Survey, 'state' | 'opensAt' | 'closesAt'>,
  now: Date,
): WindowState {
  if (survey.state === 'draft') return 'draft';
  if (survey.state === 'closed') return 'closed';
  const t = now.toISOString();
  if (t < survey.opensAt) return 'notYet';
  if (t >= survey.closesAt) return 'closed';
  return 'open';
}
