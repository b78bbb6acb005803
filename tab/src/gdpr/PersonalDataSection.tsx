/**
 * For coordinators: one person's data under the GDPR. Finds what every table holds of them
 * (and downloads it as JSON), and erases it after a confirmation, showing per table what
 * changed. The API decides (coordinator only); the fields are checked here first with the same
 * rules and the API's field messages are shown under the field they concern.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DeleteRegular, SearchRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { emailParamSchema } from '@yhdistysyhteistyo/contract/people';
import { ApiFailure, userMessage, type ApiClient } from '../api/client';
import { useT } from '../i18n';
import { fi as gdprCatalog } from '@yhdistysyhteistyo/contract/i18n/gdpr';

const useStyles = makeStyles({
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    padding: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '40rem',
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  table: { borderCollapse: 'collapse', minWidth: '18rem' },
  cell: {
    textAlign: 'start',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

type Fields = Partial<Record<'email' | 'oid' | 'name', string>>;

type Outcome =
  | {
      readonly kind: 'found';
      readonly tables: Readonly<Record<string, readonly unknown[]>>;
      readonly body: unknown;
    }
  | { readonly kind: 'erased'; readonly tables: Readonly<Record<string, number>> };

/** The tables' names for people, by the table's own name. */
const TABLE_LABELS = Object.fromEntries(
  Object.keys(gdprCatalog)
    .filter((k) => k.startsWith('gdpr.table.'))
    .map((k) => [k.slice('gdpr.table.'.length), k as keyof typeof gdprCatalog]),
);

const OID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export default function PersonalDataSection(props: {
  readonly client: ApiClient;
  readonly toast: (message: string, intent?: 'success' | 'error' | 'info') => void;
}) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [email, setEmail] = useState('');
  const [oid, setOid] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Fields>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  /** The query, or undefined after showing what is wrong under the fields. */
  function query(): Record<string, string> | undefined {
    const found: Fields = {};
    const parsed = emailParamSchema.safeParse(email);
    if (!parsed.success) found.email = t('associations.query.email');
    if (oid.trim() && !OID.test(oid.trim())) found.oid = t('people.query.oid');
    const n = name.trim();
    if (n && (n.length < 2 || n.length > 120)) found.name = t('people.query.name');
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return undefined;
    return {
      email: parsed.data,
      ...(oid.trim() ? { oid: oid.trim() } : {}),
      ...(n ? { name: n } : {}),
    };
  }

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setProblem(undefined);
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ApiFailure && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
      } else {
        setProblem(userMessage(error, locale));
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function find(event: FormEvent) {
    event.preventDefault();
    const q = query();
    if (!q) return;
    const body = await run(() =>
      props.client.json<{ tables: Record<string, unknown[]> }>('/people/export', { query: q }),
    );
    if (body) setOutcome({ kind: 'found', tables: body.tables, body });
  }

  async function erase() {
    const q = query();
    setConfirming(false);
    if (!q) return;
    const body = await run(() =>
      props.client.json<{ tables: Record<string, number> }>('/people', {
        method: 'DELETE',
        query: q,
      }),
    );
    if (!body) return;
    const tables = Object.fromEntries(Object.entries(body.tables).filter(([, n]) => n > 0));
    setOutcome({ kind: 'erased', tables });
    props.toast(erasedText(tables), 'success');
  }

  function erasedText(tables: Readonly<Record<string, number>>): string {
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    return t('tab.gdpr.erased', { rows, tables: Object.keys(tables).length });
  }

  function download(body: unknown) {
    const blob = new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'personal-data.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const tableLabel = (table: string) =>
    table in TABLE_LABELS ? t(TABLE_LABELS[table as keyof typeof TABLE_LABELS]) : table;

  const rows: [string, number][] =
    outcome?.kind === 'found'
      ? Object.entries(outcome.tables).map(([k, v]) => [k, v.length])
      : outcome
        ? Object.entries(outcome.tables)
        : [];

  return (
    <section className={styles.section} aria-labelledby="gdpr-title">
      <Text as="h2" id="gdpr-title" weight="semibold" size={400}>
        {t('tab.gdpr.section')}
      </Text>
      <Text as="p">{t('tab.gdpr.intro')}</Text>
      <form className={styles.form} onSubmit={(e) => void find(e)} noValidate>
        <Field
          label={t('tab.gdpr.email')}
          required
          validationMessage={errors.email}
          validationState={errors.email ? 'error' : 'none'}
        >
          <Input
            type="email"
            autoComplete="off"
            value={email}
            onChange={(_, d) => setEmail(d.value)}
          />
        </Field>
        <Field
          label={t('tab.gdpr.oid')}
          hint={t('tab.gdpr.oidHint')}
          validationMessage={errors.oid}
          validationState={errors.oid ? 'error' : 'none'}
        >
          <Input autoComplete="off" value={oid} onChange={(_, d) => setOid(d.value)} />
        </Field>
        <Field
          label={t('tab.gdpr.name')}
          hint={t('tab.gdpr.nameHint')}
          validationMessage={errors.name}
          validationState={errors.name ? 'error' : 'none'}
        >
          <Input autoComplete="off" value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <div className={styles.buttons}>
          <Button
            type="submit"
            appearance="primary"
            icon={<SearchRegular />}
            disabledFocusable={busy}
          >
            {t('tab.gdpr.find')}
          </Button>
          <Button
            icon={<DeleteRegular />}
            disabledFocusable={busy}
            onClick={() => {
              if (query()) setConfirming(true);
            }}
          >
            {t('tab.gdpr.erase')}
          </Button>
        </div>
      </form>
      {problem && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <div role="status" aria-live="polite">
        {outcome && (
          <Text as="p" weight="semibold">
            {outcome.kind === 'erased'
              ? erasedText(outcome.tables)
              : rows.length === 0
                ? t('tab.gdpr.nothing')
                : t('tab.gdpr.found', { tables: rows.length })}
          </Text>
        )}
      </div>
      {rows.length > 0 && (
        <table className={styles.table} aria-label={t('tab.gdpr.results')}>
          <thead>
            <tr>
              <th className={styles.cell} scope="col">
                {t('tab.gdpr.table')}
              </th>
              <th className={styles.cell} scope="col">
                {outcome?.kind === 'erased' ? t('tab.gdpr.changed') : t('tab.gdpr.rows')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([table, n]) => (
              <tr key={table}>
                <th className={styles.cell} scope="row">
                  {tableLabel(table)}
                </th>
                <td className={styles.cell}>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {outcome?.kind === 'found' && rows.length > 0 && (
        <div>
          <Button icon={<ArrowDownloadRegular />} onClick={() => download(outcome.body)}>
            {t('tab.gdpr.download')}
          </Button>
        </div>
      )}
      {confirming && (
        <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && setConfirming(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('tab.gdpr.eraseTitle', { email: email.trim() })}</DialogTitle>
              <DialogContent>
                <p>{t('tab.gdpr.eraseBody')}</p>
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => void erase()}>
                  {t('tab.gdpr.eraseConfirm')}
                </Button>
                <Button onClick={() => setConfirming(false)}>{t('tab.action.cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
