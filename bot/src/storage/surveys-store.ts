/**
 * Surveys, their answers and the indicators in Azure Tables.
 *
 * Keys and why:
 * - Surveys: one partition `survey`, RowKey = the survey id; a city has a few a year.
 * - SurveyAnswers: one partition per survey. An answer row (`a!<answer id>`) holds the answers
 *   and nothing of who gave them (a named survey adds the name the survey says it keeps). Beside
 *   them, 16 tally shard rows (`!t!00`…`!t!15`): an answer counts in the shard its answer id
 *   hashes to, and the answer and its shard are written in ONE transaction conditional on both
 *   ETags, the old answer's part taken out when it is replaced. The results read the 16 shards,
 *   never the answers: O(questions), whatever the number of answers.
 * - SurveyKeys, a table of its own: RowKey = HMAC-SHA256(secret, survey id + respondent) → the
 *   answer id. It keeps one answer per person (or association) without the answer carrying who
 *   gave it; the secret is a row of the Meta table, so the key cannot be recomputed from a copy
 *   of the keys and answers tables alone.
 * - Indicators: one partition `indicator`, RowKey = the indicator id.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { z } from 'zod';
import type { Answers, Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import type { Indicator } from '@yhdistysyhteistyo/contract/surveys/indicators';
import {
  addTally,
  EMPTY_TALLY,
  sumTallies,
  type Tally,
} from '@yhdistysyhteistyo/contract/surveys/results';
import { StaleVersionError, SurveyContentionError, type Versioned } from '../domain/errors';
import type {
  AnswerSave,
  AnswersPort,
  IndicatorsPort,
  RespondentKeys,
  SurveysPort,
} from '../domain/surveys-service';
import { readOrSkip, requiredJsonColumn, warnCorruptRow, type CorruptRowReporter } from './columns';
import { encodeKey } from './keys';
import { storageStatus, TABLES } from './tables';

type Row = Record<string, unknown>;
type Entity = Row & { partitionKey: string; rowKey: string };
type Table = Pick<
  TableClient,
  | 'getEntity'
  | 'listEntities'
  | 'createEntity'
  | 'updateEntity'
  | 'deleteEntity'
  | 'submitTransaction'
>;

const str = (row: Row, key: string): string => {
  const v = row[key];
  return typeof v === 'string' ? v : '';
};

async function read(
  table: Table,
  pk: string,
  rk: string,
): Promise<TableEntityResult<Row> | undefined> {
  try {
    return await table.getEntity<Row>(pk, rk);
  } catch (error) {
    if (storageStatus(error) === 404) return undefined;
    throw error;
  }
}

// ---------- surveys ----------

const SURVEY_PARTITION = 'survey';
const text = z.object({ fi: z.string(), en: z.string() });
const surveySchema = z
  .object({
    id: z.string(),
    state: z.enum(['draft', 'open', 'closed']),
    year: z.number(),
    title: text,
    intro: text,
    audience: z.enum(['associations', 'keyPersons']),
    anonymous: z.boolean(),
    opensAt: z.string(),
    closesAt: z.string(),
    questions: z.array(
      z
        .object({
          id: z.string(),
          kind: z.enum(['agreement', 'rating', 'single', 'multiple', 'text']),
          text,
          options: z.array(z.object({ id: z.string(), text })),
          required: z.boolean(),
        })
        .loose(),
    ),
  })
  .loose();

export class SurveysStore implements SurveysPort {
  constructor(
    private readonly table: Table,
    readonly newId: () => string,
    private readonly corrupt: CorruptRowReporter = warnCorruptRow,
  ) {}

  private toSurvey(row: TableEntityResult<Row>): Versioned<Survey> {
    const place = { table: TABLES.surveys, key: str(row, 'rowKey') };
    const value = requiredJsonColumn(row, place, 'data', surveySchema) as unknown as Survey;
    return { value, etag: row.etag };
  }

  private entity(survey: Survey): Entity {
    return {
      partitionKey: SURVEY_PARTITION,
      rowKey: survey.id,
      state: survey.state,
      year: survey.year,
      opensAt: survey.opensAt,
      closesAt: survey.closesAt,
      data: JSON.stringify(survey),
    };
  }

  async get(id: string): Promise<Versioned<Survey> | undefined> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return undefined;
    const row = await read(this.table, SURVEY_PARTITION, id);
    return row ? this.toSurvey(row) : undefined;
  }

  async list(): Promise<Versioned<Survey>[]> {
    const out: Versioned<Survey>[] = [];
    const rows = this.table.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${SURVEY_PARTITION}` },
    });
    for await (const row of rows) {
      const s = readOrSkip(() => this.toSurvey(row), this.corrupt);
      if (s) out.push(s);
    }
    return out.sort((a, b) => b.value.opensAt.localeCompare(a.value.opensAt));
  }

  async create(survey: Survey): Promise<Versioned<Survey>> {
    const r = await this.table.createEntity(this.entity(survey));
    return { value: survey, etag: r.etag ?? '' };
  }

  async replace(survey: Survey, etag: string): Promise<Versioned<Survey>> {
    try {
      const r = await this.table.updateEntity(this.entity(survey), 'Replace', { etag });
      return { value: survey, etag: r.etag ?? '' };
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404) {
        throw new StaleVersionError((await this.get(survey.id)) ?? null);
      }
      throw error;
    }
  }

  async delete(id: string, etag: string): Promise<void> {
    try {
      await this.table.deleteEntity(SURVEY_PARTITION, id, { etag });
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412) throw new StaleVersionError((await this.get(id)) ?? null);
      if (status !== 404) throw error;
    }
  }
}

// ---------- the respondents' keys ----------

const SECRET_PARTITION = 'survey-respondents';
const SECRET_ROW = 'secret';

/** HMAC keys of respondents, with the secret kept in the Meta table (read once per process). */
export class SurveyRespondentKeys implements RespondentKeys {
  private secret: Promise<string> | undefined;

  constructor(private readonly meta: Pick<TableClient, 'getEntity' | 'createEntity'>) {}

  private async load(): Promise<string> {
    try {
      const row = await this.meta.getEntity<Row>(SECRET_PARTITION, SECRET_ROW);
      const s = str(row, 'secret');
      if (s.length >= 32) return s;
      throw new Error('the respondents secret is unreadable');
    } catch (error) {
      if (storageStatus(error) !== 404) throw error;
    }
    const secret = randomBytes(32).toString('base64url');
    try {
      await this.meta.createEntity({ partitionKey: SECRET_PARTITION, rowKey: SECRET_ROW, secret });
      return secret;
    } catch (error) {
      if (storageStatus(error) === 409) return this.load();
      throw error;
    }
  }

  async key(surveyId: string, respondent: string): Promise<string> {
    this.secret ??= this.load().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    const secret = await this.secret;
    return createHmac('sha256', secret).update(`${surveyId}\n${respondent}`).digest('base64url');
  }
}

// ---------- answers and the running tally ----------

const ANSWER_PREFIX = 'a!';
const SHARD_PREFIX = '!t!';
const SHARD_END = '!t"';
const SHARDS = 16;
const MAX_ATTEMPTS = 40;

function shardOf(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${SHARD_PREFIX}${String((h >>> 0) % SHARDS).padStart(2, '0')}`;
}

const answersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const tallySchema = z.object({
  respondents: z.number().int().min(0),
  questions: z.record(
    z.string(),
    z.object({ n: z.number().int().min(0), counts: z.record(z.string(), z.number().int().min(0)) }),
  ),
});

export class SurveyAnswersStore implements AnswersPort {
  constructor(
    private readonly answers: Table,
    private readonly keys: Table,
    private readonly newId: () => string,
    private readonly corrupt: CorruptRowReporter = warnCorruptRow,
  ) {}

  private tallyOf(row: Row | undefined, pk: string): Tally {
    if (!row) return EMPTY_TALLY;
    return requiredJsonColumn(
      row,
      { table: TABLES.surveyAnswers, key: `${pk}/${str(row, 'rowKey')}` },
      'tally',
      tallySchema,
    );
  }

  /**
   * Stores an answer under the respondent's key: their earlier answer, if any, is replaced and
   * its part of the tally taken out, in the same transaction that adds the new one.
   */
  async save(save: AnswerSave): Promise<{ readonly replaced: boolean }> {
    const pk = encodeKey(save.surveyId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const keyRow = await read(this.keys, pk, save.respondentKey);
      let answerId = str(keyRow ?? {}, 'answerId');
      if (!keyRow) {
        answerId = this.newId();
        try {
          await this.keys.createEntity({ partitionKey: pk, rowKey: save.respondentKey, answerId });
        } catch (error) {
          if (storageStatus(error) === 409) continue; // the same person, at the same moment
          throw error;
        }
      }
      const rk = ANSWER_PREFIX + answerId;
      const shardKey = shardOf(answerId);
      const [own, shard] = await Promise.all([
        read(this.answers, pk, rk),
        read(this.answers, pk, shardKey),
      ]);
      const previous = own
        ? requiredJsonColumn(
            own,
            { table: TABLES.surveyAnswers, key: `${pk}/${rk}` },
            'answers',
            answersSchema,
          )
        : undefined;
      let tally = this.tallyOf(shard, pk);
      if (previous) tally = addTally(tally, save.contribution(previous), -1);
      tally = addTally(tally, save.contribution(save.answers));
      const write = (row: TableEntityResult<Row> | undefined, entity: Entity): TransactionAction =>
        row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity];
      try {
        await this.answers.submitTransaction([
          write(own, {
            partitionKey: pk,
            rowKey: rk,
            answers: JSON.stringify(save.answers),
            ...(save.name !== undefined ? { name: save.name } : {}),
          }),
          write(shard, { partitionKey: pk, rowKey: shardKey, tally: JSON.stringify(tally) }),
        ]);
        return { replaced: previous !== undefined };
      } catch (error) {
        const status = storageStatus(error);
        if (status !== 412 && status !== 409) throw error;
        const ceiling = Math.min(400, 10 * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
    throw new SurveyContentionError();
  }

  /** Whether the respondent has answered (reminders go to those who have not). */
  async answered(surveyId: string, respondentKey: string): Promise<boolean> {
    return (await read(this.keys, encodeKey(surveyId), respondentKey)) !== undefined;
  }

  /** The running tally: the sum of the 16 shard rows. */
  async tally(surveyId: string): Promise<Tally> {
    const pk = encodeKey(surveyId);
    const parts: Tally[] = [];
    const rows = this.answers.listEntities<Row>({
      queryOptions: {
        filter: odata`PartitionKey eq ${pk} and RowKey ge ${SHARD_PREFIX} and RowKey lt ${SHARD_END}`,
      },
    });
    for await (const row of rows) parts.push(this.tallyOf(row, pk));
    return sumTallies(parts);
  }

  /** Every stored answer (free text lists, the hand count of tests). Order says nothing of who. */
  async all(surveyId: string): Promise<{ answers: Answers; name?: string }[]> {
    const pk = encodeKey(surveyId);
    const out: { answers: Answers; name?: string }[] = [];
    const rows = this.answers.listEntities<Row>({
      queryOptions: {
        filter: odata`PartitionKey eq ${pk} and RowKey ge ${ANSWER_PREFIX} and RowKey lt ${'a"'}`,
      },
    });
    for await (const row of rows) {
      const place = { table: TABLES.surveyAnswers, key: `${pk}/${str(row, 'rowKey')}` };
      const answers = readOrSkip(
        () => requiredJsonColumn(row, place, 'answers', answersSchema),
        this.corrupt,
      );
      if (answers) out.push({ answers, ...(str(row, 'name') ? { name: str(row, 'name') } : {}) });
    }
    return out;
  }
}

// ---------- indicators ----------

const INDICATOR_PARTITION = 'indicator';
const indicatorSchema = z
  .object({
    id: z.string(),
    table: z.union([z.literal(1), z.literal(2)]),
    order: z.number(),
    name: text,
    baseline: text,
    sourceLabel: text,
    source: z.union([
      z.object({
        kind: z.literal('survey'),
        template: z.enum(['associationSurvey', 'keyPersonsSurvey']),
        questionIds: z.array(z.string()),
        measure: z.enum(['agreement', 'rating']),
      }),
      z.object({ kind: z.literal('manual') }),
    ]),
    values: z.record(z.string(), text),
  })
  .loose();

export class IndicatorsStore implements IndicatorsPort {
  constructor(
    private readonly table: Table,
    private readonly corrupt: CorruptRowReporter = warnCorruptRow,
  ) {}

  private toIndicator(row: TableEntityResult<Row>): Versioned<Indicator> {
    const place = { table: TABLES.indicators, key: str(row, 'rowKey') };
    return {
      value: requiredJsonColumn(row, place, 'data', indicatorSchema),
      etag: row.etag,
    };
  }

  async list(): Promise<Versioned<Indicator>[]> {
    const out: Versioned<Indicator>[] = [];
    const rows = this.table.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${INDICATOR_PARTITION}` },
    });
    for await (const row of rows) {
      const i = readOrSkip(() => this.toIndicator(row), this.corrupt);
      if (i) out.push(i);
    }
    return out.sort((a, b) => a.value.table - b.value.table || a.value.order - b.value.order);
  }

  async get(id: string): Promise<Versioned<Indicator> | undefined> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return undefined;
    const row = await read(this.table, INDICATOR_PARTITION, id);
    return row ? this.toIndicator(row) : undefined;
  }

  /** Writes the seed rows that are missing; an indicator already there is left as it is. */
  async seed(indicators: readonly Indicator[]): Promise<number> {
    let created = 0;
    for (const i of indicators) {
      try {
        await this.table.createEntity({
          partitionKey: INDICATOR_PARTITION,
          rowKey: i.id,
          data: JSON.stringify(i),
        });
        created++;
      } catch (error) {
        if (storageStatus(error) !== 409) throw error;
      }
    }
    return created;
  }

  async replace(indicator: Indicator, etag: string): Promise<Versioned<Indicator>> {
    try {
      const r = await this.table.updateEntity(
        {
          partitionKey: INDICATOR_PARTITION,
          rowKey: indicator.id,
          data: JSON.stringify(indicator),
        },
        'Replace',
        { etag },
      );
      return { value: indicator, etag: r.etag ?? '' };
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404)
        throw new StaleVersionError((await this.get(indicator.id)) ?? null);
      throw error;
    }
  }
}
