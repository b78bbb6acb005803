/**
 * The two surveys of the 2021 pilot, ready to copy each year: the association survey (May) and
 * the key persons' survey (November), both over the four areas of cooperation (grants,
 * premises, events, communication and findability of information). Question ids are fixed, so
 * the indicators can follow the same question year after year.
 */
import type { Area, QuestionKind, TemplateId } from './model';
import type { SurveyInput } from './schemas';

interface TemplateQuestion {
  readonly id: string;
  readonly kind: QuestionKind;
  readonly fi: string;
  readonly en: string;
  readonly area?: Area;
  readonly options?: readonly { readonly id: string; readonly fi: string; readonly en: string }[];
}

const AREA_WORDS: Readonly<Record<Area, readonly [string, string]>> = {
  grants: ['avustuksissa', 'grants'],
  premises: ['tiloissa', 'premises'],
  events: ['tapahtumissa', 'events'],
  communication: [
    'viestinnässä ja tiedon löydettävyydessä',
    'communication and findability of information',
  ],
};

const areaQuestions = (prefix: string): TemplateQuestion[] =>
  (Object.keys(AREA_WORDS) as Area[]).map((area) => ({
    id: `${prefix}-${area}`,
    kind: 'rating',
    area,
    fi: `Miten yhteistyö kaupungin ja yhdistysten välillä on edistynyt ${AREA_WORDS[area][0]}?`,
    en: `How has the cooperation between the city and the associations progressed in ${AREA_WORDS[area][1]}?`,
  }));

const ASSOCIATION_QUESTIONS: readonly TemplateQuestion[] = [
  ...areaQuestions('a'),
  {
    id: 'a-contact',
    kind: 'agreement',
    fi: 'Yhdistykseni tietää, kuka kaupungilla on sen yhdistysyhteyshenkilö.',
    en: 'My association knows who its association contact person at the city is.',
  },
  {
    id: 'a-evenings',
    kind: 'agreement',
    fi: 'Yhdistysillat ovat olleet yhdistykselleni hyödyllisiä.',
    en: 'The association evenings have been useful to my association.',
  },
  {
    id: 'a-groups',
    kind: 'multiple',
    fi: 'Mihin työryhmiin yhdistyksesi haluaisi osallistua?',
    en: 'Which working groups would your association like to take part in?',
    options: [
      { id: 'premises', fi: 'Tilayhteistyö', en: 'Premises' },
      { id: 'communication', fi: 'Viestintä', en: 'Communication' },
      { id: 'events', fi: 'Tapahtumayhteistyö', en: 'Events' },
      { id: 'grants', fi: 'Avustusyhteistyö', en: 'Grants' },
    ],
  },
  {
    id: 'a-wishes',
    kind: 'text',
    fi: 'Mitä toivot yhteistyöltä seuraavaksi?',
    en: 'What would you like from the cooperation next?',
  },
];

const KEY_PERSONS_QUESTIONS: readonly TemplateQuestion[] = [
  ...areaQuestions('k'),
  {
    id: 'k-structure',
    kind: 'agreement',
    fi: 'Kaupungin ja yhdistysten yhteistyön rakenne on vahvistunut.',
    en: 'The structure of cooperation between the city and the associations has grown stronger.',
  },
  {
    id: 'k-practices',
    kind: 'agreement',
    fi: 'Meillä on yhteiset käytännöt yhdistysyhteistyölle.',
    en: 'We have common practices for cooperation with associations.',
  },
  {
    id: 'k-whole',
    kind: 'agreement',
    fi: 'Yhdistysyhteistyö rakentuu yhtenäiseksi kokonaisuudeksi.',
    en: 'Cooperation with associations is being built into one whole.',
  },
  {
    id: 'k-workshops',
    kind: 'rating',
    fi: 'Miten teematyöpajat, ajantasaiset yhteystiedot ja yhteistyötapaamiset ovat toteutuneet?',
    en: 'How well have theme workshops, up-to-date contact details and cooperation meetings worked?',
  },
  {
    id: 'k-model',
    kind: 'rating',
    fi: 'Miten toimintamalli yhdistysiltojen ja työryhmien käyttöönottoon ja vastuiden jakautuminen ovat toteutuneet?',
    en: 'How well have the model for association evenings and working groups, and the sharing of responsibilities, worked?',
  },
  {
    id: 'k-ownwork',
    kind: 'rating',
    fi: 'Miten toimintamalli on tukenut omaa työtäsi?',
    en: 'How well has the operating model supported your own work?',
  },
  {
    id: 'k-wishes',
    kind: 'text',
    fi: 'Mitä yhteistyössä pitäisi kehittää seuraavaksi?',
    en: 'What should be developed in the cooperation next?',
  },
];

export interface SurveyTemplate {
  readonly id: TemplateId;
  /** The month (1–12) the report runs it in. */
  readonly month: number;
  readonly input: (year: number) => SurveyInput;
}

const lastDay = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate().toString().padStart(2, '0');
const mm = (month: number) => String(month).padStart(2, '0');

function build(
  id: TemplateId,
  month: number,
  audience: 'associations' | 'keyPersons',
  title: readonly [string, string],
  intro: readonly [string, string],
  questions: readonly TemplateQuestion[],
): SurveyTemplate {
  return {
    id,
    month,
    input: (year) => ({
      title: { fi: `${title[0]} ${year}`, en: `${title[1]} ${year}` },
      intro: { fi: intro[0], en: intro[1] },
      audience,
      anonymous: true,
      template: id,
      window: {
        first: `${year}-${mm(month)}-01`,
        last: `${year}-${mm(month)}-${lastDay(year, month)}`,
      },
      questions: questions.map((q) => ({
        id: q.id,
        kind: q.kind,
        text: { fi: q.fi, en: q.en },
        options: (q.options ?? []).map((o) => ({ id: o.id, text: { fi: o.fi, en: o.en } })),
        required: false,
        ...(q.area ? { area: q.area } : {}),
      })),
    }),
  };
}

export const TEMPLATES: Readonly<Record<TemplateId, SurveyTemplate>> = {
  associationSurvey: build(
    'associationSurvey',
    5,
    'associations',
    ['Yhdistyskysely', 'Association survey'],
    [
      'Kerro, miten kaupungin ja yhdistysten yhteistyö on mielestäsi edistynyt. Vastaukset ovat nimettömiä, ja yksi vastaus yhdistystä kohden riittää.',
      'Tell us how the cooperation between the city and the associations has progressed. Answers are anonymous; one answer per association is enough.',
    ],
    ASSOCIATION_QUESTIONS,
  ),
  keyPersonsSurvey: build(
    'keyPersonsSurvey',
    11,
    'keyPersons',
    ['Avainhenkilöiden kysely', "Key persons' survey"],
    [
      'Kysely kaupungin yhdistysyhteistyön avainhenkilöille: miten yhteistyö on edistynyt tänä vuonna. Vastaukset ovat nimettömiä.',
      "A survey for the city's key persons in association cooperation: how the cooperation has progressed this year. Answers are anonymous.",
    ],
    KEY_PERSONS_QUESTIONS,
  ),
};
