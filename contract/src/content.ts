/**
 * The guide texts the coordinator edits in the tab and the bot's cards show: the four house-rule
 * posters (huoneentaulut), roles and responsibilities, the guide's topics (the grants rule,
 * event cooperation) and the short texts the bot's cards open with — each in Finnish and
 * English. One editable shape for all of them: a title, a text and a list of points, of which
 * a section uses what its card shows. Browser-safe: the tab validates with the same schema.
 */
import { z } from 'zod';
import type { MessageKey } from './i18n';

export const HOUSE_RULE_KINDS = ['evening', 'contactPerson', 'workingGroups', 'together'] as const;
export type HouseRuleKind = (typeof HOUSE_RULE_KINDS)[number];

export const ROLE_IDS = [
  'coordinator',
  'contactPerson',
  'representative',
  'workingGroup',
  'steeringGroup',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** The guide's topics that are a card of their own: the grants rule and event cooperation. */
export const GUIDE_TOPIC_KINDS = ['grants', 'eventCooperation'] as const;
export type GuideTopicKind = (typeof GUIDE_TOPIC_KINDS)[number];

export const GUIDE_KEYS = ['welcomeTeam', 'welcomePersonal', 'helpIntro', 'contactsIntro'] as const;
export type GuideKey = (typeof GUIDE_KEYS)[number];

/** Limits keep every content card well under Teams' card size whatever a city writes. */
export const CONTENT_LIMITS = {
  title: 80,
  text: 600,
  point: 240,
  points: 12,
} as const;

export const CONTENT_SECTIONS = ['houseRule', 'role', 'topic', 'guide'] as const;
export type ContentSection = (typeof CONTENT_SECTIONS)[number];

export const CONTENT_KEYS: { readonly [S in ContentSection]: readonly string[] } = {
  houseRule: HOUSE_RULE_KINDS,
  role: ROLE_IDS,
  topic: GUIDE_TOPIC_KINDS,
  guide: GUIDE_KEYS,
};

/** Which fields a section's card shows: a guide text is one text, the others all three. */
export function sectionHasList(section: ContentSection): boolean {
  return section !== 'guide';
}

export function isContentSection(value: unknown): value is ContentSection {
  return typeof value === 'string' && (CONTENT_SECTIONS as readonly string[]).includes(value);
}

export function isContentKey(section: ContentSection, key: unknown): boolean {
  return typeof key === 'string' && CONTENT_KEYS[section].includes(key);
}

export interface Bilingual<T> {
  readonly fi: T;
  readonly en: T;
}

/** One editable text: `title` and `points` are empty for a guide text. */
export interface ContentFields {
  readonly title: Bilingual<string>;
  readonly text: Bilingual<string>;
  readonly points: Bilingual<readonly string[]>;
}

const TOO_LONG = {
  [CONTENT_LIMITS.title]: 'guide.error.titleLong',
  [CONTENT_LIMITS.text]: 'guide.error.textLong',
  [CONTENT_LIMITS.point]: 'guide.error.pointLong',
} as const satisfies Record<number, MessageKey>;

const text = (max: keyof typeof TOO_LONG) =>
  z.string().trim().min(1, 'guide.error.required').max(max, TOO_LONG[max]);
export const bilingualText = (max: keyof typeof TOO_LONG) =>
  z.object({ fi: text(max), en: text(max) });
const pointList = z
  .array(text(CONTENT_LIMITS.point))
  .min(1, 'guide.error.noPoints')
  .max(CONTENT_LIMITS.points, 'guide.error.tooManyPoints');
export const bilingualList = z.object({ fi: pointList, en: pointList });

const fullSchema = z.object({
  title: bilingualText(CONTENT_LIMITS.title),
  text: bilingualText(CONTENT_LIMITS.text),
  points: bilingualList,
});

const textOnlySchema = z.object({ text: bilingualText(CONTENT_LIMITS.text) });

const EMPTY = { fi: '', en: '' } as const;
const NO_POINTS = { fi: [], en: [] } as const;

/** The section's input validated (throws ZodError, whose paths name the fields). */
export function parseContentFields(section: ContentSection, input: unknown): ContentFields {
  if (!sectionHasList(section)) {
    return { title: EMPTY, text: textOnlySchema.parse(input).text, points: NO_POINTS };
  }
  return fullSchema.parse(input);
}

/** One text as the coordinator sees it: the fields, when and by whom it last changed. */
export interface ContentEntry {
  readonly section: ContentSection;
  readonly key: string;
  readonly fields: ContentFields;
  readonly updatedAt: string;
  /** The editor's address; `seed` for the app's first version. */
  readonly updatedBy: string;
  readonly etag: string;
}

/** One change: who made it, when, and the text before it. */
export interface ContentChange {
  readonly at: string;
  readonly by: string;
  readonly before: ContentFields;
}
