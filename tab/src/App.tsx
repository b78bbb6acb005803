/**
 * The signed-in tab: loads who the user is, the units and categories and every association
 * (two requests for 2,000), then searches, filters and sorts in the browser so each keystroke
 * costs a filter over memory and a render of the rows in view.
 */
import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Tab,
  TabList,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, SignOutRegular } from '@fluentui/react-icons';
import {
  Suspense,
  lazy,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { can } from '@yhdistysyhteistyo/contract/roles';
import { ApiFailure, userMessage } from './api/client';
import { useApiClient } from './api/use-api-client';
import type { Association, MeResponse, Unit } from './api/model';
import { RegisterApi } from './api/register';
import { AssociationList, type RowActions } from './components/AssociationList';
import { EmptyState } from './components/EmptyState';
import { Notices, useNotices } from './components/Notices';
import { Toolbar } from './components/Toolbar';
import { NO_FILTERS, activeFilterCount, applyFilters, buildIndex, type Filters } from './filter';
import { useT } from './i18n';
import { loadAllMessages } from './messages';
import type { Session } from './session';
import type { DialogState } from './dialogs/types';

const loadDialogs = () => import('./dialogs/Dialogs');
const Dialogs = lazy(loadDialogs);
const AdminView = lazy(() => import('./admin/AdminView'));
const DeliveriesView = lazy(() => import('./deliveries/DeliveriesView'));
const PrivacyView = lazy(() => import('./privacy/PrivacyView'));
const HomeView = lazy(() =>
  Promise.all([import('./home/HomeView'), loadAllMessages()]).then(([view]) => view),
);
const GroupsView = lazy(() =>
  Promise.all([import('./groups/GroupsView'), loadAllMessages()]).then(([view]) => view),
);
const GuideView = lazy(() =>
  Promise.all([import('./guide/GuideView'), loadAllMessages()]).then(([view]) => view),
);
const SurveysView = lazy(() =>
  Promise.all([import('./surveys/SurveysView'), loadAllMessages()]).then(([view]) => view),
);
// The events view speaks its own catalog area: both load together, on first use.
const EventsView = lazy(() =>
  Promise.all([import('./events/EventsView'), loadAllMessages()]).then(([view]) => view),
);

const useStyles = makeStyles({
  app: {
    height: '100vh',
    display: 'flex',
    flexDirection: 'column',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    gap: tokens.spacingVerticalS,
    '@media (max-width: 599px)': {
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  role: {
    '@media (max-width: 599px)': { display: 'none' },
    fontSize: tokens.fontSizeBase200,
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
  },
  switch: { '@media (max-width: 599px)': { minWidth: 'auto' } },
  // Icon-only on a phone; the text stays for screen readers.
  switchText: {
    '@media (max-width: 599px)': {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  main: {
    flexGrow: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  // On a phone the view tabs wrap rather than run off the screen.
  views: { flexWrap: 'wrap' },
  count: { color: tokens.colorNeutralForeground2 },
  center: { margin: 'auto', padding: tokens.spacingVerticalXXL },
});

type Data =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly me: MeResponse;
      readonly units: readonly Unit[];
      readonly categories: readonly Unit[];
      readonly associations: readonly Association[];
      /** False while later pages are still coming. */
      readonly complete: boolean;
    };

type View =
  | 'own'
  | 'all'
  | 'admin'
  | 'events'
  | 'deliveries'
  | 'surveys'
  | 'groups'
  | 'guide'
  | 'home'
  | 'privacy';

interface Props {
  readonly session: Session;
  readonly channel: boolean;
  readonly onReady: () => void;
  readonly onSignedOut: () => void;
}

export function App({ session, channel, onReady, onSignedOut }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const { notices, notify: toast, dismiss } = useNotices();
  const client = useApiClient(session, onSignedOut);
  const api = useMemo(() => new RegisterApi(client), [client]);
  const [data, setData] = useState<Data>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [view, setView] = useState<View | undefined>();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [dialog, setDialogState] = useState<DialogState | undefined>();
  // Dialogs open from many places; focus goes back to the opener when they close.
  const opener = useRef<HTMLElement | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const setDialog = useCallback((next: DialogState | undefined) => {
    setDialogState((current) => {
      if (!current && next && document.activeElement instanceof HTMLElement) {
        opener.current = document.activeElement;
      }
      return next;
    });
    if (!next) {
      requestAnimationFrame(() => {
        const target = opener.current;
        opener.current = null;
        // A removed row's button is gone: the search box is the next sensible place.
        if (target?.isConnected) target.focus();
        else searchRef.current?.focus();
      });
    }
  }, []);
  const [busy, setBusy] = useState({ exporting: false, copying: false });
  const [notInTeam, setNotInTeam] = useState(false);
  const readyReported = useRef(false);

  useEffect(() => {
    const abort = new AbortController();
    setData({ status: 'loading' });
    const load = async () => {
      const [me, units, categories] = await Promise.all([
        api.me(),
        api.references('units'),
        api.references('categories'),
      ]);
      let associations: Association[] = [];
      await api.listAll((page, done) => {
        associations = associations.concat(page);
        if (abort.signal.aborted) return;
        setData({ status: 'ready', me, units, categories, associations, complete: done });
      }, abort.signal);
    };
    load().then(
      () => undefined,
      (error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ApiFailure && error.status === 401 && session.kind === 'dev') return;
        setData({ status: 'error', message: userMessage(error, locale) });
      },
    );
    return () => abort.abort();
  }, [api, attempt, locale, session.kind]);

  /** Loads the list again behind the current one (after an import), keeping dialogs open. */
  const refresh = useCallback(async () => {
    try {
      let associations: Association[] = [];
      await api.listAll((page) => {
        associations = associations.concat(page);
      });
      setData((d) => (d.status === 'ready' ? { ...d, associations, complete: true } : d));
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    }
  }, [api, locale, toast]);

  useEffect(() => {
    if (data.status !== 'loading' && !readyReported.current) {
      readyReported.current = true;
      onReady();
    }
  }, [data.status, onReady]);

  const ready = data.status === 'ready' ? data : undefined;
  const me = ready?.me;
  const ownUnits = useMemo(() => me?.roles.units ?? [], [me]);
  const defaultView: View = ownUnits.length > 0 && !channel ? 'own' : 'all';
  const currentView = view ?? defaultView;

  // A card's "edit the data" link (`?association=<id>`): that association's edit dialog, once.
  const linkedOpened = useRef(false);
  useEffect(() => {
    if (!ready || linkedOpened.current) return;
    const id = new URLSearchParams(window.location.search).get('association');
    const linked = id ? ready.associations.find((a) => a.id === id) : undefined;
    // The list comes in pages: look again when the rest is in, unless it is found already.
    if (!linked && !ready.complete && id) return;
    linkedOpened.current = true;
    if (linked) setDialog({ kind: 'edit', association: linked, readOnly: false });
  }, [ready, setDialog]);

  const unitNames = useMemo(
    () => new Map((ready?.units ?? []).map((u) => [u.id, u.name[locale]])),
    [ready?.units, locale],
  );
  const categoryNames = useMemo(
    () => new Map((ready?.categories ?? []).map((c) => [c.id, c.name[locale]])),
    [ready?.categories, locale],
  );
  const unitName = useCallback((id: string) => unitNames.get(id) ?? id, [unitNames]);
  const categoryName = useCallback((id: string) => categoryNames.get(id) ?? id, [categoryNames]);

  const index = useMemo(
    () => buildIndex(ready?.associations ?? [], locale),
    [ready?.associations, locale],
  );
  // Typing stays smooth: the list follows the search box at React's pace, not per keystroke.
  const deferredFilters = useDeferredValue(filters);
  const listView = currentView === 'own' ? 'own' : 'all';
  const items = useMemo(
    () => applyFilters(index, deferredFilters, listView, ownUnits),
    [index, deferredFilters, listView, ownUnits],
  );

  const roles = me?.roles;
  const canEdit = useCallback(
    (a: Association) => !!roles && can(roles, 'association.update', { units: a.units }),
    [roles],
  );
  const canCreate = !!roles && can(roles, 'association.create');
  const canImport = !!roles && can(roles, 'association.import');
  const canSeeContacts = !!roles && can(roles, 'association.mailingList');
  const canSeeHistory = !!roles && can(roles, 'association.history');
  const isCoordinator = !!roles?.coordinator;

  const upsert = useCallback((saved: Association) => {
    setData((d) =>
      d.status === 'ready'
        ? {
            ...d,
            associations: d.associations.some((a) => a.id === saved.id)
              ? d.associations.map((a) => (a.id === saved.id ? saved : a))
              : [...d.associations, saved],
          }
        : d,
    );
  }, []);
  const drop = useCallback((id: string) => {
    setData((d) =>
      d.status === 'ready' ? { ...d, associations: d.associations.filter((a) => a.id !== id) } : d,
    );
  }, []);

  const prefetch = useCallback(() => void loadDialogs(), []);
  const actions = useMemo<RowActions>(
    () => ({
      open: (association) => setDialog({ kind: 'edit', association, readOnly: true }),
      edit: (association) => setDialog({ kind: 'edit', association, readOnly: false }),
      ...(canSeeHistory
        ? { history: (association: Association) => setDialog({ kind: 'history', association }) }
        : {}),
      remove: (association) => setDialog({ kind: 'remove', association }),
      prefetch,
    }),
    [prefetch, setDialog, canSeeHistory],
  );

  const serverFilters = {
    q: filters.q,
    unit: filters.unit,
    category: filters.category,
    status: filters.status,
    mine: currentView === 'own',
  };

  const exportCsv = async () => {
    setBusy((b) => ({ ...b, exporting: true }));
    try {
      const blob = await api.exportCsv(serverFilters);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = t('tab.export.fileName', { date: new Date().toISOString().slice(0, 10) });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(t('tab.export.done'));
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setBusy((b) => ({ ...b, exporting: false }));
    }
  };

  const copyMailingList = async () => {
    setBusy((b) => ({ ...b, copying: true }));
    try {
      const list = await api.mailingList(serverFilters, notInTeam);
      if (list.emails.length === 0) {
        toast(t(list.leftOut ? 'mailing.allInTeam' : 'tab.mailing.empty'), 'info');
        return;
      }
      try {
        await navigator.clipboard.writeText(list.text);
        toast(
          list.leftOut
            ? t('mailing.copiedLeftOut', { count: list.emails.length, leftOut: list.leftOut })
            : t('tab.mailing.copied', { count: list.emails.length }),
        );
      } catch {
        // Teams on some clients blocks the clipboard in a tab: show the list to copy by hand.
        setDialog({ kind: 'mailing', text: list.text, count: list.emails.length });
      }
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setBusy((b) => ({ ...b, copying: false }));
    }
  };

  const roleText = me ? t(`tab.role.${me.role}`) : '';
  const filtered = activeFilterCount(filters) > 0 || filters.q.trim() !== '';

  return (
    <div className={styles.app}>
      <Notices notices={notices} dismiss={dismiss} />
      <header className={styles.header}>
        <Title3 as="h1">{t('tab.title')}</Title3>
        {me && (
          <div className={styles.user}>
            <Caption1 data-testid="signed-in-user">{me.user.name}</Caption1>
            <span className={styles.role}>{roleText}</span>
            {session.kind === 'dev' && (
              <Button
                appearance="subtle"
                size="small"
                icon={<SignOutRegular />}
                onClick={session.signOut}
                className={styles.switch}
              >
                <span className={styles.switchText}>{t('tab.signIn.switch')}</span>
              </Button>
            )}
          </div>
        )}
      </header>
      {ready && (
        <TabList
          className={styles.views}
          selectedValue={currentView}
          onTabSelect={(_, d) => setView(d.value as View)}
          aria-label={t('tab.views.label')}
        >
          {isCoordinator && (
            <Tab value="home" data-testid="nav-home">
              {t('tab.views.home')}
            </Tab>
          )}
          {ownUnits.length > 0 && <Tab value="own">{t('tab.views.own')}</Tab>}
          <Tab value="all">{t('tab.views.all')}</Tab>
          <Tab value="events" data-testid="nav-events">
            {/* In the first load's catalog: the events area comes with the view itself. */}
            {t('tab.views.events')}
          </Tab>
          <Tab value="surveys" data-testid="nav-surveys">
            {t('tab.views.surveys')}
          </Tab>
          {isCoordinator && <Tab value="admin">{t('tab.views.admin')}</Tab>}
          {isCoordinator && (
            <Tab value="deliveries" data-testid="nav-deliveries">
              {t('tab.views.deliveries')}
            </Tab>
          )}
          {isCoordinator && (
            <Tab value="groups" data-testid="nav-groups">
              {t('tab.views.groups')}
            </Tab>
          )}
          {isCoordinator && (
            <Tab value="guide" data-testid="nav-guide">
              {t('tab.views.guide')}
            </Tab>
          )}
          <Tab value="privacy" data-testid="nav-privacy">
            {t('tab.views.privacy')}
          </Tab>
        </TabList>
      )}
      <main className={styles.main}>
        {data.status === 'loading' && (
          <div className={styles.center}>
            <Spinner label={t('tab.loading.associations')} />
          </div>
        )}
        {data.status === 'error' && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('tab.error.loadTitle')}</MessageBarTitle>
              {data.message}
            </MessageBarBody>
            <MessageBarActions>
              <Button icon={<ArrowClockwiseRegular />} onClick={() => setAttempt((n) => n + 1)}>
                {t('tab.action.retry')}
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {ready && currentView === 'admin' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <AdminView
              api={api}
              units={ready.units}
              categories={ready.categories}
              onReferences={(kind, list) =>
                setData((d) => (d.status === 'ready' ? { ...d, [kind]: list } : d))
              }
              toast={toast}
            />
          </Suspense>
        )}
        {ready && currentView === 'events' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <EventsView session={session} me={ready.me} toast={toast} onSignedOut={onSignedOut} />
          </Suspense>
        )}
        {ready && currentView === 'privacy' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <PrivacyView />
          </Suspense>
        )}
        {ready && currentView === 'deliveries' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <DeliveriesView session={session} toast={toast} onSignedOut={onSignedOut} />
          </Suspense>
        )}
        {ready && currentView === 'home' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <HomeView
              session={session}
              associations={ready.associations}
              units={ready.units}
              toast={toast}
              onSignedOut={onSignedOut}
              onNavigate={setView}
              onEditAssociation={(association) =>
                setDialog({ kind: 'edit', association, readOnly: false })
              }
              onConfirmed={upsert}
            />
          </Suspense>
        )}
        {ready && currentView === 'groups' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <GroupsView
              session={session}
              units={ready.units}
              toast={toast}
              onSignedOut={onSignedOut}
            />
          </Suspense>
        )}
        {ready && currentView === 'guide' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <GuideView session={session} toast={toast} onSignedOut={onSignedOut} />
          </Suspense>
        )}
        {ready && currentView === 'surveys' && (
          <Suspense fallback={<Spinner label={t('tab.loading.generic')} />}>
            <SurveysView
              session={session}
              coordinator={isCoordinator}
              toast={toast}
              onSignedOut={onSignedOut}
            />
          </Suspense>
        )}
        {ready &&
          currentView !== 'admin' &&
          currentView !== 'events' &&
          currentView !== 'deliveries' &&
          currentView !== 'surveys' &&
          currentView !== 'groups' &&
          currentView !== 'guide' &&
          currentView !== 'privacy' &&
          currentView !== 'home' && (
            <>
              <Toolbar
                filters={filters}
                onFilters={setFilters}
                units={ready.units}
                categories={ready.categories}
                unitLabel={(u) => u.name[locale]}
                canCreate={canCreate}
                canImport={canImport}
                canSeeContacts={canSeeContacts}
                busy={busy}
                onAdd={() => setDialog({ kind: 'edit', readOnly: false })}
                onImport={() => setDialog({ kind: 'import' })}
                onExport={() => void exportCsv()}
                onCopyMailingList={() => void copyMailingList()}
                notInTeam={notInTeam}
                onNotInTeam={setNotInTeam}
                onPrefetch={prefetch}
                searchRef={searchRef}
              />
              <Caption1
                role="status"
                className={styles.count}
                data-testid="count"
                // The search the shown rows answer, for the benchmark to see when they caught up.
                data-query={deferredFilters.q}
              >
                {ready.complete
                  ? t('tab.list.count', { shown: items.length })
                  : t('tab.list.countLoading', { shown: items.length })}
              </Caption1>
              {items.length > 0 ? (
                <AssociationList
                  items={items}
                  unitName={unitName}
                  categoryName={categoryName}
                  canEdit={canEdit}
                  actions={actions}
                />
              ) : (
                <EmptyState
                  kind={filtered ? 'filtered' : currentView === 'own' ? 'own' : 'none'}
                  units={ownUnits.map(unitName).join(', ')}
                  canCreate={canCreate}
                  onClear={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}
                  onAdd={() => setDialog({ kind: 'edit', readOnly: false })}
                  onImport={canImport ? () => setDialog({ kind: 'import' }) : undefined}
                />
              )}
            </>
          )}
      </main>
      {dialog && ready && (
        <Suspense fallback={null}>
          <Dialogs
            state={dialog}
            api={api}
            me={ready.me}
            units={ready.units}
            categories={ready.categories}
            onClose={() => setDialog(undefined)}
            onOpen={setDialog}
            onSaved={(saved, message) => {
              upsert(saved);
              toast(message);
            }}
            onRemoved={(id, message) => {
              drop(id);
              toast(message);
            }}
            onChanged={upsert}
            onImported={() => void refresh()}
          />
        </Suspense>
      )}
    </div>
  );
}
