import { isLocale, type Locale } from '../messages';

export type ThemeName = 'default' | 'dark' | 'contrast';

export function isThemeName(value: unknown): value is ThemeName {
  return value === 'default' || value === 'dark' || value === 'contrast';
}

/** Teams' theme names: anything unknown is the light theme. */
export function themeFromTeams(value: string | undefined): ThemeName {
  return isThemeName(value) ? value : 'default';
}

export interface QueryOverrides {
  readonly theme?: ThemeName;
  readonly lang?: Locale;
  /** `channel` when Teams opens the configurable channel tab. */
  readonly view?: string;
}

/** `?theme=dark|contrast|default&lang=en|fi` override the host for development and screenshots. */
export function readQuery(search: string = window.location.search): QueryOverrides {
  const params = new URLSearchParams(search);
  const theme = params.get('theme');
  const lang = params.get('lang');
  const view = params.get('view');
  return {
    ...(isThemeName(theme) ? { theme } : {}),
    ...(isLocale(lang) ? { lang } : {}),
    ...(view ? { view } : {}),
  };
}
