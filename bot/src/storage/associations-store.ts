/**
 * The associations register in the Associations table.
 *
 * Keys and why:
 * - Every association is one row in ONE partition, `association`, RowKey = its id, so the
 *   whole register is one query (one request per 1,000 rows; 2,000 associations are two).
 *   Text search cannot run in Azure Tables (no substring operator) and the list is sorted by
 *   name, so filters, search, sort and paging run in memory over the rows of that query.
 * - A version row (RowKey `!v`) changes in the same transaction as every write. An instance
 *   keeps the register it last read together with the version row's ETag and Timestamp; a
 *   list call reads the version row (one point read) and uses the kept register while the
 *   ETag is the same, else it reads only the rows whose Timestamp is newer than the kept
 *   version (one more query) and merges them in. Every instance thus sees every committed
 *   write (also those of other instances) on its next call, a list call costs one table
 *   request when nothing changed and two when something did. Measured in
 *   test/bench/associations-api.bench.ts: reading the 2,000 rows takes ~150 ms on Azurite
 *   (more under load), the version check a few ms; filtering in the query (a boolean property
 *   per unit) cut a unit's list to ~40 ms but could not serve search or sorting.
 * - Name claims make "no two associations of one unit share a name" hold under concurrency:
 *   one row per (unit, name) in the same partition, RowKey `!n!<unit>!<hash of the name>`.
 *   `!` sorts before every id, so the register's query (`RowKey ge '0'`) never sees claims or
 *   the version row. A create writes the association and its claims in one transaction (same
 *   partition); a duplicate name makes it fail with 409 and nothing is written. A claim whose
 *   association is gone or renamed (claims given up are not deleted in the write's
 *   transaction) is stale: it is removed and the write retried once.
 * - Updates and deletes carry the ETag the client read (`If-Match`); a stale one (412 from
 *   Tables) becomes `StaleVersionError` with the current version, which the API answers as 409. A
 *   delete marks the row deleted in a conditional transaction (a transaction's delete cannot
 *   carry an ETag); the mark stays a day so other instances' change reads see the removal.
 */
import { createHash } from 'node:crypto';
import type {
  TableClient,
  TableEntity,
  TableEntityResult,
  TransactionAction,
} from '@azure/data-tables';
import { odata, RestError } from '@azure/data-tables';
import { z } from 'zod';
import {
  contactPersonSchema,
  referenceIdSchema,
  type Association,
  type AssociationData,
  type AssociationSort,
} from '@yhdistysyhteistyo/contract/associations';
import {
  compareNames,
  matchesSearch,
  nameIdentityKey,
  normalizeForSearch,
} from '@yhdistysyhteistyo/contract/search';
import {
  CursorError,
  DuplicateNameError,
  NotFoundError,
  RollbackError,
  staleRecord,
} from '../domain/errors';
import type { ImportOutcome, ListFilter, ListPage } from '../domain/associations-service';
import type { ImportPlanItem } from '../domain/import-plan';
import { jsonColumn, readOrSkip, warnCorruptRow, type CorruptRowReporter } from './columns';
import { storageStatus, TABLES, TRANSACTION_LIMIT } from './tables';

export const ASSOCIATION_PARTITION = 'association';
const CLAIM_PREFIX = '!n!';

export type AssociationsTable = Pick<
  TableClient,
  | 'getEntity'
  | 'listEntities'
  | 'createEntity'
  | 'updateEntity'
  | 'upsertEntity'
  | 'deleteEntity'
  | 'submitTransaction'
>;

/** What the row holds besides keys. JSON for lists: a row has at most 255 properties. */
export interface AssociationRow {
  kind: 'association';
  name: string;
  nameKey: string;
  searchText: string;
  registerNumber: string;
  businessId: string;
  units: string;
  categories: string;
  contacts: string;
  contactEmails: string;
  website: string;
  profileUrl: string;
  hasRepresentative: boolean;
  workingGroups: string;
  notes: string;
  status: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  deleted?: boolean;
  [key: string]: unknown;
}

// A type alias (not an interface) so it fits TableEntity<Record<string, unknown>>.
type ClaimRow = {
  kind: 'nameClaim';
  associationId: string;
  unit: string;
  nameKey: string;
};

function claimKey(unit: string, name: string): string {
  const hash = createHash('sha256').update(nameIdentityKey(name)).digest('hex').slice(0, 40);
  return `${CLAIM_PREFIX}${unit}!${hash}`;
}

function claimRows(
  id: string,
  data: Pick<AssociationData, 'name' | 'units'>,
): TableEntity<ClaimRow>[] {
  return data.units.map((unit) => ({
    partitionKey: ASSOCIATION_PARTITION,
    rowKey: claimKey(unit, data.name),
    kind: 'nameClaim',
    associationId: id,
    unit,
    nameKey: nameIdentityKey(data.name),
  }));
}

/** What the JSON columns hold: the lists the API validated on the way in. */
const idListColumn = z.array(referenceIdSchema);
const contactsColumn = z.array(contactPersonSchema);

export type StoredAssociation = Omit<Association, 'etag'>;

/** The row of an association: its data and the normalised name for search. */
export function associationEntity(a: StoredAssociation): TableEntity<AssociationRow> {
  const row: TableEntity<AssociationRow> = {
    partitionKey: ASSOCIATION_PARTITION,
    rowKey: a.id,
    kind: 'association',
    name: a.name,
    nameKey: nameIdentityKey(a.name),
    searchText: normalizeForSearch(`${a.name} ${a.registerNumber} ${a.businessId}`),
    registerNumber: a.registerNumber,
    businessId: a.businessId,
    units: JSON.stringify(a.units),
    categories: JSON.stringify(a.categories),
    contacts: JSON.stringify(a.contacts),
    contactEmails: a.contacts.map((c) => c.email.toLowerCase()).join(' '),
    website: a.website,
    profileUrl: a.profileUrl,
    hasRepresentative: a.hasRepresentative,
    workingGroups: JSON.stringify(a.workingGroups),
    notes: a.notes,
    status: a.status,
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    updatedAt: a.updatedAt,
    updatedBy: a.updatedBy,
  };
  return row;
}

/** The rows that store one association: its own row and its name claims. */
export function associationRows(a: StoredAssociation): TableEntity<Record<string, unknown>>[] {
  return [associationEntity(a), ...claimRows(a.id, a)];
}

/** A live association row: not a deletion mark (rows of the first demo seeding have no kind). */
function isAssociationRow(e: Record<string, unknown>): boolean {
  return (e.kind === 'association' || e.kind === undefined) && e.deleted !== true;
}

/** An association from its row; a damaged JSON column is a `CorruptRecordError`, never `[]`. */
export function fromEntity(e: TableEntityResult<Record<string, unknown>>): Association {
  const s = (k: string) => {
    const v = e[k];
    return typeof v === 'string' ? v : '';
  };
  const place = { table: TABLES.associations, key: e.rowKey ?? '' };
  return {
    id: e.rowKey ?? '',
    name: s('name'),
    registerNumber: s('registerNumber'),
    businessId: s('businessId'),
    units: jsonColumn(e, place, 'units', idListColumn, []),
    categories: jsonColumn(e, place, 'categories', idListColumn, []),
    contacts: jsonColumn(e, place, 'contacts', contactsColumn, []),
    website: s('website'),
    profileUrl: s('profileUrl'),
    hasRepresentative: e.hasRepresentative === true,
    workingGroups: jsonColumn(e, place, 'workingGroups', idListColumn, []),
    notes: s('notes'),
    // Rows of the first demo seeding had `active` instead of `status`.
    status: s('status') === 'inactive' || e.active === false ? 'inactive' : 'active',
    createdAt: s('createdAt'),
    createdBy: s('createdBy'),
    updatedAt: s('updatedAt'),
    updatedBy: s('updatedBy'),
    etag: e.etag,
  };
}

interface Cursor {
  s: AssociationSort;
  v: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.s, c.v, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(text: string, sort: AssociationSort): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === sort &&
      typeof parsed[1] === 'string' &&
      typeof parsed[2] === 'string'
    ) {
      return { s: sort, v: parsed[1], id: parsed[2] };
    }
  } catch {
    // falls through to the error below
  }
  throw new CursorError();
}

function sortValue(a: Association, sort: AssociationSort): string {
  return sort === 'name' || sort === '-name' ? a.name : a.updatedAt;
}

function comparer(sort: AssociationSort) {
  const dir = sort.startsWith('-') ? -1 : 1;
  const byValue =
    sort === 'name' || sort === '-name'
      ? compareNames
      : (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a: { v: string; id: string }, b: { v: string; id: string }) =>
    dir * (byValue(a.v, b.v) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A write that is one step of an all-or-none import: the row before, the row after. */
interface RowChange {
  readonly rowKey: string;
  /** The row as it was (undefined: it did not exist). */
  readonly before?: TableEntity<Record<string, unknown>>;
  readonly action: TransactionAction;
}

export interface ImportHooks {
  /** Called before each transaction is sent (tests use it to make one fail). */
  beforeBatch?(index: number, batches: number): Promise<void>;
}

const VERSION_KEY = '!v';

/** The register's version row (see the top of this file); seeding writes it after its rows. */
export function versionRow(now: Date): TableEntity<Record<string, unknown>> {
  return {
    partitionKey: ASSOCIATION_PARTITION,
    rowKey: VERSION_KEY,
    kind: 'version',
    at: now.toISOString(),
  };
}
/** What a deleted association's row becomes: no data, invisible to reads (see `remove`). */
function deletionMark(id: string): TableEntity<Record<string, unknown>> {
  return { partitionKey: ASSOCIATION_PARTITION, rowKey: id, kind: 'association', deleted: true };
}

/**
 * How a kept copy stays current: every list call reads the version row (one point read). When
 * its ETag changed, or the copy has not been checked for a while, only the rows whose Timestamp
 * is newer than the version the copy was read under are read again, and merged in; a deletion
 * leaves a mark (a row with `deleted: true` and no data) that such a read finds. The whole
 * register is read on an instance's first call; after that every few minutes behind an answer
 * made from the changes, so nobody waits on it.
 */
/** A copy unchecked for this long is checked by Timestamp anyway: writes that bypass the store (e.g. by hand). */
const SNAPSHOT_CHECK_AFTER_MS = 60_000;
/** A copy this old is read again in full: that also drops rows deleted by hand, which leave no mark. */
const SNAPSHOT_FULL_READ_AFTER_MS = 10 * 60_000;
/** Deletion marks stay this long (far longer than a copy lives), then a full read removes them. */
export const DELETION_MARK_KEEP_MS = 24 * 60 * 60_000;
/** A changes read starts this much before the version it follows: storage clocks and commit order are not exact. */
export const CHANGES_OVERLAP_MS = 5_000;
/** More changed rows than this are sorted in with the rest rather than inserted one by one. */
const INSERT_ONE_BY_ONE = 200;

interface Indexed {
  readonly a: Association;
  readonly search: string;
  /** The row's Timestamp (ms since epoch): of two sightings of one row, the later wins. */
  readonly changedAt: number;
}

interface Version {
  readonly etag: string;
  /** The version row's Timestamp: every write before it is in a copy read after it. */
  readonly changedAt: number;
}

interface Snapshot {
  readonly version: Version | undefined;
  /** This instance's clock: when the copy was last read or checked. */
  readonly checkedAt: number;
  /** This instance's clock: when the copy was last read in full. */
  readonly fullReadAt: number;
  /** Sorted by name. */
  readonly rows: readonly Indexed[];
}

/** A row's Timestamp in ms (0 when the service did not send one). */
function changedAtOf(e: { timestamp?: string }): number {
  const ms = e.timestamp ? Date.parse(e.timestamp) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function indexed(e: TableEntityResult<Record<string, unknown>>): Indexed {
  return {
    a: fromEntity(e),
    search: typeof e.searchText === 'string' ? e.searchText : '',
    changedAt: changedAtOf(e),
  };
}

const byName = comparer('name');
const compareIndexed = (x: Indexed, y: Indexed) =>
  byName({ v: x.a.name, id: x.a.id }, { v: y.a.name, id: y.a.id });

/** `rows` (sorted by name) with `changed` (rows and removed ids, by id) merged in, still sorted. */
function mergeChanges(
  rows: readonly Indexed[],
  changed: ReadonlyMap<string, { readonly changedAt: number; readonly row?: Indexed }>,
): Indexed[] {
  const kept = new Map(rows.map((r) => [r.a.id, r]));
  const added: Indexed[] = [];
  for (const [id, change] of changed) {
    const old = kept.get(id);
    // A sighting older than the copy's row (the overlap re-reads some) changes nothing.
    if (old && old.changedAt > change.changedAt) continue;
    kept.delete(id);
    if (change.row) added.push(change.row);
  }
  const out = rows.filter((r) => kept.get(r.a.id) === r);
  if (added.length > INSERT_ONE_BY_ONE) return [...out, ...added].sort(compareIndexed);
  for (const row of added) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = out[mid];
      if (other && compareIndexed(other, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, row);
  }
  return out;
}

export class AssociationsStore {
  private snapshot: Snapshot | undefined;
  private loading: { version: string | undefined; promise: Promise<Snapshot> } | undefined;
  /** The periodic full read running behind the answers; at most one at a time. */
  private fullReadBehind: Promise<void> | undefined;
  /** Set when the full read behind failed: the next call then reads in full itself, and fails visibly if it must. */
  private fullReadBehindFailed = false;

  constructor(
    private readonly table: AssociationsTable,
    private readonly newId: () => string,
    private readonly now: () => Date = () => new Date(),
    /** Told about a row the register leaves out because it does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {}

  async get(id: string): Promise<Association | undefined> {
    try {
      const e = await this.table.getEntity<Record<string, unknown>>(ASSOCIATION_PARTITION, id);
      return isAssociationRow(e) ? fromEntity(e) : undefined;
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * The whole register, sorted by name: the kept copy while the version row's ETag is the one
   * it was read under (one point read); else the copy with the rows changed since merged in
   * (one more query); a full read (one request per 1,000 rows) at first, and now and then
   * behind such an answer.
   */
  private async register(): Promise<Snapshot> {
    const version = await this.readVersion();
    const kept = this.snapshot;
    const now = this.now().getTime();
    if (
      kept &&
      version !== undefined &&
      kept.version?.etag === version.etag &&
      now - kept.checkedAt < SNAPSHOT_CHECK_AFTER_MS
    ) {
      return kept;
    }
    // Concurrent misses for the same version share one read.
    if (this.loading && this.loading.version === version?.etag) return this.loading.promise;
    const canReadChanges = kept?.version !== undefined && version !== undefined;
    if (
      canReadChanges &&
      now - (kept?.fullReadAt ?? 0) >= SNAPSHOT_FULL_READ_AFTER_MS &&
      !this.fullReadBehindFailed
    ) {
      this.startFullReadBehind(version);
    }
    const promise =
      kept?.version && version && !this.fullReadBehindFailed
        ? this.readChanges(kept, kept.version, version)
        : this.readRegister(version);
    this.fullReadBehindFailed = false;
    this.loading = { version: version?.etag, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }

  /**
   * The periodic full read, run while the caller is answered from the changes: it also drops
   * rows deleted by hand, which leave no mark. A failure makes the next call read in full.
   */
  private startFullReadBehind(version: Version | undefined): void {
    if (this.fullReadBehind) return;
    this.fullReadBehind = this.readRegister(version).then(
      () => {
        this.fullReadBehind = undefined;
      },
      () => {
        this.fullReadBehindFailed = true;
        this.fullReadBehind = undefined;
      },
    );
  }

  /** Resolves when no full read runs behind the answers: what a caller waits on to see its effect. */
  async settled(): Promise<void> {
    await this.fullReadBehind;
  }

  private async readVersion(): Promise<Version | undefined> {
    try {
      const row = await this.table.getEntity(ASSOCIATION_PARTITION, VERSION_KEY);
      return row.etag ? { etag: row.etag, changedAt: changedAtOf(row) } : undefined;
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** Keeps `next` unless a copy of a later version was kept meanwhile. */
  private keep(next: Snapshot): Snapshot {
    const current = this.snapshot;
    if (next.version && (current?.version?.changedAt ?? 0) <= next.version.changedAt) {
      this.snapshot = next;
    }
    return next;
  }

  /** The kept copy with the rows written since `from` (live ones and deletion marks) merged in. */
  private async readChanges(kept: Snapshot, from: Version, version: Version): Promise<Snapshot> {
    const checkedAt = this.now().getTime();
    const since = new Date(from.changedAt - CHANGES_OVERLAP_MS);
    const filter = odata`PartitionKey eq ${ASSOCIATION_PARTITION} and RowKey ge ${'0'} and Timestamp ge ${since}`;
    const changed = new Map<string, { changedAt: number; row?: Indexed }>();
    for await (const page of this.table
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) {
        if (!e.rowKey) continue;
        const changedAt = changedAtOf(e);
        if ((changed.get(e.rowKey)?.changedAt ?? -1) > changedAt) continue;
        // A damaged row is left out, as a full read leaves it out.
        const row = isAssociationRow(e)
          ? readOrSkip(() => indexed(e), this.onCorruptRow)
          : undefined;
        changed.set(e.rowKey, row ? { changedAt, row } : { changedAt });
      }
    }
    // Rows read after the version row are at least that new: safe to keep under its ETag.
    const rows = changed.size === 0 ? kept.rows : mergeChanges(kept.rows, changed);
    return this.keep({ version, checkedAt, fullReadAt: kept.fullReadAt, rows });
  }

  private async readRegister(version: Version | undefined): Promise<Snapshot> {
    const readAt = this.now().getTime();
    const rows: Indexed[] = [];
    const oldMarks: TableEntityResult<Record<string, unknown>>[] = [];
    const filter = odata`PartitionKey eq ${ASSOCIATION_PARTITION} and RowKey ge ${'0'}`;
    for await (const page of this.table
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) {
        if (isAssociationRow(e)) {
          // One damaged row must not take the whole register down with it.
          const row = readOrSkip(() => indexed(e), this.onCorruptRow);
          if (row) rows.push(row);
        } else if (e.deleted === true && readAt - changedAtOf(e) > DELETION_MARK_KEEP_MS) {
          oldMarks.push(e);
        }
      }
    }
    rows.sort(compareIndexed);
    for (const mark of oldMarks) await this.removeMark(mark);
    // Rows read after the version row are at least that new: safe to keep under its ETag.
    return this.keep({ version, checkedAt: readAt, fullReadAt: readAt, rows });
  }

  /** Removes a deletion mark every instance has long seen; one removed or replaced meanwhile is left. */
  private async removeMark(mark: TableEntityResult<Record<string, unknown>>): Promise<void> {
    try {
      await this.table.deleteEntity(ASSOCIATION_PARTITION, mark.rowKey ?? '', { etag: mark.etag });
    } catch (error) {
      const status = storageStatus(error);
      if (status !== 404 && status !== 412) throw error;
    }
  }

  /**
   * Every live association read from the table, not the kept register, and a damaged row fails
   * the call instead of being left out: an erasure must not report success while a row it could
   * not read may still hold the person.
   */
  private async everyRowOrFail(): Promise<Association[]> {
    const out: Association[] = [];
    const filter = odata`PartitionKey eq ${ASSOCIATION_PARTITION} and RowKey ge ${'0'}`;
    for await (const page of this.table
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      for (const e of page) if (isAssociationRow(e)) out.push(fromEntity(e));
    }
    return out;
  }

  /** Every association matching the filter, sorted by name. */
  async all(filter: ListFilter = {}): Promise<Association[]> {
    const { rows } = await this.register();
    const q = filter.q?.trim();
    const status = filter.status && filter.status !== 'all' ? filter.status : undefined;
    return rows
      .filter(
        ({ a, search }) =>
          (!status || a.status === status) &&
          (!filter.unit || a.units.includes(filter.unit)) &&
          (!filter.category || a.categories.includes(filter.category)) &&
          (!filter.unitsAny || a.units.some((u) => filter.unitsAny?.includes(u))) &&
          (!q || matchesSearch(search, q)),
      )
      .map((r) => r.a);
  }

  /** One page of the list, sorted, with a keyset cursor to the next page. */
  async list(
    filter: ListFilter,
    page: { sort: AssociationSort; limit: number; cursor?: string | undefined },
  ): Promise<ListPage> {
    const after = page.cursor ? decodeCursor(page.cursor, page.sort) : undefined;
    const rows = await this.all(filter);
    const cmp = comparer(page.sort);
    const keyed = rows.map((a) => ({ v: sortValue(a, page.sort), id: a.id, a }));
    // Already by name; other orders are sorted here.
    if (page.sort !== 'name') keyed.sort(cmp);
    const start = after ? keyed.findIndex((k) => cmp(k, after) > 0) : 0;
    const from = start < 0 ? keyed.length : start;
    const slice = keyed.slice(from, from + page.limit);
    const last = slice[slice.length - 1];
    const more = from + page.limit < keyed.length;
    return {
      items: slice.map((k) => k.a),
      total: keyed.length,
      ...(more && last
        ? { nextCursor: encodeCursor({ s: page.sort, v: last.v, id: last.id }) }
        : {}),
    };
  }

  /** The version row, written in every transaction that changes the register. */
  private bump(): TransactionAction {
    return ['upsert', versionRow(this.now()), 'Replace'];
  }

  async create(data: AssociationData, by: string, id = this.newId()): Promise<Association> {
    const at = this.now().toISOString();
    const stored: StoredAssociation = {
      ...data,
      id,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
      updatedBy: by,
    };
    const actions: TransactionAction[] = [
      ...associationRows(stored).map((r): TransactionAction => ['create', r]),
      this.bump(),
    ];
    await this.submitClaiming(actions);
    const saved = await this.get(id);
    if (!saved) throw new Error('association vanished after writing');
    return saved;
  }

  /** Replaces the data if `etag` is still current; returns the versions before and after. */
  async update(
    id: string,
    data: AssociationData,
    by: string,
    etag: string,
  ): Promise<{ before: Association; after: Association }> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError();
    if (before.etag !== etag) throw staleRecord(before);
    const stored: StoredAssociation = {
      ...data,
      id,
      createdAt: before.createdAt,
      createdBy: before.createdBy,
      updatedAt: this.now().toISOString(),
      updatedBy: by,
    };
    // Claims of a name or unit given up are left to go stale (see the top of this file), so
    // the transaction holds only what must succeed together.
    const oldClaims = new Set(claimRows(id, before).map((c) => c.rowKey));
    const toCreate = claimRows(id, data).filter((c) => !oldClaims.has(c.rowKey));
    try {
      await this.submitClaiming([
        ['update', associationEntity(stored), 'Replace', { etag }],
        ...toCreate.map((c): TransactionAction => ['create', c]),
        this.bump(),
      ]);
    } catch (error) {
      if (storageStatus(error) === 412) throw staleRecord(await this.get(id));
      if (storageStatus(error) === 404) throw new NotFoundError();
      throw error;
    }
    const after = await this.get(id);
    if (!after) throw staleRecord(undefined);
    return { before, after };
  }

  /** Deletes if `etag` is still current, then its name claims; returns what was deleted. */
  async remove(id: string, etag: string): Promise<Association> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError();
    try {
      // A bare mark, conditional on the ETag, in one transaction with the version row.
      await this.table.submitTransaction([
        ['update', deletionMark(id), 'Replace', { etag }],
        this.bump(),
      ]);
    } catch (error) {
      if (storageStatus(error) === 412) throw staleRecord(await this.get(id));
      if (storageStatus(error) === 404) throw new NotFoundError();
      throw error;
    }
    // The mark holds no data and is invisible; it stays a while so that other instances'
    // copies see the removal (a full read removes it later). A claim left behind is stale
    // and is cleared by the next write that meets it.
    await Promise.allSettled(
      claimRows(id, before).map((c) => this.table.deleteEntity(ASSOCIATION_PARTITION, c.rowKey)),
    );
    return before;
  }

  /**
   * GDPR erasure: removes a person's contact details from every association and replaces
   * their UPN in the created/updated fields with `replacement`. Each row is replaced with the
   * ETag just read; a row someone saves meanwhile is read again and retried.
   */
  async erasePerson(
    email: string,
    replacement: string,
  ): Promise<{ changed: Association[]; contactsRemoved: number; authorFields: number }> {
    const who = email.toLowerCase();
    const changed: Association[] = [];
    let contactsRemoved = 0;
    let authorFields = 0;
    for (const found of await this.everyRowOrFail()) {
      for (let attempt = 0; ; attempt++) {
        const a = attempt === 0 ? found : await this.get(found.id);
        if (!a) break;
        const contacts = a.contacts.filter((c) => c.email.toLowerCase() !== who);
        const created = a.createdBy.toLowerCase() === who;
        const updated = a.updatedBy.toLowerCase() === who;
        if (contacts.length === a.contacts.length && !created && !updated) break;
        const { etag = '*', ...rest } = a;
        const stored: StoredAssociation = {
          ...rest,
          contacts,
          createdBy: created ? replacement : a.createdBy,
          updatedBy: updated ? replacement : a.updatedBy,
        };
        try {
          await this.table.submitTransaction([
            ['update', associationEntity(stored), 'Replace', { etag }],
            this.bump(),
          ]);
          contactsRemoved += a.contacts.length - contacts.length;
          authorFields += (created ? 1 : 0) + (updated ? 1 : 0);
          changed.push(a);
          break;
        } catch (error) {
          if (storageStatus(error) !== 412 || attempt >= 4) throw error;
        }
      }
    }
    return { changed, contactsRemoved, authorFields };
  }

  /**
   * Submits a transaction that creates name claims. A 409 on a claim means the name is taken;
   * if the claim's association no longer holds that name (a stale claim), it is removed and
   * the transaction tried once more.
   */
  private async submitClaiming(actions: TransactionAction[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.table.submitTransaction(actions);
        return;
      } catch (error) {
        if (storageStatus(error) !== 409) throw error;
        const claim = this.failedAction(error, actions);
        const rowKey = claim?.[1].rowKey;
        if (!rowKey?.startsWith(CLAIM_PREFIX)) throw error;
        const holder = await this.claimHolder(rowKey);
        if (holder.live || attempt > 0) {
          const unit = claim?.[1].unit;
          throw new DuplicateNameError(typeof unit === 'string' ? unit : '', holder.associationId);
        }
        await this.table.deleteEntity(ASSOCIATION_PARTITION, rowKey).catch(() => undefined);
      }
    }
  }

  /** The action a failed transaction names ("3:The specified entity already exists"). */
  private failedAction(
    error: unknown,
    actions: TransactionAction[],
  ): TransactionAction | undefined {
    const message = error instanceof RestError ? error.message : '';
    const index = /^(\d+):/.exec(message)?.[1];
    if (index !== undefined) return actions[Number(index)];
    // Without an index, the only claim that can collide is one not yet known: find it.
    return actions.find((a) => a[0] === 'create' && a[1].rowKey.startsWith(CLAIM_PREFIX));
  }

  private async claimHolder(rowKey: string): Promise<{ live: boolean; associationId: string }> {
    try {
      const claim = await this.table.getEntity<ClaimRow>(ASSOCIATION_PARTITION, rowKey);
      const holder = await this.get(claim.associationId);
      const live =
        holder !== undefined &&
        holder.units.includes(claim.unit) &&
        nameIdentityKey(holder.name) === claim.nameKey;
      return { live, associationId: claim.associationId };
    } catch (error) {
      if (storageStatus(error) === 404) return { live: false, associationId: '' };
      throw error;
    }
  }

  /** Every name claim row (one query; claims are few: one per association and unit). */
  private async claims(): Promise<Map<string, TableEntityResult<ClaimRow>>> {
    const out = new Map<string, TableEntityResult<ClaimRow>>();
    const filter = odata`PartitionKey eq ${ASSOCIATION_PARTITION} and RowKey ge ${CLAIM_PREFIX} and RowKey lt ${'!n"'}`;
    for await (const page of this.table
      .listEntities<ClaimRow>({ queryOptions: { filter } })
      .byPage({ maxPageSize: 1000 })) {
      for (const c of page) if (c.rowKey) out.set(c.rowKey, c);
    }
    return out;
  }

  /**
   * Writes a checked import: all rows or none. A transaction holds ≤ 100 operations of one
   * partition, so a large import is several transactions (99 rows and the version row each):
   * first the association rows, then their new name claims. Before writing, the prior version of every row it touches is kept;
   * if any transaction fails (a stale ETag because someone saved meanwhile, a name taken
   * meanwhile, storage down), the transactions already written are undone in reverse order,
   * row by row back to the kept version, and the error is thrown: the register is as it was.
   * Updates carry the ETag read when the import was checked. `plan` must already be free of
   * duplicate names (the caller checks the final state); a claim that exists but whose holder
   * will no longer hold that name is stale and is overwritten.
   */
  async applyImport(
    plan: readonly ImportPlanItem[],
    by: string,
    hooks: ImportHooks = {},
  ): Promise<ImportOutcome> {
    const at = this.now().toISOString();
    const existingClaims = await this.claims();
    const writes: RowChange[] = [];
    const claimsToWrite = new Map<string, RowChange>();
    const createdIds: string[] = [];
    const updatedIds: string[] = [];
    for (const item of plan) {
      const id = item.existing?.id ?? this.newId();
      const stored: StoredAssociation = {
        ...item.data,
        id,
        createdAt: item.existing?.createdAt ?? at,
        createdBy: item.existing?.createdBy ?? by,
        updatedAt: at,
        updatedBy: by,
      };
      if (item.existing) {
        updatedIds.push(id);
        const { etag: oldEtag = '*', ...oldData } = item.existing;
        writes.push({
          rowKey: id,
          before: associationEntity(oldData),
          action: ['update', associationEntity(stored), 'Replace', { etag: oldEtag }],
        });
      } else {
        createdIds.push(id);
        writes.push({ rowKey: id, action: ['create', associationEntity(stored)] });
      }
      for (const claim of claimRows(id, stored)) {
        const current = existingClaims.get(claim.rowKey);
        if (current?.associationId === id) continue;
        claimsToWrite.set(
          claim.rowKey,
          current
            ? {
                rowKey: claim.rowKey,
                before: stripMeta(current),
                action: ['upsert', claim, 'Replace'],
              }
            : { rowKey: claim.rowKey, action: ['create', claim] },
        );
      }
    }

    // Each transaction also writes the version row: 99 rows + 1.
    const batches: RowChange[][] = [];
    for (const phase of [writes, [...claimsToWrite.values()]]) {
      for (let i = 0; i < phase.length; i += TRANSACTION_LIMIT - 1) {
        batches.push(phase.slice(i, i + TRANSACTION_LIMIT - 1));
      }
    }
    const done: RowChange[][] = [];
    try {
      for (const [index, batch] of batches.entries()) {
        await hooks.beforeBatch?.(index, batches.length);
        await this.table.submitTransaction([...batch.map((c) => c.action), this.bump()]);
        done.push(batch);
      }
    } catch (error) {
      await this.rollBack(done, error);
      if (storageStatus(error) === 412) throw staleRecord(undefined);
      if (storageStatus(error) === 409) throw new DuplicateNameError('', '');
      throw error;
    }

    const byId = new Map((await this.all()).map((a) => [a.id, a]));
    const previous = new Map(
      plan.flatMap((p) => (p.existing ? [[p.existing.id, p.existing]] : [])),
    );
    return {
      created: createdIds.flatMap((id) => byId.get(id) ?? []),
      updated: updatedIds.flatMap((id) => {
        const after = byId.get(id);
        const before = previous.get(id);
        return after && before ? [{ before, after }] : [];
      }),
    };
  }

  /**
   * Undoes the written transactions of a failed import, newest first; each undo is one
   * transaction (the rows of one batch are distinct). If the undo itself fails the register
   * is left part-written, which `RollbackError` says loudly.
   */
  private async rollBack(done: readonly RowChange[][], cause: unknown): Promise<void> {
    try {
      for (const batch of [...done].reverse()) {
        await this.table.submitTransaction([
          ...batch.map((c): TransactionAction =>
            c.before
              ? ['upsert', c.before, 'Replace']
              : c.rowKey.startsWith('!')
                ? ['delete', { partitionKey: ASSOCIATION_PARTITION, rowKey: c.rowKey }]
                : // A deletion mark, not a delete: other instances' copies must see it go.
                  ['upsert', deletionMark(c.rowKey), 'Replace'],
          ),
          this.bump(),
        ]);
      }
    } catch (error) {
      throw new RollbackError(cause, error);
    }
  }
}

function stripMeta(e: TableEntityResult<ClaimRow>): TableEntity<Record<string, unknown>> {
  return {
    partitionKey: ASSOCIATION_PARTITION,
    rowKey: e.rowKey ?? '',
    kind: e.kind,
    associationId: e.associationId,
    unit: e.unit,
    nameKey: e.nameKey,
  };
}
