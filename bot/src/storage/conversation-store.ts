/**
 * Installations and people's bot preferences in the Conversations table.
 *
 * Keys and why:
 * - A team and its channels share one partition, `team-<encoded team id>`: the team row (RowKey
 *   `team`, which is also the General channel, whose id is the team id) holds the team's name,
 *   its channel list, who installed it and the chosen post channel; each other channel has a row
 *   `channel-<encoded channel id>`. Marking a team gone touches one partition.
 * - Personal chats are rows of the partition `personal`, group chats of `groupChat`, RowKey the
 *   encoded conversation id. Preferences are rows of `user`, RowKey the encoded Entra object id.
 * - Teams ids hold `:` `;` `@`, hence `encodeKey` everywhere.
 * - State changes (installed, gone, welcomed, post channel) are conditional on the ETag read,
 *   so two events about the same install arriving together make one change, not two.
 */
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { z } from 'zod';
import type { LanguageChoice } from '../domain/commands';
import {
  baseConversationId,
  conversationIdOf,
  referenceForChannel,
  type Actor,
  type ChannelInfo,
  type ConversationKey,
  type ConversationKind,
  type ConversationRef,
  type InstallInput,
  type Installation,
  type InstallationStore,
  type PostTarget,
  type TeamChange,
} from '../domain/installations';
import type { PreferenceStore, UserPreferences } from '../domain/preferences';
import { encodeKey } from './keys';
import {
  jsonColumn,
  readOrSkip,
  requiredJsonColumn,
  warnCorruptRow,
  type CorruptRowReporter,
} from './columns';
import { storageStatus, TABLES } from './tables';

export type ConversationsTable = Pick<
  TableClient,
  'getEntity' | 'createEntity' | 'updateEntity' | 'upsertEntity' | 'listEntities'
>;

const TEAM_ROW = 'team';
const USER_PARTITION = 'user';
/** How long a read of everyone's reply language is used before it is read again. */
const PREFERENCES_MAX_AGE_MS = 30_000;
/** Conditional writes that lose a race are retried this many times with a fresh read. */
const ATTEMPTS = 5;

type Row = Record<string, unknown>;
type Entity = Row & { partitionKey: string; rowKey: string };

/** The keys of a row read from the table (always there on rows the service returns). */
function rowKeys(row: TableEntityResult<Row>): { partitionKey: string; rowKey: string } {
  if (row.partitionKey === undefined || row.rowKey === undefined) {
    throw new Error('a table row came back without its keys');
  }
  return { partitionKey: row.partitionKey, rowKey: row.rowKey };
}

export function keysOf(key: ConversationKey): { partitionKey: string; rowKey: string } {
  switch (key.kind) {
    case 'team':
      return { partitionKey: `team-${encodeKey(key.teamId)}`, rowKey: TEAM_ROW };
    case 'channel':
      return {
        partitionKey: `team-${encodeKey(key.teamId)}`,
        rowKey: `channel-${encodeKey(key.channelId)}`,
      };
    default:
      return { partitionKey: key.kind, rowKey: encodeKey(key.conversationId) };
  }
}

const referenceSchema = z.object({
  activityId: z.string().optional(),
  user: z
    .object({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() })
    .optional(),
  bot: z.object({ id: z.string(), name: z.string().optional() }),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    name: z.string().optional(),
  }),
  channelId: z.string(),
  serviceUrl: z.string(),
  locale: z.string().optional(),
});

const channelsSchema = z.array(z.object({ id: z.string(), name: z.string().optional() }));

const str = (row: Row, name: string): string | undefined => {
  const v = row[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** Only the reference's own fields, so nothing else of an activity is stored by accident. */
function cleanReference(ref: ConversationRef): ConversationRef {
  return referenceSchema.parse(ref);
}

function keyOfRow(row: Row): ConversationKey {
  const kind = str(row, 'kind') as ConversationKind | undefined;
  const conversationId = str(row, 'conversationId') ?? '';
  const teamId = str(row, 'teamId') ?? '';
  switch (kind) {
    case 'team':
      return { kind, teamId };
    case 'channel':
      return { kind, teamId, channelId: conversationId };
    case 'personal':
    case 'groupChat':
      return { kind, conversationId };
    default:
      throw new Error(`conversation row of unknown kind: ${String(kind)}`);
  }
}

/**
 * An installation from its row. A damaged `reference` or `channels` column is a
 * `CorruptRecordError`: a channel change built on a default list would lose the channels.
 */
export function rowToInstallation(row: Row): Installation {
  const place = {
    table: TABLES.conversations,
    key: `${str(row, 'partitionKey') ?? ''}/${str(row, 'rowKey') ?? ''}`,
  };
  const reference = requiredJsonColumn(row, place, 'reference', referenceSchema);
  const channels = jsonColumn(row, place, 'channels', channelsSchema, undefined);
  const installedById = str(row, 'installedById');
  const aad = str(row, 'installedByAadObjectId');
  return {
    key: keyOfRow(row),
    state: row.state === 'active' ? 'active' : 'gone',
    reference,
    welcomed: row.welcomed === true,
    updatedAt: str(row, 'updatedAt') ?? '',
    ...(str(row, 'tenantId') ? { tenantId: str(row, 'tenantId') } : {}),
    ...(str(row, 'teamName') ? { teamName: str(row, 'teamName') } : {}),
    ...(str(row, 'channelName') ? { channelName: str(row, 'channelName') } : {}),
    ...(channels ? { channels } : {}),
    ...(str(row, 'postChannelId') ? { postChannelId: str(row, 'postChannelId') } : {}),
    ...(installedById
      ? { installedBy: { id: installedById, ...(aad ? { aadObjectId: aad } : {}) } }
      : {}),
    ...(str(row, 'installedAt') ? { installedAt: str(row, 'installedAt') } : {}),
    ...(str(row, 'userAadObjectId') ? { userAadObjectId: str(row, 'userAadObjectId') } : {}),
    ...(typeof row.guest === 'boolean' ? { guest: row.guest } : {}),
    ...(str(row, 'addressKey') ? { addressKey: str(row, 'addressKey') } : {}),
  };
}

function teamIdOf(key: ConversationKey): string {
  return key.kind === 'team' || key.kind === 'channel' ? key.teamId : '';
}

export class TableConversationStore implements InstallationStore {
  constructor(
    private readonly table: ConversationsTable,
    /** Told about an installation a list leaves out because its row does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {}

  private async read(key: ConversationKey): Promise<TableEntityResult<Row> | undefined> {
    const { partitionKey, rowKey } = keysOf(key);
    try {
      return await this.table.getEntity<Row>(partitionKey, rowKey);
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** Runs a read-modify-write until it wins the ETag race (or gives up after a few tries). */
  private async conditional<T>(attempt: () => Promise<T | 'retry'>): Promise<T> {
    for (let i = 0; i < ATTEMPTS; i++) {
      try {
        const result = await attempt();
        if (result !== 'retry') return result;
      } catch (error) {
        const status = storageStatus(error);
        if (status !== 409 && status !== 412) throw error;
      }
    }
    throw new Error('conversation row kept changing; gave up after several attempts');
  }

  async activate(input: InstallInput): Promise<{ readonly activated: boolean }> {
    const { partitionKey, rowKey } = keysOf(input.key);
    const reference = JSON.stringify(cleanReference(input.reference));
    const details: Row = {
      ...(input.tenantId ? { tenantId: input.tenantId } : {}),
      ...(input.teamName ? { teamName: input.teamName } : {}),
      ...(input.channelName ? { channelName: input.channelName } : {}),
      ...(input.userAadObjectId ? { userAadObjectId: input.userAadObjectId } : {}),
      ...(input.guest !== undefined ? { guest: input.guest } : {}),
      ...(input.addressKey ? { addressKey: input.addressKey } : {}),
    };
    const installed: Row = {
      installedAt: input.at,
      installedById: input.installedBy?.id ?? '',
      installedByAadObjectId: input.installedBy?.aadObjectId ?? '',
    };
    return this.conditional(async () => {
      const current = await this.read(input.key);
      if (!current) {
        await this.table.createEntity<Row>({
          partitionKey,
          rowKey,
          kind: input.key.kind,
          conversationId: conversationIdOf(input.key),
          teamId: teamIdOf(input.key),
          state: 'active',
          welcomed: false,
          reference,
          ...(input.key.kind === 'team'
            ? { channels: JSON.stringify([{ id: input.key.teamId }]) }
            : {}),
          ...details,
          ...installed,
          updatedAt: input.at,
        });
        return { activated: true };
      }
      const wasGone = current.state !== 'active';
      const changed =
        wasGone ||
        current.reference !== reference ||
        Object.entries(details).some(([k, v]) => current[k] !== v);
      if (!changed) return { activated: false };
      await this.table.updateEntity<Row>(
        {
          partitionKey,
          rowKey,
          state: 'active',
          reference,
          ...details,
          ...(wasGone ? { ...installed, welcomed: false, goneAt: '' } : {}),
          updatedAt: input.at,
        },
        'Merge',
        { etag: current.etag },
      );
      return { activated: wasGone };
    });
  }

  async claimWelcome(key: ConversationKey): Promise<boolean> {
    const { partitionKey, rowKey } = keysOf(key);
    return this.conditional(async () => {
      const current = await this.read(key);
      if (!current || current.state !== 'active' || current.welcomed === true) return false;
      await this.table.updateEntity<Row>({ partitionKey, rowKey, welcomed: true }, 'Merge', {
        etag: current.etag,
      });
      return true;
    });
  }

  async markGone(key: ConversationKey, at: string): Promise<boolean> {
    const rows =
      key.kind === 'team' ? await this.partitionRows(keysOf(key).partitionKey) : undefined;
    const targets = rows ?? [await this.read(key)].filter((r) => r !== undefined);
    if (targets.length === 0) return false;
    for (const row of targets) {
      if (row.state === 'gone') continue;
      await this.table.updateEntity<Row>(
        {
          ...rowKeys(row),
          state: 'gone',
          welcomed: false,
          goneAt: at,
          updatedAt: at,
        },
        'Merge',
      );
    }
    return true;
  }

  private async partitionRows(partitionKey: string): Promise<TableEntityResult<Row>[]> {
    const out: TableEntityResult<Row>[] = [];
    const pages = this.table
      .listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) out.push(...page);
    return out;
  }

  async get(key: ConversationKey): Promise<Installation | undefined> {
    const row = await this.read(key);
    return row ? rowToInstallation(row) : undefined;
  }

  async updateTeam(teamId: string, change: TeamChange, at: string): Promise<void> {
    const teamKey: ConversationKey = { kind: 'team', teamId };
    const { partitionKey, rowKey } = keysOf(teamKey);
    const team = await this.conditional(async () => {
      const current = await this.read(teamKey);
      if (!current) return undefined;
      const patch: Entity = { partitionKey, rowKey, updatedAt: at };
      if (change.teamName) patch.teamName = change.teamName;
      if (change.channels) {
        const wanted =
          typeof change.channels === 'function'
            ? change.channels(rowToInstallation(current).channels ?? [{ id: teamId }])
            : change.channels;
        const channels = normaliseChannels(teamId, wanted);
        patch.channels = JSON.stringify(channels);
        // A deleted post channel sends posts back to General.
        const post = str(current, 'postChannelId');
        if (post && !channels.some((c) => c.id === post)) patch.postChannelId = '';
      }
      await this.table.updateEntity<Row>(patch, 'Merge', { etag: current.etag });
      return rowToInstallation({ ...current, ...patch });
    });
    if (!team || !change.channels) return;
    // Channel rows follow the list: new ones active, missing ones gone, renamed ones renamed.
    const existing = new Map(
      (await this.partitionRows(partitionKey))
        .filter((r) => r.rowKey !== TEAM_ROW)
        .map((r) => [str(r, 'conversationId') ?? '', r]),
    );
    const listed = new Set<string>();
    for (const channel of team.channels ?? []) {
      if (channel.id === teamId) continue;
      listed.add(channel.id);
      const row = existing.get(channel.id);
      const wanted: Entity = {
        ...keysOf({ kind: 'channel', teamId, channelId: channel.id }),
        kind: 'channel',
        conversationId: channel.id,
        teamId,
        state: team.state,
        reference: JSON.stringify(referenceForChannel(team.reference, channel.id)),
        channelName: channel.name ?? '',
        ...(team.teamName ? { teamName: team.teamName } : {}),
        updatedAt: at,
      };
      if (!row) {
        await this.table.upsertEntity<Row>({ ...wanted, welcomed: true }, 'Merge');
      } else if (row.state !== team.state || row.channelName !== (channel.name ?? '')) {
        await this.table.upsertEntity<Row>(wanted, 'Merge');
      }
    }
    for (const [id, row] of existing) {
      if (!listed.has(id) && row.state === 'active') {
        await this.table.updateEntity<Row>(
          {
            ...rowKeys(row),
            state: 'gone',
            goneAt: at,
            updatedAt: at,
          },
          'Merge',
        );
      }
    }
  }

  async setPostChannel(teamId: string, channelId: string, by: Actor, at: string): Promise<void> {
    const teamKey: ConversationKey = { kind: 'team', teamId };
    const { partitionKey, rowKey } = keysOf(teamKey);
    const id = baseConversationId(channelId);
    const channels = await this.conditional(async () => {
      const current = await this.read(teamKey);
      if (!current || current.state !== 'active') {
        throw new Error('the team is not installed: cannot choose its post channel');
      }
      const team = rowToInstallation(current);
      // The message came from this channel of this team, so it exists even if the list is old.
      const known = team.channels ?? [{ id: teamId }];
      const list = known.some((c) => c.id === id) ? known : [...known, { id }];
      await this.table.updateEntity<Row>(
        {
          partitionKey,
          rowKey,
          postChannelId: id === teamId ? '' : id,
          postChannelById: by.id,
          postChannelByAadObjectId: by.aadObjectId ?? '',
          postChannelAt: at,
          channels: JSON.stringify(list),
          updatedAt: at,
        },
        'Merge',
        { etag: current.etag },
      );
      return list.length === known.length ? undefined : list;
    });
    if (channels) await this.updateTeam(teamId, { channels }, at);
  }

  async postTarget(teamId: string): Promise<PostTarget | undefined> {
    const team = await this.get({ kind: 'team', teamId });
    if (!team || team.state !== 'active') return undefined;
    let channelId = team.postChannelId ?? teamId;
    if (channelId !== teamId) {
      const channel = await this.get({ kind: 'channel', teamId, channelId });
      if (channel && channel.state !== 'active') channelId = teamId;
    }
    const channelName = team.channels?.find((c) => c.id === channelId)?.name;
    return {
      teamId,
      channelId,
      reference: referenceForChannel(team.reference, channelId),
      ...(team.teamName ? { teamName: team.teamName } : {}),
      ...(channelName ? { channelName } : {}),
    };
  }

  async listActive(kind?: ConversationKind): Promise<Installation[]> {
    const filter = kind
      ? odata`state eq ${'active'} and kind eq ${kind}`
      : odata`state eq ${'active'}`;
    const out: Installation[] = [];
    const pages = this.table
      .listEntities<Row>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 });
    // One damaged row must not stop a delivery pass.
    for await (const page of pages) {
      for (const row of page) {
        const installation = readOrSkip(() => rowToInstallation(row), this.onCorruptRow);
        if (installation) out.push(installation);
      }
    }
    return out;
  }
}

/** General first (its id is the team id), then the others in the order Teams gave them. */
function normaliseChannels(teamId: string, channels: readonly ChannelInfo[]): ChannelInfo[] {
  const out: ChannelInfo[] = [{ id: teamId }];
  for (const c of channels) {
    const id = baseConversationId(c.id);
    if (id === teamId || out.some((o) => o.id === id)) continue;
    out.push(c.name ? { id, name: c.name } : { id });
  }
  return out;
}

/** People's preferences: rows of the `user` partition, keyed by Entra object id. */
export class TablePreferenceStore implements PreferenceStore {
  /**
   * The reply languages of everyone who ever chose one, read as one query and kept 30 s (a
   * change on another instance shows within that). Every turn needs its person's language, and
   * most people never choose one: a point read per new person (a "not found" each time) cost a
   * storage round trip on every first turn; now a turn reads storage at most once in 30 s.
   */
  private languages:
    { readonly byUser: Map<string, LanguageChoice>; readonly readAt: number } | undefined;
  private loading: Promise<Map<string, LanguageChoice>> | undefined;
  /** Choices made on this instance, until a read that began after them holds them. */
  private readonly chosenHere = new Map<string, { language: LanguageChoice; at: number }>();

  constructor(
    private readonly table: ConversationsTable,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async get(userKey: string): Promise<UserPreferences> {
    const language = (await this.allLanguages()).get(encodeKey(userKey));
    return language ? { language } : {};
  }

  private async allLanguages(): Promise<Map<string, LanguageChoice>> {
    const kept = this.languages;
    if (kept && this.now() - kept.readAt < PREFERENCES_MAX_AGE_MS) return kept.byUser;
    // Turns arriving while the partition is read share the one read.
    this.loading ??= this.readLanguages().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async readLanguages(): Promise<Map<string, LanguageChoice>> {
    const readAt = this.now();
    const byUser = new Map<string, LanguageChoice>();
    const pages = this.table
      .listEntities<Row>({
        queryOptions: {
          filter: odata`PartitionKey eq ${USER_PARTITION}`,
          select: ['RowKey', 'language'],
        },
      })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const row of page) {
        const language = row.language;
        if (row.rowKey && (language === 'fi' || language === 'en'))
          byUser.set(row.rowKey, language);
      }
    }
    // A choice made here while the read was under way may be missing from it.
    for (const [key, choice] of this.chosenHere) {
      if (choice.at >= readAt) byUser.set(key, choice.language);
      else this.chosenHere.delete(key);
    }
    this.languages = { byUser, readAt };
    return byUser;
  }

  async setLanguage(userKey: string, language: LanguageChoice, at: string): Promise<void> {
    await this.table.upsertEntity<Row>(
      { partitionKey: USER_PARTITION, rowKey: encodeKey(userKey), language, updatedAt: at },
      'Merge',
    );
    // This instance answers in the new language at once; others within their 30 s.
    this.languages?.byUser.set(encodeKey(userKey), language);
    this.chosenHere.set(encodeKey(userKey), { language, at: this.now() });
  }
}
