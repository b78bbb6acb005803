/**
 * The tab's message lookup. The first load carries only the catalogs the register needs
 * (common errors, the associations API's messages and the tab's own); every other area of
 * the app (events, the bot's) joins when a view that needs it loads, through `loadAllMessages`.
 * Same `{name}` placeholders and keys as the bot's `t`.
 */
import type { Locale, MessageKey, MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import * as associations from '@yhdistysyhteistyo/contract/i18n/associations';
import * as common from '@yhdistysyhteistyo/contract/i18n/common';
import * as gdpr from '@yhdistysyhteistyo/contract/i18n/gdpr';
import * as guide from '@yhdistysyhteistyo/contract/i18n/guide';
import * as roster from '@yhdistysyhteistyo/contract/i18n/roster';
import * as security from '@yhdistysyhteistyo/contract/i18n/security';
import * as tab from '@yhdistysyhteistyo/contract/i18n/tab';

export type { Locale, MessageKey, MessageParams };

export const DEFAULT_LOCALE: Locale = 'fi';

const catalogs: Record<Locale, Map<string, string>> = { fi: new Map(), en: new Map() };

function register(locale: Locale, entries: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(entries)) catalogs[locale].set(key, value);
}

for (const area of [common, associations, tab, security, guide, gdpr, roster]) {
  register('fi', area.fi);
  register('en', area.en);
}

let everything: Promise<void> | undefined;

/** Loads every area of the catalog (once); views outside the register await it first. */
export function loadAllMessages(): Promise<void> {
  everything ??= import('@yhdistysyhteistyo/contract/i18n').then((all) => {
    register('fi', all.catalogs.fi);
    register('en', all.catalogs.en);
  });
  return everything;
}

/** The message for `key`, with `{name}` placeholders filled; the key itself if not loaded. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale].get(key) ?? catalogs[DEFAULT_LOCALE].get(key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isLocale(value: unknown): value is Locale {
  return value === 'fi' || value === 'en';
}

/** Teams gives one tag ("en-US", "fi-FI", "sv-SE"): English for English, Finnish otherwise. */
export function localeOfTag(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('en') ? 'en' : DEFAULT_LOCALE;
}
