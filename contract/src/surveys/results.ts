/**
 * Results of a survey, pure: a running tally that each answer adds to (and a changed answer
 * takes its old part out of), and the results view computed from it — per question the
 * distribution, the share agreeing (4–5), the count, and "too few answers" below `MIN_GROUP`.
 */
import type { LocalizedText } from '../events/model';
import {
  AGREEING,
  MIN_GROUP,
  valuesOf,
  type Answers,
  type Question,
  type QuestionKind,
} from './model';

/** One question's counts: how many answered it, and how many chose each value. */
export interface QuestionTally {
  readonly n: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** The tally of a survey (or a part of it): respondents, and counts by question id. */
export interface Tally {
  readonly respondents: number;
  readonly questions: Readonly<Record<string, QuestionTally>>;
}

export const EMPTY_TALLY: Tally = { respondents: 0, questions: {} };

/**
 * What one answer adds to the tally. Free text counts as answered; its words stay out of the
 * tally (they are listed from the answers themselves).
 */
export function contribution(questions: readonly Question[], answers: Answers): Tally {
  const out: Record<string, QuestionTally> = {};
  for (const q of questions) {
    const value = answers[q.id];
    if (value === undefined) continue;
    const counts: Record<string, number> = {};
    if (q.kind !== 'text')
      for (const v of typeof value === 'string' ? [value] : value) counts[v] = 1;
    out[q.id] = { n: 1, counts };
  }
  return { respondents: 1, questions: out };
}

/** `a + sign·b`, counts never below zero and zero counts dropped. */
export function addTally(a: Tally, b: Tally, sign: 1 | -1 = 1): Tally {
  const questions: Record<string, QuestionTally> = {};
  const ids = new Set([...Object.keys(a.questions), ...Object.keys(b.questions)]);
  for (const id of ids) {
    const qa = a.questions[id] ?? { n: 0, counts: {} };
    const qb = b.questions[id] ?? { n: 0, counts: {} };
    const counts: Record<string, number> = {};
    for (const key of new Set([...Object.keys(qa.counts), ...Object.keys(qb.counts)])) {
      const c = Math.max(0, (qa.counts[key] ?? 0) + sign * (qb.counts[key] ?? 0));
      if (c > 0) counts[key] = c;
    }
    const n = Math.max(0, qa.n + sign * qb.n);
    if (n > 0) questions[id] = { n, counts };
  }
  return { respondents: Math.max(0, a.respondents + sign * b.respondents), questions };
}

export function sumTallies(parts: readonly Tally[]): Tally {
  return parts.reduce((sum, t) => addTally(sum, t), EMPTY_TALLY);
}

/** The tally of the answers themselves (a hand count; what the running tally must equal). */
export function tallyOf(questions: readonly Question[], all: readonly Answers[]): Tally {
  return sumTallies(all.map((a) => contribution(questions, a)));
}

export interface Bar {
  readonly value: string;
  readonly count: number;
  /** 0…1 of those who answered the question (several choices: of people, so they add over 1). */
  readonly share: number;
}

export interface QuestionResult {
  readonly id: string;
  readonly kind: QuestionKind;
  readonly text: LocalizedText;
  /** How many answered this question. */
  readonly n: number;
  /** Fewer than MIN_GROUP answers: nothing else is shown. */
  readonly tooFew: boolean;
  readonly distribution?: readonly Bar[];
  /** Agreement: share of 4–5 of all who answered (as the report counts, "en osaa sanoa" included). */
  readonly agreeShare?: number;
  /** Good / moderate / poor: share of "good". */
  readonly goodShare?: number;
}

export interface SurveyResults {
  readonly respondents: number;
  /** Fewer than MIN_GROUP respondents in all. */
  readonly tooFew: boolean;
  readonly questions: readonly QuestionResult[];
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function questionResult(
  question: Question,
  tally: QuestionTally | undefined,
): QuestionResult {
  const n = tally?.n ?? 0;
  const base = { id: question.id, kind: question.kind, text: question.text, n };
  if (n < MIN_GROUP) return { ...base, tooFew: true };
  if (question.kind === 'text') return { ...base, tooFew: false };
  const counts = tally?.counts ?? {};
  const distribution = valuesOf(question).map((value) => ({
    value,
    count: counts[value] ?? 0,
    share: round((counts[value] ?? 0) / n),
  }));
  const agree = AGREEING.reduce((s, v) => s + (counts[v] ?? 0), 0);
  return {
    ...base,
    tooFew: false,
    distribution,
    ...(question.kind === 'agreement' ? { agreeShare: round(agree / n) } : {}),
    ...(question.kind === 'rating' ? { goodShare: round((counts.good ?? 0) / n) } : {}),
  };
}

export function computeResults(questions: readonly Question[], tally: Tally): SurveyResults {
  const tooFew = tally.respondents < MIN_GROUP;
  return {
    respondents: tally.respondents,
    tooFew,
    questions: questions.map((q) => {
      const r = questionResult(q, tally.questions[q.id]);
      return tooFew && !r.tooFew
        ? { id: q.id, kind: q.kind, text: q.text, n: r.n, tooFew: true }
        : r;
    }),
  };
}

/** A share as a whole percent, as the report writes it: `60 %` (fi), `60%` (en). */
export function percent(share: number, locale: 'fi' | 'en'): string {
  const p = Math.round(share * 100);
  return locale === 'fi' ? `${p} %` : `${p}%`;
}
