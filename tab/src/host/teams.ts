/** The only module that touches teams-js and teamsfx; loaded lazily, only when framed. */
import { app, authentication } from '@microsoft/teams-js';
import { localeOfTag } from '../messages';
import type { TeamsHost } from './host';
import { themeFromTeams } from './query';

/** The tab's Entra app id, set at build time; without it teams-js asks Teams for the token. */
const clientId: string | undefined = (import.meta.env as Record<string, string | undefined>)
  .AAD_APP_CLIENT_ID;

async function tokenSource(): Promise<() => Promise<string>> {
  if (!clientId) {
    return () => authentication.getAuthToken();
  }
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

export async function connectTeams(): Promise<TeamsHost> {
  await app.initialize();
  const context = await app.getContext();
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
