/**
 * What happens to the associations register, whichever door it comes through: the list and
 * its search, export and mailing list, create, update and delete with their history, the CSV
 * import, units and categories, role assignments and a person's data under the GDPR. Storage
 * is ports passed in (no table types here), so the rules are tested with in-memory fakes.
 *
 * The edge checks what a user may do at all (`requireAllowed` before parsing); this checks
 * what needs the stored data: the units of the association at hand, that references exist.
 */
import type { TeamMembership } from './team-roster';
import { associationsToRows, serializeCsv, type ReferenceLists } from './csv';
import {
  diffAssociation,
  type Association,
  type AssociationData,
  type AssociationList,
  type AssociationSort,
  type AuditAction,
  type AuditChange,
  type AuditEntry,
  type ErasureResult,
  type ImportResult,
  type ListQuery,
  type MailingList,
  type PersonExport,
  type Unit,
} from '@yhdistysyhteistyo/contract/associations';
import type { Locale, MessageKey, MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import type { Role, RoleAssignment, UserRoles } from '@yhdistysyhteistyo/contract/people';
import { decide, type Action, type Target } from '@yhdistysyhteistyo/contract/roles';
import { normalizeForSearch } from '@yhdistysyhteistyo/contract/search';
import { NotFoundError } from './errors';
import {
  planImport,
  readImportFile,
  type ImportPlan,
  type ImportPlanItem,
  type Translate,
} from './import-plan';

// ---------- ports ----------

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

export interface ImportOutcome {
  readonly created: Association[];
  readonly updated: { before: Association; after: Association }[];
}

/** The register. Writes throw the domain's errors (errors.ts): stale, not found, duplicate name. */
export interface AssociationsPort {
  get(id: string): Promise<Association | undefined>;
  /** Every association matching the filter, sorted by name. */
  all(filter?: ListFilter): Promise<Association[]>;
  /** One page; throws CursorError for a cursor it did not hand out. */
  list(
    filter: ListFilter,
    page: { sort: AssociationSort; limit: number; cursor?: string | undefined },
  ): Promise<ListPage>;
  create(data: AssociationData, by: string): Promise<Association>;
  update(
    id: string,
    data: AssociationData,
    by: string,
    etag: string,
  ): Promise<{ before: Association; after: Association }>;
  remove(id: string, etag: string): Promise<Association>;
  /** All rows or none. */
  applyImport(plan: readonly ImportPlanItem[], by: string): Promise<ImportOutcome>;
  erasePerson(
    email: string,
    replacement: string,
  ): Promise<{ changed: Association[]; contactsRemoved: number; authorFields: number }>;
}

export interface NewAuditEntry {
  readonly by: string;
  readonly action: AuditAction;
  readonly associationId?: string;
  readonly changes: readonly AuditChange[];
}

/** What an erased person's address becomes in the register and the trail. */
export const ERASED = 'erased';

export interface AuditPort {
  record(entry: NewAuditEntry): Promise<void>;
  recordAll(entries: readonly NewAuditEntry[]): Promise<void>;
  /** One association's history, newest first. */
  history(associationId: string): Promise<AuditEntry[]>;
  byPerson(upn: string): Promise<AuditEntry[]>;
  /** Replaces the person's address with ERASED; returns how many entries changed. */
  pseudonymise(upn: string): Promise<number>;
}

export type ReferenceKind = 'unit' | 'category';

/** Units and categories. Throws ExistsError on a taken id, StaleVersionError on a stale ETag. */
export interface ReferencePort {
  list(kind: ReferenceKind): Promise<Unit[]>;
  get(kind: ReferenceKind, id: string): Promise<Unit | undefined>;
  create(kind: ReferenceKind, id: string, name: Unit['name'], by: string): Promise<Unit>;
  /** Undefined when there is no such row. */
  update(
    kind: ReferenceKind,
    id: string,
    name: Unit['name'],
    by: string,
    ifMatch: string,
  ): Promise<Unit | undefined>;
  /** False when there was no such row. */
  remove(kind: ReferenceKind, id: string, ifMatch: string): Promise<boolean>;
}

/** Role assignments. Throws StaleVersionError when `ifMatch` is not current. */
export interface PeoplePort {
  list(): Promise<RoleAssignment[]>;
  get(upn: string): Promise<RoleAssignment | undefined>;
  put(
    upn: string,
    input: { name: string; role: Role; units: readonly string[] },
    by: string,
    ifMatch?: string,
  ): Promise<RoleAssignment>;
  /** False when there was no assignment. */
  remove(upn: string, ifMatch?: string): Promise<boolean>;
  /** Named in config: always a coordinator, whatever is stored. */
  isConfigCoordinator(upn: string): boolean;
  /** How many coordinators there would be without `upn`. */
  coordinatorsOtherThan(upn: string): Promise<number>;
}

export interface Logger {
  error(obj: object, msg: string): void;
}

export interface AssociationsServiceDeps {
  readonly associations: AssociationsPort;
  readonly audit: AuditPort;
  readonly reference: ReferencePort;
  readonly people: PeoplePort;
  /** Ids of the working groups an association may take part in. */
  readonly workingGroupIds: () => Promise<ReadonlySet<string>>;
  readonly clock: () => Date;
  /** A random id suffix, for a unit whose name gives no readable id. */
  readonly newId: () => string;
  readonly log: Logger;
  /** Which addresses belong to someone in a team the app is in (the mailing list may leave them out). */
  readonly teamMembership?: TeamMembership;
}

// ---------- refusals ----------

export type RegisterProblemCode =
  'forbidden' | 'invalid' | 'in_use' | 'config_coordinator' | 'last_coordinator';

/** A rule of the register said no; the edge answers with the code and the translated message. */
export class RegisterProblem extends Error {
  constructor(
    readonly code: RegisterProblemCode,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    /** Field → message key, for inline messages. */
    readonly fields?: Readonly<Record<string, MessageKey>>,
  ) {
    super(code);
    this.name = 'RegisterProblem';
  }
}

/** Who does it: the address for the record and the trail, the roles for the rules. */
export interface Actor {
  readonly upn: string;
  readonly roles: UserRoles;
}

export type PersonExportWithHistory = PersonExport & { readonly history: AuditEntry[] };

/** A readable id from the Finnish name ("Kaupunkiympäristö" → "kaupunkiymparisto"). */
export function referenceSlug(name: string, newId: () => string): string {
  const s = normalizeForSearch(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return /^[a-z0-9]/.test(s) ? s.replace(/-+$/, '') : newId().slice(0, 8);
}

function allow(actor: Actor, action: Action, target?: Target): void {
  const decision = decide(actor.roles, action, target);
  if (!decision.allowed) {
    throw new RegisterProblem('forbidden', decision.reason, decision.params ?? {});
  }
}

function listFilterOf(query: ListQuery, actor: Actor): ListFilter {
  return {
    q: query.q,
    unit: query.unit,
    category: query.category,
    status: query.status,
    ...(query.mine ? { unitsAny: actor.roles.units } : {}),
  };
}

export class AssociationsService {
  constructor(private readonly deps: AssociationsServiceDeps) {}

  // ---------- the register ----------

  async list(actor: Actor, query: ListQuery): Promise<AssociationList> {
    return this.deps.associations.list(listFilterOf(query, actor), {
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async get(id: string): Promise<Association> {
    const found = await this.deps.associations.get(id);
    if (!found) throw new NotFoundError();
    return found;
  }

  /** The history, newest first; an association without history must exist. */
  async history(id: string): Promise<AuditEntry[]> {
    const items = await this.deps.audit.history(id);
    if (items.length === 0 && !(await this.deps.associations.get(id))) throw new NotFoundError();
    return items;
  }

  /** The filtered register as CSV (';', with a BOM for Excel), named by language and date. */
  async exportCsv(
    actor: Actor,
    query: ListQuery,
    locale: Locale,
  ): Promise<{ fileName: string; csv: string }> {
    const [items, refs] = await Promise.all([
      this.deps.associations.all(listFilterOf(query, actor)),
      this.references(),
    ]);
    items.sort((a, b) => a.name.localeCompare(b.name, 'fi'));
    const csv = serializeCsv(associationsToRows(items, refs, locale), ';', true);
    const date = this.deps.clock().toISOString().slice(0, 10);
    const name = locale === 'fi' ? 'yhdistykset' : 'associations';
    return { fileName: `${name}-${date}.csv`, csv };
  }

  /**
   * The contact addresses of the filtered associations, once each; with `notInTeam`, without
   * the people who are in a team the app is in (they read the posts there).
   */
  async mailingList(
    actor: Actor,
    query: ListQuery,
    options: { readonly notInTeam?: boolean } = {},
  ): Promise<MailingList> {
    const items = await this.deps.associations.all(listFilterOf(query, actor));
    let emails = [
      ...new Set(items.flatMap((a) => a.contacts.map((c) => c.email.toLowerCase()))),
    ].sort();
    if (!options.notInTeam || !this.deps.teamMembership) {
      return { emails, text: emails.join('; '), associations: items.length };
    }
    const inTeam = await this.deps.teamMembership(emails);
    emails = emails.filter((e) => !inTeam.has(e));
    return { emails, text: emails.join('; '), associations: items.length, leftOut: inTeam.size };
  }

  async create(actor: Actor, data: AssociationData): Promise<Association> {
    await this.checkReferences(data);
    allow(actor, 'association.create', { units: data.units });
    const created = await this.deps.associations.create(data, actor.upn);
    await this.deps.audit.record({
      by: actor.upn,
      action: 'create',
      associationId: created.id,
      changes: diffAssociation(undefined, created),
    });
    return created;
  }

  /** Replaces the data if `etag` is current; a change is recorded in the history. */
  async update(
    actor: Actor,
    id: string,
    data: AssociationData,
    etag: string,
  ): Promise<Association> {
    await this.checkReferences(data);
    const current = await this.get(id);
    allow(actor, 'association.update', { units: current.units, newUnits: data.units });
    const { before, after } = await this.deps.associations.update(id, data, actor.upn, etag);
    const changes = diffAssociation(before, after);
    if (changes.length > 0) {
      await this.deps.audit.record({ by: actor.upn, action: 'update', associationId: id, changes });
    }
    return after;
  }

  async remove(actor: Actor, id: string, etag: string): Promise<void> {
    const current = await this.get(id);
    allow(actor, 'association.delete', { units: current.units });
    const removed = await this.deps.associations.remove(id, etag);
    await this.deps.audit.record({
      by: actor.upn,
      action: 'delete',
      associationId: id,
      changes: diffAssociation(removed, undefined),
    });
  }

  /**
   * Checks a CSV file and, unless it is a dry run or any row is wrong, writes all its rows or
   * none. The result lists every problem by row; `applied` says whether anything was written.
   */
  async importCsv(
    actor: Actor,
    bytes: Uint8Array,
    options: { readonly dryRun: boolean; readonly translate: Translate },
  ): Promise<ImportResult> {
    const plan = await this.planImport(actor, bytes, options.translate);
    const created = plan.items.filter((p) => !p.existing).length;
    const result: ImportResult = {
      dryRun: options.dryRun,
      rows: plan.rows,
      created,
      updated: plan.items.length - created,
      unchanged: plan.unchanged,
      errors: plan.errors,
      applied: false,
    };
    if (plan.errors.length > 0 || options.dryRun || plan.items.length === 0) return result;
    const outcome = await this.deps.associations.applyImport(plan.items, actor.upn);
    const entries: NewAuditEntry[] = [
      ...outcome.created.map((a) => ({
        by: actor.upn,
        action: 'import' as const,
        associationId: a.id,
        changes: diffAssociation(undefined, a),
      })),
      ...outcome.updated.map((u) => ({
        by: actor.upn,
        action: 'import' as const,
        associationId: u.after.id,
        changes: diffAssociation(u.before, u.after),
      })),
    ];
    try {
      await this.deps.audit.recordAll(entries);
    } catch (error) {
      // The rows are written; a missing trail entry is logged loudly rather than hidden.
      this.deps.log.error(
        { err: error, entries: entries.length },
        'import written but audit incomplete',
      );
    }
    return { ...result, applied: true };
  }

  private async planImport(
    actor: Actor,
    bytes: Uint8Array,
    translate: Translate,
  ): Promise<ImportPlan> {
    const file = readImportFile(bytes, translate);
    if (!file.ok) return { items: [], errors: file.errors, rows: file.rows, unchanged: 0 };
    const [references, workingGroups, stored] = await Promise.all([
      this.references(),
      this.deps.workingGroupIds(),
      this.deps.associations.all(),
    ]);
    return planImport(file, { roles: actor.roles, references, workingGroups, stored }, translate);
  }

  private async references(): Promise<ReferenceLists> {
    const [units, categories] = await Promise.all([
      this.deps.reference.list('unit'),
      this.deps.reference.list('category'),
    ]);
    return { units, categories };
  }

  /** Units, categories and working groups that do not exist: 400 with a message per field. */
  private async checkReferences(data: AssociationData): Promise<void> {
    const [refs, groups] = await Promise.all([this.references(), this.deps.workingGroupIds()]);
    const fields: Record<string, MessageKey> = {};
    const units = new Set(refs.units.map((u) => u.id));
    const categories = new Set(refs.categories.map((c) => c.id));
    if (data.units.some((u) => !units.has(u))) fields.units = 'associations.validation.unknownUnit';
    if (data.categories.some((c) => !categories.has(c))) {
      fields.categories = 'associations.validation.unknownCategory';
    }
    if (data.workingGroups.some((w) => !groups.has(w))) {
      fields.workingGroups = 'associations.validation.workingGroups';
    }
    if (Object.keys(fields).length > 0) {
      throw new RegisterProblem('invalid', 'error.validation', {}, fields);
    }
  }

  // ---------- units and categories ----------

  async listReferences(kind: ReferenceKind): Promise<Unit[]> {
    return this.deps.reference.list(kind);
  }

  /** Creates a unit or category; without an id, one is made from the Finnish name. */
  async createReference(
    actor: Actor,
    kind: ReferenceKind,
    input: { readonly id?: string | undefined; readonly name: Unit['name'] },
  ): Promise<Unit> {
    const id = input.id ?? referenceSlug(input.name.fi, this.deps.newId);
    return this.deps.reference.create(kind, id, input.name, actor.upn);
  }

  async renameReference(
    actor: Actor,
    kind: ReferenceKind,
    id: string,
    name: Unit['name'],
    etag: string,
  ): Promise<Unit> {
    const updated = await this.deps.reference.update(kind, id, name, actor.upn, etag);
    if (!updated) throw new NotFoundError();
    return updated;
  }

  /** Deletes a unit or category no association uses. */
  async removeReference(kind: ReferenceKind, id: string, etag: string): Promise<void> {
    if (!(await this.deps.reference.get(kind, id))) throw new NotFoundError();
    const users = await this.deps.associations.all(
      kind === 'unit' ? { unit: id } : { category: id },
    );
    if (users.length > 0) {
      throw new RegisterProblem('in_use', 'associations.error.inUse', { count: users.length });
    }
    if (!(await this.deps.reference.remove(kind, id, etag))) throw new NotFoundError();
  }

  // ---------- roles ----------

  async roleAssignments(): Promise<RoleAssignment[]> {
    return this.deps.people.list();
  }

  /** Sets a person's role; the config's coordinators and the last coordinator stay. */
  async assignRole(
    actor: Actor,
    upn: string,
    input: { readonly name: string; readonly role: Role; readonly units: readonly string[] },
    ifMatch?: string,
  ): Promise<RoleAssignment> {
    const units = new Set((await this.deps.reference.list('unit')).map((u) => u.id));
    if (input.units.some((u) => !units.has(u))) {
      throw new RegisterProblem(
        'invalid',
        'error.validation',
        {},
        { units: 'associations.validation.unknownUnit' },
      );
    }
    if (input.role !== 'coordinator') await this.checkCoordinatorStays(upn);
    return this.deps.people.put(upn, input, actor.upn, ifMatch);
  }

  /** Removes a person's role (they become a reader). */
  async removeRole(upn: string, ifMatch?: string): Promise<void> {
    await this.checkCoordinatorStays(upn);
    if (!(await this.deps.people.remove(upn, ifMatch))) throw new NotFoundError();
  }

  private async checkCoordinatorStays(upn: string): Promise<void> {
    if (this.deps.people.isConfigCoordinator(upn)) {
      throw new RegisterProblem('config_coordinator', 'associations.error.configCoordinator');
    }
    if ((await this.deps.people.coordinatorsOtherThan(upn)) === 0) {
      throw new RegisterProblem('last_coordinator', 'associations.forbidden.lastCoordinator');
    }
  }

  // ---------- a person's data (GDPR) ----------

  /** Everything the register holds of a person: role, contact entries, records, trail. */
  async exportPerson(email: string): Promise<PersonExportWithHistory> {
    const [assignment, associations, history] = await Promise.all([
      this.deps.people.get(email),
      this.deps.associations.all(),
      this.deps.audit.byPerson(email),
    ]);
    return {
      email,
      ...(assignment
        ? {
            roleAssignment: {
              role: assignment.role,
              units: assignment.units,
              name: assignment.name,
            },
          }
        : {}),
      contactIn: associations.flatMap((a) =>
        a.contacts
          .filter((c) => c.email.toLowerCase() === email)
          .map((contact) => ({ associationId: a.id, associationName: a.name, contact })),
      ),
      recordsEdited: associations.flatMap((a) => {
        const fields = [
          ...(a.createdBy.toLowerCase() === email ? (['createdBy'] as const) : []),
          ...(a.updatedBy.toLowerCase() === email ? (['updatedBy'] as const) : []),
        ];
        return fields.length > 0 ? [{ associationId: a.id, associationName: a.name, fields }] : [];
      }),
      history,
    };
  }

  /**
   * Erases a person: their contact entries, their role, and their address in the records and
   * the trail. The trail keeps that an erasure happened and where, never whose data it was.
   */
  async erasePerson(actor: Actor, email: string): Promise<ErasureResult> {
    const erased = await this.deps.associations.erasePerson(email, ERASED);
    const roleAssignmentRemoved =
      !this.deps.people.isConfigCoordinator(email) && (await this.deps.people.remove(email));
    const trail = await this.deps.audit.pseudonymise(email);
    await this.deps.audit.recordAll([
      ...erased.changed.map((a) => ({
        by: actor.upn,
        action: 'erasure' as const,
        associationId: a.id,
        changes: [{ field: 'contacts' }],
      })),
      {
        by: actor.upn,
        action: 'erasure' as const,
        changes: [
          { field: 'associations', after: erased.changed.length },
          { field: 'roleAssignment', after: roleAssignmentRemoved },
        ],
      },
    ]);
    return {
      contactsRemoved: erased.contactsRemoved,
      associationsChanged: erased.changed.length,
      roleAssignmentRemoved,
      authorFieldsPseudonymised: erased.authorFields + trail,
    };
  }
}
