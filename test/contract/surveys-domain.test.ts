import assert from 'node:assert/strict';
import { windowState, type Answers } from '@yhdistysyhteistyo/contract/surveys/model';
import { parseAnswers, surveyInputSchema } from '@yhdistysyhteistyo/contract/surveys/schemas';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import {
  addTally,
  computeResults,
  contribution,
  EMPTY_TALLY,
  tallyOf,
} from '@yhdistysyhteistyo/contract/surveys/results';
import { computeIndicator, SEED_INDICATORS } from '@yhdistysyhteistyo/contract/surveys/indicators';

const association = surveyInputSchema.parse(TEMPLATES.associationSurvey.input(2027));
const keyPersons = surveyInputSchema.parse(TEMPLATES.keyPersonsSurvey.input(2027));

describe('surveys: the schema', () => {
  it('reads both templates: May and November windows in Helsinki time, the four areas', () => {
    assert.equal(association.opensAt, '2027-04-30T21:00:00.000Z');
    assert.equal(association.closesAt, '2027-05-31T21:00:00.000Z');
    assert.equal(keyPersons.opensAt, '2027-10-31T22:00:00.000Z');
    assert.equal(keyPersons.closesAt, '2027-11-30T22:00:00.000Z');
    for (const s of [association, keyPersons]) {
      const areas = s.questions.flatMap((q) => (q.area ? [q.area] : []));
      assert.deepEqual(areas, ['grants', 'premises', 'events', 'communication']);
      assert.equal(s.anonymous, true);
    }
    assert.equal(association.audience, 'associations');
    assert.equal(keyPersons.audience, 'keyPersons');
    const kinds = new Set([...association.questions, ...keyPersons.questions].map((q) => q.kind));
    assert.deepEqual([...kinds].sort(), ['agreement', 'multiple', 'rating', 'text']);
  });

  it('refuses a window that ends before it starts, a choice with one option, no questions', () => {
    const r = surveyInputSchema.safeParse({
      title: { fi: 'Testi' },
      audience: 'associations',
      window: { first: '2027-05-10', last: '2027-05-01' },
      questions: [{ kind: 'single', text: { fi: 'Kumpi?' }, options: [{ text: { fi: 'A' } }] }],
    });
    assert.equal(r.success, false);
    const messages = r.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort();
    assert.deepEqual(messages, [
      'questions.0.options:surveys.error.options',
      'window.last:surveys.error.window',
    ]);
    const none = surveyInputSchema.safeParse({
      title: { fi: 'T' },
      audience: 'keyPersons',
      window: { first: '2027-05-01', last: '2027-05-01' },
      questions: [],
    });
    assert.equal(none.error?.issues[0]?.message, 'surveys.error.noQuestions');
  });

  it('gives questions and options ids when the builder leaves them out', () => {
    const s = surveyInputSchema.parse({
      title: { fi: 'T' },
      audience: 'associations',
      window: { first: '2027-05-01', last: '2027-05-02' },
      questions: [
        { kind: 'agreement', text: { fi: 'A' } },
        { id: 'q1', kind: 'text', text: { fi: 'B' } },
        {
          kind: 'single',
          text: { fi: 'C' },
          options: [{ text: { fi: 'x' } }, { text: { fi: 'y' } }],
        },
      ],
    });
    assert.deepEqual(
      s.questions.map((q) => q.id),
      ['q2', 'q1', 'q3'],
    );
    assert.deepEqual(
      s.questions[2]?.options.map((o) => o.id),
      ['o1', 'o2'],
    );
  });

  it('checks an answer against the questions: values offered, unknown questions refused', () => {
    const q = association.questions;
    assert.deepEqual(
      parseAnswers(q, { 'a-grants': 'good', 'a-contact': '5', 'a-groups': 'events,grants' }),
      {
        ok: true,
        answers: { 'a-grants': 'good', 'a-contact': '5', 'a-groups': ['events', 'grants'] },
      },
    );
    assert.deepEqual(parseAnswers(q, { 'a-grants': 'great', nope: 'x', 'a-contact': '6' }), {
      ok: false,
      fields: {
        nope: 'surveys.error.unknownQuestion',
        'a-grants': 'surveys.error.answerInvalid',
        'a-contact': 'surveys.error.answerInvalid',
      },
    });
  });

  it('takes answers only when opened and inside the window', () => {
    const s = { ...association, state: 'open' as const };
    assert.equal(windowState(s, new Date('2027-04-30T20:59:59Z')), 'notYet');
    assert.equal(windowState(s, new Date('2027-04-30T21:00:00Z')), 'open');
    assert.equal(windowState(s, new Date('2027-05-31T20:59:59Z')), 'open');
    assert.equal(windowState(s, new Date('2027-05-31T21:00:00Z')), 'closed');
    assert.equal(windowState({ ...s, state: 'draft' }, new Date('2027-05-10T00:00:00Z')), 'draft');
    assert.equal(
      windowState({ ...s, state: 'closed' }, new Date('2027-05-10T00:00:00Z')),
      'closed',
    );
  });
});

describe('surveys: results', () => {
  const q = keyPersons.questions;
  const answers: Answers[] = [
    { 'k-structure': '5', 'k-grants': 'good', 'k-wishes': 'Lisää iltoja' },
    { 'k-structure': '4', 'k-grants': 'moderate' },
    { 'k-structure': 'dontKnow', 'k-grants': 'moderate' },
    { 'k-structure': '2', 'k-grants': 'poor', 'k-wishes': 'x' },
    { 'k-structure': 'dontKnow', 'k-grants': 'moderate' },
  ];

  it('counts the distribution and the share agreeing (4–5) of all who answered', () => {
    const r = computeResults(q, tallyOf(q, answers));
    assert.equal(r.respondents, 5);
    const structure = r.questions.find((x) => x.id === 'k-structure');
    assert.equal(structure?.n, 5);
    assert.equal(structure?.agreeShare, 0.4);
    assert.deepEqual(
      structure?.distribution?.map((b) => [b.value, b.count]),
      [
        ['1', 0],
        ['2', 1],
        ['3', 0],
        ['4', 1],
        ['5', 1],
        ['dontKnow', 2],
      ],
    );
    const grants = r.questions.find((x) => x.id === 'k-grants');
    assert.equal(grants?.goodShare, 0.2);
    const wishes = r.questions.find((x) => x.id === 'k-wishes');
    assert.deepEqual([wishes?.n, wishes?.tooFew, wishes?.distribution], [2, true, undefined]);
  });

  it('shows fewer than five answers only as too few', () => {
    const r = computeResults(q, tallyOf(q, answers.slice(0, 4)));
    assert.equal(r.tooFew, true);
    for (const x of r.questions) {
      assert.equal(x.tooFew, true);
      assert.equal(x.distribution, undefined);
      assert.equal(x.agreeShare, undefined);
    }
  });

  it('a changed answer takes its old part out of the running tally', () => {
    let tally = EMPTY_TALLY;
    for (const a of answers) tally = addTally(tally, contribution(q, a));
    const changed: Answers = { 'k-structure': '1' };
    tally = addTally(tally, contribution(q, answers[0] ?? {}), -1);
    tally = addTally(tally, contribution(q, changed));
    assert.deepEqual(tally, tallyOf(q, [changed, ...answers.slice(1)]));
  });
});

describe('surveys: the indicators', () => {
  it('hold the rows of the report’s tables 1 and 2', () => {
    assert.deepEqual(
      SEED_INDICATORS.map((i) => [i.table, i.baseline.fi]),
      [
        [1, 'Kohtalainen'],
        [1, 'Kohtalainen/hyvä'],
        [2, ''],
        [2, ''],
        [2, ''],
        [2, 'Suuri tarve toteutumiselle havaittu'],
        [2, ''],
        [2, ''],
        [2, ''],
      ],
    );
    const i1 = SEED_INDICATORS.find((i) => i.id === 'i1');
    assert.equal(i1?.values['2021']?.fi, 'Täysin tai jokseenkin samaa mieltä 60 %');
    assert.equal(SEED_INDICATORS.find((i) => i.id === 'i4')?.source.kind, 'manual');
  });

  it('compute a year’s value from the questions of their survey', () => {
    const results = computeResults(
      keyPersons.questions,
      tallyOf(keyPersons.questions, [
        {
          'k-structure': '5',
          'k-grants': 'good',
          'k-premises': 'good',
          'k-events': 'moderate',
          'k-communication': 'good',
        },
        {
          'k-structure': '4',
          'k-grants': 'moderate',
          'k-premises': 'moderate',
          'k-events': 'moderate',
          'k-communication': 'poor',
        },
        {
          'k-structure': '4',
          'k-grants': 'moderate',
          'k-premises': 'good',
          'k-events': 'moderate',
          'k-communication': 'moderate',
        },
        {
          'k-structure': '1',
          'k-grants': 'moderate',
          'k-premises': 'moderate',
          'k-events': 'good',
          'k-communication': 'moderate',
        },
        {
          'k-structure': 'dontKnow',
          'k-grants': 'poor',
          'k-premises': 'moderate',
          'k-events': 'good',
          'k-communication': 'moderate',
        },
      ]),
    );
    const i1 = SEED_INDICATORS.find((i) => i.id === 'i1');
    const r2 = SEED_INDICATORS.find((i) => i.id === 'r2-keypersons');
    assert.ok(i1 && r2);
    assert.equal(computeIndicator(i1, 2027, results)?.agreeShare, 0.6);
    const v = computeIndicator(r2, 2027, results);
    assert.deepEqual([v?.n, v?.level, v?.shares?.moderate], [20, 'moderate', 0.6]);
  });
});
