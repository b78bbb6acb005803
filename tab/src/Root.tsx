/**
 * Finds the host (Teams or a browser), follows its theme and locale, and signs in: the Teams
 * SSO token inside Teams, a demo person of the development issuer outside it.
 */
import { FluentProvider, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LOCALE, t, type Locale } from './messages';
import { detectHost, type Host } from './host/host';
import { devSessionStore, type DevSession } from './host/dev-auth';
import type { QueryOverrides, ThemeName } from './host/query';
import { LocaleContext } from './i18n';
import { App } from './App';
import { THEMES } from './theme';
import type { Session } from './session';

// Only outside Teams; a signed-in load never fetches it.
const SignIn = lazy(() => import('./SignIn'));

const useStyles = makeStyles({
  provider: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground3,
    display: 'flex',
    flexDirection: 'column',
  },
  center: { margin: 'auto', padding: tokens.spacingHorizontalXXL },
});

export function Root({ query }: { query: QueryOverrides }) {
  const styles = useStyles();
  const [host, setHost] = useState<Host | undefined>();
  const [hostTheme, setHostTheme] = useState<ThemeName>('default');
  const [dev, setDev] = useState<DevSession | undefined>(() => devSessionStore.get());

  useEffect(() => {
    let alive = true;
    const adopt = (found: Host) => {
      if (!alive) return;
      setHost(found);
      if (found.kind === 'teams') {
        setHostTheme(found.theme);
        found.onThemeChange((theme) => setHostTheme(theme));
      }
    };
    void detectHost().then((detection) => {
      adopt(detection.host);
      void detection.late?.then(adopt);
    });
    return () => {
      alive = false;
    };
  }, []);

  const locale: Locale =
    query.lang ?? (host?.kind === 'teams' ? host.locale : undefined) ?? DEFAULT_LOCALE;
  const themeName = query.theme ?? hostTheme;

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t(locale, 'tab.title');
  }, [locale]);

  const session = useMemo<Session | undefined>(() => {
    if (host?.kind === 'teams') {
      return { kind: 'teams', getToken: () => host.getToken() };
    }
    if (host?.kind === 'browser' && dev) {
      return {
        kind: 'dev',
        upn: dev.upn,
        getToken: () => Promise.resolve(dev.token),
        signOut: () => {
          devSessionStore.clear();
          setDev(undefined);
        },
      };
    }
    return undefined;
  }, [host, dev]);

  const onReady = useCallback(() => {
    if (host?.kind === 'teams') host.notifySuccess();
  }, [host]);
  const signOut = useCallback(() => {
    devSessionStore.clear();
    setDev(undefined);
  }, []);

  const loading = (
    <div className={styles.center}>
      <Spinner label={t(locale, 'tab.loading.app')} />
    </div>
  );

  return (
    <LocaleContext.Provider value={locale}>
      {/* The provider's own class would be copied onto dialog portals: style a child instead. */}
      <FluentProvider theme={THEMES[themeName]}>
        <div className={styles.provider}>
          {!host ? (
            loading
          ) : session ? (
            <App
              session={session}
              channel={query.view === 'channel'}
              onReady={onReady}
              onSignedOut={signOut}
            />
          ) : (
            <Suspense fallback={loading}>
              <SignIn
                onSignedIn={(signed) => {
                  devSessionStore.set(signed);
                  setDev(signed);
                }}
              />
            </Suspense>
          )}
        </div>
      </FluentProvider>
    </LocaleContext.Provider>
  );
}
