/**
 * The audit trail: who changed what and when, for every create, update, delete, import and
 * erasure.
 *
 * Keys: PartitionKey `a:<association id>` (the history screen reads one association's rows:
 * one query of one partition), or `erasure` for erasures, which name no association. RowKey =
 * the time inverted (so a query returns the newest first) plus a random suffix (two changes in
 * the same millisecond never collide). Rows never hold the values of personal fields (contact
 * people), only that they changed, so an erasure does not have to rewrite history; the UPN of
 * who made a change is personal data of a city employee and is replaced by "erased" when that
 * person's data is erased.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type {
  AuditAction,
  AuditChange,
  AuditEntry,
} from '@yhdistysyhteistyo/contract/associations';
import { z } from 'zod';
import { ERASED, type NewAuditEntry } from '../domain/associations-service';
import { jsonColumn, readOrSkip, warnCorruptRow, type CorruptRowReporter } from './columns';
import { encodeKey } from './keys';
import { TABLES } from './tables';

export type AuditTable = Pick<TableClient, 'createEntity' | 'listEntities' | 'updateEntity'>;

const MAX_TIME = 9_999_999_999_999;

interface AuditRow {
  at: string;
  by: string;
  action: string;
  associationId: string;
  changes: string;
}

export function auditPartition(associationId: string | undefined): string {
  return associationId ? `a:${encodeKey(associationId)}` : 'erasure';
}

/** The `changes` column: which fields changed, with values only of fields that are not personal. */
const changesColumn = z.array(
  z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }),
);

/** An entry from its row; a damaged `changes` column is a `CorruptRecordError`, never `[]`. */
function toEntry(e: TableEntityResult<AuditRow>): AuditEntry {
  const place = { table: TABLES.audit, key: `${e.partitionKey ?? ''}/${e.rowKey ?? ''}` };
  const changes: AuditChange[] = jsonColumn(e, place, 'changes', changesColumn, []);
  return {
    id: e.rowKey ?? '',
    at: e.at,
    by: e.by,
    action: e.action as AuditAction,
    ...(e.associationId ? { associationId: e.associationId } : {}),
    changes,
  };
}

export class AuditStore {
  constructor(
    private readonly table: AuditTable,
    private readonly now: () => Date = () => new Date(),
    /** Told about an entry a history leaves out because it does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {}

  /** The entries of a query; a damaged one is reported and left out, not the whole history. */
  private async entries(filter: string): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const page of this.table
      .listEntities<AuditRow>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) {
        const entry = readOrSkip(() => toEntry(e), this.onCorruptRow);
        if (entry) out.push(entry);
      }
    }
    return out;
  }

  async record(entry: NewAuditEntry): Promise<void> {
    const at = this.now();
    const rowKey = `${String(MAX_TIME - at.getTime()).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
    // A row holds ≤ 64 KiB per string: long notes are cut in the trail, never in the data.
    const changes = JSON.stringify(entry.changes);
    await this.table.createEntity({
      partitionKey: auditPartition(entry.associationId),
      rowKey,
      at: at.toISOString(),
      by: entry.by,
      action: entry.action,
      associationId: entry.associationId ?? '',
      changes: changes.length > 30_000 ? JSON.stringify([{ field: '(many)' }]) : changes,
    });
  }

  /**
   * Writes many entries, 16 at a time (an import of 5,000 rows writes 5,000 entries: one
   * partition each, so no transactions; ~11 s on single-threaded Azurite, parallel on Azure).
   */
  async recordAll(entries: readonly NewAuditEntry[], parallel = 16): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const entry = entries[next++];
        if (entry) await this.record(entry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, entries.length) }, worker));
  }

  /** One association's history, newest first. */
  history(associationId: string): Promise<AuditEntry[]> {
    return this.entries(odata`PartitionKey eq ${auditPartition(associationId)}`);
  }

  /** Rows a person made (for their data export). Scans the table: a rare, coordinator-only call. */
  byPerson(upn: string): Promise<AuditEntry[]> {
    return this.entries(odata`by eq ${upn}`);
  }

  /** Replaces a person's UPN in the trail with "erased"; returns how many rows changed. */
  async pseudonymise(upn: string): Promise<number> {
    let n = 0;
    for await (const page of this.table
      .listEntities<AuditRow>({ queryOptions: { filter: odata`by eq ${upn}` } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) {
        await this.table.updateEntity(
          { partitionKey: e.partitionKey ?? '', rowKey: e.rowKey ?? '', by: ERASED },
          'Merge',
        );
        n++;
      }
    }
    return n;
  }
}
