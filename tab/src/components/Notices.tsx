/**
 * Short messages after an action ("Saved", "Copied"), announced to screen readers and gone
 * after a few seconds. Lighter than Fluent's toaster, which the first load cannot afford.
 */
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';

export type NoticeIntent = 'success' | 'error' | 'info';
export type Notify = (message: string, intent?: NoticeIntent) => void;

interface Notice {
  readonly id: number;
  readonly message: string;
  readonly intent: NoticeIntent;
}

const useStyles = makeStyles({
  stack: {
    position: 'fixed',
    insetInlineEnd: tokens.spacingHorizontalL,
    bottom: tokens.spacingVerticalL,
    zIndex: 1000000,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    maxWidth: 'min(420px, calc(100vw - 32px))',
  },
  bar: { boxShadow: tokens.shadow16 },
});

export function useNotices(): {
  notices: readonly Notice[];
  notify: Notify;
  dismiss: (id: number) => void;
} {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const next = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setNotices((list) => list.filter((n) => n.id !== id));
  }, []);
  const notify = useCallback<Notify>(
    (message, intent = 'success') => {
      const id = next.current++;
      setNotices((list) => [...list.slice(-2), { id, message, intent }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), intent === 'error' ? 10_000 : 5_000),
      );
    },
    [dismiss],
  );
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);
  return { notices, notify, dismiss };
}

export function Notices({
  notices,
  dismiss,
}: {
  notices: readonly Notice[];
  dismiss: (id: number) => void;
}) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <div className={styles.stack} data-testid="notices">
      {notices.map((n) => (
        <MessageBar
          key={n.id}
          intent={n.intent}
          className={styles.bar}
          politeness={n.intent === 'error' ? 'assertive' : 'polite'}
        >
          <MessageBarBody>
            <MessageBarTitle>{n.message}</MessageBarTitle>
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label={t('tab.action.dismiss')}
                icon={<DismissRegular />}
                onClick={() => dismiss(n.id)}
              />
            }
          />
        </MessageBar>
      ))}
    </div>
  );
}
