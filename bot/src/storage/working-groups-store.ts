/**
 * Working groups in the WorkingGroups table: one partition, `group`, RowKey = the group id
 * (a slug of its Finnish name). A city has a handful of groups: the list is one small query and
 * a read by id a point read. Members are a JSON list on the row (≤ 200 members stays far under
 * the 64 KiB property limit). Writes carry ETags like every other store.
 */
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { z } from 'zod';
import type {
  ContactPerson,
  GroupMember,
  WorkingGroup,
} from '@yhdistysyhteistyo/contract/events/working-groups';
import { leadTimesColumn, type LeadTime } from '@yhdistysyhteistyo/contract/events/lead-times';
import { DuplicateGroupError, StaleVersionError, type Versioned } from '../domain/errors';
import { jsonColumn, readOrSkip, warnCorruptRow, type CorruptRowReporter } from './columns';
import { storageStatus, TABLES } from './tables';

export const GROUP_PARTITION = 'group';

export type WorkingGroupsTable = Pick<
  TableClient,
  'getEntity' | 'listEntities' | 'createEntity' | 'updateEntity' | 'deleteEntity'
>;

type Row = Record<string, unknown>;

const str = (row: Row, key: string): string => {
  const v = row[key];
  return typeof v === 'string' ? v : '';
};

export type GroupEntity = Row & { partitionKey: string; rowKey: string };

export function groupToEntity(group: WorkingGroup): GroupEntity {
  return {
    partitionKey: GROUP_PARTITION,
    rowKey: group.id,
    nameFi: group.name.fi,
    nameEn: group.name.en,
    purposeFi: group.purpose.fi,
    purposeEn: group.purpose.en,
    builtIn: group.builtIn,
    members: JSON.stringify(group.members),
    contactName: group.contact?.name ?? '',
    contactUpn: group.contact?.upn ?? '',
    contactAadId: group.contact?.aadId ?? '',
    unit: group.unitId ?? '',
    active: group.active,
    leadTimes: group.leadTimes ? JSON.stringify(group.leadTimes) : '',
    channelId: group.channelId ?? '',
    createdAt: group.createdAt,
    createdBy: group.createdBy,
    updatedAt: group.updatedAt,
    updatedBy: group.updatedBy,
  };
}

/** The `members` column: people of Teams and representatives of associations. */
const membersColumn = z.array(
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('user'),
      name: z.string(),
      upn: z.string().optional(),
      aadId: z.string().optional(),
    }),
    z.object({ kind: z.literal('email'), name: z.string(), email: z.string().optional() }),
    z.object({
      kind: z.literal('representative'),
      name: z.string(),
      associationId: z.string().optional(),
      association: z.string().optional(),
    }),
  ]),
);

/** A group from its row; a damaged `members` column is a `CorruptRecordError`, never `[]`. */
export function entityToGroup(row: Row): WorkingGroup {
  const place = { table: TABLES.workingGroups, key: str(row, 'rowKey') };
  const members: GroupMember[] = jsonColumn(row, place, 'members', membersColumn, []);
  const leadTimes: LeadTime[] | undefined = jsonColumn(
    row,
    place,
    'leadTimes',
    leadTimesColumn,
    undefined,
  );
  const contact: ContactPerson | undefined = str(row, 'contactName')
    ? {
        name: str(row, 'contactName'),
        ...(str(row, 'contactUpn') ? { upn: str(row, 'contactUpn') } : {}),
        ...(str(row, 'contactAadId') ? { aadId: str(row, 'contactAadId') } : {}),
      }
    : undefined;
  return {
    id: str(row, 'rowKey'),
    name: { fi: str(row, 'nameFi'), en: str(row, 'nameEn') },
    purpose: { fi: str(row, 'purposeFi'), en: str(row, 'purposeEn') },
    builtIn: row.builtIn === true,
    members,
    ...(contact ? { contact } : {}),
    ...(str(row, 'unit') ? { unitId: str(row, 'unit') } : {}),
    active: row.active !== false,
    ...(leadTimes ? { leadTimes } : {}),
    ...(str(row, 'channelId') ? { channelId: str(row, 'channelId') } : {}),
    createdAt: str(row, 'createdAt'),
    createdBy: str(row, 'createdBy'),
    updatedAt: str(row, 'updatedAt'),
    updatedBy: str(row, 'updatedBy'),
  };
}

function versioned(row: TableEntityResult<Row>): Versioned<WorkingGroup> {
  return { value: entityToGroup(row), etag: row.etag };
}

export class WorkingGroupsStore {
  constructor(
    private readonly table: WorkingGroupsTable,
    /** Told about a group the list leaves out because its row does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {}

  async get(id: string): Promise<Versioned<WorkingGroup> | undefined> {
    if (!/^[a-z0-9-]{1,64}$/.test(id)) return undefined;
    try {
      return versioned(await this.table.getEntity<Row>(GROUP_PARTITION, id));
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async list(): Promise<Versioned<WorkingGroup>[]> {
    const out: Versioned<WorkingGroup>[] = [];
    const rows = this.table.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${GROUP_PARTITION}` },
    });
    for await (const row of rows) {
      const group = readOrSkip(() => versioned(row), this.onCorruptRow);
      if (group) out.push(group);
    }
    // The four of the model first, then the others by name.
    out.sort(
      (a, b) =>
        Number(b.value.builtIn) - Number(a.value.builtIn) ||
        a.value.name.fi.localeCompare(b.value.name.fi, 'fi'),
    );
    return out;
  }

  /** Creates the group; a group with the same id already there is a `DuplicateGroupError`. */
  async create(group: WorkingGroup): Promise<Versioned<WorkingGroup>> {
    try {
      const res = await this.table.createEntity(groupToEntity(group));
      return { value: group, etag: res.etag ?? '' };
    } catch (error) {
      if (storageStatus(error) === 409) throw new DuplicateGroupError();
      throw error;
    }
  }

  async replace(group: WorkingGroup, etag: string): Promise<Versioned<WorkingGroup>> {
    try {
      const res = await this.table.updateEntity(groupToEntity(group), 'Replace', { etag });
      return { value: group, etag: res.etag ?? '' };
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404) {
        throw new StaleVersionError((await this.get(group.id)) ?? null);
      }
      throw error;
    }
  }

  async delete(id: string, etag: string): Promise<void> {
    try {
      await this.table.deleteEntity(GROUP_PARTITION, id, { etag });
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412) throw new StaleVersionError((await this.get(id)) ?? null);
      if (status === 404) return;
      throw error;
    }
  }

  /** The ids of every group, reading the keys only (associations name their groups by id). */
  async ids(): Promise<Set<string>> {
    const ids = new Set<string>();
    const rows = this.table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${GROUP_PARTITION}`, select: ['rowKey'] },
    });
    for await (const row of rows) if (row.rowKey) ids.add(row.rowKey);
    return ids;
  }
}
