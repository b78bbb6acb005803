/** The mailing list to copy by hand, when the host does not let the tab write the clipboard. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';

interface Props {
  readonly text: string;
  readonly count: number;
  readonly onClose: () => void;
}

export function MailingDialog({ text, count, onClose }: Props) {
  const { t } = useT();
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    area.current?.select();
  }, []);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('tab.mailing.title')}</DialogTitle>
          <DialogContent>
            <Field label={t('tab.mailing.label', { count })} hint={t('tab.mailing.hint')}>
              <Textarea ref={area} value={text} readOnly resize="vertical" rows={6} />
            </Field>
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
