/**
 * Answers to evening invitations in the Rsvps table.
 *
 * Keys and why:
 * - One partition per evening (PartitionKey = the event id): the answers of an evening are one
 *   query, and a person's own answer is a point read (RowKey `a!<user id>`, one per person).
 * - The partition also holds a counts row (`!counts`). Every answer is written together with
 *   the counts in ONE transaction (same partition), conditional on both ETags, so the counts on
 *   the card are exact and a capacity limit holds when many answer at once: a concurrent writer
 *   makes the transaction fail (412/409) and the answer is decided again on fresh data.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { RSVP_ANSWERS, type Rsvp, type RsvpAnswer, type RsvpCounts } from '../domain/events';
import { encodeKey } from './keys';
import { storageStatus } from './tables';

export type RsvpTable = Pick<
  TableClient,
  'getEntity' | 'listEntities' | 'submitTransaction' | 'deleteEntity'
>;

const COUNTS_ROW = '!counts';
const ANSWER_PREFIX = 'a!';
const MAX_ATTEMPTS = 8;

type Row = Record<string, unknown>;

export type AnswerResult<R> =
  | {
      readonly ok: true;
      readonly rsvp: Rsvp;
      readonly previous?: Rsvp;
      readonly counts: RsvpCounts;
    }
  | { readonly ok: false; readonly refusal: R; readonly counts: RsvpCounts; readonly mine?: Rsvp };

/** Lost the race too many times in a row: the caller answers 503 and the person tries again. */
export class RsvpContentionError extends Error {
  constructor() {
    super('rsvp write contention');
    this.name = 'RsvpContentionError';
  }
}

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

  async counts(eventId: string): Promise<RsvpCounts> {
    const row = await this.read(this.pk(eventId), COUNTS_ROW);
    return row ? toCounts(row) : ZERO;
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
   * current counts; decides again on fresh data when another answer got in between.
   */
  async answer<R>(
    rsvp: Rsvp,
    refuse: (previous: Rsvp | undefined, counts: RsvpCounts) => R | undefined,
  ): Promise<AnswerResult<R>> {
    const pk = this.pk(rsvp.eventId);
    const rk = this.rk(rsvp.userId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [countsRow, ownRow] = await Promise.all([this.read(pk, COUNTS_ROW), this.read(pk, rk)]);
      const counts = countsRow ? toCounts(countsRow) : ZERO;
      const previous = ownRow ? toRsvp(ownRow) : undefined;
      const refusal = refuse(previous, counts);
      if (refusal !== undefined) {
        return { ok: false, refusal, counts, ...(previous ? { mine: previous } : {}) };
      }
      const next = { yes: counts.yes, maybe: counts.maybe, no: counts.no };
      if (previous) next[previous.answer] = Math.max(0, next[previous.answer] - 1);
      next[rsvp.answer]++;
      const countsEntity = { partitionKey: pk, rowKey: COUNTS_ROW, ...next };
      // An answer from the tab keeps the Teams id an earlier card answer gave.
      const stored: Rsvp =
        !rsvp.teamsId && previous?.teamsId ? { ...rsvp, teamsId: previous.teamsId } : rsvp;
      const answerEntity = { partitionKey: pk, rowKey: rk, ...stored };
      const actions: TransactionAction[] = [
        countsRow
          ? ['update', countsEntity, 'Replace', { etag: countsRow.etag }]
          : ['create', countsEntity],
        ownRow
          ? ['update', answerEntity, 'Replace', { etag: ownRow.etag }]
          : ['create', answerEntity],
      ];
      try {
        await this.table.submitTransaction(actions);
        return {
          ok: true,
          rsvp: stored,
          ...(previous ? { previous } : {}),
          counts: { ...next, total: next.yes + next.maybe + next.no },
        };
      } catch (error) {
        const status = storageStatus(error);
        if (status !== 412 && status !== 409) throw error;
        // Someone answered at the same moment: back off a little, with jitter, and decide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
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
