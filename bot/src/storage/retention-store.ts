/**
 * The rows retention reads and changes (see `delivery/retention.ts`): evenings from the Events
 * table, their answers in Rsvps, audit entries by their time, and the last run in the Leases
 * table (partition `retention`), beside the timer's own state.
 */
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { RetentionRow, RetentionStore } from '../domain/retention';
import { encodeKey } from './keys';
import { anonymiseAnswer, answerHoldsPerson } from './personal-data-store';
import { storageStatus } from './tables';

type Row = Record<string, unknown>;
type Client = Pick<
  TableClient,
  'listEntities' | 'getEntity' | 'upsertEntity' | 'deleteEntity' | 'submitTransaction'
>;

const STATE = { partitionKey: 'retention', rowKey: 'state' } as const;

const str = (row: Row, key: string): string => {
  const v = row[key];
  return typeof v === 'string' ? v : '';
};

const refOf = (row: Row) => ({ ref: JSON.stringify([row.partitionKey, row.rowKey]) });
function keysOf(row: RetentionRow): [string, string] {
  const parsed: unknown = JSON.parse(row.ref);
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw new RangeError('not a retention row reference');
  }
  return [parsed[0], parsed[1]];
}

async function all(table: Client, filter: string): Promise<TableEntityResult<Row>[]> {
  const out: TableEntityResult<Row>[] = [];
  for await (const page of table
    .listEntities<Row>({ queryOptions: { filter } })
    .byPage({ maxPageSize: 1000 })) {
    out.push(...page);
  }
  return out;
}

export class TableRetentionStore implements RetentionStore {
  constructor(
    private readonly tables: {
      readonly events: Client;
      readonly rsvps: Client;
      readonly audit: Client;
      readonly leases: Client;
    },
  ) {}

  async lastRun(): Promise<string | undefined> {
    try {
      const row = await this.tables.leases.getEntity<Row>(STATE.partitionKey, STATE.rowKey);
      return str(row, 'lastRun') || undefined;
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async saveLastRun(at: string): Promise<void> {
    await this.tables.leases.upsertEntity({ ...STATE, lastRun: at }, 'Merge');
  }

  async evenings(before: string): Promise<{ id: string; end: string }[]> {
    const rows = await all(
      this.tables.events,
      odata`PartitionKey eq ${'event'} and kind eq ${'evening'} and rangeStart lt ${before}`,
    );
    return rows.map((r) => ({ id: str(r, 'rowKey'), end: str(r, 'end') }));
  }

  async answersWithPerson(eveningId: string): Promise<RetentionRow[]> {
    const pk = encodeKey(eveningId);
    const rows = await all(
      this.tables.rsvps,
      odata`PartitionKey eq ${pk} and RowKey ge ${'a!'} and RowKey lt ${'a"'}`,
    );
    return rows.filter(answerHoldsPerson).map(refOf);
  }

  async clearAnswer(row: RetentionRow): Promise<void> {
    const [pk, rk] = keysOf(row);
    let current: TableEntityResult<Row>;
    try {
      current = await this.tables.rsvps.getEntity<Row>(pk, rk);
    } catch (error) {
      if (storageStatus(error) === 404) return;
      throw error;
    }
    await anonymiseAnswer(this.tables.rsvps, current);
  }

  async auditBefore(before: string): Promise<RetentionRow[]> {
    return (await all(this.tables.audit, odata`at lt ${before}`)).map(refOf);
  }

  async removeAudit(row: RetentionRow): Promise<void> {
    const [pk, rk] = keysOf(row);
    try {
      await this.tables.audit.deleteEntity(pk, rk);
    } catch (error) {
      if (storageStatus(error) !== 404) throw error;
    }
  }
}
