import { createContext, useCallback, useContext } from 'react';
import { t, type Locale, type MessageKey, type MessageParams } from './messages';

export const LocaleContext = createContext<Locale>('fi');

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The reader's locale and a `t` bound to it. */
export function useT(): { locale: Locale; t: Translate } {
  const locale = useContext(LocaleContext);
  const bound = useCallback<Translate>((key, params) => t(locale, key, params), [locale]);
  return { locale, t: bound };
}
