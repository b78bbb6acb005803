/**
 * Role assignments in the People table.
 *
 * Keys: PartitionKey `person`, RowKey = the encoded lower-case UPN. The only queries are "the
 * roles of the user of this request" (a point read by UPN, one request per API call) and "all
 * assignments" for the coordinator's screen (one partition, one page: a city has far fewer than
 * 1,000 people with roles). The demo seeding writes rows of the same shape.
 *
 * The coordinators named in config (INITIAL_COORDINATORS) are written at start when missing and
 * are coordinators whatever their row says, so a city can never lock itself out.
 */
import { createHash } from 'node:crypto';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { z } from 'zod';
import { referenceIdSchema } from '@yhdistysyhteistyo/contract/associations';
import {
  ROLES,
  userRolesOf,
  type Role,
  type RoleAssignment,
  type UserRoles,
} from '@yhdistysyhteistyo/contract/people';
import { staleRecord } from '../domain/errors';
import { decodeKey, encodeKey } from './keys';
import {
  jsonColumn,
  readOrSkip,
  warnCorruptRow,
  type CorruptRowReporter,
  type RowPlace,
} from './columns';
import { storageStatus, TABLES } from './tables';

export const PEOPLE_PARTITION = 'person';

export type PeopleTable = Pick<
  TableClient,
  'getEntity' | 'listEntities' | 'createEntity' | 'updateEntity' | 'deleteEntity'
>;

export interface PersonRow {
  upn: string;
  name: string;
  role: string;
  units: string;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
  /** The Entra object id and tenant the assignment is bound to, from the first sign-in. */
  oid?: string;
  tid?: string;
}

/** Who signs in, as the binding of an assignment needs them. */
export interface SignInIdentity {
  readonly guest?: boolean;
  readonly oid?: string;
  readonly tid?: string;
}

/** Demo rows have a "representative" role (association people, guests): they read. */
function roleOf(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : 'reader';
}

/** The `units` column: the unit ids the API validated on the way in. */
export const personUnitsColumn = z.array(referenceIdSchema);

/**
 * Where a People row sits, for errors and logs: its RowKey is the person's UPN (personal data),
 * so a short hash of it stands in.
 */
export function personRowPlace(rowKey: string): RowPlace {
  const hash = createHash('sha256').update(rowKey).digest('hex').slice(0, 16);
  return { table: TABLES.people, key: `${PEOPLE_PARTITION}/sha256:${hash}` };
}

export class PeopleStore {
  private readonly configCoordinators: ReadonlySet<string>;

  constructor(
    private readonly table: PeopleTable,
    initialCoordinators: readonly string[],
    private readonly now: () => Date = () => new Date(),
    /** Told about an assignment the list leaves out because it does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {
    this.configCoordinators = new Set(initialCoordinators.map((u) => u.toLowerCase()));
  }

  isConfigCoordinator(upn: string): boolean {
    return this.configCoordinators.has(upn.toLowerCase());
  }

  private toAssignment(e: TableEntityResult<PersonRow>): RoleAssignment {
    const upn = (e.upn || decodeKey(e.rowKey ?? '')).toLowerCase();
    const fromConfig = this.isConfigCoordinator(upn);
    const role = fromConfig ? 'coordinator' : roleOf(e.role);
    return {
      upn,
      name: e.name ?? upn,
      role,
      // A damaged list is an error, not "no units": a save built on it would lose them.
      units:
        role === 'contact'
          ? jsonColumn(e, personRowPlace(e.rowKey ?? ''), 'units', personUnitsColumn, [])
          : [],
      fromConfig,
      updatedAt: e.updatedAt ?? '',
      updatedBy: e.updatedBy ?? '',
      etag: e.etag,
    };
  }

  async get(upn: string): Promise<RoleAssignment | undefined> {
    try {
      const e = await this.table.getEntity<PersonRow>(
        PEOPLE_PARTITION,
        encodeKey(upn.toLowerCase()),
      );
      return this.toAssignment(e);
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * The roles of a signed-in user: one point read. No row → reader. A guest gets only what a
   * coordinator assigned explicitly: never the configured coordinators' role, never a default.
   */
  async rolesFor(upn: string, options: SignInIdentity = {}): Promise<UserRoles> {
    const row = await this.row(upn);
    // An assignment belongs to the person (tid, oid) who first signed in with it: the same
    // address under another object id (a re-used or changed address) gets nothing from it.
    const boundTo = row?.oid ? { oid: row.oid, tid: row.tid ?? '' } : undefined;
    const own =
      !boundTo ||
      options.oid === undefined ||
      (boundTo.oid === options.oid && (!options.tid || boundTo.tid === options.tid));
    if (row && !boundTo && options.oid && !options.guest) await this.bind(row, options);
    const stored = row && own ? this.toAssignment(row) : undefined;
    if (options.guest) {
      const explicit = stored && !stored.fromConfig ? stored : undefined;
      return { ...userRolesOf(explicit), guest: true };
    }
    if (!own) return { coordinator: false, units: [] };
    if (this.isConfigCoordinator(upn)) return { coordinator: true, units: [] };
    return userRolesOf(stored);
  }

  private async row(upn: string): Promise<TableEntityResult<PersonRow> | undefined> {
    try {
      return await this.table.getEntity<PersonRow>(PEOPLE_PARTITION, encodeKey(upn.toLowerCase()));
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * Binds an assignment made by address to the object id of the person's first sign-in, once,
   * for the home tenant only. Losing a race to another sign-in (412) leaves the winner's binding.
   */
  private async bind(row: TableEntityResult<PersonRow>, who: SignInIdentity): Promise<void> {
    try {
      await this.table.updateEntity(
        {
          partitionKey: PEOPLE_PARTITION,
          rowKey: row.rowKey ?? '',
          oid: who.oid,
          tid: who.tid ?? '',
          boundAt: this.now().toISOString(),
        },
        'Merge',
        { etag: row.etag ?? '*' },
      );
      row.oid = who.oid;
      row.tid = who.tid ?? '';
    } catch (error) {
      const status = storageStatus(error);
      if (status !== 412 && status !== 409) throw error;
    }
  }

  async list(): Promise<RoleAssignment[]> {
    const out: RoleAssignment[] = [];
    const pages = this.table
      .listEntities<PersonRow>({
        queryOptions: { filter: odata`PartitionKey eq ${PEOPLE_PARTITION}` },
      })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const e of page) {
        const assignment = readOrSkip(() => this.toAssignment(e), this.onCorruptRow);
        if (assignment) out.push(assignment);
      }
    }
    return out.sort((a, b) => a.upn.localeCompare(b.upn));
  }

  /** Creates or replaces an assignment; with `ifMatch` only if nobody changed it meanwhile. */
  async put(
    upn: string,
    input: { name: string; role: Role; units: readonly string[] },
    by: string,
    ifMatch?: string,
  ): Promise<RoleAssignment> {
    const key = upn.toLowerCase();
    const at = this.now().toISOString();
    const existing = await this.get(key);
    const row = {
      partitionKey: PEOPLE_PARTITION,
      rowKey: encodeKey(key),
      upn: key,
      name: input.name,
      role: input.role,
      units: JSON.stringify(input.role === 'contact' ? input.units : []),
      updatedAt: at,
      updatedBy: by,
    };
    try {
      if (!existing) {
        if (ifMatch) throw staleRecord(undefined);
        await this.table.createEntity({ ...row, createdAt: at, createdBy: by });
      } else {
        // Merge keeps what other parts of the app keep on the row (titles, guest flag).
        await this.table.updateEntity(row, 'Merge', { etag: ifMatch ?? existing.etag ?? '*' });
      }
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 409) throw staleRecord(await this.get(key));
      throw error;
    }
    const saved = await this.get(key);
    if (!saved) throw new Error('role assignment vanished after writing');
    return saved;
  }

  /** Removes an assignment (the person becomes a reader); false when there was none. */
  async remove(upn: string, ifMatch?: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(PEOPLE_PARTITION, encodeKey(upn.toLowerCase()), {
        etag: ifMatch ?? '*',
      });
      return true;
    } catch (error) {
      const status = storageStatus(error);
      if (status === 404) return false;
      if (status === 412) throw staleRecord(await this.get(upn));
      throw error;
    }
  }

  /** Writes the config's coordinators that have no row yet; an existing row is left as it is. */
  async ensureInitialCoordinators(): Promise<number> {
    let created = 0;
    const at = this.now().toISOString();
    for (const upn of this.configCoordinators) {
      try {
        await this.table.createEntity({
          partitionKey: PEOPLE_PARTITION,
          rowKey: encodeKey(upn),
          upn,
          name: upn,
          role: 'coordinator',
          units: '[]',
          createdAt: at,
          createdBy: 'config',
          updatedAt: at,
          updatedBy: 'config',
        });
        created++;
      } catch (error) {
        if (storageStatus(error) !== 409) throw error;
      }
    }
    return created;
  }

  /** How many coordinators there would be without `upn` (config ones always count). */
  async coordinatorsOtherThan(upn: string): Promise<number> {
    const key = upn.toLowerCase();
    const all = await this.list();
    const stored = all.filter((a) => a.role === 'coordinator' && a.upn !== key).map((a) => a.upn);
    return new Set([...stored, ...[...this.configCoordinators].filter((u) => u !== key)]).size;
  }
}
