/** Outside Teams: in development, choose a demo person; in production, a pointer to Teams. */
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { userMessage } from './api/client';
import { loadDevUsers, requestDevToken, type DevSession, type DevSignIn } from './host/dev-auth';
import { useT } from './i18n';

const useStyles = makeStyles({
  page: {
    width: '100%',
    maxWidth: '560px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    padding: tokens.spacingHorizontalL,
  },
  heading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalS}` },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  person: {
    width: '100%',
    justifyContent: 'flex-start',
    textAlign: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  personText: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' },
});

export default function SignIn({ onSignedIn }: { onSignedIn: (session: DevSession) => void }) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [state, setState] = useState<
    DevSignIn | { kind: 'loading' } | { kind: 'error'; message: string }
  >({ kind: 'loading' });
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    setState({ kind: 'loading' });
    loadDevUsers(locale).then(
      (result) => alive && setState(result),
      (error: unknown) => alive && setState({ kind: 'error', message: userMessage(error, locale) }),
    );
    return () => {
      alive = false;
    };
  }, [locale, attempt]);

  const signIn = async (upn: string) => {
    setBusy(upn);
    setFailure(undefined);
    try {
      onSignedIn(await requestDevToken(upn, locale));
    } catch (error) {
      setFailure(userMessage(error, locale));
      setBusy(undefined);
    }
  };

  return (
    <main className={styles.page}>
      <Title2 as="h1">{t('tab.title')}</Title2>
      {state.kind === 'loading' && <Spinner label={t('tab.signIn.checking')} />}
      {state.kind === 'error' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t('tab.signIn.errorTitle')}</MessageBarTitle>
            {state.message}
          </MessageBarBody>
          <Button onClick={() => setAttempt((n) => n + 1)}>{t('tab.action.retry')}</Button>
        </MessageBar>
      )}
      {state.kind === 'production' && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>{t('tab.signIn.outsideTeamsTitle')}</MessageBarTitle>
            {t('tab.signIn.openInTeams')}
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'available' && (
        <>
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>{t('tab.signIn.outsideTeamsTitle')}</MessageBarTitle>
              {t('tab.signIn.devExplain')}
            </MessageBarBody>
          </MessageBar>
          {failure && (
            <MessageBar intent="error">
              <MessageBarBody>
                <MessageBarTitle>{t('tab.signIn.errorTitle')}</MessageBarTitle>
                {failure}
              </MessageBarBody>
            </MessageBar>
          )}
          <section className={styles.card} aria-labelledby="signin-heading">
            <Body1 as="h2" id="signin-heading" className={styles.heading}>
              <strong>{t('tab.signIn.choose')}</strong>
            </Body1>
            <ul className={styles.list}>
              {state.users.map((user) => (
                <li key={user.upn}>
                  <Button
                    className={styles.person}
                    appearance="subtle"
                    disabled={busy !== undefined}
                    icon={busy === user.upn ? <Spinner size="tiny" /> : undefined}
                    onClick={() => void signIn(user.upn)}
                  >
                    <span className={styles.personText}>
                      <Body1>{user.name}</Body1>
                      {user.title && <Caption1>{user.title}</Caption1>}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}
