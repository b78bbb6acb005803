/**
 * Surveys, whichever door an answer comes through (a card in Teams, the signed link page, the
 * tab): build, edit, open, close and copy; answers kept one per person or association by a
 * keyed hash, anonymous unless the survey says otherwise; results from the running tally; and
 * the indicator tables with their values computed year by year. Storage is ports; the clock is
 * injected.
 */
import { t, type MessageKey, type MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import type { Actor } from '@yhdistysyhteistyo/contract/events/lifecycle';
import {
  windowState,
  type Answers,
  type Survey,
  type TemplateId,
} from '@yhdistysyhteistyo/contract/surveys/model';
import { parseAnswers, surveyInputSchema } from '@yhdistysyhteistyo/contract/surveys/schemas';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import {
  computeResults,
  contribution,
  type SurveyResults,
  type Tally,
} from '@yhdistysyhteistyo/contract/surveys/results';
import {
  computeIndicator,
  indicatorEditSchema,
  SEED_INDICATORS,
  type ComputedValue,
  type Indicator,
} from '@yhdistysyhteistyo/contract/surveys/indicators';
import {
  formatDate,
  helsinkiParts,
  localDateOf,
  type Locale,
} from '@yhdistysyhteistyo/contract/time';
import type { Versioned } from './errors';

export interface SurveysPort {
  newId(): string;
  get(id: string): Promise<Versioned<Survey> | undefined>;
  list(): Promise<readonly Versioned<Survey>[]>;
  create(survey: Survey): Promise<Versioned<Survey>>;
  /** Throws StaleVersionError when `etag` is not current. */
  replace(survey: Survey, etag: string): Promise<Versioned<Survey>>;
  delete(id: string, etag: string): Promise<void>;
}

export interface AnswerSave {
  readonly surveyId: string;
  /** The keyed hash of the respondent: never their id. */
  readonly respondentKey: string;
  readonly answers: Answers;
  /** Only for a survey that is not anonymous. */
  readonly name?: string;
  /** What an answer adds to the tally. */
  readonly contribution: (answers: Answers) => Tally;
}

export interface AnswersPort {
  save(save: AnswerSave): Promise<{ readonly replaced: boolean }>;
  tally(surveyId: string): Promise<Tally>;
  answered(surveyId: string, respondentKey: string): Promise<boolean>;
  all(surveyId: string): Promise<readonly { answers: Answers; name?: string }[]>;
}

/** The keyed hash of a respondent (HMAC with a secret kept in storage). */
export interface RespondentKeys {
  key(surveyId: string, respondent: string): Promise<string>;
}

export interface IndicatorsPort {
  list(): Promise<readonly Versioned<Indicator>[]>;
  get(id: string): Promise<Versioned<Indicator> | undefined>;
  seed(indicators: readonly Indicator[]): Promise<number>;
  replace(indicator: Indicator, etag: string): Promise<Versioned<Indicator>>;
}

/** Who answers: a person in Teams (one answer each), or an association through its link. */
export interface Respondent {
  readonly kind: 'person' | 'association';
  readonly id: string;
  readonly name: string;
}

export type SurveysProblemCode =
  | 'not_found'
  | 'not_draft'
  | 'already_open'
  | 'already_closed'
  | 'survey_draft'
  | 'not_open_yet'
  | 'survey_closed'
  | 'validation';

/** A rule said no; the doors answer with the status and the translated message. */
export class SurveysProblem extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: SurveysProblemCode,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    readonly fields?: Readonly<Record<string, MessageKey>>,
  ) {
    super(code);
    this.name = 'SurveysProblem';
  }
}

/** A refusal in the reader's language, its dates in the Finnish or English style. */
export function problemText(problem: SurveysProblem, locale: Locale): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.date === 'string') params.date = formatDate(params.date, locale);
  return t(locale, problem.messageKey, params);
}

/**
 * Posts to the team's channel: the survey card when the survey opens, the results card when the
 * coordinator chooses. `queued`: in the delivery outbox (status, retries, limits), going now;
 * `notPosted`: the app is in no team.
 */
export interface SurveyPublisher {
  post(survey: Survey): Promise<'queued' | 'notPosted'>;
  /** The results card; its counts are read when it is sent. */
  postResults(survey: Survey): Promise<'queued' | 'notPosted'>;
}

/** The card the bot would post for this survey at `now`, drawn by its own card code. */
export type SurveyCardPreview = (survey: Survey, now: Date, locale: Locale) => Promise<unknown>;

export interface SurveysServiceDeps {
  readonly surveys: SurveysPort;
  readonly answers: AnswersPort;
  readonly keys: RespondentKeys;
  readonly indicators: IndicatorsPort;
  readonly clock: () => Date;
  readonly preview: SurveyCardPreview;
  readonly log?: { warn(obj: object, msg: string): void };
}

export interface IndicatorView {
  readonly indicator: Indicator;
  readonly etag: string;
  /** Values computed from the answers, by year (surveys of the indicator's template). */
  readonly computed: readonly ComputedValue[];
}

const lastDayOf = (survey: Pick<Survey, 'closesAt'>) =>
  localDateOf(new Date(Date.parse(survey.closesAt) - 12 * 3_600_000).toISOString());

export class SurveysService {
  private publisher: SurveyPublisher | undefined;

  constructor(private readonly deps: SurveysServiceDeps) {}

  /** From then on opening a survey posts its card (the bot hands this over once it runs). */
  usePublisher(publisher: SurveyPublisher): void {
    this.publisher = publisher;
  }

  async load(id: string): Promise<Versioned<Survey>> {
    const found = await this.deps.surveys.get(id);
    if (!found) throw new SurveysProblem(404, 'not_found', 'surveys.error.notFound');
    return found;
  }

  list(): Promise<readonly Versioned<Survey>[]> {
    return this.deps.surveys.list();
  }

  /** A new draft. Throws ZodError on bad input. */
  async create(input: unknown, by: Actor, copiedFrom?: string): Promise<Versioned<Survey>> {
    const draft = surveyInputSchema.parse(input);
    const now = this.deps.clock().toISOString();
    return this.deps.surveys.create({
      ...draft,
      id: this.deps.surveys.newId(),
      state: 'draft',
      year: helsinkiParts(draft.opensAt).year,
      ...(copiedFrom ? { copiedFrom } : {}),
      createdAt: now,
      createdBy: by.id,
      updatedAt: now,
      updatedBy: by.id,
    });
  }

  /**
   * The card a draft would make, validated as a save would be (throws ZodError on bad input).
   * Nothing is stored: the draft is a survey of its own, with no answers, in its given window.
   */
  preview(input: unknown, locale: Locale, by: Actor): Promise<unknown> {
    const draft = surveyInputSchema.parse(input);
    const now = this.deps.clock();
    const at = now.toISOString();
    const survey: Survey = {
      ...draft,
      id: 'preview',
      state: 'draft',
      year: helsinkiParts(draft.opensAt).year,
      createdAt: at,
      createdBy: by.id,
      updatedAt: at,
      updatedBy: by.id,
    };
    return this.deps.preview(survey, now, locale);
  }

  /** A template of the report as a new draft for `year`. */
  fromTemplate(template: TemplateId, year: number, by: Actor): Promise<Versioned<Survey>> {
    return this.create(TEMPLATES[template].input(year), by);
  }

  /** Only a draft can be edited: answers are never counted against changed questions. */
  async edit(id: string, input: unknown, etag: string, by: Actor): Promise<Versioned<Survey>> {
    const found = await this.load(id);
    if (found.value.state !== 'draft') {
      throw new SurveysProblem(409, 'not_draft', 'surveys.error.notDraft');
    }
    const draft = surveyInputSchema.parse(input);
    return this.deps.surveys.replace(
      {
        ...found.value,
        ...draft,
        year: helsinkiParts(draft.opensAt).year,
        updatedAt: this.deps.clock().toISOString(),
        updatedBy: by.id,
      },
      etag,
    );
  }

  async remove(id: string, etag: string): Promise<void> {
    const found = await this.load(id);
    if (found.value.state !== 'draft') {
      throw new SurveysProblem(409, 'not_draft', 'surveys.error.notDraft');
    }
    await this.deps.surveys.delete(id, etag);
  }

  /**
   * Opens a draft for answers and queues its card to the team's channel in the delivery outbox.
   * The survey is open even when that fails (the answer says so; the links and personal chats
   * still work).
   */
  async open(
    id: string,
    by: Actor,
    etag?: string,
  ): Promise<
    Versioned<Survey> & { readonly card: 'queued' | 'notPosted' | 'failed' | 'scheduled' }
  > {
    const found = await this.load(id);
    if (found.value.state !== 'draft') {
      throw new SurveysProblem(409, 'already_open', 'surveys.error.alreadyOpen');
    }
    const saved = await this.setState(found, 'open', by, etag);
    // Opened ahead of its window: the card goes out through scheduled delivery on the first day.
    if (windowState(saved.value, this.deps.clock()) === 'notYet')
      return { ...saved, card: 'scheduled' };
    let card: 'queued' | 'notPosted' | 'failed' = 'notPosted';
    try {
      if (this.publisher) card = await this.publisher.post(saved.value);
    } catch (error) {
      this.deps.log?.warn({ err: error, surveyId: id }, 'survey card not posted');
      card = 'failed';
    }
    return { ...saved, card };
  }

  async close(id: string, by: Actor, etag?: string): Promise<Versioned<Survey>> {
    const found = await this.load(id);
    if (found.value.state === 'closed') {
      throw new SurveysProblem(409, 'already_closed', 'surveys.error.alreadyClosed');
    }
    return this.setState(found, 'closed', by, etag);
  }

  private setState(
    found: Versioned<Survey>,
    state: Survey['state'],
    by: Actor,
    etag: string | undefined,
  ): Promise<Versioned<Survey>> {
    const now = this.deps.clock().toISOString();
    return this.deps.surveys.replace(
      {
        ...found.value,
        state,
        updatedAt: now,
        updatedBy: by.id,
        ...(state === 'open' ? { openedAt: now } : {}),
      },
      etag ?? found.etag,
    );
  }

  /** A new draft with the same questions, its window moved to the same days of `year`. */
  async copy(id: string, year: number, by: Actor): Promise<Versioned<Survey>> {
    const source = (await this.load(id)).value;
    const shift = (date: string) => `${year}${date.slice(4)}`.replace(/-02-29$/, '-02-28');
    const retitle = (s: string) => s.replaceAll(String(source.year), String(year));
    return this.create(
      {
        title: { fi: retitle(source.title.fi), en: retitle(source.title.en) },
        intro: source.intro,
        audience: source.audience,
        anonymous: source.anonymous,
        window: {
          first: shift(localDateOf(source.opensAt)),
          last: shift(lastDayOf(source)),
        },
        questions: source.questions,
        ...(source.template ? { template: source.template } : {}),
      },
      by,
      source.id,
    );
  }

  /** Why an answer cannot be taken now, in the respondent's words; undefined: it can. */
  refusal(survey: Survey): SurveysProblem | undefined {
    switch (windowState(survey, this.deps.clock())) {
      case 'open':
        return undefined;
      case 'draft':
        return new SurveysProblem(409, 'survey_draft', 'surveys.error.draft');
      case 'notYet':
        return new SurveysProblem(409, 'not_open_yet', 'surveys.error.notOpenYet', {
          date: survey.opensAt,
        });
      case 'closed': {
        // Closed by hand: the day it was closed; else the last day of the window.
        const closedAt =
          survey.state === 'closed' && survey.updatedAt < survey.closesAt
            ? survey.updatedAt
            : new Date(Date.parse(survey.closesAt) - 12 * 3_600_000).toISOString();
        return new SurveysProblem(409, 'survey_closed', 'surveys.error.closed', { date: closedAt });
      }
    }
  }

  /**
   * Records an answer; a second one from the same person (or association) replaces the first.
   * Nothing of who answered is stored with it unless the survey is named.
   */
  async answer(
    id: string,
    respondent: Respondent,
    input: unknown,
  ): Promise<{ readonly survey: Survey; readonly replaced: boolean; readonly answers: Answers }> {
    const survey = (await this.load(id)).value;
    const refused = this.refusal(survey);
    if (refused) throw refused;
    const parsed = parseAnswers(survey.questions, input);
    if (!parsed.ok) {
      throw new SurveysProblem(
        400,
        'validation',
        'error.validation',
        {},
        parsed.fields as Record<string, MessageKey>,
      );
    }
    const respondentKey = await this.deps.keys.key(
      survey.id,
      `${respondent.kind}:${respondent.id}`,
    );
    const saved = await this.deps.answers.save({
      surveyId: survey.id,
      respondentKey,
      answers: parsed.answers,
      ...(survey.anonymous ? {} : { name: respondent.name }),
      contribution: (a) => contribution(survey.questions, a),
    });
    return { survey, replaced: saved.replaced, answers: parsed.answers };
  }

  /** Whether this person (or association) has answered: for reminders and the card's view. */
  async hasAnswered(id: string, respondent: Pick<Respondent, 'kind' | 'id'>): Promise<boolean> {
    const key = await this.deps.keys.key(id, `${respondent.kind}:${respondent.id}`);
    return this.deps.answers.answered(id, key);
  }

  async results(
    id: string,
  ): Promise<{ readonly survey: Versioned<Survey>; readonly results: SurveyResults }> {
    const survey = await this.load(id);
    const tally = await this.deps.answers.tally(id);
    return { survey, results: computeResults(survey.value.questions, tally) };
  }

  /** Posts the results card to the team's channel; `notPosted` when the app is in no team. */
  async postResults(id: string): Promise<'queued' | 'notPosted'> {
    const survey = await this.load(id);
    if (survey.value.state === 'draft') {
      throw new SurveysProblem(409, 'survey_draft', 'surveys.error.draft');
    }
    return this.publisher ? this.publisher.postResults(survey.value) : 'notPosted';
  }

  /** The same survey in other years (same template), for results side by side. */
  async history(
    survey: Survey,
  ): Promise<{ year: number; surveyId: string; results: SurveyResults }[]> {
    if (!survey.template) return [];
    const same = (await this.deps.surveys.list()).filter(
      (s) =>
        s.value.template === survey.template &&
        s.value.state !== 'draft' &&
        s.value.id !== survey.id,
    );
    const out = [];
    for (const s of same) {
      const tally = await this.deps.answers.tally(s.value.id);
      out.push({
        year: s.value.year,
        surveyId: s.value.id,
        results: computeResults(s.value.questions, tally),
      });
    }
    return out.sort((a, b) => a.year - b.year);
  }

  /** Free text answers per question, shuffled: never in the order people answered. */
  async texts(id: string): Promise<Record<string, string[]>> {
    const survey = (await this.load(id)).value;
    const all = await this.deps.answers.all(id);
    const out: Record<string, string[]> = {};
    for (const q of survey.questions) {
      if (q.kind !== 'text') continue;
      const list = all.flatMap((a) => {
        const v = a.answers[q.id];
        return typeof v === 'string' && v !== '' ? [v] : [];
      });
      // Under five, free texts are withheld like any other small group.
      out[q.id] = list.length < 5 ? [] : list.sort((a, b) => a.localeCompare(b, 'fi'));
    }
    return out;
  }

  /** The indicators, seeded with the report's rows on first use, with values by year. */
  async indicators(): Promise<IndicatorView[]> {
    let stored = await this.deps.indicators.list();
    if (stored.length === 0) {
      await this.deps.indicators.seed(SEED_INDICATORS);
      stored = await this.deps.indicators.list();
    }
    const surveys = (await this.deps.surveys.list()).filter((s) => s.value.state !== 'draft');
    const resultsBy = new Map<string, SurveyResults>();
    const views: IndicatorView[] = [];
    for (const { value: indicator, etag } of stored) {
      const computed: ComputedValue[] = [];
      const source = indicator.source;
      if (source.kind === 'survey') {
        for (const s of surveys.filter((x) => x.value.template === source.template)) {
          let r = resultsBy.get(s.value.id);
          if (!r) {
            r = computeResults(s.value.questions, await this.deps.answers.tally(s.value.id));
            resultsBy.set(s.value.id, r);
          }
          const v = computeIndicator(indicator, s.value.year, r);
          if (v) computed.push(v);
        }
      }
      views.push({ indicator, etag, computed: computed.sort((a, b) => a.year - b.year) });
    }
    return views;
  }

  /** A coordinator corrects a baseline or enters a value by hand (e.g. from interviews). */
  async editIndicator(id: string, input: unknown, etag: string): Promise<Versioned<Indicator>> {
    const found = await this.deps.indicators.get(id);
    if (!found) throw new SurveysProblem(404, 'not_found', 'error.notFound');
    const edit = indicatorEditSchema.parse(input);
    return this.deps.indicators.replace(
      {
        ...found.value,
        ...(edit.baseline ? { baseline: edit.baseline } : {}),
        ...(edit.values ? { values: { ...found.value.values, ...edit.values } } : {}),
      },
      etag,
    );
  }
}
