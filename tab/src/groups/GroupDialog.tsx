/**
 * Create or edit a working group: names, purpose, service area, contact person, members, when
 * its reminders go and to which channel. Checked with the API's own schema before it is sent.
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
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import type { Unit } from '@yhdistysyhteistyo/contract/associations';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import {
  DEFAULT_MEETING_LEAD_TIMES,
  formatLeadTimes,
  parseLeadTimes,
} from '@yhdistysyhteistyo/contract/events/lead-times';
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import {
  workingGroupInputSchema,
  type GroupMember,
  type WorkingGroup,
} from '@yhdistysyhteistyo/contract/events/working-groups';
import { ApiFailure, userMessage, type ApiClient } from '../api/client';
import { formRules } from '../components/form-styles';
import { useT } from '../i18n';
import type { GroupView, TeamChannel } from './GroupsView';

type MemberKind = GroupMember['kind'];

interface MemberRow {
  kind: MemberKind;
  name: string;
  /** UPN for a person in Teams, the address for one reached by e-mail. */
  email: string;
  association: string;
  /** Kept as it was: a Teams person found by object id. */
  aadId?: string;
  associationId?: string;
}

interface Form {
  nameFi: string;
  nameEn: string;
  purposeFi: string;
  purposeEn: string;
  unitId: string;
  contactName: string;
  contactEmail: string;
  members: MemberRow[];
  leadTimes: string;
  channelId: string;
}

function memberRow(m: GroupMember): MemberRow {
  switch (m.kind) {
    case 'user':
      return {
        kind: 'user',
        name: m.name,
        email: m.upn ?? '',
        association: '',
        ...(m.aadId ? { aadId: m.aadId } : {}),
      };
    case 'email':
      return { kind: 'email', name: m.name, email: m.email ?? '', association: '' };
    case 'representative':
      return {
        kind: 'representative',
        name: m.name,
        email: '',
        association: m.association ?? '',
        ...(m.associationId ? { associationId: m.associationId } : {}),
      };
  }
}

function initialForm(group: WorkingGroup | undefined): Form {
  return {
    nameFi: group?.name.fi ?? '',
    nameEn: group?.name.en ?? '',
    purposeFi: group?.purpose.fi ?? '',
    purposeEn: group?.purpose.en ?? '',
    unitId: group?.unitId ?? '',
    contactName: group?.contact?.name ?? '',
    contactEmail: group?.contact?.upn ?? '',
    members: group?.members.map(memberRow) ?? [],
    leadTimes: group?.leadTimes ? formatLeadTimes(group.leadTimes) : '',
    channelId: group?.channelId ?? '',
  };
}

const blank = (v: string) => (v.trim() === '' ? undefined : v.trim());

function memberInput(m: MemberRow): Record<string, unknown> {
  if (m.kind === 'user') {
    return { kind: 'user', name: m.name, upn: blank(m.email), aadId: m.aadId };
  }
  if (m.kind === 'email') return { kind: 'email', name: m.name, email: m.email.trim() };
  return {
    kind: 'representative',
    name: m.name,
    association: blank(m.association),
    associationId: m.associationId,
  };
}

function toInput(form: Form, active: boolean): Record<string, unknown> {
  const leads = form.leadTimes.trim() === '' ? undefined : parseLeadTimes(form.leadTimes);
  return {
    name: { fi: form.nameFi, en: form.nameEn },
    purpose: { fi: form.purposeFi, en: form.purposeEn },
    ...(form.unitId ? { unitId: form.unitId } : {}),
    contact: { name: form.contactName, upn: blank(form.contactEmail) },
    members: form.members.map(memberInput),
    active,
    leadTimes: leads === undefined ? null : leads.ok ? leads.value : form.leadTimes,
    channelId: form.channelId === '' ? null : form.channelId,
  };
}

/** A stored group as the API's input, for archiving and restoring it as it is. */
export function groupInput(group: WorkingGroup): Record<string, unknown> {
  return toInput(initialForm(group), group.active);
}

/** API field paths → the form's fields. */
function fieldOf(path: string): string {
  if (path === 'name.fi' || path === 'name') return 'nameFi';
  if (path === 'name.en') return 'nameEn';
  if (path.startsWith('purpose')) return 'purposeFi';
  if (path === 'contact' || path === 'contact.name') return 'contactName';
  if (path.startsWith('contact.')) return 'contactEmail';
  if (path.startsWith('leadTimes')) return 'leadTimes';
  const member = /^members\.(\d+)\.(name|upn|email|aadId|association)/.exec(path);
  if (member) return `members.${member[1]}.${member[2] === 'name' ? 'name' : 'email'}`;
  return path;
}

const useStyles = makeStyles({
  surface: { maxWidth: '860px', width: '100%' },
  ...formRules,
  member: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr)) auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'end',
    paddingBottom: tokens.spacingVerticalS,
  },
});

interface Props {
  readonly api: ApiClient;
  readonly group?: GroupView;
  readonly units: readonly Unit[];
  readonly channels: readonly TeamChannel[];
  readonly onClose: () => void;
  readonly onSaved: () => void;
  readonly onConflict: () => void;
}

export function GroupDialog({ api, group, units, channels, onClose, onSaved, onConflict }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [form, setForm] = useState<Form>(() => initialForm(group));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setMember = (i: number, patch: Partial<MemberRow>) =>
    setForm((f) => ({
      ...f,
      members: f.members.map((m, j) => (j === i ? { ...m, ...patch } : m)),
    }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    const leads = form.leadTimes.trim() === '' ? undefined : parseLeadTimes(form.leadTimes);
    if (leads && !leads.ok) {
      setErrors({ leadTimes: t(leads.problem) });
      setFailure(t('error.validation'));
      return;
    }
    const input = toInput(form, group?.active ?? true);
    const check = workingGroupInputSchema.safeParse(input);
    if (!check.success) {
      setErrors(
        fieldMessages(check.error.issues, t, (path) => fieldOf(path.map(String).join('.'))),
      );
      setFailure(t('error.validation'));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (group) {
        await api.json(`/working-groups/${encodeURIComponent(group.id)}`, {
          method: 'PUT',
          json: input,
          ifMatch: group.etag,
        });
      } else {
        await api.json('/working-groups', { method: 'POST', json: input });
      }
      onSaved();
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'conflict') {
        onConflict();
        return;
      }
      if (error instanceof ApiFailure) {
        setErrors(
          Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [fieldOf(k), v])),
        );
      }
      setFailure(userMessage(error, locale));
    } finally {
      setSaving(false);
    }
  };

  const err = (key: string) => errors[key];
  const state = (key: string) => (errors[key] ? 'error' : 'none');
  const channelLabel = (c: TeamChannel) => {
    const name = c.general ? t('groups.channel.general') : (c.name ?? c.id);
    return c.teamName ? `${c.teamName} › ${name}` : name;
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()} modalType="modal">
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="group-form">
          <DialogBody>
            <DialogTitle>
              {group ? t('groups.form.editTitle') : t('groups.form.newTitle')}
            </DialogTitle>
            <DialogContent className={styles.form}>
              {failure && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{failure}</MessageBarBody>
                </MessageBar>
              )}
              <div className={styles.grid}>
                <Field
                  label={t('groups.form.nameFi')}
                  required
                  validationMessage={err('nameFi')}
                  validationState={state('nameFi')}
                >
                  <Input value={form.nameFi} onChange={(_, d) => set('nameFi', d.value)} />
                </Field>
                <Field
                  label={t('groups.form.nameEn')}
                  validationMessage={err('nameEn')}
                  validationState={state('nameEn')}
                >
                  <Input value={form.nameEn} onChange={(_, d) => set('nameEn', d.value)} />
                </Field>
              </div>
              <Field
                label={t('groups.form.purposeFi')}
                validationMessage={err('purposeFi')}
                validationState={state('purposeFi')}
              >
                <Textarea
                  value={form.purposeFi}
                  onChange={(_, d) => set('purposeFi', d.value)}
                  resize="vertical"
                />
              </Field>
              <div className={styles.grid}>
                <Field label={t('groups.form.unit')}>
                  <Select value={form.unitId} onChange={(_, d) => set('unitId', d.value)}>
                    <option value="">{t('groups.form.noUnit')}</option>
                    {units.map((u) => (
                      <option key={u.id} value={u.id}>
                        {localized(u.name, locale)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field
                  label={t('groups.form.channel')}
                  hint={channels.length === 0 ? t('groups.form.channelNone') : undefined}
                >
                  <Select value={form.channelId} onChange={(_, d) => set('channelId', d.value)}>
                    <option value="">{t('groups.form.channelDefault')}</option>
                    {channels.map((c) => (
                      <option key={`${c.teamId}|${c.id}`} value={c.id}>
                        {channelLabel(c)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <fieldset className={styles.fieldset}>
                <legend className={styles.legend}>{t('groups.form.contact')}</legend>
                <div className={styles.grid}>
                  <Field
                    label={t('groups.form.contactName')}
                    required
                    validationMessage={err('contactName')}
                    validationState={state('contactName')}
                  >
                    <Input
                      value={form.contactName}
                      onChange={(_, d) => set('contactName', d.value)}
                    />
                  </Field>
                  <Field
                    label={t('groups.form.contactEmail')}
                    validationMessage={err('contactEmail')}
                    validationState={state('contactEmail')}
                  >
                    <Input
                      type="email"
                      value={form.contactEmail}
                      onChange={(_, d) => set('contactEmail', d.value)}
                    />
                  </Field>
                </div>
              </fieldset>
              <fieldset className={styles.fieldset}>
                <legend className={styles.legend}>{t('groups.form.members')}</legend>
                {form.members.map((m, i) => {
                  const n = i + 1;
                  return (
                    <div key={i} className={styles.member} data-testid="member-row">
                      <Field
                        label={t('groups.form.memberName', { n })}
                        validationMessage={err(`members.${i}.name`)}
                        validationState={state(`members.${i}.name`)}
                      >
                        <Input
                          value={m.name}
                          onChange={(_, d) => setMember(i, { name: d.value })}
                        />
                      </Field>
                      <Field label={t('groups.form.memberKind', { n })}>
                        <Select
                          value={m.kind}
                          onChange={(_, d) => setMember(i, { kind: d.value as MemberKind })}
                        >
                          {(['user', 'email', 'representative'] as const).map((k) => (
                            <option key={k} value={k}>
                              {t(`groups.form.kind.${k}`)}
                            </option>
                          ))}
                        </Select>
                      </Field>
                      {m.kind === 'representative' ? (
                        <Field label={t('groups.form.memberAssociation', { n })}>
                          <Input
                            value={m.association}
                            onChange={(_, d) => setMember(i, { association: d.value })}
                          />
                        </Field>
                      ) : (
                        <Field
                          label={t('groups.form.memberEmail', { n })}
                          validationMessage={err(`members.${i}.email`)}
                          validationState={state(`members.${i}.email`)}
                        >
                          <Input
                            type="email"
                            value={m.email}
                            onChange={(_, d) => setMember(i, { email: d.value })}
                          />
                        </Field>
                      )}
                      <Button
                        icon={<DeleteRegular />}
                        aria-label={t('groups.form.removeMember', { n })}
                        onClick={() =>
                          setForm((f) => ({ ...f, members: f.members.filter((_, j) => j !== i) }))
                        }
                      />
                    </div>
                  );
                })}
                <Button
                  icon={<AddRegular />}
                  onClick={() =>
                    setForm((f) => ({
                      ...f,
                      members: [
                        ...f.members,
                        { kind: 'user', name: '', email: '', association: '' },
                      ],
                    }))
                  }
                >
                  {t('groups.form.addMember')}
                </Button>
              </fieldset>
              <Field
                label={t('leadTimes.label')}
                hint={t('leadTimes.hint', {
                  fallback: t('leadTimes.defaults', {
                    text: formatLeadTimes(DEFAULT_MEETING_LEAD_TIMES),
                  }),
                })}
                validationMessage={err('leadTimes')}
                validationState={state('leadTimes')}
              >
                <Input value={form.leadTimes} onChange={(_, d) => set('leadTimes', d.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={saving}>
                {t('groups.form.save')}
              </Button>
              <Button onClick={onClose}>{t('groups.form.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
