/**
 * The indicator tables of the 2021 report (table 1: result indicators, table 2: impact
 * indicators): each indicator with its baseline, its source — questions of one of the report's
 * surveys, or a value entered by hand (e.g. from interviews) — and its value per year. A value
 * with a survey source is computed from that year's answers; the report's 2021 rows are seeded.
 */
import { z } from 'zod';
import type { LocalizedText } from '../events/model';
import { RATING_VALUES, TEMPLATE_IDS, type TemplateId } from './model';
import type { SurveyResults } from './results';

export type IndicatorSource =
  | {
      readonly kind: 'survey';
      readonly template: TemplateId;
      readonly questionIds: readonly string[];
      /** agreement: share agreeing (4–5); rating: shares of good / moderate / poor. */
      readonly measure: 'agreement' | 'rating';
    }
  | { readonly kind: 'manual' };

export interface Indicator {
  readonly id: string;
  readonly table: 1 | 2;
  readonly order: number;
  readonly name: LocalizedText;
  readonly baseline: LocalizedText;
  readonly source: IndicatorSource;
  /** How the report names the source ("Yhdistyskysely 5/2021"). */
  readonly sourceLabel: LocalizedText;
  /** Values entered by hand (or the report's own), by year. */
  readonly values: Readonly<Record<string, LocalizedText>>;
}

const L = (fi: string, en: string): LocalizedText => ({ fi, en });
const AREAS_OF = (p: string) =>
  ['grants', 'premises', 'events', 'communication'].map((a) => `${p}-${a}`);

/** The report's tables 1 and 2 as they stand after 2021. */
export const SEED_INDICATORS: readonly Indicator[] = [
  {
    id: 'r1-associations',
    table: 1,
    order: 1,
    name: L(
      'Yhdistysten tyytyväisyys yhteistyön edistymiseen (avustukset, tilat, tapahtumat ja viestintä ja tiedon löydettävyys)',
      "Associations' satisfaction with the progress of cooperation (grants, premises, events, communication and findability of information)",
    ),
    baseline: L('Kohtalainen', 'Moderate'),
    source: {
      kind: 'survey',
      template: 'associationSurvey',
      questionIds: AREAS_OF('a'),
      measure: 'rating',
    },
    sourceLabel: L('Yhdistyskysely 5/2021', 'Association survey 5/2021'),
    values: {},
  },
  {
    id: 'r2-keypersons',
    table: 1,
    order: 2,
    name: L(
      'Avainhenkilöiden tyytyväisyys yhteistyön edistymiseen (avustukset, tilat, viestintä ja tiedon löydettävyys)',
      "Key persons' satisfaction with the progress of cooperation (grants, premises, communication and findability of information)",
    ),
    baseline: L('Kohtalainen/hyvä', 'Moderate/good'),
    source: {
      kind: 'survey',
      template: 'keyPersonsSurvey',
      questionIds: AREAS_OF('k'),
      measure: 'rating',
    },
    sourceLabel: L('Avainhenkilöiden kysely 11/2021', "Key persons' survey 11/2021"),
    values: {},
  },
  ...(
    [
      [
        'i1',
        'Yhteistyörakenteen vahvistaminen',
        'Strengthening the structure of cooperation',
        'k-structure',
        'agreement',
        '',
        '',
        'Täysin tai jokseenkin samaa mieltä 60 %',
        'Fully or somewhat agree 60%',
      ],
      [
        'i2',
        'Yhteiset käytännöt yhteistyölle',
        'Common practices for cooperation',
        'k-practices',
        'agreement',
        '',
        '',
        'Täysin samaa mieltä 80 %',
        'Fully agree 80%',
      ],
      [
        'i3',
        'Yhteistyökokonaisuuden rakentaminen',
        'Building cooperation into one whole',
        'k-whole',
        'agreement',
        '',
        '',
        'Täysin tai jokseenkin samaa mieltä 60 %, ei osaa sanoa 40 %',
        "Fully or somewhat agree 60%, don't know 40%",
      ],
      [
        'i4',
        'Koko kaupungin yhdistysyhteistyöhön koordinaattori',
        'A coordinator for the whole city’s association cooperation',
        '',
        'manual',
        'Suuri tarve toteutumiselle havaittu',
        'A great need observed',
        'Ei toteutunut 2022, motivaatiotason lasku',
        'Not realised in 2022, motivation fell',
      ],
      [
        'i5',
        'Teematyöpajat, ajantasaiset yhteystiedot, yhteistyötapaamiset',
        'Theme workshops, up-to-date contact details, cooperation meetings',
        'k-workshops',
        'rating',
        '',
        '',
        'Kohtalaisesti 80 %, hyvin 20 %',
        'Moderately 80%, well 20%',
      ],
      [
        'i6',
        'Toimintamalli yhdistysiltojen ja työryhmien käyttöönottoon, vastuiden jakautuminen',
        'A model for association evenings and working groups, sharing of responsibilities',
        'k-model',
        'rating',
        '',
        '',
        'Kohtalaisesti tai huonosti 60 %, hyvin 40 %',
        'Moderately or poorly 60%, well 40%',
      ],
      [
        'i7',
        'Kokemus hankkeen tarpeellisuudesta omaan työhön → mallin käyttöönotto ja sen kannattelu',
        'The project felt needed for one’s own work → taking the model into use and keeping it up',
        'k-ownwork',
        'rating',
        '',
        '',
        'Kohtalaisesti 100 %',
        'Moderately 100%',
      ],
    ] as const
  ).map(([id, fi, en, question, measure, bFi, bEn, vFi, vEn], i): Indicator => ({
    id,
    table: 2,
    order: i + 1,
    name: L(`${i + 1}. ${fi}`, `${i + 1}. ${en}`),
    baseline: L(bFi, bEn),
    source:
      measure === 'manual'
        ? { kind: 'manual' }
        : { kind: 'survey', template: 'keyPersonsSurvey', questionIds: [question], measure },
    sourceLabel:
      measure === 'manual'
        ? L('Avainhenkilöiden haastattelu', 'Interviews of key persons')
        : L('Kysely avainhenkilöille', 'Survey of key persons'),
    values: { '2021': L(vFi, vEn) },
  })),
];

/** A value computed from a year's answers: the pooled shares of the indicator's questions. */
export interface ComputedValue {
  readonly year: number;
  readonly n: number;
  readonly tooFew: boolean;
  readonly agreeShare?: number;
  readonly shares?: Readonly<Record<string, number>>;
  /** Rating: the most common of good / moderate / poor. */
  readonly level?: (typeof RATING_VALUES)[number];
}

/** The indicator's value from one year's results of its survey, or undefined without a source. */
export function computeIndicator(
  indicator: Indicator,
  year: number,
  results: SurveyResults,
): ComputedValue | undefined {
  const source = indicator.source;
  if (source.kind !== 'survey') return undefined;
  const picked = results.questions.filter((q) => source.questionIds.includes(q.id));
  const n = picked.reduce((s, q) => s + q.n, 0);
  if (picked.length === 0 || picked.some((q) => q.tooFew)) return { year, n, tooFew: true };
  const counts: Record<string, number> = {};
  for (const q of picked)
    for (const bar of q.distribution ?? [])
      counts[bar.value] = (counts[bar.value] ?? 0) + bar.count;
  const share = (v: string) => Math.round(((counts[v] ?? 0) / n) * 10_000) / 10_000;
  const shares = Object.fromEntries(Object.keys(counts).map((v) => [v, share(v)]));
  if (source.measure === 'agreement') {
    return {
      year,
      n,
      tooFew: false,
      shares,
      agreeShare: Math.round((((counts['4'] ?? 0) + (counts['5'] ?? 0)) / n) * 10_000) / 10_000,
    };
  }
  const level = [...RATING_VALUES].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))[0];
  return { year, n, tooFew: false, shares, ...(level ? { level } : {}) };
}

/** What a coordinator may change of an indicator: its baseline and the values entered by hand. */
export const indicatorEditSchema = z.object(
  {
    baseline: z
      .object({
        fi: z.string({ error: 'surveys.error.text' }).trim().max(300, 'surveys.error.tooLong'),
        en: z
          .string({ error: 'surveys.error.text' })
          .trim()
          .max(300, 'surveys.error.tooLong')
          .default(''),
      })
      .optional(),
    values: z
      .record(
        z.string().regex(/^\d{4}$/, 'surveys.error.year'),
        z.object({
          fi: z.string({ error: 'surveys.error.text' }).trim().max(300, 'surveys.error.tooLong'),
          en: z
            .string({ error: 'surveys.error.text' })
            .trim()
            .max(300, 'surveys.error.tooLong')
            .default(''),
        }),
        { error: 'surveys.error.text' },
      )
      .optional(),
  },
  { error: 'surveys.error.text' },
);

export const isTemplateId = (v: unknown): v is TemplateId =>
  typeof v === 'string' && (TEMPLATE_IDS as readonly string[]).includes(v);
