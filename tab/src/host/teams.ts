/** The only module that touches teams-js and teamsfx; loaded lazily, only when framed. */
import { app, authentication } from '@microsoft/teams-js';
import { localeOfTag } from '../messages';
import type { TeamsHost } from './host';
import { themeFromTeams } from './query';

/** The tab's Entra app id, set at build time; without it teams-js asks Teams for the token. */
const clientId: string | undefined = (import.meta.env as Record<string, string | undefined>)
  .AAD_APP_CLIENT_ID;

async function tokenSource(): Promise<() => Promise<string>> {
  if (!clientId) return cachedUntilExpiry(() => authentication.getAuthToken());
  const { TeamsUserCredential } = await import('@microsoft/teamsfx');
  const credential = new TeamsUserCredential({
    clientId,
    // Only used for an interactive consent the tab never asks for: its own API needs none.
    initiateLoginEndpoint: `${window.location.origin}/tab/index.html`,
  });
  return async () => {
    const token = await credential.getToken('');
    if (!token) throw new Error('Teams returned no SSO token');
    return token.token;
  };
}

/** Seconds-since-epoch `exp` of a JWT, without trusting it: only to know when to ask again. */
function expiryOf(token: string): number {
  try {
    const payload: unknown = JSON.parse(
      atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')),
    );
    const exp = (payload as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * One SSO token for every API call until five minutes before it expires; calls made while
 * Teams is still answering share that answer.
 */
function cachedUntilExpiry(fetchToken: () => Promise<string>): () => Promise<string> {
  let current: { token: string; expires: number } | undefined;
  let pending: Promise<string> | undefined;
  return () => {
    if (current && current.expires - 5 * 60_000 > Date.now()) return Promise.resolve(current.token);
    pending ??= fetchToken()
      .then((token) => {
        current = { token, expires: expiryOf(token) };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

export async function connectTeams(): Promise<TeamsHost> {
  await app.initialize();
  const context = await app.getContext();
  // A deep link from a card (`subEntityId` "association:<id>") opens as the `?association=` link.
  const sub = context.page.subPageId ?? '';
  if (sub.startsWith('association:')) {
    const url = new URL(window.location.href);
    url.searchParams.set('association', sub.slice('association:'.length));
    window.history.replaceState(null, '', url);
  }
  const getToken = await tokenSource();
  return {
    kind: 'teams',
    theme: themeFromTeams(context.app.theme),
    locale: localeOfTag(context.app.locale),
    ...(context.user?.userPrincipalName ? { upn: context.user.userPrincipalName } : {}),
    onThemeChange(listener) {
      app.registerOnThemeChangeHandler((theme) => listener(themeFromTeams(theme)));
    },
    getToken,
    notifySuccess() {
      // Resolves when Teams has hidden its loading indicator; nothing waits on it.
      void app.notifySuccess();
    },
    notifyFailure(message) {
      app.notifyFailure({ reason: app.FailedReason.Other, message });
    },
  };
}
