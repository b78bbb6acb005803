/**
 * One person's data under the GDPR, in every table: what is held of them (export) and its
 * erasure. The register's part (contact entries, created/updated fields, the role, the trail's
 * `by`) stays with `AssociationsService`; every other table area is a port of its own, so a
 * new table is one more port, and the test that seeds a person into every table the app
 * creates fails until it has one.
 *
 * Who the person is: the address the coordinator gives, the Entra object ids given or bound to
 * their role, and the names and Teams ids the rows found by address or object id hold. Names
 * alone identify nobody: a name is erased only from rows that also hold the address or an
 * object id, and from the entries that carry nothing but a name (a representative in a
 * working group), which the export lists first so the coordinator sees them before erasing.
 *
 * Erasure keeps what the city needs without the person: counts of answers stay (an answer
 * loses its person), authorship becomes the neutral marker `erased`, and the trail records that
 * an erasure happened and how many rows each table changed, never whose data it was.
 */
import type { ErasureResult } from '@yhdistysyhteistyo/contract/associations';
import type { UserRoles } from '@yhdistysyhteistyo/contract/people';
import { ERASED, type AuditPort, type PersonExportWithHistory } from './associations-service';

/** How a person is recognised in the rows; every value lower-case and trimmed. */
export interface PersonKeys {
  readonly email: string;
  /** Entra object ids. */
  readonly oids: readonly string[];
  readonly names: readonly string[];
  /** Teams user ids (`29:…`). */
  readonly teamsIds: readonly string[];
}

/** What an area found of the person: per table (its logical name), the rows as they concern them. */
export type Found = Readonly<Record<string, readonly unknown[]>>;

/** Per table, how many rows an erasure changed or removed. */
export type Changed = Readonly<Record<string, number>>;

/** What one area can tell about who the person is, from rows matched by address or object id. */
export interface Identity {
  readonly oids?: readonly string[];
  readonly names?: readonly string[];
  readonly teamsIds?: readonly string[];
}

/** One table area (one or a few tables that belong together). */
export interface PersonalDataArea {
  /** The tables this area answers for (logical names). */
  readonly tables: readonly string[];
  /** More identifiers of the person, from rows this area matches by address or object id. */
  identify?(keys: PersonKeys): Promise<Identity>;
  find(keys: PersonKeys): Promise<Found>;
  /** Erases the person; `marker` stands where a field must keep a value (authorship). */
  erase(keys: PersonKeys, marker: string): Promise<Changed>;
}

/** The register's part, as `AssociationsService` does it. */
export interface RegisterPersonalData {
  exportPerson(email: string): Promise<PersonExportWithHistory>;
  erasePerson(
    actor: { readonly upn: string; readonly roles: UserRoles },
    email: string,
  ): Promise<ErasureResult>;
}

export interface PersonalDataDeps {
  readonly register: RegisterPersonalData;
  /** The tables the register's part covers. */
  readonly registerTables: readonly string[];
  readonly areas: Readonly<Record<string, PersonalDataArea>>;
  readonly audit: Pick<AuditPort, 'record'>;
}

/** What the coordinator gives: the address, and optionally the object id and the name. */
export interface PersonQuery {
  readonly email: string;
  readonly oid?: string | undefined;
  readonly name?: string | undefined;
}

export type PersonalDataExport = PersonExportWithHistory & {
  /** Who the rows were matched by. */
  readonly identity: { readonly oids: readonly string[]; readonly names: readonly string[] };
  /** Every table that holds something of the person, with those rows. */
  readonly tables: Found;
};

export type PersonalDataErasure = ErasureResult & {
  /** Per table, the rows changed or removed. */
  readonly tables: Changed;
};

const norm = (v: string) => v.trim().toLowerCase();

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v && v.trim() !== '').map(norm))];
}

/** Merges what the areas know into one set of keys; the address itself is never a name. */
export function personKeys(query: PersonQuery, found: readonly Identity[]): PersonKeys {
  const email = norm(query.email);
  return {
    email,
    oids: unique([query.oid, ...found.flatMap((f) => f.oids ?? [])]),
    names: unique([query.name, ...found.flatMap((f) => f.names ?? [])]).filter(
      (n) => n !== email && n.length >= 2,
    ),
    teamsIds: unique(found.flatMap((f) => f.teamsIds ?? [])),
  };
}

/** True when `value` is one of the person's identifiers (address, object id, Teams id). */
export function isPersonId(value: unknown, keys: PersonKeys): boolean {
  if (typeof value !== 'string' || value === '') return false;
  const v = norm(value);
  return v === keys.email || keys.oids.includes(v) || keys.teamsIds.includes(v);
}

/** True when `value` is the person's name (as a whole, not a part of another text). */
export function isPersonName(value: unknown, keys: PersonKeys): boolean {
  return typeof value === 'string' && keys.names.includes(norm(value));
}

/** True when the text holds any identifier or name of the person anywhere in it. */
export function mentionsPerson(text: unknown, keys: PersonKeys): boolean {
  if (typeof text !== 'string' || text === '') return false;
  const t = text.toLowerCase();
  // A short single name ("Li") would be found inside other words: only whole values count then.
  const names = keys.names.filter((n) => n.includes(' ') || n.length >= 6);
  return (
    isPersonId(text, keys) ||
    isPersonName(text, keys) ||
    [keys.email, ...keys.oids, ...keys.teamsIds, ...names].some((k) => k !== '' && t.includes(k))
  );
}

/**
 * A JSON value with every string that mentions the person replaced by `marker` (history rows:
 * old values are kept for what they say about the record, never for who).
 */
export function scrubValue(
  value: unknown,
  keys: PersonKeys,
  marker: string,
): { value: unknown; changed: number } {
  let changed = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!mentionsPerson(v, keys)) return v;
      changed++;
      return marker;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out = walk(value);
  return { value: out, changed };
}

export class PersonalDataService {
  constructor(private readonly deps: PersonalDataDeps) {}

  /** Every table the export and the erasure cover. */
  tables(): string[] {
    return [
      ...new Set([
        ...this.deps.registerTables,
        ...Object.values(this.deps.areas).flatMap((a) => a.tables),
      ]),
    ].sort();
  }

  private async identify(query: PersonQuery): Promise<PersonKeys> {
    // Two rounds: an object id found by address (the role's binding) finds names and Teams
    // ids in the rows keyed by it (answers, the personal chat).
    let keys = personKeys(query, []);
    for (let round = 0; round < 2; round++) {
      const found = await Promise.all(
        Object.values(this.deps.areas).map((a) =>
          a.identify ? a.identify(keys) : Promise.resolve<Identity>({}),
        ),
      );
      keys = personKeys(query, [keys, ...found]);
    }
    return keys;
  }

  /** Everything held of the person, from every table. */
  async exportPerson(query: PersonQuery): Promise<PersonalDataExport> {
    const keys = await this.identify(query);
    const register = await this.deps.register.exportPerson(keys.email);
    const tables: Record<string, readonly unknown[]> = {};
    const add = (found: Found) => {
      for (const [table, rows] of Object.entries(found)) {
        if (rows.length > 0) tables[table] = [...(tables[table] ?? []), ...rows];
      }
    };
    add({
      Associations: [...register.contactIn, ...register.recordsEdited],
      Audit: register.history,
    });
    for (const area of Object.values(this.deps.areas)) add(await area.find(keys));
    return {
      ...register,
      identity: { oids: keys.oids, names: keys.names },
      tables,
    };
  }

  /**
   * Erases the person from every table. The register goes first (it also records its own
   * erasure entries), then every other area; the trail gets one more entry with the counts.
   */
  async erasePerson(
    actor: { readonly upn: string; readonly roles: UserRoles },
    query: PersonQuery,
  ): Promise<PersonalDataErasure> {
    const keys = await this.identify(query);
    const register = await this.deps.register.erasePerson(actor, keys.email);
    const tables: Record<string, number> = {
      Associations: register.associationsChanged,
      People: register.roleAssignmentRemoved ? 1 : 0,
    };
    for (const area of Object.values(this.deps.areas)) {
      for (const [table, n] of Object.entries(await area.erase(keys, ERASED))) {
        tables[table] = (tables[table] ?? 0) + n;
      }
    }
    await this.deps.audit.record({
      by: actor.upn,
      action: 'erasure',
      changes: Object.entries(tables)
        .filter(([, n]) => n > 0)
        .map(([field, after]) => ({ field, after })),
    });
    return { ...register, tables };
  }
}
