/** Surveys on a real Azurite: one answer per person by a keyed hash, the running tally, refusals. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { SurveysProblem, SurveysService } from '../../bot/src/domain/surveys-service';
import {
  IndicatorsStore,
  SurveyAnswersStore,
  SurveyRespondentKeys,
  SurveysStore,
} from '../../bot/src/storage/surveys-store';
import { TABLES, TableStorage } from '../../bot/src/storage/tables';
import { tallyOf } from '@yhdistysyhteistyo/contract/surveys/results';
import type { Answers } from '@yhdistysyhteistyo/contract/surveys/model';
import { surveyCardPreview } from '../../bot/src/compose/surveys';

const BY = { id: 'koordinaattori@lahti.example' };

describe('surveys on Azurite', function () {
  this.timeout(60_000);
  let azurite: AzuriteProcess;
  let storage: TableStorage;
  let now = new Date('2027-05-10T09:00:00Z');
  let service: SurveysService;
  let answers: SurveyAnswersStore;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
    storage = new TableStorage(azurite.connectionString);
    await storage.ensureTables();
    answers = new SurveyAnswersStore(
      storage.table(TABLES.surveyAnswers),
      storage.table(TABLES.surveyKeys),
      randomUUID,
    );
    service = new SurveysService({
      surveys: new SurveysStore(storage.table(TABLES.surveys), randomUUID),
      answers,
      keys: new SurveyRespondentKeys(storage.table(TABLES.meta)),
      indicators: new IndicatorsStore(storage.table(TABLES.indicators)),
      clock: () => now,
      preview: surveyCardPreview,
    });
  });

  after(async () => {
    await azurite?.stop();
  });

  it('keeps one answer per person, the tally equal to a hand count, nobody named in the answers', async () => {
    const survey = await service.fromTemplate('associationSurvey', 2027, BY);
    await assert.rejects(
      service.answer(survey.value.id, { kind: 'person', id: 'u1', name: 'Aino' }, {}),
      (e: unknown) => e instanceof SurveysProblem && e.code === 'survey_draft',
    );
    await service.open(survey.value.id, BY);
    const values = ['good', 'moderate', 'poor'] as const;
    const given = new Map<string, Answers>();
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const a: Answers = {
          'a-grants': values[i % 3] ?? 'good',
          'a-contact': String((i % 5) + 1),
          'a-groups': i % 2 ? ['events'] : ['events', 'grants'],
          'a-wishes': `Toive ${i}`,
        };
        given.set(`u${i}`, a);
        await service.answer(
          survey.value.id,
          { kind: 'person', id: `u${i}`, name: `Henkilö ${i}` },
          a,
        );
      }),
    );
    // A second answer by the same person replaces the first.
    const second: Answers = { 'a-grants': 'poor', 'a-contact': 'dontKnow' };
    const again = await service.answer(
      survey.value.id,
      { kind: 'person', id: 'u0', name: 'Henkilö 0' },
      second,
    );
    assert.equal(again.replaced, true);
    given.set('u0', second);

    const { results } = await service.results(survey.value.id);
    const hand = tallyOf(survey.value.questions, [...given.values()]);
    assert.deepEqual(await answers.tally(survey.value.id), hand);
    assert.equal(results.respondents, 24);
    const grants = results.questions.find((q) => q.id === 'a-grants');
    assert.deepEqual(
      grants?.distribution?.map((b) => b.count),
      [7, 8, 9],
    );
    assert.equal((await answers.all(survey.value.id)).length, 24);
    assert.equal(await service.hasAnswered(survey.value.id, { kind: 'person', id: 'u3' }), true);
    assert.equal(await service.hasAnswered(survey.value.id, { kind: 'person', id: 'u99' }), false);

    // Nothing of who answered is in the answers table.
    const rows = storage.table(TABLES.surveyAnswers).listEntities<Record<string, unknown>>();
    for await (const row of rows) {
      const text = JSON.stringify(row);
      assert.doesNotMatch(text, /Henkilö|userId|"name"/, text);
      for (const id of given.keys()) assert.ok(!text.includes(`"${id}"`), text);
    }
    // The keys table holds hashes, not ids.
    for await (const row of storage
      .table(TABLES.surveyKeys)
      .listEntities<Record<string, unknown>>()) {
      assert.match(String(row.rowKey), /^[A-Za-z0-9_-]{43}$/);
      const text = JSON.stringify(row);
      assert.doesNotMatch(text, /Henkilö/);
      for (const id of given.keys())
        assert.ok(!text.includes(`"${id}"`) && !text.includes(`:${id}"`), text);
    }
  });

  it('refuses an answer after the window, with the day it closed', async () => {
    const survey = await service.fromTemplate('keyPersonsSurvey', 2027, BY);
    await service.open(survey.value.id, BY);
    now = new Date('2027-11-15T09:00:00Z');
    await service.answer(
      survey.value.id,
      { kind: 'person', id: 'p', name: 'P' },
      { 'k-grants': 'good' },
    );
    now = new Date('2027-12-01T08:00:00Z');
    await assert.rejects(
      service.answer(
        survey.value.id,
        { kind: 'person', id: 'p2', name: 'P2' },
        { 'k-grants': 'good' },
      ),
      (e: unknown) =>
        e instanceof SurveysProblem &&
        e.code === 'survey_closed' &&
        e.params.date === '2027-11-30T10:00:00.000Z',
    );
  });

  it('copies a survey to another year as a draft with the same questions and days', async () => {
    const survey = await service.fromTemplate('associationSurvey', 2027, BY);
    const copy = await service.copy(survey.value.id, 2028, BY);
    assert.equal(copy.value.state, 'draft');
    assert.equal(copy.value.year, 2028);
    assert.equal(copy.value.title.fi, 'Yhdistyskysely 2028');
    assert.equal(copy.value.opensAt, '2028-04-30T21:00:00.000Z');
    assert.equal(copy.value.closesAt, '2028-05-31T21:00:00.000Z');
    assert.equal(copy.value.copiedFrom, survey.value.id);
    assert.deepEqual(copy.value.questions, survey.value.questions);
    assert.equal(copy.value.template, 'associationSurvey');
  });

  it('seeds the indicators once and computes a year from the answers', async () => {
    const first = await service.indicators();
    assert.equal(first.length, 9);
    const again = await service.indicators();
    assert.equal(again.length, 9);
    const r1 = again.find((v) => v.indicator.id === 'r1-associations');
    assert.deepEqual(
      r1?.computed.map((c) => [c.year, c.tooFew, c.level]),
      // Only grants was answered: the other three areas have too few answers, so the pooled value too.
      [[2027, true, undefined]],
    );
    const edited = await service.editIndicator(
      'i4',
      { values: { '2027': { fi: 'Toteutui' } } },
      r1 ? (again.find((v) => v.indicator.id === 'i4')?.etag ?? '') : '',
    );
    assert.equal(edited.value.values['2027']?.fi, 'Toteutui');
    assert.equal(edited.value.values['2021']?.fi, 'Ei toteutunut 2022, motivaatiotason lasku');
  });
});
