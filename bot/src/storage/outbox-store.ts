/**
 * The outbox in Azure Tables: one row per (post, occurrence, target).
 *
 * PartitionKey is the UTC date the post is due, so the dispatcher reads a few small partitions;
 * RowKey is the encoded (post, occurrence, target), so computing the same due item twice finds
 * the row already there (409) and never makes a second. Every state change is a Replace guarded
 * by the row's ETag: of two instances moving the same row to `sending`, one gets 412 and backs off.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type {
  FailureReason,
  NewOutboxRow,
  OutboxOutcome,
  OutboxQuery,
  OutboxRow,
  OutboxState,
  OutboxStore,
  PostKind,
  PostPayload,
  Target,
} from '../delivery/ports';
import { targetKey } from '../delivery/ports';
import { z } from 'zod';
import { readOrSkip, requiredJsonColumn, warnCorruptRow, type CorruptRowReporter } from './columns';
import { encodeKey } from './keys';
import { storageStatus, TABLES, type TableStorage } from './tables';

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** The deterministic key of a row. */
export function outboxKey(row: Pick<NewOutboxRow, 'postId' | 'occurrence' | 'target' | 'dueAt'>): {
  partitionKey: string;
  rowKey: string;
} {
  return {
    partitionKey: row.dueAt.slice(0, 10),
    rowKey: encodeKey(`${row.postId}|${row.occurrence}|${targetKey(row.target)}`),
  };
}

/**
 * A row's id for URLs: its due date and a hash of its key, short enough for a path segment
 * (`20261128-` + 22 characters). The row also stores the hash, so the id finds it again.
 */
export function outboxId(partitionKey: string, rowKey: string): string {
  return `${partitionKey.replace(/-/g, '')}-${keyHash(partitionKey, rowKey)}`;
}

function keyHash(partitionKey: string, rowKey: string): string {
  return createHash('sha256').update(`${partitionKey}|${rowKey}`).digest('base64url').slice(0, 22);
}

function parseId(id: string): { partitionKey: string; hash: string } | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-([A-Za-z0-9_-]{22})$/.exec(id);
  if (!m) return undefined;
  return { partitionKey: `${m[1]}-${m[2]}-${m[3]}`, hash: m[4] ?? '' };
}

/** The store's own reference of a row (its two keys), kept in `OutboxRow.ref`. */
function refOf(partitionKey: string, rowKey: string): string {
  return `${partitionKey}|${rowKey}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function toEntity(
  row: OutboxRow | (NewOutboxRow & Partial<OutboxRow>),
  key: Entity | { partitionKey: string; rowKey: string },
): Entity {
  const e: Entity = {
    partitionKey: key.partitionKey,
    rowKey: key.rowKey,
    hash: keyHash(key.partitionKey, key.rowKey),
    postId: row.postId,
    occurrence: row.occurrence,
    targetKind: row.target.kind,
    personId: row.target.kind === 'personal' ? row.target.personId : '',
    targetChannel: row.target.kind === 'channel' ? (row.target.channelId ?? '') : '',
    kind: row.kind,
    dueAt: row.dueAt,
    state: row.state,
    payload: JSON.stringify(row.payload),
    attempts: row.attempts ?? 0,
    resends: row.resends ?? 0,
    updatedAt: row.updatedAt ?? new Date().toISOString(),
  };
  // Absent optional fields are left out, so a Replace clears what no longer applies.
  const optional: Record<string, string | number | undefined> = {
    reason: row.reason,
    resendOf: row.resendOf,
    notBefore: row.notBefore,
    conversationId: row.conversationId,
    claimedBy: row.claimedBy,
    claimEpoch: row.claimEpoch,
    claimedAt: row.claimedAt,
    sentAt: row.sentAt,
    activityId: row.activityId,
    httpStatus: row.httpStatus,
    errorCode: row.errorCode,
    cardBytes: row.cardBytes,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) e[k] = v;
  return e;
}

/** The `payload` column: what the card of the post is made from. */
const payloadColumn = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('meetingReminder'),
    meetingId: z.string(),
    occurrenceId: z.string(),
    start: z.string(),
    groupId: z.string(),
    daysBefore: z.number(),
  }),
  z.object({
    kind: z.literal('eveningReminder'),
    eveningId: z.string(),
    start: z.string(),
    daysBefore: z.number(),
  }),
  z.object({ kind: z.literal('monthly'), month: z.string() }),
  z.object({ kind: z.literal('annual'), year: z.number() }),
  z.object({ kind: z.literal('surveyOpen'), surveyId: z.string() }),
  z.object({ kind: z.literal('surveyReminder'), surveyId: z.string() }),
  z.object({ kind: z.literal('invitation'), eveningId: z.string() }),
  z.object({
    kind: z.literal('invitationUpdate'),
    eveningId: z.string(),
    change: z.enum(['answer', 'edited', 'cancelled']),
  }),
  z.object({
    kind: z.literal('invitationNotice'),
    eveningId: z.string(),
    change: z.enum(['edited', 'cancelled']),
  }),
  z.object({ kind: z.literal('staleData'), period: z.string(), units: z.array(z.string()) }),
  z.object({ kind: z.literal('surveyResults'), surveyId: z.string() }),
]);

/** A row from its entity; a damaged `payload` is a `CorruptRecordError`, not an empty post. */
function fromEntity(e: TableEntityResult<Record<string, unknown>>): OutboxRow {
  const partitionKey = e.partitionKey ?? '';
  const rowKey = e.rowKey ?? '';
  const payload: PostPayload = requiredJsonColumn(
    e,
    { table: TABLES.outbox, key: `${partitionKey}/${rowKey}` },
    'payload',
    payloadColumn,
  );
  const personId = str(e.personId);
  const channelId = str(e.targetChannel);
  const target: Target =
    e.targetKind === 'personal' && personId
      ? { kind: 'personal', personId }
      : channelId
        ? { kind: 'channel', channelId }
        : { kind: 'channel' };
  const optional = {
    reason: str(e.reason) as FailureReason | undefined,
    resendOf: str(e.resendOf),
    notBefore: str(e.notBefore),
    conversationId: str(e.conversationId),
    claimedBy: str(e.claimedBy),
    claimEpoch: num(e.claimEpoch),
    claimedAt: str(e.claimedAt),
    sentAt: str(e.sentAt),
    activityId: str(e.activityId),
    httpStatus: num(e.httpStatus),
    errorCode: str(e.errorCode),
    cardBytes: num(e.cardBytes),
  };
  return {
    id: outboxId(partitionKey, rowKey),
    ref: refOf(partitionKey, rowKey),
    postId: str(e.postId) ?? '',
    occurrence: str(e.occurrence) ?? '',
    target,
    kind: str(e.kind) as PostKind,
    dueAt: str(e.dueAt) ?? '',
    state: str(e.state) as OutboxState,
    payload,
    attempts: num(e.attempts) ?? 0,
    resends: num(e.resends) ?? 0,
    updatedAt: str(e.updatedAt) ?? '',
    etag: e.etag,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function without<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy: Partial<T> = { ...value };
  for (const k of keys) delete copy[k];
  return copy as Omit<T, K>;
}

function keysOf(row: OutboxRow): { partitionKey: string; rowKey: string } {
  const bar = row.ref.indexOf('|');
  if (bar <= 0) throw new RangeError(`not an outbox row reference: ${row.ref}`);
  return { partitionKey: row.ref.slice(0, bar), rowKey: row.ref.slice(bar + 1) };
}

/** UTC dates from `from` to `to` inclusive, as partition keys. */
function dates(from: string, to: string): { first: string; last: string } {
  return { first: from.slice(0, 10), last: to.slice(0, 10) };
}

export class TableOutboxStore implements OutboxStore {
  private readonly table: TableClient;

  constructor(
    storage: Pick<TableStorage, 'table'>,
    /** Told about a row a delivery pass leaves out because it does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {
    this.table = storage.table(TABLES.outbox);
  }

  async insert(rows: readonly NewOutboxRow[]): Promise<{ created: number; existing: number }> {
    let created = 0;
    let existing = 0;
    const now = new Date().toISOString();
    const byPartition = new Map<string, Entity[]>();
    const seen = new Set<string>();
    for (const row of rows) {
      const key = outboxKey(row);
      const id = `${key.partitionKey}|${key.rowKey}`;
      if (seen.has(id)) {
        existing++;
        continue;
      }
      seen.add(id);
      const list = byPartition.get(key.partitionKey) ?? [];
      list.push(toEntity({ ...row, attempts: 0, resends: 0, updatedAt: now }, key));
      byPartition.set(key.partitionKey, list);
    }
    for (const entities of byPartition.values()) {
      for (let i = 0; i < entities.length; i += 100) {
        const chunk = entities.slice(i, i + 100);
        try {
          // One round trip for a whole batch when all rows are new (the usual case).
          await this.table.submitTransaction(chunk.map((e) => ['create', e] as const));
          created += chunk.length;
        } catch (error) {
          const status = storageStatus(error);
          if (status === undefined || status >= 500) throw error;
          // Some row is already there: the batch failed whole; insert one by one.
          for (const e of chunk) {
            try {
              await this.table.createEntity(e);
              created++;
            } catch (inner) {
              if (storageStatus(inner) !== 409) throw inner;
              existing++;
            }
          }
        }
      }
    }
    return { created, existing };
  }

  async list(query: OutboxQuery): Promise<OutboxRow[]> {
    const { first, last } = dates(query.from, query.to);
    let filter = odata`PartitionKey ge ${first} and PartitionKey le ${last} and dueAt ge ${query.from} and dueAt lt ${query.to}`;
    if (query.states && query.states.length > 0) {
      filter += ` and (${query.states.map((s) => odata`state eq ${s}`).join(' or ')})`;
    }
    const out: OutboxRow[] = [];
    for await (const page of this.table
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      // One damaged row must not stop a delivery pass: the others are still sent.
      for (const e of page) {
        const row = readOrSkip(() => fromEntity(e), this.onCorruptRow);
        if (row) out.push(row);
      }
    }
    out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    return out;
  }

  async get(id: string): Promise<OutboxRow | undefined> {
    const key = parseId(id);
    if (!key) return undefined;
    const filter = odata`PartitionKey eq ${key.partitionKey} and hash eq ${key.hash}`;
    for await (const e of this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter },
    })) {
      return fromEntity(e);
    }
    return undefined;
  }

  /** Replaces the row if its ETag still matches; undefined on 412 (changed) or 404 (gone). */
  private async replace(row: OutboxRow, next: OutboxRow): Promise<OutboxRow | undefined> {
    const key = keysOf(row);
    try {
      const res = await this.table.updateEntity(toEntity(next, key), 'Replace', { etag: row.etag });
      return { ...next, etag: res.etag ?? '' };
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404) return undefined;
      throw error;
    }
  }

  claim(
    row: OutboxRow,
    claim: { holder: string; epoch: number; at: string; conversationId?: string },
  ): Promise<OutboxRow | undefined> {
    if (row.state !== 'waiting' && row.state !== 'sending') return Promise.resolve(undefined);
    return this.replace(row, {
      ...without(row, ['notBefore']),
      state: 'sending',
      attempts: row.attempts + 1,
      claimedBy: claim.holder,
      claimEpoch: claim.epoch,
      claimedAt: claim.at,
      ...(claim.conversationId !== undefined ? { conversationId: claim.conversationId } : {}),
      updatedAt: claim.at,
    });
  }

  finish(row: OutboxRow, outcome: OutboxOutcome): Promise<OutboxRow | undefined> {
    // What the previous attempt wrote is replaced by this outcome.
    const base = without(row, [
      'notBefore',
      'reason',
      'httpStatus',
      'errorCode',
      'cardBytes',
      'activityId',
      'sentAt',
    ]);
    const next: OutboxRow =
      outcome.state === 'sent'
        ? { ...base, state: 'sent', activityId: outcome.activityId, sentAt: outcome.at }
        : outcome.state === 'waiting'
          ? {
              ...base,
              state: 'waiting',
              notBefore: outcome.notBefore,
              ...(outcome.reason ? { reason: outcome.reason } : {}),
              ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
              ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
            }
          : {
              ...base,
              state: outcome.state,
              reason: outcome.reason,
              ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
              ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
              ...(outcome.cardBytes !== undefined ? { cardBytes: outcome.cardBytes } : {}),
            };
    return this.replace(row, { ...next, updatedAt: outcome.at });
  }

  async resend(row: OutboxRow, at: string): Promise<OutboxRow | undefined> {
    const counted = await this.replace(row, { ...row, resends: row.resends + 1, updatedAt: at });
    if (!counted) return undefined;
    const original = keysOf(row);
    const key = {
      partitionKey: at.slice(0, 10),
      rowKey: `${original.rowKey}${encodeKey(`|resend:${counted.resends}`)}`,
    };
    const fresh: NewOutboxRow & Partial<OutboxRow> = {
      postId: row.postId,
      occurrence: row.occurrence,
      target: row.target,
      kind: row.kind,
      dueAt: at,
      state: 'waiting',
      payload: row.payload,
      resendOf: row.id,
      attempts: 0,
      resends: 0,
      updatedAt: at,
    };
    try {
      await this.table.createEntity(toEntity(fresh, key));
    } catch (error) {
      if (storageStatus(error) !== 409) throw error;
    }
    return this.get(outboxId(key.partitionKey, key.rowKey));
  }
}
