/**
 * Surveys and indicators: the coordinator builds a survey from the report's templates, edits
 * the draft beside a preview of its card, opens, closes and copies it; everyone reads the
 * results (charts with a table and a sentence each, "too few answers" below five) and the
 * indicator tables of the report.
 */
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Locale, MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import {
  AUDIENCES,
  QUESTION_KINDS,
  TEMPLATE_IDS,
  type Question,
  type QuestionKind,
} from '@yhdistysyhteistyo/contract/surveys/model';
import {
  percent,
  type QuestionResult,
  type SurveyResults,
} from '@yhdistysyhteistyo/contract/surveys/results';
import type { ComputedValue, Indicator } from '@yhdistysyhteistyo/contract/surveys/indicators';
import type { ApiClient } from '../api/client';
import { ApiFailure, userMessage } from '../api/client';
import { useApiClient } from '../api/use-api-client';
import { CardPreview } from '../components/CardPreview';
import type { Notify } from '../components/Notices';
import { formRules } from '../components/form-styles';
import { formatDate } from '../format';
import { useT } from '../i18n';
import type { Session } from '../session';

type SurveyView = Survey & { readonly etag: string };
interface ResultsResponse {
  readonly survey: SurveyView;
  readonly results: SurveyResults;
  readonly history: readonly { year: number; surveyId: string; results: SurveyResults }[];
}
interface IndicatorView {
  readonly indicator: Indicator;
  readonly etag: string;
  readonly computed: readonly ComputedValue[];
}

const useStyles = makeStyles({
  ...formRules,
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  // A long view runs past the app's frame: its own background keeps the theme behind all of it.
  page: { backgroundColor: tokens.colorNeutralBackground1 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  scroll: { overflowX: 'auto' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  split: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)',
    gap: tokens.spacingHorizontalXL,
    '@media (max-width: 899px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  preview: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  question: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  bars: { display: 'grid', gridTemplateColumns: 'minmax(8rem, max-content) 1fr', gap: '4px 8px' },
  track: {
    position: 'relative',
    minHeight: '20px',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
  },
  bar: {
    height: '100%',
    minHeight: '18px',
    backgroundColor: tokens.colorBrandBackground,
    // High contrast: the system paints it with the text colour, so the bar stays visible.
    forcedColorAdjust: 'none',
    '@media (forced-colors: active)': { backgroundColor: 'CanvasText' },
  },
  barText: { whiteSpace: 'nowrap' },
  result: {
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
});

type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'edit'; readonly id: string }
  | { readonly kind: 'results'; readonly id: string };

interface Props {
  readonly session: Session;
  readonly coordinator: boolean;
  readonly toast: Notify;
  readonly onSignedOut: () => void;
}

export default function SurveysView({ session, coordinator, toast, onSignedOut }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const api = useApiClient(session, onSignedOut);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [list, setList] = useState<readonly SurveyView[] | undefined>();
  const [indicators, setIndicators] = useState<readonly IndicatorView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState<string>(TEMPLATE_IDS[0]);
  const [year, setYear] = useState(String(new Date().getFullYear()));

  const reload = useCallback(async () => {
    try {
      const [s, i] = await Promise.all([
        api.json<{ items: SurveyView[] }>('/surveys'),
        api.json<{ items: IndicatorView[] }>('/indicators'),
      ]);
      setList(s.items);
      setIndicators(i.items);
    } catch (e) {
      setError(userMessage(e, locale));
    }
  }, [api, locale]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      const done = await work();
      if (done) toast(done, 'success');
      await reload();
    } catch (e) {
      toast(userMessage(e, locale), 'error');
    } finally {
      setBusy(false);
    }
  };

  const copyLinks = async (id: string) => {
    const links = await api.json<{ items: { name: string; url: string }[] }>(
      `/surveys/${id}/links`,
    );
    await navigator.clipboard.writeText(links.items.map((l) => `${l.name}\t${l.url}`).join('\n'));
    return t('surveys.tab.linksCopied', { n: links.items.length });
  };

  if (error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!list || !indicators) return <Spinner label={t('surveys.tab.loading')} />;

  if (mode.kind === 'edit') {
    const survey = list.find((s) => s.id === mode.id);
    if (survey) {
      return (
        <SurveyEditor
          api={api}
          survey={survey}
          onDone={(saved) => {
            if (saved) toast(t('surveys.tab.saved'), 'success');
            setMode({ kind: 'list' });
            void reload();
          }}
        />
      );
    }
  }
  if (mode.kind === 'results') {
    return (
      <SurveyResultsView
        api={api}
        id={mode.id}
        coordinator={coordinator}
        toast={toast}
        onBack={() => setMode({ kind: 'list' })}
      />
    );
  }

  const windowText = (s: Survey) =>
    `${formatDate(s.opensAt)}–${formatDate(new Date(Date.parse(s.closesAt) - 43_200_000).toISOString())}`;

  return (
    <section
      className={`${styles.root} ${styles.page}`}
      data-testid="surveys-view"
      aria-labelledby="surveys-title"
    >
      <Title3 as="h2" id="surveys-title">
        {t('surveys.tab.title')}
      </Title3>
      {coordinator && (
        <form
          className={styles.row}
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              const created = await api.json<SurveyView>('/surveys', {
                method: 'POST',
                json: { template, year: Number(year) },
              });
              setMode({ kind: 'edit', id: created.id });
              return t('surveys.tab.created');
            });
          }}
        >
          <Field label={t('surveys.tab.template')}>
            <Select value={template} onChange={(_, d) => setTemplate(d.value)}>
              {TEMPLATE_IDS.map((id) => (
                <option key={id} value={id}>
                  {t(`surveys.template.${id}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('surveys.tab.year')}>
            <Input
              type="number"
              min={2000}
              max={2100}
              value={year}
              onChange={(_, d) => setYear(d.value)}
            />
          </Field>
          <Button type="submit" appearance="primary" disabled={busy} data-testid="survey-create">
            {t('surveys.tab.create')}
          </Button>
        </form>
      )}
      <Subtitle2 as="h3">{t('surveys.tab.list')}</Subtitle2>
      {list.length === 0 ? (
        <Body1>{t('surveys.tab.empty')}</Body1>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t('surveys.tab.list')} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('surveys.tab.colTitle')}</TableHeaderCell>
                <TableHeaderCell>{t('surveys.tab.colAudience')}</TableHeaderCell>
                <TableHeaderCell>{t('surveys.tab.colState')}</TableHeaderCell>
                <TableHeaderCell>{t('surveys.tab.colWindow')}</TableHeaderCell>
                <TableHeaderCell>{t('surveys.tab.colActions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((s) => (
                <TableRow key={s.id} data-testid="survey-row">
                  <TableCell>{s.title[locale] || s.title.fi}</TableCell>
                  <TableCell>{t(`surveys.audience.${s.audience}`)}</TableCell>
                  <TableCell>{t(`surveys.state.${s.state}`)}</TableCell>
                  <TableCell>{windowText(s)}</TableCell>
                  <TableCell>
                    <div className={styles.actions}>
                      {coordinator && s.state === 'draft' && (
                        <>
                          <Button size="small" onClick={() => setMode({ kind: 'edit', id: s.id })}>
                            {t('surveys.tab.edit')}
                          </Button>
                          <Button
                            size="small"
                            appearance="primary"
                            disabled={busy}
                            data-testid="survey-open"
                            onClick={() =>
                              void act(async () => {
                                const r = await api.json<{ card: string }>(
                                  `/surveys/${s.id}/open`,
                                  {
                                    method: 'POST',
                                    ifMatch: s.etag,
                                  },
                                );
                                return t(
                                  r.card === 'queued'
                                    ? 'surveys.tab.openedQueued'
                                    : r.card === 'scheduled'
                                      ? 'surveys.tab.openedScheduled'
                                      : 'surveys.tab.openedNoCard',
                                );
                              })
                            }
                          >
                            {t('surveys.tab.open')}
                          </Button>
                        </>
                      )}
                      {coordinator && s.state === 'open' && (
                        <>
                          <Button
                            size="small"
                            disabled={busy}
                            onClick={() => void act(() => copyLinks(s.id))}
                          >
                            {t('surveys.tab.links')}
                          </Button>
                          <Button
                            size="small"
                            disabled={busy}
                            onClick={() =>
                              void act(async () => {
                                await api.json(`/surveys/${s.id}/close`, {
                                  method: 'POST',
                                  ifMatch: s.etag,
                                });
                                return t('surveys.tab.closedDone');
                              })
                            }
                          >
                            {t('surveys.tab.close')}
                          </Button>
                        </>
                      )}
                      {coordinator && (
                        <Button
                          size="small"
                          disabled={busy}
                          onClick={() =>
                            void act(async () => {
                              await api.json(`/surveys/${s.id}/copy`, {
                                method: 'POST',
                                json: { year: s.year + 1 },
                              });
                              return t('surveys.tab.copied', { year: s.year + 1 });
                            })
                          }
                        >
                          {t('surveys.tab.copy', { year: s.year + 1 })}
                        </Button>
                      )}
                      {s.state !== 'draft' && (
                        <Button
                          size="small"
                          data-testid="survey-results"
                          onClick={() => setMode({ kind: 'results', id: s.id })}
                        >
                          {t('surveys.tab.results')}
                        </Button>
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <IndicatorTables
        indicators={indicators}
        {...(coordinator
          ? {
              onEnter: (view: IndicatorView, year: string, value: { fi: string; en: string }) =>
                act(async () => {
                  await api.json(`/indicators/${view.indicator.id}`, {
                    method: 'PUT',
                    ifMatch: view.etag,
                    json: { values: { [year]: value } },
                  });
                  return t('surveys.tab.valueSaved');
                }),
            }
          : {})}
      />
    </section>
  );
}

// ---------- the builder ----------

interface DraftQuestion {
  /** The row's own key in the builder: stays with the question when it moves. */
  key: string;
  id?: string;
  kind: QuestionKind;
  fi: string;
  en: string;
  options: string;
  required: boolean;
  area?: string;
}

const lastDay = (closesAt: string) =>
  new Date(Date.parse(closesAt) - 43_200_000).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Helsinki',
  });
const firstDay = (opensAt: string) =>
  new Date(opensAt).toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

let draftKeys = 0;
const draftKey = () => `draft-${++draftKeys}`;

/** The list with item `from` moved to `to`; unchanged when `to` is outside it. */
function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (to < 0 || to >= list.length || from < 0 || from >= list.length) return next;
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

function toDraft(q: Question): DraftQuestion {
  return {
    key: draftKey(),
    id: q.id,
    kind: q.kind,
    fi: q.text.fi,
    en: q.text.en,
    options: q.options.map((o) => `${o.text.fi} | ${o.text.en}`).join('\n'),
    required: q.required,
    ...(q.area ? { area: q.area } : {}),
  };
}

function toInput(q: DraftQuestion) {
  const choice = q.kind === 'single' || q.kind === 'multiple';
  return {
    ...(q.id ? { id: q.id } : {}),
    kind: q.kind,
    text: { fi: q.fi, en: q.en },
    options: choice
      ? q.options
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [fi = '', en = ''] = line.split('|').map((x) => x.trim());
            return { text: { fi, en } };
          })
      : [],
    required: q.required,
    ...(q.area ? { area: q.area } : {}),
  };
}

const PREVIEW_DELAY_MS = 300;

/**
 * Why the preview failed. On a bad draft, what the fields say, without the API's "check the
 * highlighted fields": the preview highlights none (a save does).
 */
function previewError(error: unknown, locale: Locale): string {
  const fields = error instanceof ApiFailure ? [...new Set(Object.values(error.fields))] : [];
  return fields.length > 0 ? fields.join(' ') : userMessage(error, locale);
}

function SurveyEditor({
  api,
  survey,
  onDone,
}: {
  readonly api: ApiClient;
  readonly survey: SurveyView;
  readonly onDone: (saved: boolean) => void;
}) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [title, setTitle] = useState(survey.title);
  const [intro, setIntro] = useState(survey.intro);
  const [audience, setAudience] = useState(survey.audience);
  const [anonymous, setAnonymous] = useState(survey.anonymous);
  const [first, setFirst] = useState(firstDay(survey.opensAt));
  const [last, setLast] = useState(lastDay(survey.closesAt));
  const [questions, setQuestions] = useState<DraftQuestion[]>(survey.questions.map(toDraft));
  const [fields, setFields] = useState<Readonly<Record<string, string>>>({});
  const [saving, setSaving] = useState(false);

  const [previewLang, setPreviewLang] = useState<Locale>(locale);
  const [preview, setPreview] = useState<{ card?: unknown; error?: string }>({});

  // What a save sends, and what the preview draws.
  const input = useMemo(
    () => ({
      title,
      intro,
      audience,
      anonymous,
      window: { first, last },
      questions: questions.map(toInput),
      ...(survey.template ? { template: survey.template } : {}),
    }),
    [title, intro, audience, anonymous, first, last, questions, survey.template],
  );

  // The card the bot would post, drawn by the server a moment after the last edit; on a failure
  // the last card that worked stays, with the reason above it.
  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api
        .json<{ card: unknown }>('/surveys/preview', {
          method: 'POST',
          json: { survey: input, locale: previewLang },
          signal: abort.signal,
        })
        .then(
          (answer) => setPreview({ card: answer.card }),
          (error: unknown) => {
            if (abort.signal.aborted) return;
            setPreview((p) => ({ ...p, error: previewError(error, locale) }));
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, input, previewLang, locale]);

  const change = (i: number, patch: Partial<DraftQuestion>) =>
    setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  // After a move the focus stays on the moved question's button (or its other one at an edge),
  // so a keyboard user can keep moving it.
  const [moved, setMoved] = useState<{ key: string; by: -1 | 1 }>();
  const move = (i: number, by: -1 | 1) => {
    const key = questions[i]?.key;
    if (!key) return;
    setQuestions((qs) => moveItem(qs, i, i + by));
    setMoved({ key, by });
  };
  useEffect(() => {
    if (!moved) return;
    const at = questions.findIndex((q) => q.key === moved.key);
    const edge = (moved.by < 0 && at === 0) || (moved.by > 0 && at === questions.length - 1);
    const by = edge ? -moved.by : moved.by;
    document.querySelector<HTMLButtonElement>(`[data-move="${moved.key}:${by}"]`)?.focus();
    setMoved(undefined);
  }, [moved, questions]);

  const save = async () => {
    setSaving(true);
    setFields({});
    try {
      await api.json(`/surveys/${survey.id}`, {
        method: 'PUT',
        ifMatch: survey.etag,
        json: input,
      });
      onDone(true);
    } catch (e) {
      if (e instanceof ApiFailure) setFields(e.fields);
      setFields((f) => ({ ...f, '(form)': userMessage(e, locale) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section
      className={`${styles.root} ${styles.page}`}
      data-testid="survey-editor"
      aria-labelledby="survey-editor-title"
    >
      <div className={styles.actions}>
        <Button onClick={() => onDone(false)}>{t('surveys.tab.back')}</Button>
      </div>
      <Title3 as="h2" id="survey-editor-title">
        {title[locale] || title.fi}
      </Title3>
      {fields['(form)'] && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{fields['(form)']}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.split}>
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className={styles.grid}>
            <Field label={t('surveys.tab.titleFi')} required validationMessage={fields['title.fi']}>
              <Input value={title.fi} onChange={(_, d) => setTitle({ ...title, fi: d.value })} />
            </Field>
            <Field label={t('surveys.tab.titleEn')} validationMessage={fields['title.en']}>
              <Input value={title.en} onChange={(_, d) => setTitle({ ...title, en: d.value })} />
            </Field>
            <Field label={t('surveys.tab.introFi')}>
              <Textarea value={intro.fi} onChange={(_, d) => setIntro({ ...intro, fi: d.value })} />
            </Field>
            <Field label={t('surveys.tab.introEn')}>
              <Textarea value={intro.en} onChange={(_, d) => setIntro({ ...intro, en: d.value })} />
            </Field>
            <Field label={t('surveys.tab.audience')}>
              <Select value={audience} onChange={(_, d) => setAudience(d.value as typeof audience)}>
                {AUDIENCES.map((a) => (
                  <option key={a} value={a}>
                    {t(`surveys.audience.${a}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('surveys.tab.first')} validationMessage={fields['window.first']}>
              <Input type="date" value={first} onChange={(_, d) => setFirst(d.value)} />
            </Field>
            <Field label={t('surveys.tab.last')} validationMessage={fields['window.last']}>
              <Input type="date" value={last} onChange={(_, d) => setLast(d.value)} />
            </Field>
          </div>
          <Checkbox
            checked={anonymous}
            onChange={(_, d) => setAnonymous(d.checked === true)}
            label={t('surveys.tab.anonymous')}
          />
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>{t('surveys.tab.questions')}</legend>
            {fields.questions && <Caption1 role="alert">{fields.questions}</Caption1>}
            {questions.map((q, i) => (
              <fieldset key={q.key} className={styles.question} data-testid="survey-question">
                <legend className={styles.legend}>{t('surveys.tab.question', { n: i + 1 })}</legend>
                <div className={styles.grid}>
                  <Field
                    label={t('surveys.tab.questionFi')}
                    required
                    validationMessage={fields[`questions.${i}.text.fi`]}
                  >
                    <Textarea value={q.fi} onChange={(_, d) => change(i, { fi: d.value })} />
                  </Field>
                  <Field label={t('surveys.tab.questionEn')}>
                    <Textarea value={q.en} onChange={(_, d) => change(i, { en: d.value })} />
                  </Field>
                  <Field label={t('surveys.tab.kind')}>
                    <Select
                      value={q.kind}
                      onChange={(_, d) => change(i, { kind: d.value as QuestionKind })}
                    >
                      {QUESTION_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`surveys.kind.${k}`)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {(q.kind === 'single' || q.kind === 'multiple') && (
                    <Field
                      label={t('surveys.tab.options')}
                      validationMessage={fields[`questions.${i}.options`]}
                    >
                      <Textarea
                        value={q.options}
                        onChange={(_, d) => change(i, { options: d.value })}
                      />
                    </Field>
                  )}
                </div>
                <div className={styles.actions}>
                  <Checkbox
                    checked={q.required}
                    onChange={(_, d) => change(i, { required: d.checked === true })}
                    label={t('surveys.tab.required')}
                  />
                  <Button
                    size="small"
                    data-move={`${q.key}:-1`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    {t('surveys.tab.moveUp', { n: i + 1 })}
                  </Button>
                  <Button
                    size="small"
                    data-move={`${q.key}:1`}
                    disabled={i === questions.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    {t('surveys.tab.moveDown', { n: i + 1 })}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}
                  >
                    {t('surveys.tab.removeQuestion', { n: i + 1 })}
                  </Button>
                </div>
              </fieldset>
            ))}
            <Button
              onClick={() =>
                setQuestions((qs) => [
                  ...qs,
                  {
                    key: draftKey(),
                    kind: 'agreement',
                    fi: '',
                    en: '',
                    options: '',
                    required: false,
                  },
                ])
              }
            >
              {t('surveys.tab.addQuestion')}
            </Button>
          </fieldset>
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabled={saving} data-testid="survey-save">
              {t('surveys.tab.save')}
            </Button>
          </div>
        </form>
        <aside
          className={styles.preview}
          aria-labelledby="survey-preview-title"
          data-testid="survey-preview"
        >
          <Subtitle2 as="h3" id="survey-preview-title">
            {t('surveys.tab.preview')}
          </Subtitle2>
          <TabList
            size="small"
            selectedValue={previewLang}
            onTabSelect={(_, d) => setPreviewLang(d.value as Locale)}
            aria-label={t('surveys.tab.previewLang')}
          >
            {(['fi', 'en'] as const).map((lang) => (
              <Tab key={lang} value={lang} data-testid={`survey-preview-${lang}`}>
                {t(`surveys.tab.previewLang.${lang}`)}
              </Tab>
            ))}
          </TabList>
          {preview.error && (
            <MessageBar intent="warning" layout="multiline" data-testid="survey-preview-error">
              <MessageBarBody>
                {t('surveys.tab.previewFailed', { message: preview.error })}
                {preview.card ? ` ${t('surveys.tab.previewKept')}` : ''}
              </MessageBarBody>
            </MessageBar>
          )}
          {preview.card ? (
            <CardPreview
              card={preview.card}
              label={t('surveys.tab.previewCard')}
              testId="survey-card"
            />
          ) : (
            !preview.error && <Spinner size="small" label={t('surveys.tab.previewLoading')} />
          )}
        </aside>
      </div>
    </section>
  );
}

// ---------- results ----------

function valueLabel(
  q: Pick<Question, 'options'> | undefined,
  value: string,
  t: ReturnType<typeof useT>['t'],
  locale: 'fi' | 'en',
): string {
  const option = q?.options.find((o) => o.id === value);
  return option ? option.text[locale] || option.text.fi : t(`surveys.value.${value}` as MessageKey);
}

/** One sentence that says what the chart shows. */
function summary(
  r: QuestionResult,
  question: Question | undefined,
  t: ReturnType<typeof useT>['t'],
  locale: 'fi' | 'en',
): string {
  if (r.tooFew) return t('surveys.results.tooFew');
  const bars = r.distribution ?? [];
  const share = (v: string) => percent(bars.find((b) => b.value === v)?.share ?? 0, locale);
  switch (r.kind) {
    case 'agreement':
      return t('surveys.results.summaryAgreement', {
        n: r.n,
        share: percent(r.agreeShare ?? 0, locale),
      });
    case 'rating':
      return t('surveys.results.summaryRating', {
        n: r.n,
        good: share('good'),
        moderate: share('moderate'),
        poor: share('poor'),
      });
    case 'text':
      return t('surveys.results.summaryText', { n: r.n });
    default: {
      const top = [...bars].sort((a, b) => b.count - a.count)[0];
      return t('surveys.results.summaryChoice', {
        n: r.n,
        top: top ? valueLabel(question, top.value, t, locale) : '',
        share: percent(top?.share ?? 0, locale),
      });
    }
  }
}

function SurveyResultsView({
  api,
  id,
  coordinator,
  toast,
  onBack,
}: {
  readonly api: ApiClient;
  readonly id: string;
  readonly coordinator: boolean;
  readonly toast: Notify;
  readonly onBack: () => void;
}) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [data, setData] = useState<ResultsResponse | undefined>();
  const [texts, setTexts] = useState<Readonly<Record<string, readonly string[]>>>({});
  // A failed read of the free answers is said beside the free-text questions, not hidden.
  const [textsError, setTextsError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    // Free answers come on their own: the charts do not wait for them.
    api
      .json<{ texts: Record<string, string[]> }>(`/surveys/${id}/texts`)
      .then((r) => setTexts(r.texts))
      .catch((e: unknown) => setTextsError(userMessage(e, locale)));
  }, [api, id, locale]);

  useEffect(() => {
    api
      .json<ResultsResponse>(`/surveys/${id}/results`)
      .then(setData)
      .catch((e: unknown) => setError(userMessage(e, locale)));
  }, [api, id, locale]);

  const downloadCsv = async () => {
    const response = await api.send(`/surveys/${id}/results.csv`);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `${data?.survey.title.fi ?? 'kysely'}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  if (error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!data) return <Spinner label={t('surveys.tab.loading')} />;
  const { survey, results } = data;
  return (
    <section
      className={`${styles.root} ${styles.page}`}
      data-testid="survey-results-view"
      aria-labelledby="survey-results-title"
    >
      <div className={styles.actions}>
        <Button onClick={onBack}>{t('surveys.tab.back')}</Button>
        <Button onClick={() => void downloadCsv()}>{t('surveys.tab.csv')}</Button>
        {coordinator && (
          <Button
            onClick={() =>
              void api
                .json<{ card: string }>(`/surveys/${id}/results/post`, { method: 'POST' })
                .then((r) =>
                  toast(
                    t(
                      r.card === 'queued'
                        ? 'surveys.tab.resultsQueued'
                        : 'surveys.tab.resultsNotPosted',
                    ),
                    r.card === 'queued' ? 'success' : 'info',
                  ),
                )
                .catch((e: unknown) => toast(userMessage(e, locale), 'error'))
            }
          >
            {t('surveys.tab.postResults')}
          </Button>
        )}
      </div>
      <Title3 as="h2" id="survey-results-title">
        {survey.title[locale] || survey.title.fi}
      </Title3>
      <Body1 role="status">{t('surveys.tab.respondents', { n: results.respondents })}</Body1>
      {results.questions.map((r, i) => {
        const question = survey.questions.find((q) => q.id === r.id);
        const headingId = `result-${r.id}`;
        const text = summary(r, question, t, locale);
        const history = data.history
          .map((h) => ({ year: h.year, r: h.results.questions.find((x) => x.id === r.id) }))
          .filter((h) => h.r);
        return (
          <article
            key={r.id}
            className={styles.result}
            aria-labelledby={headingId}
            data-testid="survey-result"
          >
            <Subtitle2 as="h3" id={headingId}>
              {i + 1}. {r.text[locale] || r.text.fi}
            </Subtitle2>
            <Body1>{text}</Body1>
            {!r.tooFew && r.distribution && (
              <>
                <figure className={styles.figure}>
                  {/* The chart repeats the table below for the eye; screen readers read the table. */}
                  <div className={styles.bars} aria-hidden="true">
                    {r.distribution.map((b) => (
                      <div key={b.value} style={{ display: 'contents' }}>
                        <span className={styles.barText}>
                          {valueLabel(question, b.value, t, locale)}
                        </span>
                        <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                          <span className={styles.track} style={{ flexGrow: 1 }}>
                            <span
                              className={styles.bar}
                              style={{ display: 'block', width: `${Math.round(b.share * 100)}%` }}
                            />
                          </span>
                          <span className={styles.barText}>
                            {b.count} · {percent(b.share, locale)}
                          </span>
                        </span>
                      </div>
                    ))}
                  </div>
                </figure>
                <div className={styles.scroll}>
                  <Table
                    size="extra-small"
                    aria-label={`${t('surveys.tab.table')}: ${r.text[locale] || r.text.fi}`}
                  >
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell>{t('surveys.tab.value')}</TableHeaderCell>
                        <TableHeaderCell>{t('surveys.tab.count')}</TableHeaderCell>
                        <TableHeaderCell>{t('surveys.tab.share')}</TableHeaderCell>
                        {history.map((h) => (
                          <TableHeaderCell key={h.year}>{h.year}</TableHeaderCell>
                        ))}
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {r.distribution.map((b) => (
                        <TableRow key={b.value}>
                          <TableCell>{valueLabel(question, b.value, t, locale)}</TableCell>
                          <TableCell>{b.count}</TableCell>
                          <TableCell>{percent(b.share, locale)}</TableCell>
                          {history.map((h) => {
                            const other = h.r?.distribution?.find((x) => x.value === b.value);
                            return (
                              <TableCell key={h.year}>
                                {h.r?.tooFew
                                  ? t('surveys.results.tooFew')
                                  : percent(other?.share ?? 0, locale)}
                              </TableCell>
                            );
                          })}
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </>
            )}
            {r.kind === 'text' && textsError && (
              <MessageBar intent="error">
                <MessageBarBody>{textsError}</MessageBarBody>
              </MessageBar>
            )}
            {r.kind === 'text' && (texts[r.id] ?? []).length > 0 && (
              <details>
                <summary>{t('surveys.tab.freeText')}</summary>
                <ul>
                  {(texts[r.id] ?? []).map((x, k) => (
                    <li key={k}>{x}</li>
                  ))}
                </ul>
              </details>
            )}
          </article>
        );
      })}
    </section>
  );
}

// ---------- indicators ----------

function computedText(
  v: ComputedValue | undefined,
  t: ReturnType<typeof useT>['t'],
  locale: 'fi' | 'en',
): string {
  if (!v) return '';
  if (v.tooFew) return t('surveys.results.tooFew');
  if (v.agreeShare !== undefined)
    return t('surveys.results.agree', { share: percent(v.agreeShare, locale) });
  const shares = ['good', 'moderate', 'poor']
    .map(
      (k) =>
        `${t(`surveys.value.${k}` as MessageKey).toLowerCase()} ${percent(v.shares?.[k] ?? 0, locale)}`,
    )
    .join(', ');
  return t('surveys.indicator.level', {
    level: v.level ? t(`surveys.value.${v.level}`) : '',
    shares,
  });
}

function IndicatorTables({
  indicators,
  onEnter,
}: {
  readonly indicators: readonly IndicatorView[];
  /** Coordinators: a value entered by hand (e.g. from interviews) for a year. */
  readonly onEnter?: (
    view: IndicatorView,
    year: string,
    value: { fi: string; en: string },
  ) => Promise<void>;
}) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [chosen, setChosen] = useState(indicators[0]?.indicator.id ?? '');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [valueFi, setValueFi] = useState('');
  const [valueEn, setValueEn] = useState('');
  const years = [
    ...new Set(
      indicators.flatMap((i) => [
        ...Object.keys(i.indicator.values).map(Number),
        ...i.computed.map((c) => c.year),
      ]),
    ),
  ].sort();
  return (
    <section aria-labelledby="indicators-title" className={styles.root}>
      <Subtitle2 as="h3" id="indicators-title">
        {t('surveys.tab.indicators')}
      </Subtitle2>
      {([1, 2] as const).map((table) => (
        <div key={table} className={styles.scroll}>
          <Table
            size="small"
            aria-label={t(table === 1 ? 'surveys.tab.table1' : 'surveys.tab.table2')}
            data-testid={`indicators-${table}`}
          >
            <caption style={{ textAlign: 'start', fontWeight: 600 }}>
              {t(table === 1 ? 'surveys.tab.table1' : 'surveys.tab.table2')}
            </caption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('surveys.tab.indicator')}</TableHeaderCell>
                <TableHeaderCell>{t('surveys.tab.baseline')}</TableHeaderCell>
                {years.map((y) => (
                  <TableHeaderCell key={y}>{y}</TableHeaderCell>
                ))}
                <TableHeaderCell>{t('surveys.tab.source')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {indicators
                .filter((i) => i.indicator.table === table)
                .map(({ indicator, computed }) => (
                  <TableRow key={indicator.id}>
                    <TableCell>{indicator.name[locale] || indicator.name.fi}</TableCell>
                    <TableCell>{indicator.baseline[locale] || indicator.baseline.fi}</TableCell>
                    {years.map((y) => {
                      const manual = indicator.values[String(y)];
                      const value = computed.find((c) => c.year === y);
                      return (
                        <TableCell key={y}>
                          {manual ? manual[locale] || manual.fi : computedText(value, t, locale)}
                        </TableCell>
                      );
                    })}
                    <TableCell>
                      {indicator.sourceLabel[locale] || indicator.sourceLabel.fi}
                    </TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </div>
      ))}
      {onEnter && (
        <form
          className={styles.row}
          data-testid="indicator-form"
          onSubmit={(e) => {
            e.preventDefault();
            const view = indicators.find((i) => i.indicator.id === chosen);
            if (view) void onEnter(view, year, { fi: valueFi, en: valueEn });
          }}
        >
          <Field label={t('surveys.tab.indicator')}>
            <Select value={chosen} onChange={(_, d) => setChosen(d.value)}>
              {indicators.map((i) => (
                <option key={i.indicator.id} value={i.indicator.id}>
                  {i.indicator.name[locale] || i.indicator.name.fi}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('surveys.tab.year')}>
            <Input
              type="number"
              min={2000}
              max={2100}
              value={year}
              onChange={(_, d) => setYear(d.value)}
            />
          </Field>
          <Field label={t('surveys.tab.valueFi')}>
            <Input value={valueFi} onChange={(_, d) => setValueFi(d.value)} />
          </Field>
          <Field label={t('surveys.tab.valueEn')}>
            <Input value={valueEn} onChange={(_, d) => setValueEn(d.value)} />
          </Field>
          <Button type="submit">{t('surveys.tab.enterValue')}</Button>
        </form>
      )}
    </section>
  );
}
