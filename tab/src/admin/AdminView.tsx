/** For coordinators: the units, the categories and who has which role. Loads on first use. */
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { referenceInputSchema } from '@yhdistysyhteistyo/contract/associations';
import { ROLES, roleAssignmentInputSchema } from '@yhdistysyhteistyo/contract/people';
import { t as translate } from '../messages';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import { userMessage } from '../api/client';
import type { Role, RoleAssignment, Unit } from '../api/model';
import type { ReferenceKind, RegisterApi } from '../api/register';
import { formatDate } from '../format';
import PersonalDataSection from '../gdpr/PersonalDataSection';
import { useT } from '../i18n';

const useStyles = makeStyles({
  view: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    padding: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  tableWrap: { overflowX: 'auto' },
  table: { width: '100%', borderCollapse: 'collapse' },
  cell: {
    textAlign: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'middle',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, justifyContent: 'flex-end' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  checks: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  groupError: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
});

type Section = 'units' | 'categories' | 'roles' | 'people';

interface Props {
  readonly api: RegisterApi;
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly onReferences: (kind: ReferenceKind, list: readonly Unit[]) => void;
  readonly toast: (message: string, intent?: 'success' | 'error' | 'info') => void;
}

export default function AdminView(props: Props) {
  const styles = useStyles();
  const { t } = useT();
  const [section, setSection] = useState<Section>('units');
  return (
    <div className={styles.view}>
      <TabList
        size="small"
        selectedValue={section}
        onTabSelect={(_, d) => setSection(d.value as Section)}
        aria-label={t('tab.admin.sections')}
      >
        <Tab value="units">{t('tab.admin.units')}</Tab>
        <Tab value="categories">{t('tab.admin.categories')}</Tab>
        <Tab value="roles">{t('tab.admin.roles')}</Tab>
        <Tab value="people">{t('tab.gdpr.section')}</Tab>
      </TabList>
      {section === 'people' ? (
        <PersonalDataSection client={props.api.client} toast={props.toast} />
      ) : section === 'roles' ? (
        <RolesSection {...props} />
      ) : (
        <ReferenceSection key={section} kind={section} {...props} />
      )}
    </div>
  );
}

type RefDialog = { readonly item?: Unit } | undefined;

function ReferenceSection({
  kind,
  api,
  units,
  categories,
  onReferences,
  toast,
}: Props & { kind: ReferenceKind }) {
  const styles = useStyles();
  const { t, locale } = useT();
  const list = kind === 'units' ? units : categories;
  const [editing, setEditing] = useState<RefDialog>();
  const [removing, setRemoving] = useState<Unit | undefined>();
  const title = kind === 'units' ? t('tab.admin.units') : t('tab.admin.categories');

  const remove = async (item: Unit) => {
    try {
      await api.deleteReference(kind, item.id, item.etag);
      onReferences(
        kind,
        list.filter((u) => u.id !== item.id),
      );
      toast(t('tab.admin.removed', { name: item.name[locale] }));
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setRemoving(undefined);
    }
  };

  return (
    <section className={styles.section} aria-labelledby={`${kind}-title`}>
      <div className={styles.head}>
        <Subtitle2 as="h2" id={`${kind}-title`}>
          {title}
        </Subtitle2>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing({})}>
          {kind === 'units' ? t('tab.admin.addUnit') : t('tab.admin.addCategory')}
        </Button>
      </div>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col" className={styles.cell}>
                {t('tab.admin.id')}
              </th>
              <th scope="col" className={styles.cell}>
                {t('tab.admin.nameFi')}
              </th>
              <th scope="col" className={styles.cell}>
                {t('tab.admin.nameEn')}
              </th>
              <th scope="col" className={styles.cell}>
                <span className="visually-hidden">{t('tab.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((item) => (
              <tr key={item.id}>
                <td className={styles.cell}>{item.id}</td>
                <td className={styles.cell}>{item.name.fi}</td>
                <td className={styles.cell}>{item.name.en}</td>
                <td className={styles.cell}>
                  <div className={styles.actions}>
                    <Button
                      appearance="subtle"
                      icon={<EditRegular />}
                      aria-label={t('tab.admin.editNamed', { name: item.name[locale] })}
                      onClick={() => setEditing({ item })}
                    />
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={t('tab.admin.removeNamed', { name: item.name[locale] })}
                      onClick={() => setRemoving(item)}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <ReferenceDialog
          kind={kind}
          api={api}
          item={editing.item}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            onReferences(
              kind,
              list.some((u) => u.id === saved.id)
                ? list.map((u) => (u.id === saved.id ? saved : u))
                : [...list, saved],
            );
            toast(t('tab.admin.saved', { name: saved.name[locale] }));
            setEditing(undefined);
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('tab.admin.removeTitle', { name: removing.name[locale] })}
          body={t('tab.admin.removeBody')}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </section>
  );
}

function ReferenceDialog(props: {
  kind: ReferenceKind;
  api: RegisterApi;
  item: Unit | undefined;
  onClose: () => void;
  onSaved: (saved: Unit) => void;
}) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [id, setId] = useState(props.item?.id ?? '');
  const [fi, setFi] = useState(props.item?.name.fi ?? '');
  const [en, setEn] = useState(props.item?.name.en ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field submits too: one save at a time.
    if (busy) return;
    const input = props.item ? { name: { fi, en } } : { id, name: { fi, en } };
    const parsed = referenceInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldMessages(parsed.error.issues, (key) => translate(locale, key)));
      return;
    }
    setErrors({});
    setBusy(true);
    setFailure(undefined);
    try {
      const saved = props.item
        ? await props.api.updateReference(props.kind, props.item.id, props.item.etag, input)
        : await props.api.createReference(props.kind, input);
      props.onSaved(saved);
    } catch (error) {
      setBusy(false);
      setFailure(userMessage(error, locale));
    }
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>
              {props.item
                ? t('tab.admin.editNamed', { name: props.item.name[locale] })
                : props.kind === 'units'
                  ? t('tab.admin.addUnit')
                  : t('tab.admin.addCategory')}
            </DialogTitle>
            <DialogContent className={styles.form}>
              {failure && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('tab.edit.failedTitle')}</MessageBarTitle>
                    {failure}
                  </MessageBarBody>
                </MessageBar>
              )}
              {!props.item && (
                <Field
                  label={t('tab.admin.id')}
                  required
                  hint={t('tab.admin.idHint')}
                  validationMessage={errors.id}
                >
                  <Input value={id} onChange={(_, d) => setId(d.value)} />
                </Field>
              )}
              <Field label={t('tab.admin.nameFi')} required validationMessage={errors['name.fi']}>
                <Input value={fi} onChange={(_, d) => setFi(d.value)} />
              </Field>
              <Field label={t('tab.admin.nameEn')} required validationMessage={errors['name.en']}>
                <Input value={en} onChange={(_, d) => setEn(d.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabledFocusable={busy}>
                {busy ? t('tab.action.saving') : t('tab.action.save')}
              </Button>
              <Button onClick={props.onClose} disabledFocusable={busy}>
                {t('tab.action.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function ConfirmDialog(props: {
  title: string;
  body: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            <p>{props.body}</p>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabledFocusable={busy}
              onClick={() => {
                setBusy(true);
                void props.onConfirm();
              }}
            >
              {t('tab.remove.confirm')}
            </Button>
            <Button onClick={props.onClose} disabledFocusable={busy}>
              {t('tab.action.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

type RolesState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: readonly RoleAssignment[] };

function RolesSection({ api, units, toast }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [state, setState] = useState<RolesState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<{ item?: RoleAssignment } | undefined>();
  const [removing, setRemoving] = useState<RoleAssignment | undefined>();
  const unitName = useMemo(
    () => new Map(units.map((u) => [u.id, u.name[locale]])),
    [units, locale],
  );

  useEffect(() => {
    let alive = true;
    setState({ status: 'loading' });
    api.roles().then(
      (items) => alive && setState({ status: 'ready', items }),
      (error: unknown) =>
        alive && setState({ status: 'error', message: userMessage(error, locale) }),
    );
    return () => {
      alive = false;
    };
  }, [api, locale, attempt]);

  const items = state.status === 'ready' ? state.items : [];
  const replace = (saved: RoleAssignment) =>
    setState({
      status: 'ready',
      items: items.some((r) => r.upn === saved.upn)
        ? items.map((r) => (r.upn === saved.upn ? saved : r))
        : [...items, saved],
    });

  const remove = async (item: RoleAssignment) => {
    try {
      await api.deleteRole(item.upn);
      setState({ status: 'ready', items: items.filter((r) => r.upn !== item.upn) });
      toast(t('tab.admin.roleRemoved', { name: item.name }));
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    } finally {
      setRemoving(undefined);
    }
  };

  return (
    <section className={styles.section} aria-labelledby="roles-title">
      <div className={styles.head}>
        <Subtitle2 as="h2" id="roles-title">
          {t('tab.admin.roles')}
        </Subtitle2>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing({})}>
          {t('tab.admin.addPerson')}
        </Button>
      </div>
      {state.status === 'loading' && <Spinner label={t('tab.loading.generic')} />}
      {state.status === 'error' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('tab.error.loadTitle')}</MessageBarTitle>
            {state.message}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setAttempt((n) => n + 1)}>{t('tab.action.retry')}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {state.status === 'ready' && (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col" className={styles.cell}>
                  {t('tab.admin.person')}
                </th>
                <th scope="col" className={styles.cell}>
                  {t('tab.admin.role')}
                </th>
                <th scope="col" className={styles.cell}>
                  {t('tab.admin.personUnits')}
                </th>
                <th scope="col" className={styles.cell}>
                  {t('tab.column.updated')}
                </th>
                <th scope="col" className={styles.cell}>
                  <span className="visually-hidden">{t('tab.column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.upn}>
                  <td className={styles.cell}>
                    {item.name}
                    <br />
                    <small>{item.upn}</small>
                  </td>
                  <td className={styles.cell}>
                    {t(`tab.role.${item.role}`)}
                    {item.fromConfig && ` (${t('tab.admin.fromConfig')})`}
                  </td>
                  <td className={styles.cell}>
                    {item.units.map((u) => unitName.get(u) ?? u).join(', ') || '—'}
                  </td>
                  <td className={styles.cell}>{formatDate(item.updatedAt)}</td>
                  <td className={styles.cell}>
                    <div className={styles.actions}>
                      <Button
                        appearance="subtle"
                        icon={<EditRegular />}
                        aria-label={t('tab.admin.editNamed', { name: item.name })}
                        onClick={() => setEditing({ item })}
                      />
                      {!item.fromConfig && (
                        <Button
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={t('tab.admin.removeNamed', { name: item.name })}
                          onClick={() => setRemoving(item)}
                        />
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <RoleDialog
          api={api}
          units={units}
          item={editing.item}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            replace(saved);
            toast(t('tab.admin.saved', { name: saved.name }));
            setEditing(undefined);
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('tab.admin.removeRoleTitle', { name: removing.name })}
          body={t('tab.admin.removeRoleBody')}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </section>
  );
}

function RoleDialog(props: {
  api: RegisterApi;
  units: readonly Unit[];
  item: RoleAssignment | undefined;
  onClose: () => void;
  onSaved: (saved: RoleAssignment) => void;
}) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [upn, setUpn] = useState(props.item?.upn ?? '');
  const [name, setName] = useState(props.item?.name ?? '');
  const [role, setRole] = useState<Role>(props.item?.role ?? 'contact');
  const [chosen, setChosen] = useState<readonly string[]>(props.item?.units ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field submits too: one save at a time.
    if (busy) return;
    const input = { name, role, units: [...chosen] };
    const parsed = roleAssignmentInputSchema.safeParse(input);
    const found = parsed.success
      ? {}
      : fieldMessages(parsed.error.issues, (key) => translate(locale, key));
    if (!props.item && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(upn.trim())) {
      found.upn = translate(locale, 'associations.query.email');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      props.onSaved(await props.api.putRole(upn.trim().toLowerCase(), input));
    } catch (error) {
      setBusy(false);
      setFailure(userMessage(error, locale));
    }
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>
              {props.item
                ? t('tab.admin.editNamed', { name: props.item.name })
                : t('tab.admin.addPerson')}
            </DialogTitle>
            <DialogContent className={styles.form}>
              {failure && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('tab.edit.failedTitle')}</MessageBarTitle>
                    {failure}
                  </MessageBarBody>
                </MessageBar>
              )}
              {!props.item && (
                <Field label={t('tab.admin.upn')} required validationMessage={errors.upn}>
                  <Input type="email" value={upn} onChange={(_, d) => setUpn(d.value)} />
                </Field>
              )}
              <Field label={t('tab.admin.personName')} required validationMessage={errors.name}>
                <Input value={name} onChange={(_, d) => setName(d.value)} />
              </Field>
              <Field label={t('tab.admin.role')} validationMessage={errors.role}>
                <Select value={role} onChange={(_, d) => setRole(d.value as Role)}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`tab.role.${r}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              {role === 'contact' && (
                <fieldset className={styles.fieldset}>
                  <legend className={styles.legend}>{t('tab.admin.personUnits')}</legend>
                  <div className={styles.checks}>
                    {props.units.map((u) => (
                      <Checkbox
                        key={u.id}
                        label={u.name[locale]}
                        checked={chosen.includes(u.id)}
                        onChange={(_, d) =>
                          setChosen((c) =>
                            d.checked === true ? [...c, u.id] : c.filter((x) => x !== u.id),
                          )
                        }
                      />
                    ))}
                  </div>
                  {errors.units && (
                    <div role="alert" className={styles.groupError}>
                      {errors.units}
                    </div>
                  )}
                </fieldset>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabledFocusable={busy}>
                {busy ? t('tab.action.saving') : t('tab.action.save')}
              </Button>
              <Button onClick={props.onClose} disabledFocusable={busy}>
                {t('tab.action.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
