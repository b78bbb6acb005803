/**
 * Content a city will want to word its own way: the four house-rule posters (huoneentaulut),
 * roles and responsibilities, the guide's topics (the grants rule, event cooperation) and the
 * short guide texts the bot's cards open with. Each in Finnish and English. It is data in the
 * store, seeded with the texts of `content-seed.ts`; the cards read it through `ContentReader`,
 * the coordinator edits it through `ContentService` (the shapes are the contract's, shared
 * with the tab).
 */
import { z } from 'zod';
import {
  CONTENT_LIMITS,
  GUIDE_KEYS,
  GUIDE_TOPIC_KINDS,
  HOUSE_RULE_KINDS,
  ROLE_IDS,
  bilingualList,
  bilingualText,
  type Bilingual,
  type GuideKey,
  type GuideTopicKind,
  type HouseRuleKind,
  type RoleId,
} from '@yhdistysyhteistyo/contract/content';

export { CONTENT_LIMITS, GUIDE_KEYS, GUIDE_TOPIC_KINDS, ROLE_IDS };
export type { Bilingual, GuideKey, GuideTopicKind, RoleId };

export interface HouseRule {
  readonly kind: HouseRuleKind;
  readonly title: Bilingual<string>;
  /** One or two sentences: whom the poster is for and why. */
  readonly intro: Bilingual<string>;
  /** The rules, one short sentence each. */
  readonly points: Bilingual<readonly string[]>;
}

export interface RoleDescription {
  readonly id: RoleId;
  readonly title: Bilingual<string>;
  readonly summary: Bilingual<string>;
  readonly duties: Bilingual<readonly string[]>;
}

/** A topic of the guide with a card of its own: the grants rule, event cooperation. */
export interface GuideTopic {
  readonly kind: GuideTopicKind;
  readonly title: Bilingual<string>;
  readonly intro: Bilingual<string>;
  readonly points: Bilingual<readonly string[]>;
}

export type GuideTexts = Readonly<Record<GuideKey, Bilingual<string>>>;

export interface ContentReader {
  /** The four posters in the order of `HOUSE_RULE_KINDS`. */
  houseRules(): Promise<readonly HouseRule[]>;
  /** Roles in the order of `ROLE_IDS`. */
  roles(): Promise<readonly RoleDescription[]>;
  /** The guide's topics in the order of `GUIDE_TOPIC_KINDS`. */
  topics(): Promise<readonly GuideTopic[]>;
  guide(): Promise<GuideTexts>;
}

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

export const guideTopicSchema = z.object({
  kind: z.enum(GUIDE_TOPIC_KINDS),
  title: bilingualText(CONTENT_LIMITS.title),
  intro: bilingualText(CONTENT_LIMITS.text),
  points: bilingualList,
});

export const guideTextSchema = bilingualText(CONTENT_LIMITS.text);
