/**
 * Create or edit an evening, a working-group meeting or a calendar item. Times are typed in
 * Helsinki time; the form validates with the API's own schema (end after start, deadline before
 * start, no time that does not exist, nothing in the past unless it is a record), so a message
 * shows before sending, and the API's field messages land on the same fields.
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
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  COLOURS,
  ITEM_CATEGORIES,
  localized,
  type Colour,
  type EventKind,
  type ItemCategory,
} from '@yhdistysyhteistyo/contract/events/model';
import { eventInputSchema } from '@yhdistysyhteistyo/contract/events/schemas';
import { describeRecurrence, parseRule } from '@yhdistysyhteistyo/contract/recurrence';
import {
  DEFAULT_MEETING_LEAD_TIMES,
  formatLeadTimes,
  parseLeadTimes,
} from '@yhdistysyhteistyo/contract/events/lead-times';
import { localDateOf, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import { ApiFailure, userMessage } from '../api/client';
import { formRules } from '../components/form-styles';
import { useT } from '../i18n';
import type { EventView, EventsClient, GroupView, TeamChannelView } from './api';

const useStyles = makeStyles({
  surface: { maxWidth: '820px', width: '100%' },
  ...formRules,
  fieldset: {
    ...formRules.fieldset,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  agendaRow: {
    display: 'grid',
    gridTemplateColumns: '110px 110px 1fr 1fr auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'end',
    '@media (max-width: 699px)': { gridTemplateColumns: '1fr 1fr' },
  },
  hint: { color: tokens.colorNeutralForeground2 },
});

type Repeat = 'none' | 'weekly' | 'biweekly' | 'monthly' | 'custom';

interface AgendaRow {
  start: string;
  end: string;
  titleFi: string;
  titleEn: string;
  unitId: string;
}

interface Form {
  titleFi: string;
  titleEn: string;
  descriptionFi: string;
  descriptionEn: string;
  start: string;
  end: string;
  teamsUrl: string;
  address: string;
  host: string;
  deadline: string;
  capacity: string;
  /** The evening's own channel (any team the app is in); empty = the team's chosen one. */
  channelId: string;
  workingGroupId: string;
  repeat: Repeat;
  rule: string;
  until: string;
  exceptions: string;
  /** The meeting's own reminders as typed ("14 9.00, 1 9.00"); empty = the group's. */
  leadTimes: string;
  category: ItemCategory;
  colour: Colour | '';
  allDay: boolean;
  record: boolean;
  agenda: AgendaRow[];
}

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

function weekdayOf(localDate: string): (typeof DAYS)[number] {
  return DAYS[new Date(`${localDate.slice(0, 10)}T12:00:00Z`).getUTCDay()] ?? 'MO';
}

function initialForm(
  kind: EventKind,
  event: EventView | undefined,
  groups: readonly GroupView[],
): Form {
  const form: Form = {
    titleFi: event?.title.fi ?? '',
    titleEn: event?.title.en ?? '',
    descriptionFi: event?.description.fi ?? '',
    descriptionEn: event?.description.en ?? '',
    start: '',
    end: '',
    teamsUrl: event?.place.teamsUrl ?? '',
    address: event?.place.address ?? '',
    host: event && event.kind !== 'item' ? event.host : '',
    deadline: event?.kind === 'evening' ? utcToLocal(event.registrationDeadline) : '',
    capacity: event?.kind === 'evening' && event.capacity ? String(event.capacity) : '',
    channelId: event?.kind === 'evening' ? (event.channelId ?? '') : '',
    workingGroupId: event?.kind === 'meeting' ? event.workingGroupId : (groups[0]?.id ?? ''),
    repeat: 'none',
    rule: '',
    until: '',
    exceptions: '',
    leadTimes: event?.kind === 'meeting' && event.leadTimes ? formatLeadTimes(event.leadTimes) : '',
    category: event?.kind === 'item' ? event.category : 'grant',
    colour: event?.kind === 'item' ? event.colour : '',
    allDay: event?.kind === 'item' ? event.allDay : kind === 'item',
    record: event?.record ?? false,
    agenda:
      event && event.kind !== 'item'
        ? event.agenda.map((a) => ({
            start: a.start,
            end: a.end ?? '',
            titleFi: a.title.fi,
            titleEn: a.title.en,
            unitId: a.unitId ?? '',
          }))
        : [],
  };
  if (event) {
    if (form.allDay) {
      form.start = localDateOf(event.start);
      form.end = localDateOf(new Date(Date.parse(event.end) - 1).toISOString());
    } else {
      form.start = utcToLocal(event.start);
      form.end = utcToLocal(event.end);
    }
  }
  if (event?.kind === 'meeting' && event.recurrence) {
    const parsed = parseRule(event.recurrence.rule);
    form.rule = event.recurrence.rule;
    form.exceptions = event.recurrence.exdates.map((d) => d.slice(0, 10)).join(', ');
    if (parsed.ok) {
      const p = parsed.parts;
      const simple = p.count === undefined && p.byMonthDay.length === 0 && p.bySetPos.length === 0;
      form.until = p.until ?? '';
      if (simple && p.freq === 'WEEKLY' && p.byDay.length <= 1 && !p.byDay[0]?.nth) {
        form.repeat = p.interval === 1 ? 'weekly' : p.interval === 2 ? 'biweekly' : 'custom';
      } else if (simple && p.freq === 'MONTHLY' && p.interval === 1 && p.byDay[0]?.nth) {
        form.repeat = 'monthly';
      } else {
        form.repeat = 'custom';
      }
    } else {
      form.repeat = 'custom';
    }
  }
  return form;
}

/** The rule the repeat choice means, starting from the first meeting's date. */
function ruleOf(form: Form): string | undefined {
  if (form.repeat === 'none') return undefined;
  if (form.repeat === 'custom') return form.rule.trim();
  const day = weekdayOf(form.start);
  const until = form.until ? `;UNTIL=${form.until.replace(/-/g, '')}` : '';
  if (form.repeat === 'weekly') return `FREQ=WEEKLY;BYDAY=${day}${until}`;
  if (form.repeat === 'biweekly') return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}${until}`;
  const nth = Math.ceil(Number(form.start.slice(8, 10)) / 7);
  return `FREQ=MONTHLY;BYDAY=${nth}${day}${until}`;
}

function toInput(kind: EventKind, form: Form): Record<string, unknown> {
  const common = {
    kind,
    title: { fi: form.titleFi, en: form.titleEn },
    description: { fi: form.descriptionFi, en: form.descriptionEn },
    start: form.start,
    end: form.end,
    place: {
      ...(form.teamsUrl.trim() ? { teamsUrl: form.teamsUrl.trim() } : {}),
      ...(form.address.trim() ? { address: form.address.trim() } : {}),
    },
    record: form.record,
  };
  const agenda = form.agenda.map((a) => ({
    start: a.start,
    ...(a.end ? { end: a.end } : {}),
    title: { fi: a.titleFi, en: a.titleEn },
    ...(a.unitId ? { unitId: a.unitId } : {}),
  }));
  if (kind === 'evening') {
    return {
      ...common,
      host: form.host,
      agenda,
      registrationDeadline: form.deadline,
      capacity: form.capacity.trim() === '' ? null : Number(form.capacity),
      channelId: form.channelId === '' ? null : form.channelId,
    };
  }
  if (kind === 'meeting') {
    const rule = ruleOf(form);
    const parsedLeads = form.leadTimes.trim() === '' ? undefined : parseLeadTimes(form.leadTimes);
    // Text that does not read goes on as it is, so the schema names the field.
    const leads =
      parsedLeads === undefined ? null : parsedLeads.ok ? parsedLeads.value : form.leadTimes;
    const time = form.start.slice(11, 16);
    const exdates = form.exceptions
      .split(/[,\s]+/)
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => `${d}T${time}`);
    return {
      ...common,
      workingGroupId: form.workingGroupId,
      host: form.host,
      agenda,
      recurrence: rule ? { rule, exdates } : null,
      leadTimes: leads,
    };
  }
  return {
    ...common,
    category: form.category,
    colour: form.colour === '' ? null : form.colour,
    allDay: form.allDay,
  };
}

/** API field paths → the form's fields. */
function fieldOf(path: string): string {
  if (path === 'title.fi' || path === 'title') return 'titleFi';
  if (path === 'title.en') return 'titleEn';
  if (path.startsWith('description')) return 'descriptionFi';
  if (path === 'place.teamsUrl') return 'teamsUrl';
  if (path === 'place.address') return 'address';
  if (path === 'registrationDeadline') return 'deadline';
  if (path.startsWith('recurrence.exdates')) return 'exceptions';
  if (path.startsWith('recurrence')) return 'rule';
  if (path.startsWith('leadTimes')) return 'leadTimes';
  const agenda = /^agenda\.(\d+)\.(start|end|title)/.exec(path);
  if (agenda) return `agenda.${agenda[1]}.${agenda[2]}`;
  return path;
}

interface Props {
  readonly api: EventsClient;
  readonly kind: EventKind;
  readonly event?: EventView;
  readonly groups: readonly GroupView[];
  readonly year: number;
  readonly onClose: () => void;
  readonly onSaved: (saved: EventView, created: boolean) => void;
  readonly onConflict: () => void;
}

export function EventDialog({
  api,
  kind,
  event,
  groups,
  year,
  onClose,
  onSaved,
  onConflict,
}: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [form, setForm] = useState<Form>(() => initialForm(kind, event, groups));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  // The working groups may arrive after the dialog opened: then a new meeting takes the first one,
  // as it would have at once, instead of showing a group it has not chosen.
  const firstGroupId = groups[0]?.id;
  useEffect(() => {
    if (kind === 'meeting' && firstGroupId)
      setForm((f) => (f.workingGroupId ? f : { ...f, workingGroupId: firstGroupId }));
  }, [kind, firstGroupId]);
  const [channels, setChannels] = useState<readonly TeamChannelView[]>([]);
  useEffect(() => {
    if (kind !== 'evening') return;
    let live = true;
    // Without the list (a network hiccup) the evening goes to the team's chosen channel.
    api.channels().then(
      (list) => live && setChannels(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, kind]);
  const setAgenda = (i: number, patch: Partial<AgendaRow>) =>
    setForm((f) => ({ ...f, agenda: f.agenda.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));

  const preview = useMemo(() => {
    const rule = kind === 'meeting' ? ruleOf(form) : undefined;
    if (!rule || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.start)) return '';
    return parseRule(rule).ok ? describeRecurrence(rule, form.start, locale) : '';
  }, [form, kind, locale]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    const leads =
      kind === 'meeting' && form.leadTimes.trim() !== ''
        ? parseLeadTimes(form.leadTimes)
        : undefined;
    if (leads && !leads.ok) {
      setErrors({ leadTimes: t(leads.problem) });
      setFailure(t('error.validation'));
      return;
    }
    const input = toInput(kind, form);
    const check = eventInputSchema({
      now: new Date(),
      ...(event ? { previous: event } : {}),
    }).safeParse(input);
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
      const saved = event ? await api.update(event.id, input, event.etag) : await api.create(input);
      onSaved(saved, !event);
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

  const title = event
    ? t('events.tab.editTitle', { title: localized(event.title, locale) })
    : t(`events.tab.new.${kind}`);
  const allDay = kind === 'item' && form.allDay;
  const timeType = allDay ? 'date' : 'datetime-local';
  const chosenGroup = groups.find((g) => g.id === form.workingGroupId);
  const leadFallback = chosenGroup?.leadTimes
    ? t('leadTimes.groupDefaults', { text: formatLeadTimes(chosenGroup.leadTimes) })
    : t('leadTimes.defaults', { text: formatLeadTimes(DEFAULT_MEETING_LEAD_TIMES) });
  const err = (key: string) => errors[key];
  const state = (key: string) => (errors[key] ? 'error' : 'none');

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()} modalType="modal">
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="event-form">
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.form}>
              {failure && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('events.tab.saveFailed')}</MessageBarTitle>
                    {failure}
                  </MessageBarBody>
                </MessageBar>
              )}
              <Text className={styles.hint}>{t('events.tab.timesInHelsinki')}</Text>
              <div className={styles.grid}>
                <Field
                  label={t('events.tab.titleFi')}
                  required
                  validationMessage={err('titleFi')}
                  validationState={state('titleFi')}
                >
                  <Input
                    value={form.titleFi}
                    onChange={(_, d) => set('titleFi', d.value)}
                    data-testid="title-fi"
                  />
                </Field>
                <Field
                  label={t('events.tab.titleEn')}
                  validationMessage={err('titleEn')}
                  validationState={state('titleEn')}
                >
                  <Input value={form.titleEn} onChange={(_, d) => set('titleEn', d.value)} />
                </Field>
              </div>
              {kind === 'item' && (
                <div className={styles.grid}>
                  <Field
                    label={t('events.tab.category')}
                    validationMessage={err('category')}
                    validationState={state('category')}
                  >
                    <Select
                      value={form.category}
                      onChange={(_, d) => set('category', d.value as ItemCategory)}
                    >
                      {ITEM_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {t(`events.category.${c}`)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field
                    label={t('events.tab.colour')}
                    validationMessage={err('colour')}
                    validationState={state('colour')}
                  >
                    <Select
                      value={form.colour}
                      onChange={(_, d) => set('colour', d.value as Colour | '')}
                    >
                      <option value="">{t('events.tab.colourDefault')}</option>
                      {COLOURS.map((c) => (
                        <option key={c} value={c}>
                          {t(`events.colour.${c}`)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Checkbox
                    checked={form.allDay}
                    onChange={(_, d) => {
                      const on = d.checked === true;
                      setForm((f) => ({
                        ...f,
                        allDay: on,
                        start: on ? f.start.slice(0, 10) : f.start,
                        end: on ? f.end.slice(0, 10) : f.end,
                      }));
                    }}
                    label={t('events.tab.allDay')}
                  />
                </div>
              )}
              {kind === 'meeting' && (
                <Field
                  label={t('events.tab.workingGroup')}
                  required
                  validationMessage={err('workingGroupId')}
                  validationState={state('workingGroupId')}
                >
                  <Select
                    value={form.workingGroupId}
                    onChange={(_, d) => set('workingGroupId', d.value)}
                  >
                    {form.workingGroupId === '' && (
                      <option value="" disabled>
                        {t('events.tab.workingGroup')}
                      </option>
                    )}
                    {groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {localized(g.name, locale)}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
              <div className={styles.grid}>
                <Field
                  label={allDay ? t('events.tab.firstDay') : t('events.tab.start')}
                  required
                  validationMessage={err('start')}
                  validationState={state('start')}
                >
                  <Input
                    type={timeType}
                    value={form.start}
                    onChange={(_, d) => set('start', d.value)}
                    min={`${year - 1}-01-01${allDay ? '' : 'T00:00'}`}
                    data-testid="start"
                  />
                </Field>
                <Field
                  label={allDay ? t('events.tab.lastDay') : t('events.tab.end')}
                  required
                  validationMessage={err('end')}
                  validationState={state('end')}
                >
                  <Input
                    type={timeType}
                    value={form.end}
                    onChange={(_, d) => set('end', d.value)}
                    data-testid="end"
                  />
                </Field>
                {kind === 'evening' && (
                  <Field
                    label={t('events.tab.deadlineField')}
                    required
                    validationMessage={err('deadline')}
                    validationState={state('deadline')}
                  >
                    <Input
                      type="datetime-local"
                      value={form.deadline}
                      onChange={(_, d) => set('deadline', d.value)}
                      data-testid="deadline"
                    />
                  </Field>
                )}
                {kind === 'evening' && channels.length > 0 && (
                  <Field label={t('events.channel.label')}>
                    <Select
                      value={form.channelId}
                      onChange={(_, d) => set('channelId', d.value)}
                      data-testid="evening-channel"
                    >
                      <option value="">{t('groups.form.channelDefault')}</option>
                      {channels.map((c) => (
                        <option key={`${c.teamId}|${c.id}`} value={c.id}>
                          {`${c.teamName ? `${c.teamName} › ` : ''}${
                            c.general ? t('groups.channel.general') : (c.name ?? c.id)
                          }`}
                        </option>
                      ))}
                    </Select>
                  </Field>
                )}
              </div>
              {kind === 'meeting' && (
                <fieldset className={styles.fieldset}>
                  <legend className={styles.legend}>{t('events.tab.repeat')}</legend>
                  <div className={styles.grid}>
                    <Field label={t('events.tab.repeatChoice')}>
                      <Select
                        value={form.repeat}
                        onChange={(_, d) => set('repeat', d.value as Repeat)}
                      >
                        {(['none', 'weekly', 'biweekly', 'monthly', 'custom'] as const).map((r) => (
                          <option key={r} value={r}>
                            {t(`events.tab.repeat.${r}`)}
                          </option>
                        ))}
                      </Select>
                    </Field>
                    {form.repeat !== 'none' && form.repeat !== 'custom' && (
                      <Field
                        label={t('events.tab.until')}
                        validationMessage={err('rule')}
                        validationState={state('rule')}
                      >
                        <Input
                          type="date"
                          value={form.until}
                          onChange={(_, d) => set('until', d.value)}
                        />
                      </Field>
                    )}
                    {form.repeat === 'custom' && (
                      <Field
                        label={t('events.tab.rule')}
                        hint={t('events.tab.ruleHint')}
                        validationMessage={err('rule')}
                        validationState={state('rule')}
                      >
                        <Input value={form.rule} onChange={(_, d) => set('rule', d.value)} />
                      </Field>
                    )}
                    {form.repeat !== 'none' && (
                      <Field
                        label={t('events.tab.exceptions')}
                        hint={t('events.tab.exceptionsHint')}
                        validationMessage={err('exceptions')}
                        validationState={state('exceptions')}
                      >
                        <Input
                          value={form.exceptions}
                          onChange={(_, d) => set('exceptions', d.value)}
                        />
                      </Field>
                    )}
                  </div>
                  {preview && (
                    <Text role="status" data-testid="repeat-preview">
                      {preview}
                    </Text>
                  )}
                  <Field
                    label={t('leadTimes.label')}
                    hint={t('leadTimes.hint', { fallback: leadFallback })}
                    validationMessage={err('leadTimes')}
                    validationState={state('leadTimes')}
                  >
                    <Input
                      value={form.leadTimes}
                      onChange={(_, d) => set('leadTimes', d.value)}
                      data-testid="lead-times"
                    />
                  </Field>
                </fieldset>
              )}
              <div className={styles.grid}>
                <Field
                  label={t('events.tab.teamsUrl')}
                  validationMessage={err('teamsUrl')}
                  validationState={state('teamsUrl')}
                >
                  <Input
                    type="url"
                    value={form.teamsUrl}
                    onChange={(_, d) => set('teamsUrl', d.value)}
                    data-testid="teams-url"
                  />
                </Field>
                <Field
                  label={t('events.tab.address')}
                  validationMessage={err('address')}
                  validationState={state('address')}
                >
                  <Input value={form.address} onChange={(_, d) => set('address', d.value)} />
                </Field>
                {kind !== 'item' && (
                  <Field
                    label={t('events.tab.host')}
                    required={kind === 'evening'}
                    validationMessage={err('host')}
                    validationState={state('host')}
                  >
                    <Input
                      value={form.host}
                      onChange={(_, d) => set('host', d.value)}
                      data-testid="host"
                    />
                  </Field>
                )}
                {kind === 'evening' && (
                  <Field
                    label={t('events.tab.capacity')}
                    hint={t('events.tab.capacityHint')}
                    validationMessage={err('capacity')}
                    validationState={state('capacity')}
                  >
                    <Input
                      type="number"
                      min={1}
                      value={form.capacity}
                      onChange={(_, d) => set('capacity', d.value)}
                    />
                  </Field>
                )}
              </div>
              {kind !== 'item' && (
                <fieldset className={styles.fieldset}>
                  <legend className={styles.legend}>{t('events.tab.agenda')}</legend>
                  {form.agenda.length === 0 && (
                    <Text className={styles.hint}>{t('events.tab.agendaEmpty')}</Text>
                  )}
                  {form.agenda.map((a, i) => (
                    <div key={i} className={styles.agendaRow}>
                      <Field
                        label={t('events.tab.agendaStart', { n: i + 1 })}
                        validationMessage={err(`agenda.${i}.start`)}
                        validationState={state(`agenda.${i}.start`)}
                      >
                        <Input
                          type="time"
                          value={a.start}
                          onChange={(_, d) => setAgenda(i, { start: d.value })}
                        />
                      </Field>
                      <Field
                        label={t('events.tab.agendaEnd', { n: i + 1 })}
                        validationMessage={err(`agenda.${i}.end`)}
                        validationState={state(`agenda.${i}.end`)}
                      >
                        <Input
                          type="time"
                          value={a.end}
                          onChange={(_, d) => setAgenda(i, { end: d.value })}
                        />
                      </Field>
                      <Field
                        label={t('events.tab.agendaTitleFi', { n: i + 1 })}
                        validationMessage={err(`agenda.${i}.title`)}
                        validationState={state(`agenda.${i}.title`)}
                      >
                        <Input
                          value={a.titleFi}
                          onChange={(_, d) => setAgenda(i, { titleFi: d.value })}
                        />
                      </Field>
                      <Field label={t('events.tab.agendaTitleEn', { n: i + 1 })}>
                        <Input
                          value={a.titleEn}
                          onChange={(_, d) => setAgenda(i, { titleEn: d.value })}
                        />
                      </Field>
                      <Button
                        icon={<DeleteRegular />}
                        aria-label={t('events.tab.agendaRemove', { n: i + 1 })}
                        onClick={() =>
                          setForm((f) => ({ ...f, agenda: f.agenda.filter((_, j) => j !== i) }))
                        }
                      />
                    </div>
                  ))}
                  <div>
                    <Button
                      icon={<AddRegular />}
                      onClick={() =>
                        setForm((f) => ({
                          ...f,
                          agenda: [
                            ...f.agenda,
                            {
                              start: f.start.slice(11, 16),
                              end: '',
                              titleFi: '',
                              titleEn: '',
                              unitId: '',
                            },
                          ],
                        }))
                      }
                    >
                      {t('events.tab.agendaAdd')}
                    </Button>
                  </div>
                </fieldset>
              )}
              <Field
                label={t('events.tab.descriptionFi')}
                validationMessage={err('descriptionFi')}
                validationState={state('descriptionFi')}
              >
                <Textarea
                  value={form.descriptionFi}
                  onChange={(_, d) => set('descriptionFi', d.value)}
                  resize="vertical"
                />
              </Field>
              <Field label={t('events.tab.descriptionEn')}>
                <Textarea
                  value={form.descriptionEn}
                  onChange={(_, d) => set('descriptionEn', d.value)}
                  resize="vertical"
                />
              </Field>
              <Checkbox
                checked={form.record}
                onChange={(_, d) => set('record', d.checked === true)}
                label={t('events.tab.record')}
              />
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={saving} data-testid="save-event">
                {saving ? (
                  <Spinner size="tiny" label={t('events.tab.saving')} />
                ) : (
                  t('events.tab.save')
                )}
              </Button>
              <Button onClick={onClose}>{t('events.tab.cancelAction')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
