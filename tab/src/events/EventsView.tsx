/**
 * The year's events in the tab: the annual calendar (a list by month and the wheel) and the
 * events themselves, which coordinators create, edit, publish and cancel, and everyone answers.
 * Loaded lazily: the associations register never pays for it.
 */
import { Field, Select, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { MeResponse } from '@yhdistysyhteistyo/contract/people';
import { useApiClient } from '../api/use-api-client';
import type { Notify } from '../components/Notices';
import { useT } from '../i18n';
import type { Session } from '../session';
import { EventsClient } from './api';
import { CalendarPanel } from './CalendarPanel';
import { EventsPanel } from './EventsPanel';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    minHeight: 0,
    overflowY: 'auto',
    paddingBottom: tokens.spacingVerticalXXL,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  year: { minWidth: '120px' },
});

type Panel = 'calendar' | 'events';

export interface EventsViewProps {
  readonly session: Session;
  readonly me: MeResponse;
  readonly toast: Notify;
  readonly onSignedOut: () => void;
}

/** The year that is mostly ahead: in November and December the next one. */
export function defaultYear(now = new Date()): number {
  return new Date(now.getTime() + 60 * 86_400_000).getFullYear();
}

export default function EventsView({ session, me, toast, onSignedOut }: EventsViewProps) {
  const styles = useStyles();
  const { t } = useT();
  const client = useApiClient(session, onSignedOut);
  const api = useMemo(() => new EventsClient(client), [client]);
  const [panel, setPanel] = useState<Panel>('calendar');
  const [year, setYear] = useState(defaultYear);
  const years = useMemo(() => {
    const now = new Date().getFullYear();
    return [now - 1, now, now + 1, now + 2];
  }, []);
  const isCoordinator = me.roles.coordinator;
  const seesAnswers = me.roles.coordinator || me.roles.units.length > 0;

  return (
    <div className={styles.root} data-testid="events-view">
      <div className={styles.bar}>
        <TabList
          selectedValue={panel}
          onTabSelect={(_, d) => setPanel(d.value as Panel)}
          aria-label={t('events.tab.views')}
        >
          <Tab value="calendar" data-testid="events-tab-calendar">
            {t('events.tab.calendar')}
          </Tab>
          <Tab value="events" data-testid="events-tab-events">
            {t('events.tab.events')}
          </Tab>
        </TabList>
        <Field label={t('events.tab.year')} className={styles.year}>
          <Select
            value={String(year)}
            onChange={(_, d) => setYear(Number(d.value))}
            data-testid="events-year"
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {panel === 'calendar' ? (
        <CalendarPanel api={api} year={year} isCoordinator={isCoordinator} toast={toast} />
      ) : (
        <EventsPanel
          api={api}
          year={year}
          isCoordinator={isCoordinator}
          seesAnswers={seesAnswers}
          toast={toast}
        />
      )}
    </div>
  );
}
