/**
 * The coordinator's home: what the bot will post in the next 30 days (when and where), what
 * failed (sent again by a click), working groups with no next meeting, and associations whose
 * data has not been confirmed for 12 months. Each item leads to where it is fixed.
 */
import {
  Body1,
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Association, Unit } from '@yhdistysyhteistyo/contract/associations';
import { freshnessByUnit } from '@yhdistysyhteistyo/contract/freshness';
import { localized, type CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import { occurrences } from '@yhdistysyhteistyo/contract/recurrence';
import { minutesBetween, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { userMessage } from '../api/client';
import { useApiClient } from '../api/use-api-client';
import type { Notify } from '../components/Notices';
import { formatDate, formatDateTime } from '../format';
import { useT } from '../i18n';
import type { Session } from '../session';

/** The fields of the API's `DeliveryView` this view shows. */
interface Delivery {
  readonly id: string;
  readonly kindText: string;
  readonly targetText: string;
  readonly dueAt: string;
  readonly state: string;
  readonly stateText: string;
  readonly upcoming: boolean;
  readonly reasonText?: string;
  /** How many times it was sent again by hand: a failure sent again is no longer open. */
  readonly resends: number;
}

/** Where the home view sends the coordinator to fix something. */
export type HomeTarget = 'deliveries' | 'groups' | 'events';

const DAY_MS = 86_400_000;
/** Older than this is stale (indicator 5 of the report: up-to-date contact data). */
export const STALE_DAYS = 365;

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly coming: readonly Delivery[];
      readonly failed: readonly Delivery[];
      readonly idle: readonly WorkingGroup[];
    };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  scroll: { overflowX: 'auto' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  nowrap: { whiteSpace: 'nowrap' },
});

function helsinkiDate(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Helsinki',
  });
}

/** Whether a meeting (or a series) still has an occurrence after `now`. */
function hasNext(event: CalendarEvent, now: Date): boolean {
  if (event.kind !== 'meeting' || event.state === 'cancelled') return false;
  if (!event.recurrence) return Date.parse(event.start) >= now.getTime();
  try {
    const found = occurrences(
      { start: utcToLocal(event.start), durationMinutes: minutesBetween(event.start, event.end) },
      event.recurrence,
      {
        from: now.toISOString(),
        to: new Date(now.getTime() + 2 * STALE_DAYS * DAY_MS).toISOString(),
      },
    );
    return found.some((o) => Date.parse(o.start) >= now.getTime());
  } catch {
    return false;
  }
}

interface Props {
  readonly session: Session;
  readonly associations: readonly Association[];
  readonly units: readonly Unit[];
  readonly toast: Notify;
  readonly onSignedOut: () => void;
  readonly onNavigate: (target: HomeTarget) => void;
  readonly onEditAssociation: (association: Association) => void;
  /** An association confirmed as still correct, as the server saved it. */
  readonly onConfirmed: (association: Association) => void;
}

export default function HomeView({
  session,
  associations,
  units,
  toast,
  onSignedOut,
  onNavigate,
  onEditAssociation,
  onConfirmed,
}: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const api = useApiClient(session, onSignedOut);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      const now = new Date();
      const [deliveries, groups, meetings] = await Promise.all([
        api.json<{ items: Delivery[] }>('/deliveries', {
          query: { from: helsinkiDate(-30), to: helsinkiDate(30) },
        }),
        api.json<{ items: WorkingGroup[] }>('/working-groups'),
        api.json<{ items: CalendarEvent[] }>('/events', {
          query: { from: helsinkiDate(0), to: helsinkiDate(STALE_DAYS), type: 'meeting' },
        }),
      ]);
      const busyGroups = new Set(
        meetings.items
          .filter((e) => hasNext(e, now))
          .map((e) => (e.kind === 'meeting' ? e.workingGroupId : '')),
      );
      const nowIso = now.toISOString();
      setLoad({
        status: 'ready',
        coming: deliveries.items.filter(
          (d) => d.dueAt >= nowIso && (d.state === 'waiting' || d.state === 'sending'),
        ),
        failed: deliveries.items.filter((d) => d.state === 'failed' && d.resends === 0),
        idle: groups.items.filter((g) => g.active && !busyGroups.has(g.id)),
      });
    } catch (error) {
      setLoad({ status: 'error', message: userMessage(error, locale) });
    }
  }, [api, locale]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const stale = useMemo(() => {
    const limit = new Date(Date.now() - STALE_DAYS * DAY_MS).toISOString();
    return associations
      .filter((a) => a.updatedAt < limit)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }, [associations]);

  const freshness = useMemo(
    () =>
      freshnessByUnit(
        associations,
        units.map((u) => u.id),
        new Date(),
      ).filter((f) => f.total > 0),
    [associations, units],
  );

  /** "Still correct": the data saved as it is, so its check date is today. */
  const confirm = async (a: Association) => {
    setBusy(true);
    try {
      const { id, etag, createdAt, createdBy, updatedAt, updatedBy, ...data } = a;
      void createdAt;
      void createdBy;
      void updatedAt;
      void updatedBy;
      const saved = await api.json<Association>(`/associations/${encodeURIComponent(id)}`, {
        method: 'PUT',
        json: data,
        ifMatch: etag,
      });
      onConfirmed(saved);
      toast(t('home.stale.confirmed', { name: a.name }), 'success');
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setBusy(false);
    }
  };

  const resend = async (d: Delivery) => {
    setBusy(true);
    try {
      await api.json(`/deliveries/${encodeURIComponent(d.id)}/retry`, { method: 'POST' });
      toast(t('home.resent'), 'success');
      await reload();
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (load.status === 'loading') return <Spinner label={t('home.loading')} />;
  if (load.status === 'error') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>{load.message}</MessageBarBody>
      </MessageBar>
    );
  }

  return (
    <div className={styles.root} data-testid="home-view">
      <section className={styles.section} aria-labelledby="home-failed">
        <Title3 as="h2" id="home-failed">
          {t('home.failed.title', { count: load.failed.length })}
        </Title3>
        {load.failed.length === 0 ? (
          <Body1>{t('home.failed.none')}</Body1>
        ) : (
          <div className={styles.scroll}>
            <Table aria-labelledby="home-failed" size="small" data-testid="home-failed-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('home.col.when')}</TableHeaderCell>
                  <TableHeaderCell>{t('home.col.what')}</TableHeaderCell>
                  <TableHeaderCell>{t('home.col.where')}</TableHeaderCell>
                  <TableHeaderCell>{t('home.col.why')}</TableHeaderCell>
                  <TableHeaderCell>{t('home.col.fix')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {load.failed.map((d) => (
                  <TableRow key={d.id} data-testid="home-failed-row">
                    <TableCell className={styles.nowrap}>
                      {formatDateTime(d.dueAt, locale)}
                    </TableCell>
                    <TableCell>{d.kindText}</TableCell>
                    <TableCell>{d.targetText}</TableCell>
                    <TableCell>{d.reasonText ?? ''}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        icon={<ArrowClockwiseRegular />}
                        disabled={busy}
                        aria-label={t('home.resendNamed', {
                          what: d.kindText,
                          when: formatDateTime(d.dueAt, locale),
                        })}
                        onClick={() => void resend(d)}
                      >
                        {t('home.resend')}
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      <section className={styles.section} aria-labelledby="home-coming">
        <Title3 as="h2" id="home-coming">
          {t('home.coming.title')}
        </Title3>
        {load.coming.length === 0 ? (
          <Body1>{t('home.coming.none')}</Body1>
        ) : (
          <div className={styles.scroll}>
            <Table aria-labelledby="home-coming" size="small" data-testid="home-coming-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('home.col.when')}</TableHeaderCell>
                  <TableHeaderCell>{t('home.col.what')}</TableHeaderCell>
                  <TableHeaderCell>{t('home.col.where')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {load.coming.map((d) => (
                  <TableRow key={d.id} data-testid="home-coming-row">
                    <TableCell className={styles.nowrap}>
                      {formatDateTime(d.dueAt, locale)}
                    </TableCell>
                    <TableCell>{d.kindText}</TableCell>
                    <TableCell>{d.targetText}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <div>
          <Link as="button" onClick={() => onNavigate('deliveries')}>
            {t('home.coming.open')}
          </Link>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="home-idle">
        <Title3 as="h2" id="home-idle">
          {t('home.idle.title', { count: load.idle.length })}
        </Title3>
        {load.idle.length === 0 ? (
          <Body1>{t('home.idle.none')}</Body1>
        ) : (
          <ul className={styles.list} data-testid="home-idle-list">
            {load.idle.map((g) => (
              <li key={g.id}>
                {localized(g.name, locale)}{' '}
                <Link
                  as="button"
                  aria-label={t('home.idle.planNamed', { name: localized(g.name, locale) })}
                  onClick={() => onNavigate('events')}
                >
                  {t('home.idle.plan')}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <div>
          <Link as="button" onClick={() => onNavigate('groups')}>
            {t('home.idle.open')}
          </Link>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="home-stale">
        <Title3 as="h2" id="home-stale">
          {t('home.stale.title', { count: stale.length })}
        </Title3>
        {stale.length === 0 ? (
          <Body1>{t('home.stale.none')}</Body1>
        ) : (
          <ul className={styles.list} data-testid="home-stale-list">
            {stale.slice(0, 50).map((a) => (
              <li key={a.id}>
                {a.name} · {t('home.stale.since', { date: formatDate(a.updatedAt) })}{' '}
                <Link
                  as="button"
                  aria-label={t('home.stale.editNamed', { name: a.name })}
                  onClick={() => onEditAssociation(a)}
                >
                  {t('home.stale.edit')}
                </Link>{' '}
                <Button
                  size="small"
                  disabled={busy}
                  aria-label={t('home.stale.confirmNamed', { name: a.name })}
                  onClick={() => void confirm(a)}
                >
                  {t('home.stale.confirm')}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {stale.length > 50 && <Body1>{t('home.stale.more', { count: stale.length - 50 })}</Body1>}
      </section>

      <section className={styles.section} aria-labelledby="home-fresh">
        <Title3 as="h2" id="home-fresh">
          {t('home.fresh.title')}
        </Title3>
        <div className={styles.scroll}>
          <Table aria-labelledby="home-fresh" size="small" data-testid="home-fresh-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('home.fresh.unit')}</TableHeaderCell>
                <TableHeaderCell>{t('home.fresh.share')}</TableHeaderCell>
                <TableHeaderCell>{t('home.fresh.count')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {freshness.map((f) => {
                const unit = units.find((u) => u.id === f.unitId);
                return (
                  <TableRow key={f.unitId} data-testid="home-fresh-row">
                    <TableCell>{unit ? localized(unit.name, locale) : f.unitId}</TableCell>
                    <TableCell>{`${f.percent} %`}</TableCell>
                    <TableCell>{t('home.fresh.of', { fresh: f.fresh, total: f.total })}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      </section>
    </div>
  );
}
