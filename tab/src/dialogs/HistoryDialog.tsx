/** Who changed what and when, newest first, in Helsinki time. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { userMessage } from '../api/client';
import type { Association, AuditChange, AuditEntry, Unit } from '../api/model';
import type { RegisterApi } from '../api/register';
import { formatDateTime } from '../format';
import { useT } from '../i18n';
import { FIELD_ORDER, fieldLabel, formatValue, type FieldName, type Names } from './fields';

const useStyles = makeStyles({
  surface: { maxWidth: '720px', width: '100%' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  entry: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalM,
  },
  when: { fontWeight: tokens.fontWeightSemibold },
  who: { color: tokens.colorNeutralForeground2 },
  changes: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

const ACTION_KEYS: Record<AuditEntry['action'], MessageKey> = {
  create: 'associations.audit.create',
  update: 'associations.audit.update',
  delete: 'associations.audit.delete',
  import: 'associations.audit.import',
  erasure: 'associations.audit.erasure',
};

interface Props {
  readonly association: Association;
  readonly api: RegisterApi;
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly onClose: () => void;
}

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: readonly AuditEntry[] };

export function HistoryDialog({ association, api, units, categories, onClose }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    setState({ status: 'loading' });
    api.history(association.id).then(
      (items) => alive && setState({ status: 'ready', items }),
      (error: unknown) =>
        alive && setState({ status: 'error', message: userMessage(error, locale) }),
    );
    return () => {
      alive = false;
    };
  }, [api, association.id, locale, attempt]);

  const describe = (change: AuditChange) =>
    describeChange(change, { units, categories, locale, t });

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('tab.history.title', { name: association.name })}</DialogTitle>
          <DialogContent>
            {state.status === 'loading' && <Spinner label={t('tab.loading.history')} />}
            {state.status === 'error' && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.history.failedTitle')}</MessageBarTitle>
                  {state.message}
                </MessageBarBody>
                <MessageBarActions>
                  <Button onClick={() => setAttempt((n) => n + 1)}>{t('tab.action.retry')}</Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {state.status === 'ready' && state.items.length === 0 && (
              <p>{t('tab.history.empty')}</p>
            )}
            {state.status === 'ready' && state.items.length > 0 && (
              <ol className={styles.list} data-testid="history">
                {state.items.map((entry) => (
                  <li key={entry.id} className={styles.entry}>
                    <div>
                      <span className={styles.when}>{formatDateTime(entry.at, locale)}</span>{' '}
                      <span className={styles.who}>
                        {entry.by === 'erased' ? t('tab.history.erasedPerson') : entry.by}
                      </span>
                    </div>
                    <div>{t(ACTION_KEYS[entry.action])}</div>
                    {showsChanges(entry) && (
                      <ul className={styles.changes}>
                        {entry.changes.map((change) => (
                          <li key={change.field}>{describe(change)}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t('tab.action.close')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Edits list what changed; a creation would list every field, so it shows as one line. */
function showsChanges(entry: AuditEntry): boolean {
  if (entry.changes.length === 0) return false;
  return (
    entry.action === 'update' ||
    (entry.action === 'import' && entry.changes.some((c) => 'before' in c))
  );
}

function describeChange(change: AuditChange, names: Names): string {
  const { t } = names;
  const label = fieldLabel(change.field, t);
  const known = FIELD_ORDER.includes(change.field as FieldName);
  // Contact people are personal data: the trail keeps only that they changed.
  if (!known || (!('before' in change) && !('after' in change))) {
    return t('tab.history.changedField', { field: label });
  }
  const field = change.field as FieldName;
  return t('tab.history.change', {
    field: label,
    before: formatValue(field, change.before, names),
    after: formatValue(field, change.after, names),
  });
}
