/**
 * An evening's answers: the counts for everyone, the person's own answer to give or change
 * (the same record as the card's), and for coordinators and contact persons everyone's names,
 * associations and content wishes, with a CSV export.
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
  Radio,
  RadioGroup,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useEffect, useState, type FormEvent } from 'react';
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import {
  MAX_CONTENT_WISH,
  RSVP_ANSWERS,
  registrationOpen,
  rsvpInputSchema,
  type RsvpAnswer,
} from '@yhdistysyhteistyo/contract/events/rsvp';
import { formatDateTime } from '@yhdistysyhteistyo/contract/time';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import { ApiFailure, userMessage } from '../api/client';
import type { Notify } from '../components/Notices';
import { useT } from '../i18n';
import { WishesSection } from '../wishes/WishesSection';
import { saveBlob, type EventView, type EventsClient, type RsvpList } from './api';

const useStyles = makeStyles({
  surface: { maxWidth: '900px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  counts: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap', margin: 0 },
  count: { display: 'flex', flexDirection: 'column' },
  countValue: {
    fontSize: tokens.fontSizeHero700,
    fontWeight: tokens.fontWeightSemibold,
    margin: 0,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
  tableWrap: { overflowX: 'auto' },
  wish: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

interface Props {
  readonly api: EventsClient;
  readonly event: EventView;
  readonly seesAnswers: boolean;
  readonly toast: Notify;
  readonly onClose: () => void;
}

export function AnswersDialog({ api, event, seesAnswers, toast, onClose }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const [list, setList] = useState<RsvpList | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [answer, setAnswer] = useState<RsvpAnswer | ''>('');
  const [association, setAssociation] = useState('');
  const [wish, setWish] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [status, setStatus] = useState('');
  const open = registrationOpen(event, new Date());

  useEffect(() => {
    let alive = true;
    api.rsvps(event.id).then(
      (l) => {
        if (!alive) return;
        setList(l);
        if (l.mine) {
          setAnswer(l.mine.answer);
          setAssociation(l.mine.association);
          setWish(l.mine.contentWish);
        }
      },
      (error: unknown) => alive && setLoadError(userMessage(error, locale)),
    );
    return () => {
      alive = false;
    };
  }, [api, event.id, locale]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const input = { answer, association, contentWish: wish };
    const check = rsvpInputSchema.safeParse(input);
    if (!check.success) {
      setErrors(fieldMessages(check.error.issues, t, (path) => String(path[0])));
      return;
    }
    setErrors({});
    setSending(true);
    try {
      await api.answer(event.id, input);
      setList(await api.rsvps(event.id));
      setStatus(t('events.rsvp.saved'));
      toast(t('events.rsvp.saved'));
    } catch (error) {
      if (error instanceof ApiFailure) {
        setErrors(Object.fromEntries(Object.entries(error.fields)));
      }
      setStatus(userMessage(error, locale));
      toast(userMessage(error, locale), 'error');
    } finally {
      setSending(false);
    }
  };

  const exportCsv = async () => {
    try {
      saveBlob(await api.rsvpsCsv(event.id), `${t('events.tab.csvName')}.csv`);
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    }
  };

  const counts = list?.counts;
  const wishLength = [...wish].length;

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>
            {t('events.tab.answersTitle', { title: localized(event.title, locale) })}
          </DialogTitle>
          <DialogContent className={styles.content}>
            {!list && !loadError && <Spinner label={t('events.tab.loading')} />}
            {loadError && (
              <MessageBar intent="error">
                <MessageBarBody>{loadError}</MessageBarBody>
              </MessageBar>
            )}
            {counts && (
              <dl className={styles.counts} data-testid="answer-counts">
                {RSVP_ANSWERS.map((a) => (
                  <div key={a} className={styles.count}>
                    <dt>{t(`events.answer.${a}`)}</dt>
                    <dd className={styles.countValue} data-testid={`count-${a}`}>
                      {counts[a]}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            {list && event.kind === 'evening' && (
              <form className={styles.form} onSubmit={(e) => void send(e)} noValidate>
                <h3 className={styles.heading}>{t('events.tab.yourAnswer')}</h3>
                <Text>
                  {open
                    ? t('events.tab.deadline', {
                        at: formatDateTime(event.registrationDeadline, locale),
                      })
                    : event.state === 'cancelled'
                      ? t('events.rsvp.cancelled')
                      : t('events.rsvp.closed', {
                          deadline: formatDateTime(event.registrationDeadline, locale),
                        })}
                </Text>
                <Field
                  label={t('events.tab.answerChoice')}
                  required
                  validationMessage={errors.answer}
                  validationState={errors.answer ? 'error' : 'none'}
                >
                  <RadioGroup
                    value={answer}
                    onChange={(_, d) => setAnswer(d.value as RsvpAnswer)}
                    layout="horizontal"
                    disabled={!open}
                  >
                    {RSVP_ANSWERS.map((a) => (
                      <Radio key={a} value={a} label={t(`events.answer.${a}`)} />
                    ))}
                  </RadioGroup>
                </Field>
                <Field
                  label={t('events.tab.association')}
                  validationMessage={errors.association}
                  validationState={errors.association ? 'error' : 'none'}
                >
                  <Input
                    value={association}
                    onChange={(_, d) => setAssociation(d.value)}
                    disabled={!open}
                  />
                </Field>
                <Field
                  label={t('events.tab.contentWish')}
                  hint={t('events.tab.contentWishHint', { n: wishLength, max: MAX_CONTENT_WISH })}
                  validationMessage={errors.contentWish}
                  validationState={errors.contentWish ? 'error' : 'none'}
                >
                  <Textarea
                    value={wish}
                    onChange={(_, d) => setWish(d.value)}
                    disabled={!open}
                    resize="vertical"
                  />
                </Field>
                <div>
                  <Button
                    appearance="primary"
                    type="submit"
                    disabled={!open || sending}
                    data-testid="send-answer"
                  >
                    {t('events.tab.sendAnswer')}
                  </Button>
                </div>
                <Text role="status">{status}</Text>
              </form>
            )}
            {seesAnswers && list?.items && (
              <section aria-labelledby="answers-list">
                <h3 id="answers-list" className={styles.heading}>
                  {t('events.tab.allAnswers', { n: list.items.length })}
                </h3>
                {list.items.length === 0 ? (
                  <Text>{t('events.tab.noAnswers')}</Text>
                ) : (
                  <div className={styles.tableWrap}>
                    <Table aria-labelledby="answers-list" data-testid="answers-table">
                      <TableHeader>
                        <TableRow>
                          <TableHeaderCell>{t('events.csv.name')}</TableHeaderCell>
                          <TableHeaderCell>{t('events.csv.answer')}</TableHeaderCell>
                          <TableHeaderCell>{t('events.csv.association')}</TableHeaderCell>
                          <TableHeaderCell>{t('events.csv.contentWish')}</TableHeaderCell>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {list.items.map((r) => (
                          <TableRow key={r.userId} data-testid="answer-row">
                            <TableCell>{r.name}</TableCell>
                            <TableCell>{t(`events.answer.${r.answer}`)}</TableCell>
                            <TableCell>{r.association}</TableCell>
                            <TableCell className={styles.wish}>{r.contentWish}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </div>
                )}
              </section>
            )}
            {seesAnswers && list?.items && <WishesSection answers={list.items} />}
          </DialogContent>
          <DialogActions>
            {seesAnswers && (
              <Button icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()}>
                {t('events.tab.exportCsv')}
              </Button>
            )}
            <Button onClick={onClose}>{t('events.tab.close')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
