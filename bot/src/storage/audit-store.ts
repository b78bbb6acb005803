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
import { ERASED, type NewAuditEntry } from '../domain/associations-service';
import { encodeKey } from './keys';

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

function parseChanges(text: unknown): AuditChange[] {
  if (typeof text !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as AuditChange[]) : [];
  } catch {
    return [];
  }
}

function toEntry(e: TableEntityResult<AuditRow>): AuditEntry {
  return {
    id: e.rowKey ?? '',
    at: e.at,
    by: e.by,
    action: e.action as AuditAction,
    ...(e.associationId ? { associationId: e.associationId } : {}),
    changes: parseChanges(e.changes),
  };
}

export class AuditStore {
  constructor(
    private readonly table: AuditTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

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
  async history(associationId: string): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    const filter = odata`PartitionKey eq ${auditPartition(associationId)}`;
    for await (const page of this.table
      .listEntities<AuditRow>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) out.push(toEntry(e));
    }
    return out;
  }

  /** Rows a person made (for their data export). Scans the table: a rare, coordinator-only call. */
  async byPerson(upn: string): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const page of this.table
      .listEntities<AuditRow>({ queryOptions: { filter: odata`by eq ${upn}` } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) out.push(toEntry(e));
    }
    return out;
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
