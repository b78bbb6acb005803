/**
 * A person's own choices in the bot. Today only the reply language: their choice wins over the
 * Teams client's locale, which wins over Finnish, the city's first language.
 */
import type { LanguageChoice } from './commands';

export interface UserPreferences {
  readonly language?: LanguageChoice;
}

export interface PreferenceStore {
  /** The person's preferences; empty when they never chose anything. */
  get(userKey: string): Promise<UserPreferences>;
  setLanguage(userKey: string, language: LanguageChoice, at: string): Promise<void>;
}

/**
 * The reply language: the person's choice, else the activity's locale ("en-US" → en), else fi.
 * Anything that is not English is answered in Finnish.
 */
export function replyLanguage(
  choice: LanguageChoice | undefined,
  activityLocale: string | undefined,
): LanguageChoice {
  if (choice) return choice;
  const lang = (activityLocale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return lang === 'en' ? 'en' : 'fi';
}
