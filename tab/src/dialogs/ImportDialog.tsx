/**
 * CSV import in two steps: a dry run that lists every bad row (nothing is written), then the
 * import itself, all rows or none. The file goes up with a progress bar.
 */
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useRef, useState } from 'react';
import { DocumentRegular } from '@fluentui/react-icons';
import { LIMITS } from '@yhdistysyhteistyo/contract/associations';
import { userMessage } from '../api/client';
import type { ImportResult } from '../api/model';
import type { RegisterApi } from '../api/register';
import { useT } from '../i18n';
import { fieldLabel } from './fields';
import type { Translate } from '../i18n';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  chooser: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  hidden: { display: 'none' },
  errors: { maxHeight: '280px', overflowY: 'auto' },
  table: { width: '100%', borderCollapse: 'collapse' },
  cell: {
    textAlign: 'start',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
  },
});

/** How many row errors the dialog lists; the rest are counted. */
const SHOWN_ERRORS = 200;

type Step =
  | { readonly step: 'choose' }
  | { readonly step: 'checking'; readonly progress: number }
  | { readonly step: 'checked'; readonly result: ImportResult }
  | { readonly step: 'applying'; readonly progress: number }
  | { readonly step: 'done'; readonly result: ImportResult };

interface Props {
  readonly api: RegisterApi;
  readonly onClose: () => void;
  readonly onImported: () => void;
}

export function ImportDialog({ api, onClose, onImported }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>();
  const [step, setStep] = useState<Step>({ step: 'choose' });
  const [failure, setFailure] = useState<string | undefined>();
  const busy = step.step === 'checking' || step.step === 'applying';

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setFailure(undefined);
    if (file.size > LIMITS.csvBytesMax) {
      setFailure(t('associations.csv.tooLarge'));
      return;
    }
    const phase = dryRun ? 'checking' : 'applying';
    setStep({ step: phase, progress: 0 });
    try {
      const result = await api.importCsv(file, dryRun, (progress) =>
        setStep({ step: phase, progress }),
      );
      if (!dryRun && result.applied) {
        setStep({ step: 'done', result });
        onImported();
      } else {
        setStep({ step: 'checked', result });
      }
    } catch (error) {
      setFailure(userMessage(error, locale));
      setStep({ step: 'choose' });
    }
  };

  const result = step.step === 'checked' || step.step === 'done' ? step.result : undefined;
  const errors = result?.errors ?? [];

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('tab.import.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1>
              {t('tab.import.help', { rows: LIMITS.csvRowsMax.toLocaleString(locale) })}
            </Body1>
            <Body1>{t('tab.import.fileHint')}</Body1>
            {step.step !== 'done' && (
              <div className={styles.chooser}>
                {/* The native picker's button speaks the browser's language: a Fluent one opens it. */}
                <input
                  ref={inputRef}
                  id={inputId}
                  className={styles.hidden}
                  type="file"
                  accept=".csv,text/csv"
                  tabIndex={-1}
                  aria-hidden="true"
                  data-testid="import-file"
                  onChange={(e) => {
                    setFile(e.target.files?.[0]);
                    setStep({ step: 'choose' });
                    setFailure(undefined);
                  }}
                />
                <Button
                  icon={<DocumentRegular />}
                  disabledFocusable={busy}
                  onClick={() => inputRef.current?.click()}
                  aria-describedby={`${inputId}-name`}
                >
                  {file ? t('tab.import.chooseAnother') : t('tab.import.choose')}
                </Button>
                <Body1 id={`${inputId}-name`} aria-live="polite">
                  {file ? file.name : t('tab.import.noFile')}
                </Body1>
              </div>
            )}
            {failure && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.import.failedTitle')}</MessageBarTitle>
                  {failure}
                </MessageBarBody>
              </MessageBar>
            )}
            {busy && (
              <Field
                label={
                  step.step === 'checking' ? t('tab.import.checking') : t('tab.import.applying')
                }
                validationState="none"
              >
                <ProgressBar
                  value={step.progress < 1 ? step.progress : undefined}
                  max={1}
                  thickness="large"
                />
              </Field>
            )}
            {step.step === 'checked' && errors.length > 0 && (
              <MessageBar intent="error" layout="multiline" data-testid="import-errors-summary">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.import.badRowsTitle')}</MessageBarTitle>
                  {t('tab.import.badRows', { count: new Set(errors.map((e) => e.row)).size })}
                </MessageBarBody>
              </MessageBar>
            )}
            {step.step === 'checked' && errors.length === 0 && (
              <MessageBar intent="success" layout="multiline" data-testid="import-ok-summary">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.import.readyTitle')}</MessageBarTitle>
                  {t('tab.import.ready', {
                    rows: step.result.rows,
                    created: step.result.created,
                    updated: step.result.updated,
                  })}
                </MessageBarBody>
              </MessageBar>
            )}
            {step.step === 'checked' && errors.length > 0 && (
              <div
                className={styles.errors}
                tabIndex={0}
                role="region"
                aria-label={t('tab.import.errorsLabel')}
              >
                <table className={styles.table} data-testid="import-errors">
                  <thead>
                    <tr>
                      <th scope="col" className={styles.cell}>
                        {t('tab.import.row')}
                      </th>
                      <th scope="col" className={styles.cell}>
                        {t('tab.import.column')}
                      </th>
                      <th scope="col" className={styles.cell}>
                        {t('tab.import.problem')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                      <tr key={i}>
                        <td className={styles.cell}>{e.row}</td>
                        <td className={styles.cell}>{columnLabel(e.field, t)}</td>
                        <td className={styles.cell}>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {errors.length > SHOWN_ERRORS && (
                  <p>{t('tab.import.moreErrors', { count: errors.length - SHOWN_ERRORS })}</p>
                )}
              </div>
            )}
            {step.step === 'done' && (
              <MessageBar intent="success" layout="multiline" data-testid="import-done">
                <MessageBarBody>
                  <MessageBarTitle>{t('tab.import.doneTitle')}</MessageBarTitle>
                  {t('tab.import.done', {
                    created: step.result.created,
                    updated: step.result.updated,
                  })}
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            {step.step === 'checked' && errors.length === 0 ? (
              <Button appearance="primary" onClick={() => void run(false)}>
                {t('tab.import.apply', { rows: step.result.rows })}
              </Button>
            ) : step.step !== 'done' ? (
              <Button
                appearance="primary"
                disabledFocusable={!file || busy}
                onClick={() => void run(true)}
              >
                {t('tab.import.check')}
              </Button>
            ) : null}
            <Button
              appearance={step.step === 'done' ? 'primary' : 'secondary'}
              onClick={onClose}
              disabledFocusable={busy}
            >
              {step.step === 'done' ? t('tab.action.close') : t('tab.action.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

const CONTACT_PARTS: Readonly<Record<string, Parameters<Translate>[0]>> = {
  Name: 'tab.contact.name',
  Role: 'tab.contact.role',
  Email: 'tab.contact.email',
  Phone: 'tab.contact.phone',
  Language: 'tab.contact.language',
};

/** A CSV column of an error (`name`, `contact2Email`, `(row)`) as the reader's words. */
function columnLabel(field: string, t: Translate): string {
  const contact = /^contact(\d)(Name|Role|Email|Phone|Language)$/.exec(field);
  const part = contact?.[2] ? CONTACT_PARTS[contact[2]] : undefined;
  if (contact && part) return `${t('tab.contact.group', { n: contact[1] ?? '' })}: ${t(part)}`;
  if (field === '' || field === '(row)') return t('tab.import.wholeRow');
  return fieldLabel(field, t);
}
