/** Remove with confirmation; when someone changed the association meanwhile, say so first. */
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
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiFailure, userMessage } from '../api/client';
import type { Association } from '../api/model';
import type { RegisterApi } from '../api/register';
import { formatDateTime } from '../format';
import { useT } from '../i18n';

interface Props {
  readonly association: Association;
  readonly api: RegisterApi;
  readonly onClose: () => void;
  readonly onRemoved: (id: string, message: string) => void;
  readonly onChanged: (current: Association) => void;
}

export function RemoveDialog({ association, api, onClose, onRemoved, onChanged }: Props) {
  const { t, locale } = useT();
  const [target, setTarget] = useState(association);
  const [changedBy, setChangedBy] = useState<Association | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.remove(target.id, target.etag);
      onRemoved(target.id, t('tab.removed', { name: target.name }));
      onClose();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiFailure && error.status === 409) {
        const current = error.current as Association | null | undefined;
        if (!current) {
          // Someone removed it already: nothing is left to remove.
          onRemoved(target.id, t('tab.remove.alreadyGone', { name: target.name }));
          onClose();
          return;
        }
        onChanged(current);
        setTarget(current);
        setChangedBy(current);
        return;
      }
      if (error instanceof ApiFailure && error.status === 404) {
        onRemoved(target.id, t('tab.remove.alreadyGone', { name: target.name }));
        onClose();
        return;
      }
      setFailure(userMessage(error, locale));
    }
  };

  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('tab.remove.title', { name: target.name })}</DialogTitle>
          <DialogContent>
            {changedBy && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.remove.changedTitle')}</MessageBarTitle>
                  {t('tab.remove.changed', {
                    who: changedBy.updatedBy,
                    when: formatDateTime(changedBy.updatedAt, locale),
                  })}
                </MessageBarBody>
              </MessageBar>
            )}
            {failure && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.remove.failedTitle')}</MessageBarTitle>
                  {failure}
                </MessageBarBody>
              </MessageBar>
            )}
            <p>{t('tab.remove.body')}</p>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => void remove()}
              disabledFocusable={busy}
              icon={busy ? <Spinner size="tiny" /> : undefined}
            >
              {changedBy ? t('tab.remove.confirmAnyway') : t('tab.remove.confirm')}
            </Button>
            <Button onClick={onClose} disabledFocusable={busy}>
              {t('tab.action.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
