/**
 * The associations register in the Associations table.
 *
 * Keys and why:
 * - Every association is one row in ONE partition, `association`, RowKey = its id. A list
 *   screen is then one query of that partition (one request per 1,000 rows); 2,000
 *   associations are two requests. Unit, category and status filters run inside the query:
 *   each unit and category is also a boolean property (`u_<id>`, `c_<id>`), so
 *   `u_kulttuuri eq true` selects a unit's rows without a per-row request. Text search cannot
 *   run in Azure Tables (no substring operator), so it runs in memory on a normalised
 *   `searchText` property after the page reads; sorting and paging run there too, with a
 *   keyset cursor. Measured in test/bench/associations-api.bench.ts.
 * - Name claims make "no two associations of one unit share a name" hold under concurrency:
 *   one row per (unit, name) in the same partition, RowKey `!n!<unit>!<hash of the name>`.
 *   `!` sorts before every id, so lists read `RowKey ge '0'` and never see claims. A create
 *   writes the association and its claims in one transaction (same partition, ≤ 21 rows); a
 *   duplicate name makes the transaction fail with 409 and nothing is written. A claim whose
 *   association is gone or renamed (e.g. a delete whose claim cleanup failed) is stale: it is
 *   removed and the write retried once.
 * - Updates and deletes carry the ETag the client read (`If-Match`); a stale one (412 from
 *   Tables) becomes `StaleError` with the current version, which the API answers as 409.
 */
import { createHash } from 'node:crypto';
import type {
  TableClient,
  TableEntity,
  TableEntityResult,
  TransactionAction,
} from '@azure/data-tables';
import { odata, RestError } from '@azure/data-tables';
import {
  REFERENCE_ID_PATTERN,
  type Association,
  type AssociationData,
  type AssociationSort,
  type ContactPerson,
} from '../domain/associations';
import { compareNames, matchesSearch, nameIdentityKey, normalizeForSearch } from '../domain/search';
import { storageStatus } from './tables';

export const ASSOCIATION_PARTITION = 'association';
const CLAIM_PREFIX = '!n!';
/** Transactions hold at most 100 operations. */
const BATCH = 100;

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

/** Someone else changed the row since it was read. `current` is the stored version (null: gone). */
export class StaleError extends Error {
  constructor(readonly current: unknown) {
    super('stale etag');
    this.name = 'StaleError';
  }
}

/** The name is already used by another association in one of the same units. */
export class DuplicateNameError extends Error {
  constructor(
    readonly unit: string,
    readonly otherId: string,
  ) {
    super('duplicate name');
    this.name = 'DuplicateNameError';
  }
}

export class NotFoundError extends Error {
  constructor() {
    super('not found');
    this.name = 'NotFoundError';
  }
}

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
  [flag: string]: unknown;
}

// A type alias (not an interface) so it fits TableEntity<Record<string, unknown>>.
type ClaimRow = {
  kind: 'nameClaim';
  associationId: string;
  unit: string;
  nameKey: string;
};

function checkedReferenceId(id: string): string {
  // Property names are built from ids, never from raw input: the pattern is checked again here.
  if (!REFERENCE_ID_PATTERN.test(id)) throw new Error(`not a reference id: ${id}`);
  return id.replace(/-/g, '_');
}
export const unitProperty = (unit: string) => `u_${checkedReferenceId(unit)}`;
export const categoryProperty = (category: string) => `c_${checkedReferenceId(category)}`;

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

function jsonList<T>(text: unknown): T[] {
  if (typeof text !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

export type StoredAssociation = Omit<Association, 'etag'>;

/** The row of an association: data, search helpers and one flag per unit and category. */
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
  for (const u of a.units) row[unitProperty(u)] = true;
  for (const c of a.categories) row[categoryProperty(c)] = true;
  return row;
}

/** The rows that store one association: its own row and its name claims. */
export function associationRows(a: StoredAssociation): TableEntity<Record<string, unknown>>[] {
  return [associationEntity(a), ...claimRows(a.id, a)];
}

export function fromEntity(e: TableEntityResult<Record<string, unknown>>): Association {
  const s = (k: string) => {
    const v = e[k];
    return typeof v === 'string' ? v : '';
  };
  return {
    id: e.rowKey ?? '',
    name: s('name'),
    registerNumber: s('registerNumber'),
    businessId: s('businessId'),
    units: jsonList<string>(e.units),
    categories: jsonList<string>(e.categories),
    contacts: jsonList<ContactPerson>(e.contacts),
    website: s('website'),
    profileUrl: s('profileUrl'),
    hasRepresentative: e.hasRepresentative === true,
    workingGroups: jsonList<string>(e.workingGroups),
    notes: s('notes'),
    status: s('status') === 'inactive' ? 'inactive' : 'active',
    createdAt: s('createdAt'),
    createdBy: s('createdBy'),
    updatedAt: s('updatedAt'),
    updatedBy: s('updatedBy'),
    etag: e.etag,
  };
}

export interface ListFilter {
  readonly q?: string | undefined;
  readonly unit?: string | undefined;
  readonly category?: string | undefined;
  readonly status?: 'active' | 'inactive' | 'all' | undefined;
  /** Rows of any of these units ("my units"); an empty list matches nothing. */
  readonly unitsAny?: readonly string[] | undefined;
}

export interface ListPage {
  readonly items: Association[];
  readonly nextCursor?: string;
  readonly total: number;
}

export class CursorError extends Error {
  constructor() {
    super('bad cursor');
    this.name = 'CursorError';
  }
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

/** The OData filter of a list: every value through the `odata` tag, property names from checked ids. */
export function listFilter(filter: ListFilter): string {
  const parts = [odata`PartitionKey eq ${ASSOCIATION_PARTITION}`, odata`RowKey ge ${'0'}`];
  if (filter.status && filter.status !== 'all') parts.push(odata`status eq ${filter.status}`);
  if (filter.unit) parts.push(`${unitProperty(filter.unit)} eq true`);
  if (filter.category) parts.push(`${categoryProperty(filter.category)} eq true`);
  if (filter.unitsAny) {
    if (filter.unitsAny.length === 0) parts.push(odata`RowKey eq ${'!none'}`);
    else parts.push(`(${filter.unitsAny.map((u) => `${unitProperty(u)} eq true`).join(' or ')})`);
  }
  return parts.join(' and ');
}

/** A write that is one step of an all-or-none import: the row before, the row after. */
interface RowChange {
  readonly rowKey: string;
  /** The row as it was (undefined: it did not exist). */
  readonly before?: TableEntity<Record<string, unknown>>;
  readonly action: TransactionAction;
}

export interface ImportPlanItem {
  /** Existing association to replace, with the ETag read when the import was checked. */
  readonly existing?: Association;
  readonly data: AssociationData;
}

export interface ImportHooks {
  /** Called before each transaction is sent (tests use it to make one fail). */
  beforeBatch?(index: number, batches: number): Promise<void>;
}

export interface ImportOutcome {
  readonly created: Association[];
  readonly updated: { before: Association; after: Association }[];
}

export class AssociationsStore {
  constructor(
    private readonly table: AssociationsTable,
    private readonly newId: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(id: string): Promise<Association | undefined> {
    try {
      const e = await this.table.getEntity<Record<string, unknown>>(ASSOCIATION_PARTITION, id);
      return e.kind === 'association' ? fromEntity(e) : undefined;
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** Every association matching the filter (one query, one request per 1,000 rows). */
  async all(filter: ListFilter = {}): Promise<Association[]> {
    const out: Association[] = [];
    const pages = this.table
      .listEntities<Record<string, unknown>>({ queryOptions: { filter: listFilter(filter) } })
      .byPage({ maxPageSize: 1000 });
    const q = filter.q?.trim();
    for await (const page of pages) {
      for (const e of page) {
        if (q && !matchesSearch(typeof e.searchText === 'string' ? e.searchText : '', q)) continue;
        out.push(fromEntity(e));
      }
    }
    return out;
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
    keyed.sort(cmp);
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
    const actions: TransactionAction[] = associationRows(stored).map((r) => ['create', r]);
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
    if (before.etag !== etag) throw new StaleError(before);
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
      if (toCreate.length === 0) {
        // The usual edit: one conditional replace.
        await this.table.updateEntity(associationEntity(stored), 'Replace', { etag });
      } else {
        await this.submitClaiming([
          ['update', associationEntity(stored), 'Replace', { etag }],
          ...toCreate.map((c): TransactionAction => ['create', c]),
        ]);
      }
    } catch (error) {
      if (storageStatus(error) === 412) throw new StaleError((await this.get(id)) ?? null);
      if (storageStatus(error) === 404) throw new NotFoundError();
      throw error;
    }
    const after = await this.get(id);
    if (!after) throw new StaleError(null);
    return { before, after };
  }

  /** Deletes if `etag` is still current, then its name claims; returns what was deleted. */
  async remove(id: string, etag: string): Promise<Association> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError();
    try {
      await this.table.deleteEntity(ASSOCIATION_PARTITION, id, { etag });
    } catch (error) {
      if (storageStatus(error) === 412) throw new StaleError((await this.get(id)) ?? null);
      if (storageStatus(error) === 404) throw new NotFoundError();
      throw error;
    }
    // A claim left behind is stale and is cleared by the next write that meets it.
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
    for (const found of await this.all()) {
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
          await this.table.updateEntity(associationEntity(stored), 'Replace', { etag });
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
   * partition, so a large import is several transactions: first the association rows, then
   * their new name claims. Before writing, the prior version of every row it touches is kept;
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

    const batches: RowChange[][] = [];
    for (const phase of [writes, [...claimsToWrite.values()]]) {
      for (let i = 0; i < phase.length; i += BATCH) batches.push(phase.slice(i, i + BATCH));
    }
    const done: RowChange[][] = [];
    try {
      for (const [index, batch] of batches.entries()) {
        await hooks.beforeBatch?.(index, batches.length);
        await this.table.submitTransaction(batch.map((c) => c.action));
        done.push(batch);
      }
    } catch (error) {
      await this.rollBack(done, error);
      if (storageStatus(error) === 412) throw new StaleError(null);
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
        await this.table.submitTransaction(
          batch.map((c): TransactionAction =>
            c.before
              ? ['upsert', c.before, 'Replace']
              : ['delete', { partitionKey: ASSOCIATION_PARTITION, rowKey: c.rowKey }],
          ),
        );
      }
    } catch (error) {
      throw new RollbackError(cause, error);
    }
  }
}

/** An import failed and putting its rows back failed too: needs a person to look. */
export class RollbackError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly rollbackError: unknown,
  ) {
    super('import failed and its rollback failed');
    this.name = 'RollbackError';
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
