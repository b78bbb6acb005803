/**
 * Someone else saved first: the stored version beside the user's, field by field. Keep mine
 * saves the user's values again on the stored version's ETag; take theirs drops the user's.
 */
import {
  Button,
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
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiFailure, userMessage } from '../api/client';
import type { Association, Unit } from '../api/model';
import type { RegisterApi } from '../api/register';
import { formatDateTime } from '../format';
import { useT } from '../i18n';
import { FIELD_ORDER, fieldLabel, sameValue, valueText } from './fields';
import type { DialogState } from './types';

const useStyles = makeStyles({
  surface: { maxWidth: '860px', width: '100%' },
  table: { width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' },
  th: {
    textAlign: 'start',
    padding: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    verticalAlign: 'bottom',
  },
  td: {
    padding: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
    overflowWrap: 'anywhere',
  },
  fieldName: { fontWeight: tokens.fontWeightSemibold },
  note: { color: tokens.colorNeutralForeground2 },
  action: { whiteSpace: 'nowrap' },
});

interface Props {
  readonly state: Extract<DialogState, { kind: 'conflict' }>;
  readonly api: RegisterApi;
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly onClose: () => void;
  readonly onOpen: (state: DialogState) => void;
  readonly onSaved: (saved: Association, message: string) => void;
  readonly onRemoved: (id: string, message: string) => void;
}

export function ConflictDialog({
  state,
  api,
  units,
  categories,
  onClose,
  onOpen,
  onSaved,
  onRemoved,
}: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const { mine, theirs, base } = state;
  const names = { units, categories, locale, t };
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();

  const keepMine = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const saved = theirs
        ? await api.update(theirs.id, theirs.etag, mine)
        : await api.create(mine);
      if (!theirs) onRemoved(base.id, t('tab.conflict.recreated', { name: saved.name }));
      onSaved(saved, t('tab.conflict.keptMine', { name: saved.name }));
      onClose();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiFailure && error.status === 409 && error.code === 'conflict') {
        // A third save came in between: compare again with the newest version.
        onOpen({
          kind: 'conflict',
          base,
          mine,
          theirs: (error.current as Association | null | undefined) ?? null,
        });
        return;
      }
      setFailure(userMessage(error, locale));
    }
  };

  const takeTheirs = () => {
    if (theirs) onSaved(theirs, t('tab.conflict.tookTheirs', { name: theirs.name }));
    else onRemoved(base.id, t('tab.remove.alreadyGone', { name: base.name }));
    onClose();
  };

  const differing = theirs ? FIELD_ORDER.filter((f) => !sameValue(f, mine, theirs)) : [];

  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('tab.conflict.title')}</DialogTitle>
          <DialogContent>
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t('tab.conflict.whatHappened')}</MessageBarTitle>
                {theirs
                  ? t('tab.conflict.explain', {
                      who: theirs.updatedBy,
                      when: formatDateTime(theirs.updatedAt, locale),
                    })
                  : t('tab.conflict.removed')}
              </MessageBarBody>
            </MessageBar>
            {failure && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.edit.failedTitle')}</MessageBarTitle>
                  {failure}
                </MessageBarBody>
              </MessageBar>
            )}
            {theirs && (
              <table className={styles.table} data-testid="conflict-table">
                <caption className={styles.note}>{t('tab.conflict.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className={styles.th}>
                      {t('tab.conflict.field')}
                    </th>
                    <th scope="col" className={styles.th}>
                      {t('tab.conflict.mine')}
                    </th>
                    <th scope="col" className={styles.th}>
                      {t('tab.conflict.theirs')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {(differing.length > 0 ? differing : FIELD_ORDER.slice(0, 1)).map((field) => (
                    <ConflictRow
                      key={field}
                      label={fieldLabel(field, t)}
                      mine={valueText(field, mine, names)}
                      theirs={valueText(field, theirs, names)}
                      className={styles.td}
                      fieldClass={styles.fieldName}
                    />
                  ))}
                </tbody>
              </table>
            )}
            {theirs && differing.length === 0 && (
              <p className={styles.note}>{t('tab.conflict.same')}</p>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              className={styles.action}
              appearance="primary"
              onClick={() => void keepMine()}
              disabledFocusable={busy}
              icon={busy ? <Spinner size="tiny" /> : undefined}
            >
              {theirs ? t('tab.conflict.keepMine') : t('tab.conflict.saveAsNew')}
            </Button>
            <Button className={styles.action} onClick={takeTheirs} disabledFocusable={busy}>
              {theirs ? t('tab.conflict.takeTheirs') : t('tab.conflict.letGo')}
            </Button>
            {theirs && (
              <Button
                className={styles.action}
                onClick={() =>
                  onOpen({ kind: 'edit', association: theirs, readOnly: false, draft: mine })
                }
                disabledFocusable={busy}
              >
                {t('tab.conflict.editMore')}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function ConflictRow(props: {
  label: string;
  mine: string;
  theirs: string;
  className: string;
  fieldClass: string;
}) {
  return (
    <tr>
      <th scope="row" className={`${props.className} ${props.fieldClass}`}>
        {props.label}
      </th>
      <td className={props.className}>{props.mine}</td>
      <td className={props.className}>{props.theirs}</td>
    </tr>
  );
}
