/**
 * The coordinator's view of the bot's scheduled posts: when each is due, where it goes, how it
 * went and, for a failure, why in plain words (the API writes those in the asked language).
 * A post can be sent again by hand, and all posts can be paused.
 */
import {
  Body1,
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { userMessage } from '../api/client';
import { useApiClient } from '../api/use-api-client';
import type { Notify } from '../components/Notices';
import { formatDateTime } from '../format';
import { useT } from '../i18n';
import type { Session } from '../session';

/** The fields of the API's `DeliveryView` that this view shows. */
interface Delivery {
  readonly id: string;
  readonly kindText: string;
  readonly targetText: string;
  readonly dueAt: string;
  readonly state: string;
  readonly stateText: string;
  readonly upcoming: boolean;
  readonly reason?: string;
}

interface DeliveriesResponse {
  readonly paused: boolean;
  readonly items: readonly Delivery[];
}

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | ({ readonly status: 'ready' } & DeliveriesResponse);

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  scroll: { overflowX: 'auto' },
  due: { whiteSpace: 'nowrap' },
});

/** Helsinki calendar date `days` from now, as the API's `YYYY-MM-DD`. */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Helsinki',
  });
}

interface DeliveriesViewProps {
  readonly session: Session;
  readonly toast: Notify;
  readonly onSignedOut: () => void;
}

export default function DeliveriesView({ session, toast, onSignedOut }: DeliveriesViewProps) {
  const styles = useStyles();
  const { t, locale } = useT();
  const api = useApiClient(session, onSignedOut);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      const data = await api.json<DeliveriesResponse>('/deliveries', {
        query: { from: dateFromToday(-7), to: dateFromToday(60) },
      });
      setLoad({ status: 'ready', ...data });
    } catch (error) {
      setLoad({ status: 'error', message: userMessage(error, locale) });
    }
  }, [api, locale]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await work();
      if (done) toast(done, 'success');
      await reload();
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (load.status === 'loading') return <Spinner label={t('tab.deliveries.loading')} />;
  if (load.status === 'error') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('tab.error.loadTitle')}</MessageBarTitle>
          {load.message}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <section className={styles.root} data-testid="deliveries-view">
      <Body1>{t('tab.deliveries.intro')}</Body1>
      <Switch
        checked={load.paused}
        disabled={busy}
        label={t('tab.deliveries.pause')}
        data-testid="deliveries-pause"
        onChange={(_, d) =>
          void act(() =>
            api.json('/deliveries/pause', { method: 'PUT', json: { paused: d.checked } }),
          )
        }
      />
      {load.paused && (
        <MessageBar intent="warning" data-testid="deliveries-paused">
          <MessageBarBody>
            <MessageBarTitle>{t('tab.deliveries.pausedTitle')}</MessageBarTitle>
            {t('tab.deliveries.paused')}
          </MessageBarBody>
        </MessageBar>
      )}
      {load.items.length === 0 ? (
        <Body1>{t('tab.deliveries.empty')}</Body1>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t('tab.deliveries.table')} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('tab.deliveries.col.due')}</TableHeaderCell>
                <TableHeaderCell>{t('tab.deliveries.col.post')}</TableHeaderCell>
                <TableHeaderCell>{t('tab.deliveries.col.target')}</TableHeaderCell>
                <TableHeaderCell>{t('tab.deliveries.col.state')}</TableHeaderCell>
                <TableHeaderCell>{t('tab.deliveries.col.reason')}</TableHeaderCell>
                <TableHeaderCell>
                  <span className="visually-hidden">{t('tab.deliveries.resend')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {load.items.map((d) => (
                <TableRow key={d.id} data-testid="delivery-row" data-state={d.state}>
                  <TableCell className={styles.due}>{formatDateTime(d.dueAt, locale)}</TableCell>
                  <TableCell>{d.kindText}</TableCell>
                  <TableCell>{d.targetText}</TableCell>
                  <TableCell>{d.stateText}</TableCell>
                  <TableCell>{d.reason ?? ''}</TableCell>
                  <TableCell>
                    {!d.upcoming && d.state !== 'waiting' && d.state !== 'sending' && (
                      <Button
                        size="small"
                        icon={<ArrowClockwiseRegular />}
                        disabled={busy}
                        onClick={() =>
                          void act(
                            () =>
                              api.json(`/deliveries/${encodeURIComponent(d.id)}/retry`, {
                                method: 'POST',
                              }),
                            t('tab.deliveries.resent'),
                          )
                        }
                      >
                        {t('tab.deliveries.resend')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
