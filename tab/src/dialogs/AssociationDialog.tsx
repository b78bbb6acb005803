/**
 * Add or edit an association. The form validates with the same zod schema as the API, so a
 * message shows inline as soon as a field is left, and the API's own field messages (a name
 * already used in the unit) land on the same fields.
 */
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
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { associationInputSchema, LIMITS } from '@yhdistysyhteistyo/contract/associations';
import { can } from '@yhdistysyhteistyo/contract/roles';
import { t as translate, type Locale } from '../messages';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import { ApiFailure, userMessage } from '../api/client';
import type { Association, AssociationData, ContactPerson, MeResponse, Unit } from '../api/model';
import type { RegisterApi } from '../api/register';
import { formatDateTime } from '../format';
import { formRules } from '../components/form-styles';
import { useT } from '../i18n';
import { dataOf, FIELD_ORDER, fieldLabel, valueText, WORKING_GROUPS } from './fields';
import type { DialogState } from './types';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '100%' },
  ...formRules,
  required: { color: tokens.colorPaletteRedForeground3 },
  checks: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  groupError: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  contact: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalM,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  contactActions: { display: 'flex', alignItems: 'flex-end' },
  details: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 1fr) 2fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    margin: 0,
    '@media (max-width: 599px)': { gridTemplateColumns: '1fr' },
  },
  term: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  definition: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

type Errors = Readonly<Record<string, string>>;

function emptyData(units: readonly string[]): AssociationData {
  return {
    name: '',
    registerNumber: '',
    businessId: '',
    units: [...units],
    categories: [],
    contacts: [],
    website: '',
    profileUrl: '',
    hasRepresentative: false,
    workingGroups: [],
    notes: '',
    status: 'active',
  };
}

const emptyContact = (): ContactPerson => ({
  name: '',
  role: '',
  email: '',
  phone: '',
  language: 'fi',
});

/** Messages of the schema are i18n keys; anything else (never expected) gets the generic text. */
function validate(data: AssociationData, locale: Locale): Errors {
  const result = associationInputSchema.safeParse(data);
  if (result.success) return {};
  return fieldMessages(result.error.issues, (key) => translate(locale, key));
}

interface Props {
  readonly state: Extract<DialogState, { kind: 'edit' }>;
  readonly api: RegisterApi;
  readonly me: MeResponse;
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly onClose: () => void;
  readonly onOpen: (state: DialogState) => void;
  readonly onSaved: (saved: Association, message: string) => void;
}

export function AssociationDialog(props: Props) {
  const { state } = props;
  return state.readOnly && state.association ? (
    <DetailsDialog {...props} association={state.association} />
  ) : (
    <EditDialog {...props} />
  );
}

function DetailsDialog(props: Props & { association: Association }) {
  const styles = useStyles();
  const { t, locale } = useT();
  const a = props.association;
  const names = { units: props.units, categories: props.categories, locale, t };
  const editable = can(props.me.roles, 'association.update', { units: a.units });
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{a.name}</DialogTitle>
          <DialogContent>
            <dl className={styles.details}>
              {FIELD_ORDER.map((field) => (
                <div key={field} style={{ display: 'contents' }}>
                  <dt className={styles.term}>{fieldLabel(field, t)}</dt>
                  <dd className={styles.definition}>{valueText(field, a, names)}</dd>
                </div>
              ))}
            </dl>
            <p className={styles.meta}>
              {t('tab.details.updated', {
                when: formatDateTime(a.updatedAt, locale),
                who: a.updatedBy,
              })}
            </p>
          </DialogContent>
          <DialogActions>
            {editable && (
              <Button
                appearance="primary"
                onClick={() => props.onOpen({ kind: 'edit', association: a, readOnly: false })}
              >
                {t('tab.action.edit')}
              </Button>
            )}
            {can(props.me.roles, 'association.history') && (
              <Button onClick={() => props.onOpen({ kind: 'history', association: a })}>
                {t('tab.action.history')}
              </Button>
            )}
            <Button appearance={editable ? 'secondary' : 'primary'} onClick={props.onClose}>
              {t('tab.action.close')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function EditDialog({ state, api, me, units, categories, onClose, onOpen, onSaved }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const original = state.association;
  const [data, setData] = useState<AssociationData>(
    () =>
      state.draft ??
      (original ? dataOf(original) : emptyData(me.roles.units.length === 1 ? me.roles.units : [])),
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const errors = useMemo(() => validate(data, locale), [data, locale]);
  const shown = (key: string): string | undefined =>
    serverErrors[key] ?? (submitted || touched.has(key) ? errors[key] : undefined);
  const touch = (key: string) => setTouched((s) => (s.has(key) ? s : new Set(s).add(key)));
  const update = (patch: Partial<AssociationData>, keys: readonly string[]) => {
    setData((d) => ({ ...d, ...patch }));
    // A field the user changes drops the server's message about it.
    setServerErrors((e) => {
      const next = { ...e };
      for (const k of keys) delete next[k];
      return next;
    });
  };
  const setContact = (index: number, patch: Partial<ContactPerson>) => {
    update(
      { contacts: data.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)) },
      Object.keys(patch).map((k) => `contacts.${index}.${k}`),
    );
  };
  const toggle = (list: readonly string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);

  const focusFirstError = (keys: readonly string[]) => {
    requestAnimationFrame(() => {
      for (const key of keys) {
        const el = formRef.current?.querySelector<HTMLElement>(`[data-field="${key}"]`);
        if (el) {
          el.focus();
          return;
        }
      }
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field submits too: one save at a time.
    if (saving) return;
    setSubmitted(true);
    setFailure(undefined);
    const invalid = Object.keys(errors);
    if (invalid.length > 0) {
      focusFirstError(orderKeys(invalid));
      return;
    }
    setSaving(true);
    try {
      const saved = original
        ? await api.update(original.id, original.etag, data)
        : await api.create(data);
      onSaved(
        saved,
        original
          ? t('tab.saved.updated', { name: saved.name })
          : t('tab.saved.created', { name: saved.name }),
      );
      onClose();
    } catch (error) {
      setSaving(false);
      if (
        error instanceof ApiFailure &&
        error.status === 409 &&
        error.code === 'conflict' &&
        original
      ) {
        onOpen({
          kind: 'conflict',
          base: original,
          mine: data,
          theirs: (error.current as Association | null | undefined) ?? null,
        });
        return;
      }
      if (error instanceof ApiFailure && Object.keys(error.fields).length > 0) {
        setServerErrors(error.fields);
        focusFirstError(orderKeys(Object.keys(error.fields)));
      }
      setFailure(userMessage(error, locale));
    }
  };

  const text = (
    key: 'name' | 'registerNumber' | 'businessId' | 'website' | 'profileUrl',
    options: { required?: boolean; hint?: string; type?: 'url' | 'text' } = {},
  ) => (
    <Field
      label={fieldLabel(key, t)}
      required={options.required}
      validationMessage={shown(key)}
      hint={options.hint}
    >
      <Input
        data-field={key}
        type={options.type ?? 'text'}
        value={data[key]}
        onChange={(_, d) => update({ [key]: d.value }, [key])}
        onBlur={() => touch(key)}
      />
    </Field>
  );

  const title = original ? t('tab.edit.title', { name: original.name }) : t('tab.add.title');
  const unitError = shown('units');

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !saving && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.form}>
              {failure && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('tab.edit.failedTitle')}</MessageBarTitle>
                    {failure}
                  </MessageBarBody>
                </MessageBar>
              )}
              {text('name', { required: true })}
              <div className={styles.grid}>
                {text('registerNumber', { hint: t('tab.hint.registerNumber') })}
                {text('businessId', { hint: t('tab.hint.businessId') })}
              </div>
              <fieldset
                className={styles.fieldset}
                aria-describedby={unitError ? 'units-error' : undefined}
              >
                <legend className={styles.legend}>
                  {fieldLabel('units', t)} <span className={styles.required}>*</span>
                </legend>
                <div className={styles.checks}>
                  {units.map((u, i) => (
                    <Checkbox
                      key={u.id}
                      label={u.name[locale]}
                      checked={data.units.includes(u.id)}
                      onChange={(_, d) => {
                        update({ units: toggle(data.units, u.id, d.checked === true) }, ['units']);
                        touch('units');
                      }}
                      {...(i === 0 ? { 'data-field': 'units' } : {})}
                    />
                  ))}
                </div>
                {unitError && (
                  <div id="units-error" role="alert" className={styles.groupError}>
                    {unitError}
                  </div>
                )}
              </fieldset>
              <fieldset className={styles.fieldset}>
                <legend className={styles.legend}>{fieldLabel('categories', t)}</legend>
                <div className={styles.checks}>
                  {categories.map((c) => (
                    <Checkbox
                      key={c.id}
                      label={c.name[locale]}
                      checked={data.categories.includes(c.id)}
                      onChange={(_, d) =>
                        update({ categories: toggle(data.categories, c.id, d.checked === true) }, [
                          'categories',
                        ])
                      }
                    />
                  ))}
                </div>
              </fieldset>
              <fieldset className={styles.fieldset}>
                <legend className={styles.legend}>{fieldLabel('contacts', t)}</legend>
                {data.contacts.map((c, i) => (
                  <div
                    key={i}
                    className={styles.contact}
                    role="group"
                    aria-label={t('tab.contact.group', { n: i + 1 })}
                  >
                    <Field
                      label={t('tab.contact.name')}
                      required
                      validationMessage={shown(`contacts.${i}.name`)}
                    >
                      <Input
                        data-field={`contacts.${i}.name`}
                        value={c.name}
                        onChange={(_, d) => setContact(i, { name: d.value })}
                        onBlur={() => touch(`contacts.${i}.name`)}
                      />
                    </Field>
                    <Field
                      label={t('tab.contact.role')}
                      validationMessage={shown(`contacts.${i}.role`)}
                    >
                      <Input
                        data-field={`contacts.${i}.role`}
                        value={c.role}
                        onChange={(_, d) => setContact(i, { role: d.value })}
                        onBlur={() => touch(`contacts.${i}.role`)}
                      />
                    </Field>
                    <Field
                      label={t('tab.contact.email')}
                      required
                      validationMessage={shown(`contacts.${i}.email`)}
                    >
                      <Input
                        data-field={`contacts.${i}.email`}
                        type="email"
                        value={c.email}
                        onChange={(_, d) => setContact(i, { email: d.value })}
                        onBlur={() => touch(`contacts.${i}.email`)}
                      />
                    </Field>
                    <Field
                      label={t('tab.contact.phone')}
                      validationMessage={shown(`contacts.${i}.phone`)}
                    >
                      <Input
                        data-field={`contacts.${i}.phone`}
                        type="tel"
                        value={c.phone}
                        onChange={(_, d) => setContact(i, { phone: d.value })}
                        onBlur={() => touch(`contacts.${i}.phone`)}
                      />
                    </Field>
                    <Field label={t('tab.contact.language')}>
                      <Select
                        value={c.language}
                        onChange={(_, d) =>
                          setContact(i, { language: d.value as ContactPerson['language'] })
                        }
                      >
                        <option value="fi">{t('tab.language.fi')}</option>
                        <option value="en">{t('tab.language.en')}</option>
                        <option value="sv">{t('tab.language.sv')}</option>
                      </Select>
                    </Field>
                    <div className={styles.contactActions}>
                      <Button
                        icon={<DeleteRegular />}
                        onClick={() =>
                          update({ contacts: data.contacts.filter((_, j) => j !== i) }, [
                            'contacts',
                          ])
                        }
                        aria-label={t('tab.contact.remove', { n: i + 1 })}
                      >
                        {t('tab.action.remove')}
                      </Button>
                    </div>
                  </div>
                ))}
                {shown('contacts') && (
                  <div role="alert" className={styles.groupError}>
                    {shown('contacts')}
                  </div>
                )}
                {data.contacts.length < LIMITS.contactsMax && (
                  <Button
                    icon={<AddRegular />}
                    onClick={() =>
                      update({ contacts: [...data.contacts, emptyContact()] }, ['contacts'])
                    }
                  >
                    {t('tab.contact.add')}
                  </Button>
                )}
              </fieldset>
              <div className={styles.grid}>
                {text('website', { type: 'url', hint: t('tab.hint.https') })}
                {text('profileUrl', { type: 'url', hint: t('tab.hint.profileUrl') })}
              </div>
              <fieldset className={styles.fieldset}>
                <legend className={styles.legend}>{fieldLabel('workingGroups', t)}</legend>
                <div className={styles.checks}>
                  {WORKING_GROUPS.map((w) => (
                    <Checkbox
                      key={w.id}
                      label={t(w.label)}
                      checked={data.workingGroups.includes(w.id)}
                      onChange={(_, d) =>
                        update(
                          { workingGroups: toggle(data.workingGroups, w.id, d.checked === true) },
                          ['workingGroups'],
                        )
                      }
                    />
                  ))}
                </div>
              </fieldset>
              <Checkbox
                label={fieldLabel('hasRepresentative', t)}
                checked={data.hasRepresentative}
                onChange={(_, d) =>
                  update({ hasRepresentative: d.checked === true }, ['hasRepresentative'])
                }
              />
              <Field
                label={fieldLabel('notes', t)}
                validationMessage={shown('notes')}
                hint={t('tab.hint.notes', { count: data.notes.length, max: LIMITS.notesMax })}
              >
                <Textarea
                  data-field="notes"
                  value={data.notes}
                  resize="vertical"
                  onChange={(_, d) => update({ notes: d.value }, ['notes'])}
                  onBlur={() => touch('notes')}
                />
              </Field>
              <Switch
                label={t('tab.field.activeSwitch')}
                checked={data.status === 'active'}
                onChange={(_, d) =>
                  update({ status: d.checked ? 'active' : 'inactive' }, ['status'])
                }
              />
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={saving}
                icon={saving ? <Spinner size="tiny" /> : undefined}
              >
                {saving ? t('tab.action.saving') : t('tab.action.save')}
              </Button>
              <Button onClick={onClose} disabledFocusable={saving}>
                {t('tab.action.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Error keys in the order of the form, so focus goes to the first one on screen. */
function orderKeys(keys: readonly string[]): string[] {
  const rank = (key: string) => {
    const top = key.split('.')[0] ?? key;
    const i = FIELD_ORDER.indexOf(top as (typeof FIELD_ORDER)[number]);
    return i === -1 ? FIELD_ORDER.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
