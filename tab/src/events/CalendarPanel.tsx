/**
 * The annual calendar: the wheel picture in the page's theme and, beside it, the same year as a
 * list by month, which is also the picture's text alternative. Below, the calendar feed link to
 * copy into Outlook; coordinators can revoke it by making a new one.
 */
import {
  Badge,
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
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular, KeyResetRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { entryWhen } from '@yhdistysyhteistyo/contract/calendar';
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import { formatDateTime, monthName } from '@yhdistysyhteistyo/contract/time';
import { CATEGORY_SHAPES, PALETTES, wheelSvg } from '@yhdistysyhteistyo/contract/wheel';
import { userMessage } from '../api/client';
import type { Notify } from '../components/Notices';
import { useT } from '../i18n';
import type { CalendarResponse, EventsClient, FeedLink } from './api';
import { useWheelTheme } from './theme';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(280px, 560px) minmax(280px, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    '@media (max-width: 899px)': { gridTemplateColumns: '1fr' },
  },
  wheel: {
    '& svg': { width: '100%', height: 'auto', display: 'block' },
    borderRadius: tokens.borderRadiusLarge,
    overflow: 'hidden',
  },
  months: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  month: { margin: 0 },
  monthTitle: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400 },
  list: { margin: 0, paddingInlineStart: 0, listStyle: 'none' },
  item: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
    padding: `${tokens.spacingVerticalXXS} 0`,
    flexWrap: 'wrap',
  },
  swatch: { width: '14px', height: '14px', flexShrink: 0, alignSelf: 'center' },
  when: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  none: { color: tokens.colorNeutralForeground2 },
  feed: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    maxWidth: '760px',
    marginTop: tokens.spacingVerticalL,
  },
  feedRow: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  feedInput: { flexGrow: 1, minWidth: '240px' },
});

type Data =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly calendar: CalendarResponse };

interface Props {
  readonly api: EventsClient;
  readonly year: number;
  readonly isCoordinator: boolean;
  readonly toast: Notify;
}

export function CalendarPanel({ api, year, isCoordinator, toast }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const root = useRef<HTMLDivElement>(null);
  const theme = useWheelTheme(root);
  const [data, setData] = useState<Data>({ status: 'loading' });
  const [feed, setFeed] = useState<FeedLink | undefined>();
  const [confirmRotate, setConfirmRotate] = useState(false);

  useEffect(() => {
    let alive = true;
    setData({ status: 'loading' });
    Promise.all([api.calendar(year), api.feed(year)]).then(
      ([calendar, link]) => {
        if (!alive) return;
        setData({ status: 'ready', calendar });
        setFeed(link);
      },
      (error: unknown) =>
        alive && setData({ status: 'error', message: userMessage(error, locale) }),
    );
    return () => {
      alive = false;
    };
  }, [api, year, locale]);

  const svg = useMemo(
    () =>
      data.status === 'ready'
        ? wheelSvg(data.calendar, { theme, locale, idPrefix: 'vuosikello', description: 'summary' })
        : '',
    [data, theme, locale],
  );

  const copy = async () => {
    if (!feed) return;
    try {
      await navigator.clipboard.writeText(feed.url);
      toast(t('events.tab.feedCopied'));
    } catch {
      // Some Teams clients block the clipboard in tabs: the address is selectable in the field.
      toast(t('events.tab.feedCopyByHand'), 'info');
    }
  };

  const rotate = async () => {
    setConfirmRotate(false);
    try {
      setFeed(await api.rotateFeed(year));
      toast(t('events.tab.feedRotated'));
    } catch (error) {
      toast(userMessage(error, locale), 'error');
    }
  };

  return (
    <div ref={root}>
      {data.status === 'loading' && <Spinner label={t('events.tab.loading')} />}
      {data.status === 'error' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t('events.tab.loadFailed')}</MessageBarTitle>
            {data.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {data.status === 'ready' && (
        <div className={styles.layout}>
          <div
            className={styles.wheel}
            data-testid="wheel"
            // Built by our own drawing code from the calendar data, every text escaped.
            dangerouslySetInnerHTML={{ __html: svg }}
          />
          <div className={styles.months} data-testid="month-list">
            <Text size={300}>{data.calendar.textAlternative.summary}</Text>
            {data.calendar.months.map((m) => {
              const id = `month-${m.month}`;
              return (
                <section key={m.month} aria-labelledby={id} className={styles.month}>
                  <h3 id={id} className={styles.monthTitle}>
                    {capitalize(monthName(m.month, locale))}
                  </h3>
                  {m.entries.length === 0 ? (
                    <Text className={styles.none}>{t('events.tab.monthEmpty')}</Text>
                  ) : (
                    <ul className={styles.list}>
                      {m.entries.map((e) => (
                        <li key={e.id} className={styles.item} data-testid="calendar-entry">
                          <Swatch
                            category={e.category}
                            colour={PALETTES[theme].colours[e.colour]}
                            className={styles.swatch}
                          />
                          <span className={styles.when}>{entryWhen(e, locale)}</span>
                          <span>{localized(e.title, locale)}</span>
                          <Badge appearance="outline" color="informative">
                            {t(`events.category.${e.category}`)}
                          </Badge>
                          {e.state !== 'published' && (
                            <Badge
                              appearance="tint"
                              color={e.state === 'cancelled' ? 'danger' : 'warning'}
                            >
                              {t(`events.state.${e.state}`)}
                            </Badge>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        </div>
      )}
      {feed && (
        <section className={styles.feed} aria-labelledby="feed-title">
          <Subtitle2 as="h2" id="feed-title">
            {t('events.tab.feedTitle')}
          </Subtitle2>
          <Text>{t('events.tab.feedHelp')}</Text>
          <div className={styles.feedRow}>
            <Field label={t('events.tab.feedLabel', { year })} className={styles.feedInput}>
              <Input readOnly value={feed.url} data-testid="feed-url" />
            </Field>
          </div>
          <div className={styles.feedRow}>
            <Button icon={<CopyRegular />} onClick={() => void copy()}>
              {t('events.tab.feedCopy')}
            </Button>
            {isCoordinator && (
              <Button icon={<KeyResetRegular />} onClick={() => setConfirmRotate(true)}>
                {t('events.tab.feedRotate')}
              </Button>
            )}
          </div>
          {feed.rotatedAt && (
            <Text size={200}>
              {t('events.tab.feedRotatedAt', { at: formatDateTime(feed.rotatedAt, locale) })}
            </Text>
          )}
        </section>
      )}
      <Dialog open={confirmRotate} onOpenChange={(_, d) => setConfirmRotate(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('events.tab.feedRotateTitle')}</DialogTitle>
            <DialogContent>{t('events.tab.feedRotateBody')}</DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => void rotate()}>
                {t('events.tab.feedRotateConfirm')}
              </Button>
              <Button onClick={() => setConfirmRotate(false)}>
                {t('events.tab.cancelAction')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}

/** The category's mark as in the wheel: shape and colour together, so colour is not alone. */
export function Swatch({
  category,
  colour,
  className,
}: {
  readonly category: keyof typeof CATEGORY_SHAPES;
  readonly colour: string;
  readonly className?: string;
}) {
  const shape = CATEGORY_SHAPES[category];
  const points: Record<string, string> = {
    square: '2,2 12,2 12,12 2,12',
    diamond: '7,0 14,7 7,14 0,7',
    triangle: '7,1 13,13 1,13',
    triangleDown: '1,1 13,1 7,13',
    hexagon: '13,7 10,12.2 4,12.2 1,7 4,1.8 10,1.8',
    plus: '5,1 9,1 9,5 13,5 13,9 9,9 9,13 5,13 5,9 1,9 1,5 5,5',
  };
  return (
    <svg viewBox="0 0 14 14" className={className} aria-hidden="true" focusable="false">
      {shape === 'circle' ? (
        <circle cx="7" cy="7" r="6" fill={colour} />
      ) : (
        <polygon points={points[shape]} fill={colour} />
      )}
    </svg>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
