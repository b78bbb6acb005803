/**
 * The configuration page of the channel tab: Teams shows it when someone adds the tab to a
 * channel, and Save pins the associations list (`?view=channel`) there.
 */
import { Body1, FluentProvider, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_LOCALE, localeOfTag, t, type Locale } from './messages';
import { readQuery, themeFromTeams, type ThemeName } from './host/query';
import { THEMES } from './theme';
import './global.css';

const useStyles = makeStyles({
  page: {
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
});

interface Settings {
  readonly theme: ThemeName;
  readonly locale: Locale;
  readonly inTeams: boolean;
}

async function configure(onSettings: (settings: Settings) => void): Promise<void> {
  const query = readQuery();
  if (window.parent === window) {
    onSettings({
      theme: query.theme ?? 'default',
      locale: query.lang ?? DEFAULT_LOCALE,
      inTeams: false,
    });
    return;
  }
  const { app, pages } = await import('@microsoft/teams-js');
  await app.initialize();
  const context = await app.getContext();
  onSettings({
    theme: query.theme ?? themeFromTeams(context.app.theme),
    locale: query.lang ?? localeOfTag(context.app.locale),
    inTeams: true,
  });
  app.registerOnThemeChangeHandler((theme) =>
    onSettings({
      theme: themeFromTeams(theme),
      locale: query.lang ?? localeOfTag(context.app.locale),
      inTeams: true,
    }),
  );
  const origin = window.location.origin;
  pages.config.registerOnSaveHandler((saveEvent) => {
    pages.config
      .setConfig({
        contentUrl: `${origin}/tab/index.html?view=channel`,
        websiteUrl: `${origin}/tab/index.html?view=channel`,
        entityId: 'associations',
        suggestedDisplayName: 'Yhdistykset',
      })
      .then(
        () => saveEvent.notifySuccess(),
        (error: unknown) =>
          saveEvent.notifyFailure(error instanceof Error ? error.message : 'setConfig failed'),
      );
  });
  pages.config.setValidityState(true);
  void app.notifySuccess();
}

function ConfigPage() {
  const styles = useStyles();
  const [settings, setSettings] = useState<Settings>({
    theme: 'default',
    locale: DEFAULT_LOCALE,
    inTeams: true,
  });
  useEffect(() => {
    configure(setSettings).catch(() => setSettings((s) => ({ ...s, inTeams: false })));
  }, []);
  useEffect(() => {
    document.documentElement.lang = settings.locale;
  }, [settings.locale]);
  const { locale } = settings;
  return (
    <FluentProvider theme={THEMES[settings.theme]}>
      <main className={styles.page}>
        <Title3 as="h1">{t(locale, 'tab.config.title')}</Title3>
        <Body1>
          {settings.inTeams ? t(locale, 'tab.config.body') : t(locale, 'tab.config.outside')}
        </Body1>
      </main>
    </FluentProvider>
  );
}

const element = document.getElementById('root');
if (element) {
  createRoot(element).render(
    <StrictMode>
      <ConfigPage />
    </StrictMode>,
  );
}
