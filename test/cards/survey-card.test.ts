import assert from 'node:assert/strict';
import { surveyCard } from '../../bot/src/cards/survey';
import { surveyResultsCard } from '../../bot/src/cards/survey-results';
import { computeResults, tallyOf } from '@yhdistysyhteistyo/contract/surveys/results';
import { VERBS } from '../../bot/src/cards/verbs';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { surveyInputSchema } from '@yhdistysyhteistyo/contract/surveys/schemas';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { assertValidCard, cardTexts } from '../support/card-check';

const survey = (over: Partial<Survey> = {}): Survey => ({
  ...surveyInputSchema.parse(TEMPLATES.associationSurvey.input(2027)),
  id: 's-2027',
  state: 'open',
  year: 2027,
  createdAt: '2027-04-01T10:00:00.000Z',
  createdBy: 'k',
  updatedAt: '2027-04-01T10:00:00.000Z',
  updatedBy: 'k',
  ...over,
});
const MAY = new Date('2027-05-10T10:00:00Z');

interface Json {
  body: {
    type: string;
    id?: string;
    style?: string;
    isMultiSelect?: boolean;
    choices?: { value: string }[];
  }[];
  actions?: { type: string; verb?: string; data?: Record<string, string> }[];
  refresh?: { action: { verb: string; data: Record<string, string> }; userIds?: string[] };
}
const json = (c: unknown) => JSON.parse(JSON.stringify(c)) as Json;

describe('survey card', () => {
  for (const locale of ['fi', 'en'] as const) {
    it(`is a valid card with every question as an input (${locale})`, () => {
      const card = surveyCard({ survey: survey(), now: MAY, refreshUserIds: ['29:a'] }, locale);
      assertValidCard(card, `survey ${locale}`);
      const j = json(card);
      const inputs = j.body.filter((b) => b.type.startsWith('Input.'));
      assert.equal(inputs.length, survey().questions.length);
      const agreement = inputs.find((i) => i.id === 'q:a-contact');
      assert.deepEqual(
        agreement?.choices?.map((c) => c.value),
        ['1', '2', '3', '4', '5', 'dontKnow'],
      );
      assert.equal(inputs.find((i) => i.id === 'q:a-groups')?.isMultiSelect, true);
      assert.deepEqual(
        j.actions?.map((a) => [a.type, a.verb, a.data?.surveyId]),
        [['Action.Execute', VERBS.surveyAnswer, 's-2027']],
      );
      assert.equal(j.refresh?.action.verb, VERBS.surveyRefresh);
      assert.deepEqual(j.refresh?.userIds, ['29:a']);
    });
  }

  it('after answering says the answer is saved, with a change button until the window closes', () => {
    const card = surveyCard({ survey: survey(), now: MAY, personal: { answered: true } }, 'fi');
    assertValidCard(card, 'answered');
    const texts = cardTexts(card);
    assert.ok(texts.includes('Kiitos! Vastauksesi on tallennettu.'));
    assert.ok(texts.includes('Voit muuttaa vastaustasi 31.5.2027 asti.'));
    const j = json(card);
    assert.equal(j.body.filter((b) => b.type.startsWith('Input.')).length, 0);
    assert.deepEqual(
      j.actions?.map((a) => a.verb),
      [VERBS.surveyChange],
    );
    // Changing shows the form again, saying the new answer replaces the old.
    const changing = surveyCard(
      { survey: survey(), now: MAY, personal: { answered: true, changing: true } },
      'en',
    );
    assertValidCard(changing, 'changing');
    assert.ok(cardTexts(changing).includes('A new answer replaces your earlier one.'));
    assert.deepEqual(
      json(changing).actions?.map((a) => a.verb),
      [VERBS.surveyAnswer],
    );
  });

  it('after the window has no inputs and no buttons, only that it closed', () => {
    const card = surveyCard(
      { survey: survey(), now: new Date('2027-06-01T10:00:00Z'), personal: { answered: true } },
      'en',
    );
    assertValidCard(card, 'closed');
    const j = json(card);
    assert.equal(j.actions, undefined);
    assert.equal(j.body.filter((b) => b.type.startsWith('Input.')).length, 0);
    assert.ok(
      cardTexts(card).includes('The survey has closed. Thank you to everyone who answered!'),
    );
  });

  it('says whether the answer is anonymous or named, and shows field messages', () => {
    assert.ok(
      cardTexts(surveyCard({ survey: survey(), now: MAY }, 'fi')).some((s) =>
        s.startsWith('Vastauksesi on nimetön'),
      ),
    );
    const named = surveyCard(
      {
        survey: survey({ anonymous: false }),
        now: MAY,
        fieldErrors: { 'a-grants': 'Valitse jokin annetuista vaihtoehdoista.' },
      },
      'fi',
    );
    assertValidCard(named, 'named');
    assert.ok(cardTexts(named).some((s) => s.startsWith('Tämä kysely ei ole nimetön')));
    assert.ok(cardTexts(named).includes('Valitse jokin annetuista vaihtoehdoista.'));
  });
});

describe('survey results card', () => {
  it('says each question in one sentence with its counts, too few answers as such, no free texts', () => {
    const s = survey();
    const answers = Array.from({ length: 6 }, (_, i) => ({
      'a-grants': ['good', 'moderate', 'moderate'][i % 3] ?? 'good',
      'a-contact': String((i % 5) + 1),
      ...(i < 3 ? { 'a-wishes': `Salainen toive ${i}` } : {}),
    }));
    const card = surveyResultsCard(
      { survey: s, results: computeResults(s.questions, tallyOf(s.questions, answers)) },
      'fi',
    );
    assertValidCard(card, 'results');
    const texts = cardTexts(card);
    assert.ok(texts.includes('6 vastaajaa'));
    assert.ok(
      texts.includes('6 vastasi. Hyvä 33 %, kohtalainen 67 %, huono 0 %.'),
      texts.join(' | '),
    );
    assert.ok(texts.includes('6 vastasi. Täysin tai jokseenkin samaa mieltä 33 %.'));
    assert.ok(texts.includes('Liian vähän vastauksia (alle 5)'));
    assert.ok(!texts.some((x) => x.includes('Salainen toive')));
  });
});
