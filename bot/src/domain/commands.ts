/**
 * What people can ask the bot, and how free text becomes one of those commands.
 *
 * Pure: no Teams, no storage. Matching is forgiving on purpose — people type on phones, leave
 * out ä/ö/å, mix Finnish and English and make small typos — but never guesses wildly: a word
 * farther than a small edit distance from every command is "unknown", answered with the closest
 * commands to choose from.
 */
import { HOUSE_RULE_KINDS, type HouseRuleKind } from '@yhdistysyhteistyo/contract/content';

export const COMMAND_IDS = [
  'help',
  'calendar',
  'events',
  'workingGroups',
  'contacts',
  'houseRules',
  'roles',
  'grants',
  'eventCooperation',
  'language',
  'postHere',
  'publishCalendar',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

/** The four house-rule posters (huoneentaulut) of the operating model's guide. */
export { HOUSE_RULE_KINDS };
export type { HouseRuleKind };

export type LanguageChoice = 'fi' | 'en';

export type ParsedCommand =
  | { readonly kind: 'command'; readonly command: Exclude<CommandId, 'language' | 'houseRules'> }
  /** `language` without a recognised language asks which one. */
  | { readonly kind: 'command'; readonly command: 'language'; readonly language?: LanguageChoice }
  /** `houseRules` without a recognised kind lists the four. */
  | { readonly kind: 'command'; readonly command: 'houseRules'; readonly rule?: HouseRuleKind }
  | {
      readonly kind: 'unknown';
      /** What the person wrote, mention removed, for the "did you mean" card. */
      readonly text: string;
      /** The closest commands, best first (at most three). */
      readonly suggestions: readonly CommandId[];
    }
  | { readonly kind: 'empty' };

/**
 * Words for each command, Finnish first. The first Finnish and the first English word are the
 * ones the help card shows (see `commandWord`).
 */
const ALIASES: Readonly<Record<CommandId, { fi: readonly string[]; en: readonly string[] }>> = {
  help: { fi: ['ohje', 'apua', 'komennot', 'ohjeet'], en: ['help', 'commands', '?'] },
  calendar: {
    fi: ['vuosikello', 'kalenteri', 'vuosikalenteri'],
    en: ['calendar', 'annual calendar'],
  },
  events: {
    fi: ['seuraavat', 'tulevat', 'tapahtumat', 'tulevat tapahtumat', 'seuraavat tapahtumat'],
    en: ['upcoming', 'coming events', 'events', 'upcoming events'],
  },
  workingGroups: {
    fi: ['työryhmät', 'työryhmä', 'ryhmät'],
    en: ['working groups', 'groups', 'working group'],
  },
  contacts: {
    fi: ['yhteyshenkilöt', 'yhteyshenkilö', 'yhteystiedot'],
    en: ['contacts', 'contact persons', 'contact people'],
  },
  houseRules: {
    fi: ['huoneentaulu', 'huoneentaulut', 'pelisäännöt'],
    en: ['house rules', 'rules', 'house rule'],
  },
  roles: {
    fi: ['roolit', 'vastuut', 'roolit ja vastuut'],
    en: ['roles', 'responsibilities', 'roles and responsibilities'],
  },
  grants: {
    fi: ['avustukset', 'avustussääntö', 'avustusyhteistyö', 'avustus'],
    en: ['grants', 'grant rule', 'grants rule', 'grant'],
  },
  eventCooperation: {
    fi: ['tapahtumayhteistyö', 'tapahtumien yhteistyö'],
    en: ['event cooperation', 'events cooperation'],
  },
  language: { fi: ['kieli'], en: ['language'] },
  postHere: { fi: ['julkaise tänne'], en: ['post here'] },
  publishCalendar: {
    fi: ['julkaise vuosikello', 'julkaise kalenteri'],
    en: ['post calendar', 'publish calendar'],
  },
};

const LANGUAGE_WORDS: Readonly<Record<LanguageChoice, readonly string[]>> = {
  fi: ['fi', 'suomi', 'suomeksi', 'finnish', 'fin', 'suomea'],
  en: ['en', 'englanti', 'englanniksi', 'english', 'eng', 'englantia'],
};

const HOUSE_RULE_WORDS: Readonly<Record<HouseRuleKind, readonly string[]>> = {
  evening: [
    'yhdistysilta',
    'yhdistysillan',
    'yhdistysillat',
    'ilta',
    'evening',
    'association evening',
    '1',
  ],
  contactPerson: [
    'yhteyshenkilö',
    'yhteyshenkilön',
    'yhteyshenkilöt',
    'contact person',
    'contact',
    '2',
  ],
  workingGroups: [
    'työryhmät',
    'työryhmä',
    'työryhmien',
    'working groups',
    'working group',
    'groups',
    '3',
  ],
  together: [
    'yhdessä tekeminen',
    'yhdessä tekemisen',
    'yhdessä',
    'vuorovaikutus',
    'doing things together',
    'together',
    'interaction',
    '4',
  ],
};

/** The word a person would type for a command, in their language (for help and suggestions). */
export function commandWord(command: CommandId, locale: 'fi' | 'en'): string {
  const word = ALIASES[command][locale][0];
  if (word === undefined) throw new Error(`no ${locale} word for command ${command}`);
  return word;
}

/** Removes `<at>Bot</at>` mentions, other tags, and the HTML entities Teams puts in text. */
export function stripMentions(text: string): string {
  return text
    .replace(/<at>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/gi, "'");
}

/**
 * Lower case, ä/ö/å and other accents folded to their base letters, punctuation to spaces,
 * spaces collapsed. "Työryhmät!" and "tyoryhmat" both become "tyoryhmat".
 */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9?\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps cost 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (d[(i - 1) * cols + j] ?? 0) + 1,
        (d[i * cols + j - 1] ?? 0) + 1,
        (d[(i - 1) * cols + j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[(i - 2) * cols + j - 2] ?? 0) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1] ?? 0;
}

/** How many typos a word of this length may have: none in short words, where one is a new word. */
function tolerance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

interface Alias<T> {
  readonly value: T;
  readonly text: string;
  readonly words: number;
}

function aliasList<T extends string>(
  table: Readonly<Record<T, readonly string[]>>,
): readonly Alias<T>[] {
  const out: Alias<T>[] = [];
  for (const [value, words] of Object.entries(table) as [T, readonly string[]][]) {
    for (const word of words) {
      const text = normalize(word) || word;
      out.push({ value, text, words: text.split(' ').length });
    }
  }
  // Longer aliases first, so "julkaise vuosikello" wins over a shorter prefix.
  return out.sort((a, b) => b.words - a.words || b.text.length - a.text.length);
}

const COMMAND_ALIASES = aliasList(
  COMMAND_IDS.reduce<Partial<Record<CommandId, readonly string[]>>>(
    (all, id) => ({ ...all, [id]: [...ALIASES[id].fi, ...ALIASES[id].en] }),
    {},
  ) as Record<CommandId, readonly string[]>,
);
const LANGUAGE_ALIASES = aliasList(LANGUAGE_WORDS);
const HOUSE_RULE_ALIASES = aliasList(HOUSE_RULE_WORDS);

interface Match<T> {
  readonly value: T;
  readonly distance: number;
  /** Words of the input the match used; the rest are its arguments. */
  readonly used: number;
}

/** The alias closest to the start of `words`, within the typo tolerance; undefined if none. */
function bestMatch<T>(
  words: readonly string[],
  aliases: readonly Alias<T>[],
): Match<T> | undefined {
  // Most messages are a command written right: the first exact alias wins, as in the loop below.
  for (const alias of aliases) {
    if (alias.words <= words.length && words.slice(0, alias.words).join(' ') === alias.text) {
      return { value: alias.value, distance: 0, used: alias.words };
    }
  }
  let best: Match<T> | undefined;
  for (const alias of aliases) {
    if (alias.words > words.length) continue;
    const head = words.slice(0, alias.words).join(' ');
    const distance = editDistance(head, alias.text);
    if (distance > tolerance(alias.text.length)) continue;
    if (!best || distance < best.distance) {
      best = { value: alias.value, distance, used: alias.words };
      if (distance === 0) break;
    }
  }
  return best;
}

/** The commands nearest to what was written, by relative edit distance, best first. */
function suggestionsFor(words: readonly string[]): CommandId[] {
  const scores = new Map<CommandId, number>();
  for (const alias of COMMAND_ALIASES) {
    const head = words.slice(0, alias.words).join(' ');
    if (head === '') continue;
    const score = editDistance(head, alias.text) / Math.max(head.length, alias.text.length);
    const previous = scores.get(alias.value);
    if (previous === undefined || score < previous) scores.set(alias.value, score);
  }
  return [...scores.entries()]
    .filter(([id]) => id !== 'postHere' && id !== 'publishCalendar')
    .sort((a, b) => a[1] - b[1] || COMMAND_IDS.indexOf(a[0]) - COMMAND_IDS.indexOf(b[0]))
    .slice(0, 3)
    .map(([id]) => id);
}

/**
 * Turns a message into a command. Mentions are removed first, so "<at>Botti</at> vuosikello"
 * and "vuosikello" mean the same.
 */
export function parseCommand(rawText: string | undefined): ParsedCommand {
  // Commands are short; a long message is matched on its start only, so its length costs nothing.
  const cleaned = stripMentions((rawText ?? '').slice(0, 2000))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  const words = normalize(cleaned).split(' ').filter(Boolean);
  if (words.length === 0) return { kind: 'empty' };

  const match = bestMatch(words, COMMAND_ALIASES);
  if (!match) {
    return { kind: 'unknown', text: cleaned.slice(0, 100), suggestions: suggestionsFor(words) };
  }
  const rest = words.slice(match.used);
  switch (match.value) {
    case 'language': {
      const language = rest.length > 0 ? bestMatch(rest, LANGUAGE_ALIASES)?.value : undefined;
      return language
        ? { kind: 'command', command: 'language', language }
        : { kind: 'command', command: 'language' };
    }
    case 'houseRules': {
      const rule = rest.length > 0 ? bestMatch(rest, HOUSE_RULE_ALIASES)?.value : undefined;
      return rule
        ? { kind: 'command', command: 'houseRules', rule }
        : { kind: 'command', command: 'houseRules' };
    }
    default:
      return { kind: 'command', command: match.value };
  }
}
