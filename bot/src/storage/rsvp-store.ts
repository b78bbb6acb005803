/**
 * Answers to evening invitations in the Rsvps table.
 *
 * Keys and why:
 * - One partition per evening (PartitionKey = the event id): the answers of an evening are one
 *   query, and a person's own answer is a point read (RowKey `a!<user id>`, one per person).
 * - Counts live beside the answers in 16 shard rows (`!c!00`…`!c!15`); a person always counts in
 *   the shard their id hashes to. Their answer and their shard's counts are written in ONE
 *   transaction (same partition), conditional on both ETags: the counts stay exact, and people
 *   answering at the same moment collide only when they share a shard. Reading the counts is
 *   one query of 16 rows.
 * - An evening with a capacity also keeps a seats row (`!seats`), touched only when an answer
 *   moves into or out of "coming", in the same transaction: the limit holds exactly when many
 *   answer at once. A transaction that loses a race (412/409) is decided again on fresh data,
 *   after a jittered backoff. Measured in test/bench/events.bench.ts.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import {
  RSVP_ANSWERS,
  type Rsvp,
  type RsvpAnswer,
  type RsvpCounts,
} from '@yhdistysyhteistyo/contract/events/rsvp';
import { RsvpContentionError } from '../domain/errors';
import { encodeKey } from './keys';
import { storageStatus } from './tables';

export type RsvpTable = Pick<
  TableClient,
  'getEntity' | 'listEntities' | 'submitTransaction' | 'deleteEntity'
>;

const ANSWER_PREFIX = 'a!';
const SHARD_PREFIX = '!c!';
/** The character after `!`: the end of the shard rows' RowKey range. */
const SHARD_END = '!c"';
const SHARDS = 16;
const SEATS_ROW = '!seats';
const MAX_ATTEMPTS = 30;
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 400;

type Row = Record<string, unknown>;
type Entity = Row & { partitionKey: string; rowKey: string };

/** FNV-1a of the id, for a shard that is the same on every instance. */
function shardOf(userId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARDS;
}

export type AnswerResult<R> =
  | {
      readonly ok: true;
      readonly rsvp: Rsvp;
      readonly previous?: Rsvp;
      readonly counts: RsvpCounts;
    }
  | { readonly ok: false; readonly refusal: R; readonly counts: RsvpCounts; readonly mine?: Rsvp };

const ZERO: RsvpCounts = { yes: 0, maybe: 0, no: 0, total: 0 };

function num(row: Row, key: string): number {
  const v = row[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}
function str(row: Row, key: string): string {
  const v = row[key];
  return typeof v === 'string' ? v : '';
}

function toRsvp(row: Row): Rsvp {
  const answer = str(row, 'answer');
  return {
    eventId: str(row, 'eventId'),
    userId: str(row, 'userId'),
    name: str(row, 'name'),
    answer: (RSVP_ANSWERS as readonly string[]).includes(answer) ? (answer as RsvpAnswer) : 'no',
    association: str(row, 'association'),
    contentWish: str(row, 'contentWish'),
    answeredAt: str(row, 'answeredAt'),
    via: str(row, 'via') === 'tab' ? 'tab' : 'card',
    ...(str(row, 'teamsId') ? { teamsId: str(row, 'teamsId') } : {}),
  };
}

function toCounts(row: Row): RsvpCounts {
  const yes = num(row, 'yes');
  const maybe = num(row, 'maybe');
  const no = num(row, 'no');
  return { yes, maybe, no, total: yes + maybe + no };
}

export class RsvpStore {
  /** Per limited evening: the answer in turn in this process. */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(private readonly table: RsvpTable) {}

  private pk(eventId: string): string {
    return encodeKey(eventId);
  }

  private rk(userId: string): string {
    return ANSWER_PREFIX + encodeKey(userId);
  }

  private async read(pk: string, rk: string): Promise<TableEntityResult<Row> | undefined> {
    try {
      return await this.table.getEntity<Row>(pk, rk);
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** The counts: the sum of the shard rows. */
  async counts(eventId: string): Promise<RsvpCounts> {
    const pk = this.pk(eventId);
    const sum = { yes: 0, maybe: 0, no: 0 };
    const rows = this.table.listEntities<Row>({
      queryOptions: {
        filter: odata`PartitionKey eq ${pk} and RowKey ge ${SHARD_PREFIX} and RowKey lt ${SHARD_END}`,
      },
    });
    for await (const row of rows) {
      const c = toCounts(row);
      sum.yes += c.yes;
      sum.maybe += c.maybe;
      sum.no += c.no;
    }
    return { ...sum, total: sum.yes + sum.maybe + sum.no };
  }

  async mine(eventId: string, userId: string): Promise<Rsvp | undefined> {
    const row = await this.read(this.pk(eventId), this.rk(userId));
    return row ? toRsvp(row) : undefined;
  }

  /** Every answer of an evening, sorted by name. */
  async list(eventId: string): Promise<Rsvp[]> {
    const out: Rsvp[] = [];
    const rows = this.table.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${this.pk(eventId)}` },
    });
    for await (const row of rows) {
      if (str(row, 'rowKey').startsWith(ANSWER_PREFIX)) out.push(toRsvp(row));
    }
    out.sort((a, b) => a.name.localeCompare(b.name, 'fi') || a.userId.localeCompare(b.userId));
    return out;
  }

  /**
   * Records a person's answer unless `refuse` says no, given their previous answer and the
   * current counts; decides again on fresh data when another answer got in between. With a
   * `capacity`, the "coming" count `refuse` sees is exact (the seats row).
   */
  async answer<R>(
    rsvp: Rsvp,
    refuse: (previous: Rsvp | undefined, counts: RsvpCounts) => R | undefined,
    options: { readonly capacity?: number } = {},
  ): Promise<AnswerResult<R>> {
    if (options.capacity === undefined) return this.attempt(rsvp, refuse, false);
    // Answers to a limited evening all meet on its seats row: take turns inside this process,
    // so only answers arriving through other instances can collide there.
    const key = rsvp.eventId;
    const before = this.turns.get(key) ?? Promise.resolve();
    const mine = before.then(() => this.attempt(rsvp, refuse, true));
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(key, settled);
    void settled.then(() => {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    });
    return mine;
  }

  private async attempt<R>(
    rsvp: Rsvp,
    refuse: (previous: Rsvp | undefined, counts: RsvpCounts) => R | undefined,
    limited: boolean,
  ): Promise<AnswerResult<R>> {
    const pk = this.pk(rsvp.eventId);
    const rk = this.rk(rsvp.userId);
    const shardKey = `${SHARD_PREFIX}${String(shardOf(rsvp.userId)).padStart(2, '0')}`;
    // The other counts matter to `refuse` only for display: one read serves every attempt.
    const snapshot = await this.counts(rsvp.eventId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [ownRow, shardRow, seatsRow] = await Promise.all([
        this.read(pk, rk),
        this.read(pk, shardKey),
        limited ? this.read(pk, SEATS_ROW) : Promise.resolve(undefined),
      ]);
      const previous = ownRow ? toRsvp(ownRow) : undefined;
      // The seats row, once there, is the exact "coming" count; until then the shards' sum.
      const seats = seatsRow ? num(seatsRow, 'yes') : snapshot.yes;
      const counts = limited ? { ...snapshot, yes: seats } : snapshot;
      const refusal = refuse(previous, counts);
      if (refusal !== undefined) {
        return { ok: false, refusal, counts, ...(previous ? { mine: previous } : {}) };
      }
      const shard = shardRow ? toCounts(shardRow) : ZERO;
      const nextShard = { yes: shard.yes, maybe: shard.maybe, no: shard.no };
      if (previous) nextShard[previous.answer] = Math.max(0, nextShard[previous.answer] - 1);
      nextShard[rsvp.answer]++;
      // An answer from the tab keeps the Teams id an earlier card answer gave.
      const stored: Rsvp =
        !rsvp.teamsId && previous?.teamsId ? { ...rsvp, teamsId: previous.teamsId } : rsvp;
      const write = (row: TableEntityResult<Row> | undefined, entity: Entity): TransactionAction =>
        row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity];
      const actions: TransactionAction[] = [
        write(ownRow, { partitionKey: pk, rowKey: rk, ...stored }),
        write(shardRow, { partitionKey: pk, rowKey: shardKey, ...nextShard }),
      ];
      const delta = (rsvp.answer === 'yes' ? 1 : 0) - (previous?.answer === 'yes' ? 1 : 0);
      if (limited && delta !== 0) {
        actions.push(
          write(seatsRow, { partitionKey: pk, rowKey: SEATS_ROW, yes: Math.max(0, seats + delta) }),
        );
      }
      try {
        await this.table.submitTransaction(actions);
        return {
          ok: true,
          rsvp: stored,
          ...(previous ? { previous } : {}),
          counts: await this.counts(rsvp.eventId),
        };
      } catch (error) {
        const status = storageStatus(error);
        if (status !== 412 && status !== 409) throw error;
        // Someone answered at the same moment: back off, with full jitter, and decide again.
        const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
    throw new RsvpContentionError();
  }

  /** Removes every answer of an evening (when the evening itself is deleted). */
  async deleteAll(eventId: string): Promise<number> {
    const pk = this.pk(eventId);
    let removed = 0;
    const rows = this.table.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${pk}` },
    });
    for await (const row of rows) {
      try {
        await this.table.deleteEntity(pk, str(row, 'rowKey'));
        removed++;
      } catch (error) {
        if (storageStatus(error) !== 404) throw error;
      }
    }
    return removed;
  }
}
