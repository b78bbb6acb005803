/**
 * Content a city will want to word its own way: the four house-rule posters (huoneentaulut),
 * roles and responsibilities, and the short guide texts the bot's cards open with. Each in
 * Finnish and English. It is data in the store, seeded with the texts of `content-seed.ts`; the
 * cards read it through `ContentReader`.
 */
import { z } from 'zod';
import { HOUSE_RULE_KINDS, type HouseRuleKind } from './commands';

export interface Bilingual<T> {
  readonly fi: T;
  readonly en: T;
}

export interface HouseRule {
  readonly kind: HouseRuleKind;
  readonly title: Bilingual<string>;
  /** One or two sentences: whom the poster is for and why. */
  readonly intro: Bilingual<string>;
  /** The rules, one short sentence each. */
  readonly points: Bilingual<readonly string[]>;
}

export const ROLE_IDS = [
  'coordinator',
  'contactPerson',
  'representative',
  'workingGroup',
  'steeringGroup',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

export interface RoleDescription {
  readonly id: RoleId;
  readonly title: Bilingual<string>;
  readonly summary: Bilingual<string>;
  readonly duties: Bilingual<readonly string[]>;
}

export const GUIDE_KEYS = ['welcomeTeam', 'welcomePersonal', 'helpIntro', 'contactsIntro'] as const;
export type GuideKey = (typeof GUIDE_KEYS)[number];
export type GuideTexts = Readonly<Record<GuideKey, Bilingual<string>>>;

export interface ContentReader {
  /** The four posters in the order of `HOUSE_RULE_KINDS`. */
  houseRules(): Promise<readonly HouseRule[]>;
  /** Roles in the order of `ROLE_IDS`. */
  roles(): Promise<readonly RoleDescription[]>;
  guide(): Promise<GuideTexts>;
}

/** Limits keep every content card well under Teams' card size whatever a city writes. */
export const CONTENT_LIMITS = {
  title: 80,
  text: 600,
  point: 240,
  points: 12,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const bilingualText = (max: number) => z.object({ fi: text(max), en: text(max) });
const bilingualList = z.object({
  fi: z.array(text(CONTENT_LIMITS.point)).min(1).max(CONTENT_LIMITS.points),
  en: z.array(text(CONTENT_LIMITS.point)).min(1).max(CONTENT_LIMITS.points),
});

export const houseRuleSchema = z.object({
  kind: z.enum(HOUSE_RULE_KINDS),
  title: bilingualText(CONTENT_LIMITS.title),
  intro: bilingualText(CONTENT_LIMITS.text),
  points: bilingualList,
});

export const roleDescriptionSchema = z.object({
  id: z.enum(ROLE_IDS),
  title: bilingualText(CONTENT_LIMITS.title),
  summary: bilingualText(CONTENT_LIMITS.text),
  duties: bilingualList,
});

export const guideTextSchema = bilingualText(CONTENT_LIMITS.text);
