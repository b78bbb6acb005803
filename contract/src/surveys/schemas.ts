/**
 * Input schemas of surveys: what a coordinator builds, and what a person answers. The window is
 * given as Helsinki days (`YYYY-MM-DD`, first and last day of answering). Validation messages
 * are keys of `i18n/surveys.ts`.
 */
import { z } from 'zod';
import { isLocalDate, startOfLocalDay } from '../time';
import {
  AREAS,
  AUDIENCES,
  QUESTION_KINDS,
  TEMPLATE_IDS,
  valuesOf,
  type Answers,
  type AnswerValue,
  type Question,
  type SurveyDraft,
} from './model';

export const MAX_QUESTIONS = 40;
export const MAX_OPTIONS = 20;
export const MAX_QUESTION_TEXT = 500;
export const MAX_FREE_TEXT = 2000;
const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

const required = (max: number) =>
  z
    .string({ error: 'surveys.error.required' })
    .trim()
    .min(1, 'surveys.error.required')
    .max(max, 'surveys.error.tooLong');
const optional = (max: number) =>
  z.string({ error: 'surveys.error.text' }).trim().max(max, 'surveys.error.tooLong').default('');
const texts = (max: number) =>
  z.object({ fi: required(max), en: optional(max) }, { error: 'surveys.error.required' });
const optionalTexts = (max: number) =>
  z
    .object({ fi: optional(max), en: optional(max) }, { error: 'surveys.error.text' })
    .default({ fi: '', en: '' });
const id = z.string({ error: 'surveys.error.id' }).trim().regex(ID, 'surveys.error.id');
const localDay = z
  .string({ error: 'surveys.error.date' })
  .trim()
  .refine((v) => isLocalDate(v), 'surveys.error.date');

const questionInput = z
  .object(
    {
      id: id.optional(),
      kind: z.enum(QUESTION_KINDS, { error: 'surveys.error.kind' }),
      text: texts(MAX_QUESTION_TEXT),
      options: z
        .array(z.object({ id: id.optional(), text: texts(200) }, { error: 'surveys.error.text' }), {
          error: 'surveys.error.text',
        })
        .max(MAX_OPTIONS, 'surveys.error.tooManyOptions')
        .default([]),
      required: z.boolean({ error: 'surveys.error.text' }).default(false),
      area: z.enum(AREAS, { error: 'surveys.error.area' }).optional(),
    },
    { error: 'surveys.error.text' },
  )
  .superRefine((q, ctx) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && q.options.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.error.options' });
    }
    if (!choice && q.options.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.error.noOptions' });
    }
  });

export const surveyInputSchema = z
  .object(
    {
      title: texts(200),
      intro: optionalTexts(2000),
      audience: z.enum(AUDIENCES, { error: 'surveys.error.audience' }),
      anonymous: z.boolean({ error: 'surveys.error.text' }).default(true),
      window: z.object({ first: localDay, last: localDay }, { error: 'surveys.error.date' }),
      questions: z
        .array(questionInput, { error: 'surveys.error.noQuestions' })
        .min(1, 'surveys.error.noQuestions')
        .max(MAX_QUESTIONS, 'surveys.error.tooManyQuestions'),
      template: z.enum(TEMPLATE_IDS, { error: 'surveys.error.text' }).optional(),
    },
    { error: 'surveys.error.text' },
  )
  .superRefine((s, ctx) => {
    if (s.window.last < s.window.first) {
      ctx.addIssue({ code: 'custom', path: ['window', 'last'], message: 'surveys.error.window' });
    }
    const seen = new Set<string>();
    s.questions.forEach((q, i) => {
      if (q.id === undefined) return;
      if (seen.has(q.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: 'surveys.error.idTwice',
        });
      }
      seen.add(q.id);
    });
  })
  .transform((s): SurveyDraft => {
    const taken = new Set(s.questions.map((q) => q.id).filter((x): x is string => !!x));
    let n = 0;
    const nextId = () => {
      do n++;
      while (taken.has(`q${n}`));
      taken.add(`q${n}`);
      return `q${n}`;
    };
    const questions = s.questions.map((q): Question => ({
      id: q.id ?? nextId(),
      kind: q.kind,
      text: q.text,
      options: q.options.map((o, i) => ({ id: o.id ?? `o${i + 1}`, text: o.text })),
      required: q.required,
      ...(q.area ? { area: q.area } : {}),
    }));
    const after = new Date(`${s.window.last}T12:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    return {
      title: s.title,
      intro: s.intro,
      audience: s.audience,
      anonymous: s.anonymous,
      opensAt: startOfLocalDay(s.window.first),
      closesAt: startOfLocalDay(after.toISOString().slice(0, 10)),
      questions,
      ...(s.template ? { template: s.template } : {}),
    };
  });

export type SurveyInput = z.input<typeof surveyInputSchema>;

/**
 * One answer to `questions`: every value one the question offers, text within its limit, the
 * required ones given. Unknown questions are refused; empty ones are left out.
 */
export function parseAnswers(
  questions: readonly Question[],
  input: unknown,
):
  | { readonly ok: true; readonly answers: Answers }
  | { readonly ok: false; readonly fields: Readonly<Record<string, string>> } {
  const fields: Record<string, string> = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, fields: { '(body)': 'surveys.error.answers' } };
  }
  const raw = input as Record<string, unknown>;
  const out: Record<string, AnswerValue> = {};
  for (const key of Object.keys(raw)) {
    if (!questions.some((q) => q.id === key)) fields[key] = 'surveys.error.unknownQuestion';
  }
  for (const q of questions) {
    let value = raw[q.id];
    if (typeof value === 'string') value = value.trim();
    // A card's multi-select sends "a,b"; the page's checkboxes an array.
    if (q.kind === 'multiple' && typeof value === 'string') {
      value = value === '' ? [] : value.split(',').map((v) => v.trim());
    }
    const empty =
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required) fields[q.id] = 'surveys.error.answerRequired';
      continue;
    }
    if (q.kind === 'text') {
      if (typeof value !== 'string') fields[q.id] = 'surveys.error.answerInvalid';
      else if (value.length > MAX_FREE_TEXT) fields[q.id] = 'surveys.error.tooLong';
      else out[q.id] = value;
      continue;
    }
    const allowed = valuesOf(q);
    if (q.kind === 'multiple') {
      if (
        !Array.isArray(value) ||
        !value.every((v) => typeof v === 'string' && allowed.includes(v))
      ) {
        fields[q.id] = 'surveys.error.answerInvalid';
      } else {
        out[q.id] = [...new Set(value as string[])];
      }
      continue;
    }
    if (typeof value !== 'string' || !allowed.includes(value)) {
      fields[q.id] = 'surveys.error.answerInvalid';
    } else {
      out[q.id] = value;
    }
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, answers: out };
}
