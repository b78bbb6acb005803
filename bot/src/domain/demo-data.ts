/**
 * Demo data for a local run: invented people and associations, and the annual rhythm of the
 * 2021 pilot's follow-up plan moved to the coming year. Role titles, never real names.
 */
import { businessIdCheckDigit } from '@yhdistysyhteistyo/contract/business-id';

export interface DemoUnit {
  readonly id: string;
  readonly name: { fi: string; en: string };
}

export const DEMO_UNITS: readonly DemoUnit[] = [
  { id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' } },
  { id: 'liikunta', name: { fi: 'Liikunta', en: 'Sports' } },
  { id: 'nuoriso', name: { fi: 'Nuoriso', en: 'Youth' } },
  { id: 'kirjasto', name: { fi: 'Kirjasto', en: 'Library' } },
  { id: 'kaupunkiymparisto', name: { fi: 'Kaupunkiympäristö', en: 'Urban environment' } },
  { id: 'osallisuus', name: { fi: 'Osallisuus', en: 'Participation' } },
  { id: 'palvelutori', name: { fi: 'Palvelutori', en: 'Service centre' } },
  { id: 'hyvinvointi', name: { fi: 'Hyvinvointi', en: 'Wellbeing' } },
];

export const DEMO_CATEGORIES: readonly DemoUnit[] = [
  { id: 'maahanmuuttajat', name: { fi: 'Maahanmuuttajayhdistys', en: 'Immigrant association' } },
  { id: 'urheilu', name: { fi: 'Urheiluseura', en: 'Sports club' } },
  { id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' } },
  { id: 'nuoret', name: { fi: 'Nuoret', en: 'Youth' } },
  { id: 'seniorit', name: { fi: 'Seniorit', en: 'Seniors' } },
  { id: 'asukkaat', name: { fi: 'Asukas- ja kyläyhdistys', en: 'Residents and villages' } },
  { id: 'sosiaali', name: { fi: 'Sosiaali- ja terveysala', en: 'Social and health' } },
  { id: 'ymparisto', name: { fi: 'Ympäristö', en: 'Environment' } },
];

export type DemoRole = 'coordinator' | 'contact' | 'reader' | 'representative';

export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly upn: string;
  readonly title: { fi: string; en: string };
  readonly role: DemoRole;
  readonly units: readonly string[];
  /** Association the person represents (representatives only). */
  readonly associationId?: string;
  /** Guests are not in the city's tenant. */
  readonly guest: boolean;
}

export const DEMO_TENANT_ID = '00000000-0000-4000-8000-00000000c17e';

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: 'helena-virtanen',
    name: 'Helena Virtanen',
    upn: 'helena.virtanen@kaupunki.example',
    title: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    role: 'coordinator',
    units: [],
    guest: false,
  },
  {
    id: 'mikko-laine',
    name: 'Mikko Laine',
    upn: 'mikko.laine@kaupunki.example',
    title: { fi: 'Yhdistysyhteyshenkilö, Kulttuuri', en: 'Association contact person, Culture' },
    role: 'contact',
    units: ['kulttuuri', 'kirjasto'],
    guest: false,
  },
  {
    id: 'sanna-heikkinen',
    name: 'Sanna Heikkinen',
    upn: 'sanna.heikkinen@kaupunki.example',
    title: { fi: 'Yhdistysyhteyshenkilö, Liikunta', en: 'Association contact person, Sports' },
    role: 'contact',
    units: ['liikunta'],
    guest: false,
  },
  {
    id: 'jari-nieminen',
    name: 'Jari Nieminen',
    upn: 'jari.nieminen@kaupunki.example',
    title: { fi: 'Yhdistysyhteyshenkilö, Nuoriso', en: 'Association contact person, Youth' },
    role: 'contact',
    units: ['nuoriso', 'osallisuus'],
    guest: false,
  },
  {
    id: 'aino-koskinen',
    name: 'Aino Koskinen',
    upn: 'aino.koskinen@kaupunki.example',
    title: { fi: 'Ohjausryhmän jäsen', en: 'Steering group member' },
    role: 'reader',
    units: [],
    guest: false,
  },
  {
    id: 'leena-makinen',
    name: 'Leena Mäkinen',
    upn: 'leena.makinen@kuoro.example',
    title: { fi: 'Yhdistyksen edustaja', en: 'Association representative' },
    role: 'representative',
    units: [],
    associationId: 'kaupungin-kamarikuoro',
    guest: true,
  },
  {
    id: 'amina-yusuf',
    name: 'Amina Yusuf',
    upn: 'amina.yusuf@monikulttuuri.example',
    title: { fi: 'Yhdistyksen edustaja', en: 'Association representative' },
    role: 'representative',
    units: [],
    associationId: 'monikulttuurinen-naisyhdistys',
    guest: true,
  },
];

export interface DemoAssociation {
  readonly id: string;
  readonly name: string;
  readonly registerNumber: string;
  readonly businessId?: string;
  readonly units: readonly string[];
  readonly categories: readonly string[];
  readonly contactName: string;
  readonly contactLanguage: 'fi' | 'en' | 'sv';
  readonly hasRepresentative: boolean;
  readonly workingGroups: readonly string[];
}

/** [id, name, units, categories, contact person, language, working groups] */
type Row = [string, string, string[], string[], string, 'fi' | 'en' | 'sv', string[]];

const ROWS: Row[] = [
  [
    'kaupungin-kamarikuoro',
    'Kaupungin Kamarikuoro ry',
    ['kulttuuri'],
    ['kulttuuri'],
    'Leena Mäkinen',
    'fi',
    ['tilat'],
  ],
  [
    'monikulttuurinen-naisyhdistys',
    'Monikulttuurinen naisyhdistys ry',
    ['osallisuus', 'hyvinvointi'],
    ['maahanmuuttajat'],
    'Amina Yusuf',
    'en',
    ['viestinta'],
  ],
  [
    'hiihtoseura-lumi',
    'Hiihtoseura Lumi ry',
    ['liikunta'],
    ['urheilu'],
    'Pekka Järvinen',
    'fi',
    ['tilat'],
  ],
  [
    'palloseura-vauhti',
    'Palloseura Vauhti ry',
    ['liikunta', 'nuoriso'],
    ['urheilu', 'nuoret'],
    'Tuomas Lehtonen',
    'fi',
    ['tapahtumat'],
  ],
  [
    'eläkeläiset-kanerva',
    'Eläkeläiset Kanerva ry',
    ['hyvinvointi'],
    ['seniorit'],
    'Raili Salonen',
    'fi',
    [],
  ],
  [
    'kylayhdistys-harjula',
    'Harjulan kyläyhdistys ry',
    ['kaupunkiymparisto', 'osallisuus'],
    ['asukkaat'],
    'Kari Hämäläinen',
    'fi',
    ['tilat'],
  ],
  [
    'teatteriyhdistys-kulissi',
    'Teatteriyhdistys Kulissi ry',
    ['kulttuuri'],
    ['kulttuuri'],
    'Outi Rantanen',
    'fi',
    ['avustukset'],
  ],
  [
    'partiolippukunta-kotkat',
    'Partiolippukunta Kotkat ry',
    ['nuoriso'],
    ['nuoret'],
    'Ville Karjalainen',
    'fi',
    ['tilat'],
  ],
  [
    'somaliyhdistys-hiil',
    'Somali-suomalainen yhdistys Hiil ry',
    ['osallisuus'],
    ['maahanmuuttajat'],
    'Abdi Warsame',
    'en',
    ['viestinta'],
  ],
  [
    'ukrainalaisten-yhdistys',
    'Ukrainalaisten yhdistys Soniashnyk ry',
    ['osallisuus', 'palvelutori'],
    ['maahanmuuttajat'],
    'Olena Kovalenko',
    'en',
    ['tapahtumat'],
  ],
  [
    'luontoyhdistys-sammal',
    'Luontoyhdistys Sammal ry',
    ['kaupunkiymparisto'],
    ['ymparisto'],
    'Minna Tuominen',
    'fi',
    [],
  ],
  [
    'taideyhdistys-paletti',
    'Taideyhdistys Paletti ry',
    ['kulttuuri', 'kirjasto'],
    ['kulttuuri'],
    'Jussi Kallio',
    'fi',
    ['avustukset'],
  ],
  [
    'tanssiseura-piruetti',
    'Tanssiseura Piruetti ry',
    ['liikunta', 'kulttuuri'],
    ['urheilu', 'kulttuuri'],
    'Emilia Salo',
    'fi',
    [],
  ],
  [
    'nuorisoseura-kipina',
    'Nuorisoseura Kipinä ry',
    ['nuoriso'],
    ['nuoret'],
    'Aleksi Mattila',
    'fi',
    ['tapahtumat'],
  ],
  [
    'omaishoitajat',
    'Omaishoitajayhdistys Tukikaari ry',
    ['hyvinvointi', 'palvelutori'],
    ['sosiaali'],
    'Marjatta Heinonen',
    'fi',
    [],
  ],
  [
    'mielenterveysyhdistys-valo',
    'Mielenterveysyhdistys Valo ry',
    ['hyvinvointi'],
    ['sosiaali'],
    'Tiina Leinonen',
    'fi',
    ['viestinta'],
  ],
  [
    'shakkikerho-torni',
    'Shakkikerho Torni ry',
    ['kirjasto', 'liikunta'],
    ['urheilu'],
    'Matti Koivisto',
    'fi',
    [],
  ],
  [
    'kirjallisuusseura-sivu',
    'Kirjallisuusseura Sivu ry',
    ['kirjasto'],
    ['kulttuuri'],
    'Hanna Lindqvist',
    'sv',
    [],
  ],
  [
    'asukasyhdistys-keskusta',
    'Keskustan asukasyhdistys ry',
    ['kaupunkiymparisto'],
    ['asukkaat'],
    'Timo Saarinen',
    'fi',
    ['viestinta'],
  ],
  [
    'asukasyhdistys-ita',
    'Itäisten kaupunginosien asukasyhdistys ry',
    ['kaupunkiymparisto', 'osallisuus'],
    ['asukkaat'],
    'Sari Laaksonen',
    'fi',
    [],
  ],
  [
    'uimaseura-aalto',
    'Uimaseura Aalto ry',
    ['liikunta'],
    ['urheilu'],
    'Janne Manninen',
    'fi',
    ['tilat'],
  ],
  [
    'senioritanssijat',
    'Senioritanssijat ry',
    ['hyvinvointi', 'liikunta'],
    ['seniorit', 'urheilu'],
    'Pirjo Ahonen',
    'fi',
    [],
  ],
  [
    'arabiankielisten-yhdistys',
    'Arabiankielisten perheiden yhdistys ry',
    ['osallisuus'],
    ['maahanmuuttajat'],
    'Layla Haddad',
    'en',
    ['avustukset'],
  ],
  [
    'venajankielisten-kulttuuri',
    'Venäjänkielisten kulttuuriyhdistys ry',
    ['kulttuuri', 'osallisuus'],
    ['maahanmuuttajat', 'kulttuuri'],
    'Irina Petrova',
    'en',
    [],
  ],
  [
    'elokuvakerho-valkokangas',
    'Elokuvakerho Valkokangas ry',
    ['kulttuuri'],
    ['kulttuuri'],
    'Antti Väisänen',
    'fi',
    ['tapahtumat'],
  ],
  [
    'musiikkiyhdistys-soiva',
    'Musiikkiyhdistys Soiva ry',
    ['kulttuuri', 'nuoriso'],
    ['kulttuuri', 'nuoret'],
    'Riikka Koskela',
    'fi',
    ['tilat'],
  ],
  [
    'veteraaniperinne',
    'Sotaveteraaniperinneyhdistys ry',
    ['hyvinvointi'],
    ['seniorit'],
    'Heikki Peltonen',
    'fi',
    [],
  ],
  [
    'kasityoyhdistys-puikko',
    'Käsityöyhdistys Puikko ry',
    ['kulttuuri', 'palvelutori'],
    ['kulttuuri', 'seniorit'],
    'Anneli Miettinen',
    'fi',
    [],
  ],
  [
    'lions-keskusta',
    'Lions Club Keskusta ry',
    ['hyvinvointi'],
    ['sosiaali'],
    'Markku Räsänen',
    'fi',
    ['avustukset'],
  ],
  [
    'martat-kaupunki',
    'Kaupungin Martat ry',
    ['hyvinvointi', 'palvelutori'],
    ['sosiaali'],
    'Satu Hirvonen',
    'fi',
    ['tapahtumat'],
  ],
  [
    'jalkapalloseura-fc',
    'FC Kaupunki ry',
    ['liikunta', 'nuoriso'],
    ['urheilu', 'nuoret'],
    'Mohammed Rahimi',
    'en',
    ['tilat'],
  ],
  [
    'lukupiiri-lehti',
    'Lukupiiriyhdistys Lehti ry',
    ['kirjasto'],
    ['kulttuuri', 'seniorit'],
    'Eila Nurmi',
    'fi',
    [],
  ],
  [
    'kyläyhdistys-mäkelä',
    'Mäkelän kyläyhdistys ry',
    ['kaupunkiymparisto'],
    ['asukkaat'],
    'Esa Toivonen',
    'fi',
    [],
  ],
  [
    'vammaisyhdistys-silta',
    'Vammaisyhdistys Silta ry',
    ['hyvinvointi', 'osallisuus'],
    ['sosiaali'],
    'Kirsi Lehtinen',
    'fi',
    ['viestinta'],
  ],
  [
    'nuorten-kuvataide',
    'Nuorten kuvataideyhdistys Siveltin ry',
    ['nuoriso', 'kulttuuri'],
    ['nuoret', 'kulttuuri'],
    'Noora Kettunen',
    'fi',
    [],
  ],
  [
    'kamppailulajiseura-kata',
    'Kamppailulajiseura Kata ry',
    ['liikunta'],
    ['urheilu'],
    'Kenji Sato',
    'en',
    [],
  ],
  [
    'ruotsinkielinen-forening',
    'Svenska föreningen i staden rf',
    ['kulttuuri', 'osallisuus'],
    ['kulttuuri'],
    'Johan Nyström',
    'sv',
    [],
  ],
  [
    'ymparistokasvatus-verso',
    'Ympäristökasvatusyhdistys Verso ry',
    ['kaupunkiymparisto', 'nuoriso'],
    ['ymparisto', 'nuoret'],
    'Laura Pesonen',
    'fi',
    [],
  ],
  [
    'afrikkalainen-yhteiso',
    'Afrikkalaisten yhteisöjen verkosto ry',
    ['osallisuus'],
    ['maahanmuuttajat'],
    'Grace Mensah',
    'en',
    ['tapahtumat'],
  ],
  [
    'historiaseura-kivijalka',
    'Historiaseura Kivijalka ry',
    ['kirjasto', 'kulttuuri'],
    ['kulttuuri', 'seniorit'],
    'Olavi Hakala',
    'fi',
    [],
  ],
];

/** Seven digits → a valid business id, skipping numbers that have no valid check digit. */
function demoBusinessId(seed: number): string {
  for (let n = seed; ; n++) {
    const digits = String(2_000_000 + n * 7919)
      .padStart(7, '0')
      .slice(-7);
    const check = businessIdCheckDigit(digits);
    if (check !== undefined) return `${digits}-${check}`;
  }
}

export const DEMO_ASSOCIATIONS: readonly DemoAssociation[] = ROWS.map(
  ([id, name, units, categories, contactName, contactLanguage, workingGroups], i) => ({
    id,
    name,
    registerNumber: `${100 + i * 3}.${String(400 + i * 17).padStart(3, '0')}`,
    // About every third association also has a business ID; most have only a register number.
    ...(i % 3 === 0 ? { businessId: demoBusinessId(i) } : {}),
    units,
    categories,
    contactName,
    contactLanguage,
    hasRepresentative: i % 4 === 0,
    workingGroups,
  }),
);

/** An e-mail address made from a person's name: "Pekka Järvinen" → "pekka.jarvinen@…". */
export function demoEmail(name: string, domain: string): string {
  const local = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
  return `${local}@${domain}`;
}

export type DemoCalendarKind = 'evening' | 'meeting' | 'survey' | 'network';

export interface DemoCalendarItem {
  readonly id: string;
  readonly kind: DemoCalendarKind;
  readonly title: { fi: string; en: string };
  /** Local Helsinki wall-clock time, `MM-DDTHH:mm`, in the demo year. */
  readonly start: string;
  readonly end: string;
  readonly host: { fi: string; en: string };
  readonly place: 'teams' | 'hybrid' | 'tbd';
  readonly workingGroup?: string;
}

/** The follow-up plan's annual rhythm; the year is chosen at seeding time. */
export const DEMO_ANNUAL_RHYTHM: readonly DemoCalendarItem[] = [
  {
    id: 'suunnittelukokous',
    kind: 'meeting',
    title: {
      fi: 'Yhdistysillan suunnittelukokous',
      en: 'Planning meeting for the association evening',
    },
    start: '01-21T09:00',
    end: '01-21T10:30',
    host: { fi: 'Vuorovaikutussuunnittelija', en: 'Interaction planner' },
    place: 'teams',
  },
  {
    id: 'yhdistysilta-kevat',
    kind: 'evening',
    title: { fi: 'Koko kaupungin yhdistysilta', en: 'Whole-city association evening' },
    start: '02-22T17:30',
    end: '02-22T20:00',
    host: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    place: 'teams',
  },
  {
    id: 'avustusyhteistyo',
    kind: 'meeting',
    title: {
      fi: 'Avustusyhteistyö: uusi avustussääntö',
      en: 'Grants cooperation: the new grant rule',
    },
    start: '03-10T17:30',
    end: '03-10T19:00',
    host: { fi: 'Kulttuuriasiainpäällikkö', en: 'Head of cultural affairs' },
    place: 'tbd',
    workingGroup: 'avustukset',
  },
  {
    id: 'tapahtumainfo',
    kind: 'meeting',
    title: { fi: 'Tapahtumainfo ja viestintä', en: 'Event info and communication' },
    start: '04-07T17:30',
    end: '04-07T19:00',
    host: { fi: 'Palvelutori', en: 'Service centre' },
    place: 'tbd',
    workingGroup: 'tapahtumat',
  },
  {
    id: 'verkosto-kevat',
    kind: 'network',
    title: {
      fi: 'Maahanmuuttajayhdistysten verkostotapaaminen',
      en: "Immigrant associations' network meeting",
    },
    start: '04-15T17:30',
    end: '04-15T19:00',
    host: { fi: 'Maahanmuuttajayhdistysten verkosto', en: "Immigrant associations' network" },
    place: 'hybrid',
  },
  {
    id: 'tilayhteistyo',
    kind: 'meeting',
    title: {
      fi: 'Tilayhteistyö ja TIMMI-tilavaraukset',
      en: 'Premises cooperation and TIMMI bookings',
    },
    start: '05-05T17:30',
    end: '05-05T19:00',
    host: { fi: 'Palvelutori', en: 'Service centre' },
    place: 'hybrid',
    workingGroup: 'tilat',
  },
  {
    id: 'yhdistyskysely',
    kind: 'survey',
    title: { fi: 'Yhdistyskysely', en: 'Association survey' },
    start: '05-01T00:00',
    end: '05-31T23:59',
    host: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    place: 'tbd',
  },
  {
    id: 'verkosto-syksy',
    kind: 'network',
    title: {
      fi: 'Maahanmuuttajayhdistysten verkostotapaaminen',
      en: "Immigrant associations' network meeting",
    },
    start: '10-14T17:30',
    end: '10-14T19:00',
    host: { fi: 'Maahanmuuttajayhdistysten verkosto', en: "Immigrant associations' network" },
    place: 'hybrid',
  },
  {
    id: 'avainhenkilokysely',
    kind: 'survey',
    title: { fi: 'Avainhenkilöiden kysely', en: "Key persons' survey" },
    start: '11-01T00:00',
    end: '11-30T23:59',
    host: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
    place: 'tbd',
  },
];

/** The four working groups of the operating model. */
export const DEMO_WORKING_GROUPS = [
  { id: 'tilat', name: { fi: 'Tilayhteistyö', en: 'Premises cooperation' }, unit: 'palvelutori' },
  { id: 'viestinta', name: { fi: 'Viestintä', en: 'Communication' }, unit: 'osallisuus' },
  {
    id: 'tapahtumat',
    name: { fi: 'Tapahtumayhteistyö', en: 'Event cooperation' },
    unit: 'kulttuuri',
  },
  {
    id: 'avustukset',
    name: { fi: 'Avustusyhteistyö', en: 'Grants cooperation' },
    unit: 'kulttuuri',
  },
] as const;

/** The demo year: the year of the next planning meeting (21 January) from `today`. */
export function demoYear(today: { year: number; month: number; day: number }): number {
  return today.month === 1 && today.day <= 21 ? today.year : today.year + 1;
}
