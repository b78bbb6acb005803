/**
 * The survey's results view with 20,000 answers, on a real server and Azurite.
 *
 * `survey.results.p95_ms` is `GET /api/v1/surveys/:id/results` over HTTP with a bearer token:
 * the token check, the survey's row, its 16 running-tally rows, the results computed for every
 * question, and the list of surveys for other years (none here). Free texts have a route of
 * their own and are not in it. The baseline, measured in the same run, is what the results cost
 * when counted from the answers themselves: reading all 20,000 answer rows and counting them.
 * `survey.answer.p95_ms` is one answer through the service (keyed hash, key row, answer and
 * tally shard in one transaction), for 200 people in turn.
 *
 * The 20,000 answers are written straight into the table (200 transactions of 100) with the
 * tally shards they add up to, so the seeding takes seconds, not the hours 20,000 people would.
 */
import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { Answers, Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import {
  addTally,
  contribution,
  EMPTY_TALLY,
  tallyOf,
  type SurveyResults,
  type Tally,
} from '@yhdistysyhteistyo/contract/surveys/results';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import { SurveysService } from '../../bot/src/domain/surveys-service';
import { encodeKey } from '../../bot/src/storage/keys';
import {
  IndicatorsStore,
  SurveyAnswersStore,
  SurveyRespondentKeys,
  SurveysStore,
} from '../../bot/src/storage/surveys-store';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { startTestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';
import { percentile, round, type Benchmark } from './harness';
import { surveyCardPreview } from '../../bot/src/compose/surveys';

const ANSWERS = 20_000;
const SHARDS = 16;

/** The shard an answer id counts in: the store's own FNV-1a, so the seeded tally is where it reads. */
function shardOf(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `!t!${String((h >>> 0) % SHARDS).padStart(2, '0')}`;
}

function answerOf(i: number): Answers {
  const ratings = ['good', 'moderate', 'poor'];
  const agreement = ['1', '2', '3', '4', '5', 'dontKnow'];
  return {
    'a-grants': ratings[i % 3] ?? 'good',
    'a-premises': ratings[(i >> 1) % 3] ?? 'good',
    'a-events': ratings[(i >> 2) % 3] ?? 'good',
    'a-communication': ratings[(i >> 3) % 3] ?? 'good',
    'a-contact': agreement[i % 6] ?? '3',
    'a-evenings': agreement[(i >> 1) % 6] ?? '3',
    'a-groups': i % 2 ? ['events'] : ['premises', 'grants'],
    ...(i % 4 === 0 ? { 'a-wishes': `Toive numero ${i}: lisää iltoja ja tilavarauksia` } : {}),
  };
}

export const benchmark: Benchmark = {
  title: 'Survey results: 20,000 answers in the results view',
  async run(report) {
    const app = await startTestApp({ LOG_LEVEL: 'warn' });
    try {
      const token = await devToken(app.url, DEMO.coordinator);
      const day = (offset: number) =>
        localDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());
      const made = await api<Survey>(app.url, token, '/api/v1/surveys', {
        method: 'POST',
        json: {
          ...TEMPLATES.associationSurvey.input(new Date().getUTCFullYear()),
          window: { first: day(-1), last: day(5) },
        },
      });
      const survey = made.body;
      await api(app.url, token, `/api/v1/surveys/${survey.id}/open`, { method: 'POST' });

      // Seed the answers and the tally shards they add up to.
      const storage = new TableStorage(app.azurite.connectionString, app.config.TABLE_PREFIX);
      const table = storage.table(TABLES.surveyAnswers);
      const pk = encodeKey(survey.id);
      const shards = new Map<string, Tally>();
      const seedStart = performance.now();
      for (let start = 0; start < ANSWERS; start += 100) {
        const batch: TransactionAction[] = [];
        for (let i = start; i < start + 100; i++) {
          const id = randomUUID();
          const answers = answerOf(i);
          const shard = shardOf(id);
          shards.set(
            shard,
            addTally(shards.get(shard) ?? EMPTY_TALLY, contribution(survey.questions, answers)),
          );
          batch.push([
            'create',
            { partitionKey: pk, rowKey: `a!${id}`, answers: JSON.stringify(answers) },
          ]);
        }
        await table.submitTransaction(batch);
      }
      for (const [rowKey, tally] of shards) {
        await table.upsertEntity(
          { partitionKey: pk, rowKey, tally: JSON.stringify(tally) },
          'Replace',
        );
      }
      report.log(`seeded ${ANSWERS} answers in ${round((performance.now() - seedStart) / 1000)} s`);

      // The results view, as the tab asks for it.
      const results: number[] = [];
      let last: SurveyResults | undefined;
      for (let i = 0; i < 65; i++) {
        const t0 = performance.now();
        const res = await api<{ results: SurveyResults }>(
          app.url,
          token,
          `/api/v1/surveys/${survey.id}/results`,
        );
        if (res.status !== 200) throw new Error(`results: ${res.status} ${res.text}`);
        if (i >= 5) results.push(performance.now() - t0);
        last = res.body.results;
      }
      if (last?.respondents !== ANSWERS) {
        throw new Error(`the results count ${last?.respondents}, not ${ANSWERS}`);
      }

      // Baseline: count from the answers themselves (every answer row read).
      const answersStore = new SurveyAnswersStore(
        table,
        storage.table(TABLES.surveyKeys),
        randomUUID,
      );
      const scans: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const all = await answersStore.all(survey.id);
        const counted = tallyOf(
          survey.questions,
          all.map((a) => a.answers),
        );
        scans.push(performance.now() - t0);
        if (counted.respondents !== ANSWERS) throw new Error('the scan miscounted');
      }

      // One answer through the service, 200 people in turn.
      const service = new SurveysService({
        surveys: new SurveysStore(storage.table(TABLES.surveys), randomUUID),
        answers: answersStore,
        keys: new SurveyRespondentKeys(storage.table(TABLES.meta)),
        indicators: new IndicatorsStore(storage.table(TABLES.indicators)),
        clock: () => new Date(),
        preview: surveyCardPreview,
      });
      const answering: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        await service.answer(
          survey.id,
          { kind: 'person', id: `bench-${i}`, name: '' },
          answerOf(i),
        );
        answering.push(performance.now() - t0);
      }

      const p95 = round(percentile(results, 95), 1);
      const scanP95 = round(percentile(scans, 95), 1);
      report.table('Latency (ms)', [
        {
          what: 'results view (HTTP, 16 tally rows)',
          p50: round(percentile(results, 50), 1),
          p95,
          n: results.length,
        },
        {
          what: 'baseline: count 20,000 answer rows',
          p50: round(percentile(scans, 50), 1),
          p95: scanP95,
          n: scans.length,
        },
        {
          what: 'one answer (service)',
          p50: round(percentile(answering, 50), 1),
          p95: round(percentile(answering, 95), 1),
          n: answering.length,
        },
      ]);
      report.figure({
        name: 'survey.results.p95_ms',
        value: p95,
        unit: 'ms',
        baseline: scanP95,
        ratio: round(p95 / scanP95, 3),
      });
      report.figure({
        name: 'survey.answer.p95_ms',
        value: round(percentile(answering, 95), 1),
        unit: 'ms',
      });
    } finally {
      await app.stop();
    }
  },
};
