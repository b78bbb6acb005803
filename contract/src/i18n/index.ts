/**
 * Finnish and English message catalogs, shared by the bot and the tab.
 * Each area of the app keeps its messages in its own module; this file merges them.
 * English catalogs are typed by the Finnish keys, so a missing translation fails the type check.
 */
import * as associations from './associations';
import * as bot from './bot';
import * as common from './common';
import * as coordinator from './coordinator';
import * as delivery from './delivery';
import * as events from './events';
import * as gdpr from './gdpr';
import * as guide from './guide';
import * as roster from './roster';
import * as outbox from './outbox';
import * as staleData from './stale-data';
import * as security from './security';
import * as surveys from './surveys';
import * as surveyPosts from './survey-posts';
import * as tab from './tab';

export const LOCALES = ['fi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fi';

const areas = [
  common,
  associations,
  events,
  tab,
  bot,
  delivery,
  surveys,
  surveyPosts,
  coordinator,
  security,
  gdpr,
  guide,
  roster,
  outbox,
  staleData,
] as const;

type Catalog = (typeof areas)[number]['fi'];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
export type MessageKey = keyof UnionToIntersection<Catalog>;

function merge(locale: Locale): Record<MessageKey, string> {
  const out: Record<string, string> = {};
  for (const area of areas) {
    for (const [key, value] of Object.entries(area[locale])) {
      if (key in out) throw new Error(`i18n key "${key}" is defined twice`);
      out[key] = value;
    }
  }
  return out;
}

export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  fi: merge('fi'),
  en: merge('en'),
};

export type MessageParams = Readonly<Record<string, string | number>>;

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks fi or en from a BCP 47 tag or an Accept-Language header ("en-US,en;q=0.9").
 * Anything not English falls back to Finnish, the city's first language.
 */
export function localeFrom(tagOrHeader: string | undefined | null): Locale {
  if (!tagOrHeader) return DEFAULT_LOCALE;
  const ranked = tagOrHeader
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^\s*q=([\d.]+)\s*$/.exec(r)?.[1]).find((v) => v !== undefined);
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, index };
    })
    .filter((r) => r.lang !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    if (isLocale(r.lang)) return r.lang;
    if (r.lang === 'sv') return 'fi'; // Swedish speakers in Finland read Finnish before English.
  }
  return DEFAULT_LOCALE;
}
