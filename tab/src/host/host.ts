/**
 * Where the tab runs. Inside Teams it takes the theme, locale and SSO token from the host;
 * outside Teams (a plain browser tab, or framed by a page that is not Teams) it says so within
 * a second. teams-js and teamsfx are imported only when the page is framed, so a plain browser
 * never downloads them.
 */
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import type { ThemeName } from './query';

export interface TeamsHost {
  readonly kind: 'teams';
  readonly theme: ThemeName;
  readonly locale: Locale;
  /** The user's principal name as Teams knows it, for display until /me answers. */
  readonly upn?: string;
  onThemeChange(listener: (theme: ThemeName) => void): void;
  /** A Teams SSO token for the tab's own API. */
  getToken(): Promise<string>;
  notifySuccess(): void;
  notifyFailure(message: string): void;
}

export interface BrowserHost {
  readonly kind: 'browser';
}

export type Host = TeamsHost | BrowserHost;

export interface Detection {
  readonly host: Host;
  /**
   * When the wait timed out but the page is framed, Teams may still answer late (a slow
   * client): this settles with the Teams host then, and never settles otherwise.
   */
  readonly late?: Promise<TeamsHost>;
}

/** Framed by a page that is not Teams, `app.initialize()` never settles: wait at most this. */
export const TEAMS_WAIT_MS = 900;

export async function detectHost(
  win: Pick<Window, 'parent'> = window,
  waitMs = TEAMS_WAIT_MS,
): Promise<Detection> {
  if (win.parent === win) return { host: { kind: 'browser' } };
  const timedOut = Symbol('timeout');
  const teams = import('./teams').then((m) => m.connectTeams());
  const winner = await Promise.race([
    teams.catch(() => undefined),
    new Promise<typeof timedOut>((resolve) => setTimeout(() => resolve(timedOut), waitMs)),
  ]);
  if (winner === timedOut) {
    return { host: { kind: 'browser' }, late: teams.catch(() => new Promise<never>(() => {})) };
  }
  return { host: winner ?? { kind: 'browser' } };
}
