/**
 * The coordinator's working groups: create, rename and archive them; their service area,
 * contact person and members (people in Teams, people reached by e-mail only, association
 * representatives); when their meeting reminders go and to which channel of the team.
 */
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArchiveRegular, ArrowUndoRegular, EditRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import type { Unit } from '@yhdistysyhteistyo/contract/associations';
import {
  DEFAULT_MEETING_LEAD_TIMES,
  formatLeadTimes,
} from '@yhdistysyhteistyo/contract/events/lead-times';
import { localized } from '@yhdistysyhteistyo/contract/events/model';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import { ApiFailure, userMessage } from '../api/client';
import { useApiClient } from '../api/use-api-client';
import type { Notify } from '../components/Notices';
import { useT } from '../i18n';
import type { Session } from '../session';
import { GroupDialog, groupInput } from './GroupDialog';

export type GroupView = WorkingGroup & { readonly etag: string };

/** A channel of a team the app is in, as the API lists them. */
export interface TeamChannel {
  readonly id: string;
  readonly name?: string;
  readonly general: boolean;
  readonly teamId: string;
  readonly teamName?: string;
  readonly postChannel: boolean;
}

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly groups: readonly GroupView[];
      readonly channels: readonly TeamChannel[];
    };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  scroll: { overflowX: 'auto' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground2 },
});

interface Props {
  readonly session: Session;
  readonly units: readonly Unit[];
  readonly toast: Notify;
  readonly onSignedOut: () => void;
}

export default function GroupsView({ session, units, toast, onSignedOut }: Props) {
  const styles = useStyles();
  const { t, locale } = useT();
  const api = useApiClient(session, onSignedOut);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [editing, setEditing] = useState<GroupView | 'new' | undefined>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      const [groups, channels] = await Promise.all([
        api.json<{ items: GroupView[] }>('/working-groups'),
        api.json<{ items: TeamChannel[] }>('/team-channels'),
      ]);
      setLoad({ status: 'ready', groups: groups.items, channels: channels.items });
    } catch (error) {
      setLoad({ status: 'error', message: userMessage(error, locale) });
    }
  }, [api, locale]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const unitName = (id: string | undefined) => {
    const unit = units.find((u) => u.id === id);
    return unit ? localized(unit.name, locale) : '';
  };

  const channelName = (channels: readonly TeamChannel[], id: string | undefined) => {
    if (!id) return t('groups.channel.default');
    const c = channels.find((ch) => ch.id === id);
    if (!c) return t('groups.channel.default');
    return c.general ? t('groups.channel.general') : (c.name ?? c.id);
  };

  const setActive = async (group: GroupView, active: boolean) => {
    setBusy(true);
    const name = localized(group.name, locale);
    try {
      await api.json(`/working-groups/${encodeURIComponent(group.id)}`, {
        method: 'PUT',
        json: { ...groupInput(group), active },
        ifMatch: group.etag,
      });
      toast(t(active ? 'groups.restoredDone' : 'groups.archivedDone', { name }), 'success');
    } catch (error) {
      toast(
        error instanceof ApiFailure && error.code === 'conflict'
          ? t('groups.conflict')
          : userMessage(error, locale),
        'error',
      );
    } finally {
      setBusy(false);
      await reload();
    }
  };

  if (load.status === 'loading') return <Spinner label={t('groups.loading')} />;
  if (load.status === 'error') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>{load.message}</MessageBarBody>
      </MessageBar>
    );
  }

  const active = load.groups.filter((g) => g.active);
  const archived = load.groups.filter((g) => !g.active);

  const table = (list: readonly GroupView[], testId: string, caption: string) => (
    <div className={styles.scroll}>
      <Table aria-label={caption} data-testid={testId} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('groups.col.name')}</TableHeaderCell>
            <TableHeaderCell>{t('groups.col.unit')}</TableHeaderCell>
            <TableHeaderCell>{t('groups.col.contact')}</TableHeaderCell>
            <TableHeaderCell>{t('groups.col.members')}</TableHeaderCell>
            <TableHeaderCell>{t('groups.col.reminders')}</TableHeaderCell>
            <TableHeaderCell>{t('groups.col.channel')}</TableHeaderCell>
            <TableHeaderCell>{t('groups.col.actions')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.map((g) => {
            const name = localized(g.name, locale);
            return (
              <TableRow key={g.id} data-testid="group-row">
                <TableCell>
                  <Body1>{name}</Body1>
                  {g.builtIn && (
                    <>
                      {' '}
                      <Caption1 className={styles.muted}>({t('groups.builtIn')})</Caption1>
                    </>
                  )}
                </TableCell>
                <TableCell>{unitName(g.unitId)}</TableCell>
                <TableCell>{g.contact?.name ?? ''}</TableCell>
                <TableCell>{g.members.length}</TableCell>
                <TableCell>
                  {g.leadTimes
                    ? formatLeadTimes(g.leadTimes)
                    : t('leadTimes.defaults', {
                        text: formatLeadTimes(DEFAULT_MEETING_LEAD_TIMES),
                      })}
                </TableCell>
                <TableCell>{channelName(load.channels, g.channelId)}</TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Button
                      size="small"
                      icon={<EditRegular />}
                      aria-label={t('groups.editNamed', { name })}
                      disabled={busy}
                      onClick={() => setEditing(g)}
                    >
                      {t('groups.edit')}
                    </Button>
                    {g.active ? (
                      <Button
                        size="small"
                        icon={<ArchiveRegular />}
                        aria-label={t('groups.archiveNamed', { name })}
                        disabled={busy}
                        onClick={() => void setActive(g, false)}
                      >
                        {t('groups.archive')}
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        icon={<ArrowUndoRegular />}
                        aria-label={t('groups.restoreNamed', { name })}
                        disabled={busy}
                        onClick={() => void setActive(g, true)}
                      >
                        {t('groups.restore')}
                      </Button>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );

  return (
    <section className={styles.root} aria-labelledby="groups-title" data-testid="groups-view">
      <Title3 as="h2" id="groups-title">
        {t('groups.title')}
      </Title3>
      <Body1>{t('groups.intro')}</Body1>
      <div className={styles.bar}>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>
          {t('groups.new')}
        </Button>
      </div>
      {active.length === 0 ? (
        <Body1>{t('groups.none')}</Body1>
      ) : (
        table(active, 'groups-active', t('groups.title'))
      )}
      <Title3 as="h3">{t('groups.archived')}</Title3>
      {archived.length === 0 ? (
        <Body1>{t('groups.archivedNone')}</Body1>
      ) : (
        table(archived, 'groups-archived', t('groups.archived'))
      )}
      {editing && (
        <GroupDialog
          api={api}
          group={editing === 'new' ? undefined : editing}
          units={units}
          channels={load.channels}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            toast(t('groups.saved'), 'success');
            void reload();
          }}
          onConflict={() => {
            setEditing(undefined);
            toast(t('groups.conflict'), 'error');
            void reload();
          }}
        />
      )}
    </section>
  );
}
