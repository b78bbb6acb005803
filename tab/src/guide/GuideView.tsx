/**
 * The coordinator's guide texts: the four house rules, roles and responsibilities, the grant
 * rule, event cooperation and the bot's guide texts, in Finnish and English. One text at a
 * time is edited beside a live preview of the card the bot will show (drawn by the bot's own
 * card code), checked with the API's own schema as it is typed, saved on the ETag it was read
 * with — a conflicting save keeps the draft in the form and shows the stored text — and listed
 * with its history of changes (who, when, the text before).
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUndoRegular, SaveRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  CONTENT_LIMITS,
  CONTENT_SECTIONS,
  parseContentFields,
  sectionHasList,
  type ContentChange,
  type ContentEntry,
  type ContentFields,
  type ContentSection,
} from '@yhdistysyhteistyo/contract/content';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { ApiFailure, userMessage } from '../api/client';
import { useApiClient } from '../api/use-api-client';
import type { Notify } from '../components/Notices';
import { formRules } from '../components/form-styles';
import { formatDateTime } from '../format';
import { useT } from '../i18n';
import type { MessageKey } from '../messages';
import type { Session } from '../session';
import { CardPreview } from '../components/CardPreview';

const LANGS = ['fi', 'en'] as const;
const PREVIEW_DELAY_MS = 300;

const useStyles = makeStyles({
  ...formRules,
  // The view scrolls inside the tab's frame, as the events view does.
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    minWidth: 0,
    minHeight: 0,
    flexGrow: 1,
    overflowY: 'auto',
    paddingBottom: tokens.spacingVerticalL,
  },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(280px, 2fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    '@media (max-width: 899px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  // The card stays in sight while a long text is edited beside it.
  aside: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    position: 'sticky',
    top: 0,
    '@media (max-width: 899px)': { position: 'static' },
  },
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground2 },
  history: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  before: { whiteSpace: 'pre-wrap', margin: `${tokens.spacingVerticalXS} 0` },
  chooser: { maxWidth: '480px' },
});

/** The form: one string per field and language; points one a line. */
type Form = Record<'title' | 'text' | 'points', Record<Locale, string>>;

const idOf = (e: Pick<ContentEntry, 'section' | 'key'>) => `${e.section}/${e.key}`;

function formOf(fields: ContentFields): Form {
  return {
    title: { ...fields.title },
    text: { ...fields.text },
    points: { fi: fields.points.fi.join('\n'), en: fields.points.en.join('\n') },
  };
}

const lines = (value: string) =>
  value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** What the API takes for a section: a guide text is its text only. */
function inputOf(section: ContentSection, form: Form): unknown {
  if (!sectionHasList(section)) return { text: form.text };
  return {
    title: form.title,
    text: form.text,
    points: { fi: lines(form.points.fi), en: lines(form.points.en) },
  };
}

/** `points.fi.3` is the points field of Finnish. */
const fieldOf = (path: readonly PropertyKey[]) => path.slice(0, 2).map(String).join('.');

function sameForm(a: Form, b: Form): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The stored text of a conflict, shown as plain lines. */
function fieldsText(section: ContentSection, f: ContentFields, lang: Locale): string {
  if (!sectionHasList(section)) return f.text[lang];
  return [f.title[lang], f.text[lang], ...f.points[lang].map((p) => `• ${p}`)].join('\n');
}

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly entries: readonly ContentEntry[] };

interface Props {
  readonly session: Session;
  readonly toast: Notify;
  readonly onSignedOut: () => void;
}

export default function GuideView({ session, toast, onSignedOut }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const api = useApiClient(session, onSignedOut);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [selected, setSelected] = useState('houseRule/evening');
  const [form, setForm] = useState<Form | undefined>();
  /** The ETag the form was read with (after a conflict: the stored one, to save over it). */
  const [etag, setEtag] = useState('');
  const [conflict, setConflict] = useState<ContentEntry | undefined>();
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [previewLang, setPreviewLang] = useState<Locale>(locale);
  const [preview, setPreview] = useState<{ id?: string; card?: unknown; error?: string }>({});
  const [history, setHistory] = useState<readonly ContentChange[] | undefined>();

  const entries = load.status === 'ready' ? load.entries : [];
  const entry = entries.find((e) => idOf(e) === selected);
  const section = entry?.section ?? 'houseRule';

  const reload = useCallback(async () => {
    try {
      const list = await api.json<{ items: ContentEntry[] }>('/content');
      setLoad({ status: 'ready', entries: list.items });
      return list.items;
    } catch (error) {
      setLoad({ status: 'error', message: userMessage(error, locale) });
      return undefined;
    }
  }, [api, locale]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // A newly chosen text: its stored fields in the form, its history below.
  const loadedFor = useRef('');
  useEffect(() => {
    if (!entry || loadedFor.current === selected) return;
    loadedFor.current = selected;
    setForm(formOf(entry.fields));
    setEtag(entry.etag);
    setConflict(undefined);
    setServerErrors({});
    setHistory(undefined);
  }, [entry, selected]);

  const loadHistory = useCallback(async () => {
    const [s, k] = selected.split('/');
    try {
      const list = await api.json<{ items: ContentChange[] }>(
        `/content/${encodeURIComponent(s ?? '')}/${encodeURIComponent(k ?? '')}/history`,
      );
      setHistory(list.items);
    } catch (error) {
      toast(userMessage(error, locale), 'error');
      setHistory([]);
    }
  }, [api, selected, toast, locale]);

  useEffect(() => {
    if (load.status === 'ready') void loadHistory();
  }, [loadHistory, load.status]);

  const check = useMemo(() => {
    if (!form) return undefined;
    try {
      const errors: Record<string, string> = {};
      return { fields: parseContentFields(section, inputOf(section, form)), errors };
    } catch (error) {
      const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      return {
        fields: undefined,
        errors: fieldMessages(issues ?? [], (key) => t(key), fieldOf),
      };
    }
  }, [form, section, t]);

  // The live preview: the card of the last valid draft, drawn by the server a moment after typing.
  useEffect(() => {
    if (!entry || !form || !check?.fields) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api
        .json<{ card: unknown }>(
          `/content/${encodeURIComponent(entry.section)}/${encodeURIComponent(entry.key)}/preview`,
          {
            method: 'POST',
            json: { fields: inputOf(entry.section, form), locale: previewLang },
            signal: abort.signal,
          },
        )
        .then(
          (answer) => setPreview({ id: idOf(entry), card: answer.card }),
          (error: unknown) => {
            if (abort.signal.aborted) return;
            setPreview((p) => ({ ...p, error: userMessage(error, locale) }));
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, entry, form, check?.fields, previewLang, locale]);

  const dirty = !!entry && !!form && !sameForm(form, formOf(entry.fields));
  const errors: Record<string, string> = { ...(check?.errors ?? {}), ...serverErrors };

  const choose = (id: string) => {
    if (dirty && !window.confirm(t('guide.discard'))) return;
    setSelected(id);
  };

  const set = (field: keyof Form, lang: Locale, value: string) => {
    setForm((f) => (f ? { ...f, [field]: { ...f[field], [lang]: value } } : f));
    setServerErrors((e) => {
      const rest = { ...e };
      delete rest[`${field}.${lang}`];
      return rest;
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!entry || !form) return;
    if (!check?.fields) {
      toast(t('guide.invalid'), 'error');
      return;
    }
    setSaving(true);
    try {
      const saved = await api.json<ContentEntry>(
        `/content/${encodeURIComponent(entry.section)}/${encodeURIComponent(entry.key)}`,
        { method: 'PUT', json: inputOf(entry.section, form), ifMatch: etag },
      );
      setConflict(undefined);
      setEtag(saved.etag);
      setForm(formOf(saved.fields));
      setLoad((l) =>
        l.status === 'ready'
          ? { ...l, entries: l.entries.map((e) => (idOf(e) === idOf(saved) ? saved : e)) }
          : l,
      );
      toast(t('guide.saved'), 'success');
      void loadHistory();
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'conflict') {
        // The draft stays; the stored text is shown and its ETag taken, so a second save wins.
        const current = error.current as ContentEntry | null | undefined;
        if (current) {
          setConflict(current);
          setEtag(current.etag);
          setLoad((l) =>
            l.status === 'ready'
              ? {
                  ...l,
                  entries: l.entries.map((e) => (idOf(e) === idOf(current) ? current : e)),
                }
              : l,
          );
          void loadHistory();
        }
      } else if (error instanceof ApiFailure && Object.keys(error.fields).length > 0) {
        setServerErrors(
          Object.fromEntries(
            Object.entries(error.fields).map(([k, v]) => [fieldOf(k.split('.')), v]),
          ),
        );
        toast(t('guide.invalid'), 'error');
      } else {
        toast(userMessage(error, locale), 'error');
      }
    } finally {
      setSaving(false);
    }
  };

  if (load.status === 'loading') return <Spinner label={t('guide.loading')} />;
  if (load.status === 'error') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>{load.message}</MessageBarBody>
      </MessageBar>
    );
  }

  const keyName = (e: Pick<ContentEntry, 'section' | 'key'>) =>
    t(`guide.key.${e.section}.${e.key}` as MessageKey);
  const who = (by: string) => (by === 'seed' ? t('guide.seeded') : by);
  const hasList = sectionHasList(section);

  const field = (name: keyof Form, lang: Locale) => {
    const key = `${name}.${lang}`;
    const label = t(`guide.field.${name}`, { lang: t(`guide.lang.${lang}`) });
    const message = errors[key];
    const state = message ? 'error' : 'none';
    if (name === 'title') {
      return (
        <Field
          label={label}
          required
          validationMessage={message}
          validationState={state}
          hint={t('guide.limit', { max: CONTENT_LIMITS.title })}
        >
          <Input
            value={form?.title[lang] ?? ''}
            onChange={(_, d) => set('title', lang, d.value)}
            data-testid={`guide-${key}`}
          />
        </Field>
      );
    }
    return (
      <Field
        label={label}
        required
        validationMessage={message}
        validationState={state}
        hint={
          name === 'points'
            ? t('guide.field.pointsHint', { max: CONTENT_LIMITS.points })
            : t('guide.limit', { max: CONTENT_LIMITS.text })
        }
      >
        <Textarea
          value={form?.[name][lang] ?? ''}
          onChange={(_, d) => set(name, lang, d.value)}
          resize="vertical"
          rows={name === 'points' ? 6 : 3}
          data-testid={`guide-${key}`}
        />
      </Field>
    );
  };

  return (
    <section className={styles.root} aria-labelledby="guide-title" data-testid="guide-view">
      <Title3 as="h2" id="guide-title">
        {t('guide.title')}
      </Title3>
      <Body1>{t('guide.intro')}</Body1>
      <Field label={t('guide.choose')} className={styles.chooser}>
        <Select value={selected} onChange={(_, d) => choose(d.value)} data-testid="guide-choose">
          {CONTENT_SECTIONS.map((s) => (
            <optgroup key={s} label={t(`guide.section.${s}`)}>
              {entries
                .filter((e) => e.section === s)
                .map((e) => (
                  <option key={idOf(e)} value={idOf(e)}>
                    {keyName(e)}
                  </option>
                ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      {entry && (
        <Caption1 className={styles.muted} data-testid="guide-last-changed">
          {t('guide.lastChanged', {
            when: formatDateTime(entry.updatedAt, locale),
            who: who(entry.updatedBy),
          })}
        </Caption1>
      )}
      {conflict && (
        <MessageBar intent="warning" layout="multiline" data-testid="guide-conflict">
          <MessageBarBody>
            <MessageBarTitle>{t('guide.conflictStored')}</MessageBarTitle>
            {t('guide.conflict')}
            <p className={styles.before}>{fieldsText(conflict.section, conflict.fields, locale)}</p>
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.layout}>
        <form className={styles.form} onSubmit={(e) => void save(e)} noValidate>
          {LANGS.map((lang) => (
            <fieldset key={lang} className={styles.fieldset}>
              <legend className={styles.legend}>{t(`guide.lang.${lang}`)}</legend>
              <div className={styles.form}>
                {hasList && field('title', lang)}
                {field('text', lang)}
                {hasList && field('points', lang)}
              </div>
            </fieldset>
          ))}
          <div className={styles.bar}>
            <Button
              type="submit"
              appearance="primary"
              icon={<SaveRegular />}
              disabled={saving || !dirty}
              data-testid="guide-save"
            >
              {saving ? t('guide.saving') : t('guide.save')}
            </Button>
            <Button
              icon={<ArrowUndoRegular />}
              disabled={saving || !dirty}
              onClick={() => {
                if (entry) setForm(formOf(entry.fields));
                setServerErrors({});
              }}
            >
              {t('guide.undo')}
            </Button>
            {dirty && (
              <Caption1 className={styles.muted} role="status">
                {t('guide.unsaved')}
              </Caption1>
            )}
          </div>
        </form>
        <aside className={styles.aside} aria-labelledby="guide-preview-title">
          <Subtitle2 as="h3" id="guide-preview-title">
            {t('guide.preview')}
          </Subtitle2>
          <TabList
            size="small"
            selectedValue={previewLang}
            onTabSelect={(_, d) => setPreviewLang(d.value as Locale)}
            aria-label={t('guide.previewLang')}
          >
            {LANGS.map((lang) => (
              <Tab key={lang} value={lang} data-testid={`guide-preview-${lang}`}>
                {t(`guide.lang.${lang}`)}
              </Tab>
            ))}
          </TabList>
          {!check?.fields && (
            <Caption1 className={styles.muted} data-testid="guide-preview-stale">
              {t('guide.previewStale')}
            </Caption1>
          )}
          {preview.error && (
            <Caption1 className={styles.muted}>
              {t('guide.previewFailed', { message: preview.error })}
            </Caption1>
          )}
          {preview.card && preview.id === selected ? (
            <CardPreview card={preview.card} label={t('guide.preview')} testId="guide-card" />
          ) : check?.fields ? (
            <Spinner size="small" label={t('guide.previewLoading')} />
          ) : null}
        </aside>
      </div>
      <section aria-labelledby="guide-history-title" data-testid="guide-history">
        <Subtitle2 as="h3" id="guide-history-title">
          {t('guide.history')}
        </Subtitle2>
        {history === undefined ? (
          <Spinner size="small" label={t('guide.historyLoading')} />
        ) : history.length === 0 ? (
          <Body1>{t('guide.historyNone')}</Body1>
        ) : (
          <ul className={styles.history}>
            {history.map((h, i) => (
              <li key={`${h.at}-${i}`} data-testid="guide-history-item">
                <details>
                  <summary>
                    {t('guide.historyItem', { when: formatDateTime(h.at, locale), who: who(h.by) })}
                  </summary>
                  <Caption1 className={styles.muted}>{t('guide.historyBefore')}</Caption1>
                  <p className={styles.before}>{fieldsText(section, h.before, locale)}</p>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
