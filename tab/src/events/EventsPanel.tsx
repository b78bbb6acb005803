/**
 * The year's events as a list: coordinators create, edit, publish, cancel and delete; everyone
 * opens an evening's answers (their own, and for coordinators and contact persons everyone's)
 * and downloads any event as an .ics file.
 */
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  AddRegular,
  CalendarAddRegular,
  DeleteRegular,
  DismissCircleRegular,
  EditRegular,
  PeopleRegular,
  SendRegular,
} from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { entryWhen } from '@yhdistysyhteistyo/contract/calendar';
import { localized, type EventKind } from '@yhdistysyhteistyo/contract/events/model';
import { describeRecurrence } from '@yhdistysyhteistyo/contract/recurrence';
import { formatDateTime, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { ApiFailure, userMessage } from '../api/client';
import type { Notify } from '../components/Notices';
import { useT } from '../i18n';
import { AnswersDialog } from './AnswersDialog';
import type { EventView, EventsClient, GroupView } from './api';
import { EventDialog } from './EventDialog';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

type Data =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly events: readonly EventView[] };

type Editing = { readonly kind: EventKind; readonly event?: EventView };
type Confirm = { readonly action: 'cancel' | 'delete'; readonly event: EventView };

interface Props {
  readonly api: EventsClient;
  readonly year: number;
  readonly isCoordinator: boolean;
  readonly seesAnswers: boolean;
  readonly toast: Notify;
}

export function EventsPanel({ api, year, isCoordinator, seesAnswers, toast }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [data, setData] = useState<Data>({ status: 'loading' });
  const [groups, setGroups] = useState<readonly GroupView[]>([]);
  const [editing, setEditing] = useState<Editing | undefined>();
  const [answers, setAnswers] = useState<EventView | undefined>();
  const [confirm, setConfirm] = useState<Confirm | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let alive = true;
    Promise.all([api.list(year), api.groups()]).then(
      ([events, list]) => {
        if (!alive) return;
        setData({ status: 'ready', events });
        setGroups(list);
      },
      (error: unknown) =>
        alive && setData({ status: 'error', message: userMessage(error, locale) }),
    );
    return () => {
      alive = false;
    };
  }, [api, year, locale, attempt]);

  const act = async (event: EventView, action: 'publish' | 'cancel' | 'delete') => {
    setConfirm(undefined);
    setBusy(event.id);
    try {
      if (action === 'delete') {
        await api.remove(event.id, event.etag);
        toast(t('events.tab.deleted'));
      } else {
        const saved =
          action === 'publish'
            ? await api.publish(event.id, event.etag)
            : await api.cancel(event.id, event.etag);
        if (saved.card === 'failed') toast(t('events.tab.cardFailed'), 'error');
        else if (saved.card === 'notPosted') toast(t('events.tab.notPosted'), 'info');
        else toast(t(action === 'publish' ? 'events.tab.published' : 'events.tab.cancelled'));
      }
    } catch (error) {
      toast(
        error instanceof ApiFailure && error.code === 'conflict'
          ? t('events.tab.conflict')
          : userMessage(error, locale),
        'error',
      );
    } finally {
      setBusy(undefined);
      reload();
    }
  };

  const groupName = (id: string) => {
    const g = groups.find((x) => x.id === id);
    return g ? localized(g.name, locale) : id;
  };

  return (
    <section aria-labelledby="events-title" className={styles.list}>
      <h2 id="events-title" className={styles.title}>
        {t('events.tab.eventsOfYear', { year })}
      </h2>
      {isCoordinator && (
        <div className={styles.toolbar}>
          <Button
            appearance="primary"
            icon={<AddRegular />}
            onClick={() => setEditing({ kind: 'evening' })}
            data-testid="new-evening"
          >
            {t('events.tab.newEvening')}
          </Button>
          <Button icon={<AddRegular />} onClick={() => setEditing({ kind: 'meeting' })}>
            {t('events.tab.newMeeting')}
          </Button>
          <Button icon={<AddRegular />} onClick={() => setEditing({ kind: 'item' })}>
            {t('events.tab.newItem')}
          </Button>
        </div>
      )}
      {data.status === 'loading' && <Spinner label={t('events.tab.loading')} />}
      {data.status === 'error' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t('events.tab.loadFailed')}</MessageBarTitle>
            {data.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {data.status === 'ready' && data.events.length === 0 && (
        <Text>{t('events.tab.noEvents')}</Text>
      )}
      {data.status === 'ready' && data.events.length > 0 && (
        <ul className={styles.list} data-testid="event-list">
          {data.events.map((e) => {
            const titleId = `event-${e.id}`;
            return (
              <li
                key={e.id}
                className={styles.item}
                data-testid="event-item"
                aria-labelledby={titleId}
              >
                <div className={styles.head}>
                  <h3 id={titleId} className={styles.title}>
                    {localized(e.title, locale)}
                  </h3>
                  <Badge appearance="outline">{t(`events.kind.${e.kind}`)}</Badge>
                  <Badge
                    appearance="tint"
                    color={
                      e.state === 'published'
                        ? 'success'
                        : e.state === 'cancelled'
                          ? 'danger'
                          : 'warning'
                    }
                    data-testid="event-state"
                  >
                    {t(`events.state.${e.state}`)}
                  </Badge>
                </div>
                <Text className={styles.meta}>
                  {entryWhen(
                    { start: e.start, end: e.end, allDay: e.kind === 'item' && e.allDay },
                    locale,
                  )}
                  {e.kind === 'meeting' && ` · ${groupName(e.workingGroupId)}`}
                  {e.kind === 'meeting' &&
                    e.recurrence &&
                    ` · ${describeRecurrence(e.recurrence.rule, utcToLocal(e.start), locale)}`}
                  {e.kind === 'item' && ` · ${t(`events.category.${e.category}`)}`}
                </Text>
                {e.kind === 'evening' && (
                  <Caption1 className={styles.meta}>
                    {t('events.tab.deadline', {
                      at: formatDateTime(e.registrationDeadline, locale),
                    })}
                    {e.counts &&
                      ` · ${t('events.counts', { yes: e.counts.yes, maybe: e.counts.maybe, no: e.counts.no })}`}
                  </Caption1>
                )}
                <div className={styles.actions}>
                  {e.kind === 'evening' && e.state !== 'draft' && (
                    <Button
                      size="small"
                      icon={<PeopleRegular />}
                      onClick={() => setAnswers(e)}
                      data-testid="open-answers"
                    >
                      {seesAnswers ? t('events.tab.answers') : t('events.tab.answer')}
                    </Button>
                  )}
                  {e.state !== 'draft' && (
                    <Button
                      size="small"
                      as="a"
                      href={e.icsUrl}
                      download
                      icon={<CalendarAddRegular />}
                    >
                      {t('events.tab.downloadIcs')}
                    </Button>
                  )}
                  {isCoordinator && e.state !== 'cancelled' && (
                    <Button
                      size="small"
                      icon={<EditRegular />}
                      onClick={() => setEditing({ kind: e.kind, event: e })}
                      disabled={busy === e.id}
                      data-testid="edit-event"
                    >
                      {t('events.tab.edit')}
                    </Button>
                  )}
                  {isCoordinator && e.state === 'draft' && (
                    <Button
                      size="small"
                      appearance="primary"
                      icon={<SendRegular />}
                      onClick={() => void act(e, 'publish')}
                      disabled={busy === e.id}
                      data-testid="publish-event"
                    >
                      {t('events.tab.publish')}
                    </Button>
                  )}
                  {isCoordinator && e.state === 'published' && (
                    <Button
                      size="small"
                      icon={<DismissCircleRegular />}
                      onClick={() => setConfirm({ action: 'cancel', event: e })}
                      disabled={busy === e.id}
                    >
                      {t('events.tab.cancelEvent')}
                    </Button>
                  )}
                  {isCoordinator && e.state !== 'published' && (
                    <Button
                      size="small"
                      icon={<DeleteRegular />}
                      onClick={() => setConfirm({ action: 'delete', event: e })}
                      disabled={busy === e.id}
                    >
                      {t('events.tab.delete')}
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {editing && (
        <EventDialog
          api={api}
          kind={editing.kind}
          event={editing.event}
          groups={groups}
          year={year}
          onClose={() => setEditing(undefined)}
          onSaved={(saved, created) => {
            setEditing(undefined);
            toast(
              saved.card === 'failed'
                ? t('events.tab.cardFailed')
                : t(created ? 'events.tab.created' : 'events.tab.saved'),
              saved.card === 'failed' ? 'error' : 'success',
            );
            reload();
          }}
          onConflict={() => {
            setEditing(undefined);
            toast(t('events.tab.conflict'), 'error');
            reload();
          }}
        />
      )}
      {answers && (
        <AnswersDialog
          api={api}
          event={answers}
          seesAnswers={seesAnswers}
          toast={toast}
          onClose={() => {
            setAnswers(undefined);
            reload();
          }}
        />
      )}
      <Dialog open={!!confirm} onOpenChange={(_, d) => !d.open && setConfirm(undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>
              {confirm?.action === 'cancel'
                ? t('events.tab.cancelTitle')
                : t('events.tab.deleteTitle')}
            </DialogTitle>
            <DialogContent>
              {confirm &&
                t(confirm.action === 'cancel' ? 'events.tab.cancelBody' : 'events.tab.deleteBody', {
                  title: localized(confirm.event.title, locale),
                })}
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => confirm && void act(confirm.event, confirm.action)}
                data-testid="confirm-action"
              >
                {confirm?.action === 'cancel'
                  ? t('events.tab.cancelEvent')
                  : t('events.tab.delete')}
              </Button>
              <Button onClick={() => setConfirm(undefined)}>{t('events.tab.cancelAction')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
