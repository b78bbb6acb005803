/**
 * The associations register API. Every route needs `Authorization: Bearer <Teams SSO token>`
 * (401 otherwise); role violations answer 403; errors have the one shape
 * `{error:{code,message,fields?}}` in fi or en by `Accept-Language`.
 *
 *   GET    /api/v1/me                                → MeResponse (domain/people.ts)
 *   GET    /api/v1/associations?cursor&limit&q&unit&category&status&mine&sort
 *                                                    → ListResponse<Association> {items, nextCursor?, total}
 *   POST   /api/v1/associations          AssociationInput → 201 Association (ETag header)
 *   GET    /api/v1/associations/:id                  → Association (ETag header)
 *   PUT    /api/v1/associations/:id      If-Match, AssociationInput → Association
 *   DELETE /api/v1/associations/:id      If-Match    → 204
 *          PUT/DELETE without If-Match → 428 error.preconditionRequired; a stale ETag → 409
 *          {error:{code:'conflict'}, current: Association|null}.
 *          A name already used in one of the same units → 409 {error:{code:'duplicate_name',
 *          fields:{name}}} (a conflict with stored data, like the stale ETag).
 *   GET    /api/v1/associations/export.csv?<list filters> → text/csv; ';'-separated, UTF-8 with BOM
 *   POST   /api/v1/associations/import?dryRun=true  body: raw CSV bytes, Content-Type text/csv
 *          (or application/vnd.ms-excel)            → 200 ImportResult, errors[{row,field,message}]
 *                                                      listed, nothing written
 *   POST   /api/v1/associations/import               → 200 ImportResult (applied: all rows), or
 *                                                      400 {error:{code:'import_invalid'}, ...ImportResult}
 *                                                      when any row is bad (nothing written);
 *                                                      413 over 2 MB; 415 not CSV
 *   GET    /api/v1/associations/mailing-list?<list filters> → MailingList
 *   GET    /api/v1/associations/:id/history          → HistoryResponse (newest first)
 *   GET    /api/v1/people/export?email=…             → PersonExport (coordinator)
 *   DELETE /api/v1/people?email=…                    → ErasureResult (coordinator)
 *   GET    /api/v1/units, /api/v1/categories         → {items: Unit[]}
 *   POST   /api/v1/units, /api/v1/categories         ReferenceInput (coordinator) → 201 Unit
 *   PUT    /api/v1/units/:id, /api/v1/categories/:id If-Match, ReferenceInput (coordinator)
 *   DELETE /api/v1/units/:id, /api/v1/categories/:id If-Match (coordinator; 409 when in use)
 *   GET    /api/v1/roles                             → {items: RoleAssignment[]}
 *   PUT    /api/v1/roles?upn=…                       RoleAssignmentInput (coordinator) → RoleAssignment
 *   DELETE /api/v1/roles?upn=…                       (coordinator) → 204
 *          (also /roles/:upn; the query form keeps the address out of the request log)
 *
 * Development only (DEV_AUTH, loopback): GET /dev/users, POST /dev/token {"upn"} → {token,
 * expiresAt}, GET /dev/jwks.json. With DEV_AUTH off these answer 404.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import {
  associationInputSchema,
  diffAssociation,
  idSchema,
  LIMITS,
  listQuerySchema,
  type Association,
  type AssociationData,
  type AssociationList,
  type HistoryResponse,
  type ImportResult,
  type ImportRowError,
  type ListQuery,
  type MailingList,
} from '@yhdistysyhteistyo/contract/associations';
import {
  associationsToRows,
  columnOfPath,
  decodeCsvBytes,
  mapHeader,
  parseCsv,
  rowToInput,
  serializeCsv,
  type ReferenceLists,
} from '../domain/csv';
import { decide } from '@yhdistysyhteistyo/contract/roles';
import { nameIdentityKey } from '@yhdistysyhteistyo/contract/search';
import { t, type Locale, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import {
  CursorError,
  DuplicateNameError,
  NotFoundError,
  StaleVersionError,
} from '../domain/errors';
import {
  type AssociationsStore,
  type ImportPlanItem,
  type ListFilter,
} from '../storage/associations-store';
import type { AuditStore, NewAuditEntry } from '../storage/audit-store';
import { requestContext } from './context';
import { ApiError, notFound } from './errors';
import type { RouteModule } from './server';
import { requireAllowed, secured, type AuthDeps, type UserContext } from './user-context';

export interface AssociationsDeps extends AuthDeps {
  readonly store: Pick<
    AssociationsStore,
    'get' | 'all' | 'list' | 'create' | 'update' | 'remove' | 'applyImport'
  >;
  readonly audit: Pick<AuditStore, 'record' | 'recordAll' | 'history'>;
  readonly reference: {
    list(kind: 'unit' | 'category'): Promise<{ id: string; name: { fi: string; en: string } }[]>;
  };
  /** Ids of the working groups an association may take part in. */
  readonly workingGroupIds: () => Promise<ReadonlySet<string>>;
}

const BASE = '/api/v1/associations';
/** Media types a browser gives a .csv file (Windows says Excel's). */
const CSV_TYPES = new Set(['text/csv', 'application/vnd.ms-excel']);

// ---------- request helpers ----------

/** `If-Match` of PUT and DELETE: required (428), one quoted ETag (400 otherwise). */
export function ifMatchOf(req: Request): string {
  const value = req.header('if-match');
  if (!value) throw new ApiError(428, 'precondition_required', 'error.preconditionRequired');
  const etag = value.trim();
  if (etag.length > 200 || !/^(W\/)?"[^"\r\n]+"$/.test(etag)) {
    throw new ApiError(
      400,
      'validation',
      'associations.error.ifMatch',
      {},
      { 'If-Match': 'associations.error.ifMatch' },
    );
  }
  return etag;
}

/** 409 with the stored version (each of these records carries its own ETag), or null: gone. */
export function conflict(error: StaleVersionError<unknown>): ApiError {
  return new ApiError(
    409,
    'conflict',
    'error.conflict',
    {},
    undefined,
    error.current?.value ?? null,
  );
}

function duplicateName(): ApiError {
  return new ApiError(
    409,
    'duplicate_name',
    'associations.error.duplicateName',
    {},
    {
      name: 'associations.validation.duplicateName',
    },
  );
}

function idParam(req: Request): string {
  const params = req.params as Record<string, unknown> | undefined;
  const parsed = idSchema.safeParse(params?.id);
  // An id that cannot exist is simply not found (and never reaches storage).
  if (!parsed.success) throw notFound();
  return parsed.data;
}

function listFilterOf(query: ListQuery, user: UserContext): ListFilter {
  return {
    q: query.q,
    unit: query.unit,
    category: query.category,
    status: query.status,
    ...(query.mine ? { unitsAny: user.roles.units } : {}),
  };
}

function parseQuery(req: Request): ListQuery {
  return listQuerySchema.parse(req.query ?? {});
}

async function references(deps: AssociationsDeps): Promise<ReferenceLists> {
  const [units, categories] = await Promise.all([
    deps.reference.list('unit'),
    deps.reference.list('category'),
  ]);
  return { units, categories };
}

/** Field → message key for units, categories and working groups that do not exist. */
async function referenceProblems(
  deps: AssociationsDeps,
  data: AssociationData,
  refs?: ReferenceLists,
  groups?: ReadonlySet<string>,
): Promise<Record<string, MessageKey>> {
  const r = refs ?? (await references(deps));
  const g = groups ?? (await deps.workingGroupIds());
  const fields: Record<string, MessageKey> = {};
  const units = new Set(r.units.map((u) => u.id));
  const categories = new Set(r.categories.map((c) => c.id));
  if (data.units.some((u) => !units.has(u))) fields.units = 'associations.validation.unknownUnit';
  if (data.categories.some((c) => !categories.has(c))) {
    fields.categories = 'associations.validation.unknownCategory';
  }
  if (data.workingGroups.some((w) => !g.has(w))) {
    fields.workingGroups = 'associations.validation.workingGroups';
  }
  return fields;
}

async function validBody(deps: AssociationsDeps, req: Request): Promise<AssociationData> {
  const data = associationInputSchema.parse(req.body ?? undefined);
  const fields = await referenceProblems(deps, data);
  if (Object.keys(fields).length > 0) {
    throw new ApiError(400, 'validation', 'error.validation', {}, fields);
  }
  return data;
}

function sendAssociation(res: Response, status: number, a: Association): void {
  res.header('ETag', a.etag);
  res.send(status, a);
}

function translateStoreError(error: unknown): unknown {
  if (error instanceof StaleVersionError) return conflict(error);
  if (error instanceof NotFoundError) return notFound();
  if (error instanceof DuplicateNameError) return duplicateName();
  if (error instanceof CursorError) {
    return new ApiError(
      400,
      'validation',
      'error.validation',
      {},
      { cursor: 'associations.query.cursor' },
    );
  }
  return error;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateStoreError(error);
  }
}

// ---------- CSV import ----------

/** Reads the raw request body (the body parser leaves CSV alone), refusing more than 2 MB. */
export async function readRawBody(
  req: Request,
  limit: number = LIMITS.csvBytesMax,
): Promise<Buffer> {
  const declared = Number(req.header('content-length') ?? '0');
  const tooLarge = () => new ApiError(413, 'too_large', 'associations.csv.tooLarge');
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

interface CheckedImport {
  readonly plan: ImportPlanItem[];
  readonly errors: ImportRowError[];
  readonly rows: number;
  readonly unchanged: number;
}

function rowError(
  locale: Locale,
  row: number,
  field: string,
  key: MessageKey,
  params = {},
): ImportRowError {
  return { row, field, message: t(locale, key, params) };
}

/**
 * Checks a whole file before anything is written: the header, every row against the schema,
 * the references, the ids, the user's units, and that no two associations of one unit end
 * up with the same name (the file and the stored register together).
 */
async function checkImport(
  deps: AssociationsDeps,
  bytes: Buffer,
  user: UserContext,
  locale: Locale,
): Promise<CheckedImport> {
  const errors: ImportRowError[] = [];
  const { text } = decodeCsvBytes(bytes);
  const parsed = parseCsv(text);
  for (const p of parsed.problems) errors.push(rowError(locale, p.row, '(row)', p.key));
  const [header, ...records] = parsed.rows;
  if (!header || records.length === 0) {
    if (errors.length === 0) errors.push(rowError(locale, 1, '(file)', 'associations.csv.empty'));
    return { plan: [], errors, rows: records.length, unchanged: 0 };
  }
  const mapped = mapHeader(header);
  for (const p of mapped.problems) {
    errors.push(rowError(locale, 1, p.column, p.key, { column: p.column }));
  }
  if (mapped.problems.length > 0 || parsed.problems.length > 0) {
    return { plan: [], errors, rows: records.length, unchanged: 0 };
  }

  const [refs, groups, stored] = await Promise.all([
    references(deps),
    deps.workingGroupIds(),
    deps.store.all(),
  ]);
  const byId = new Map(stored.map((a) => [a.id, a]));
  const units = new Set(refs.units.map((u) => u.id));
  const categories = new Set(refs.categories.map((c) => c.id));
  const seenIds = new Set<string>();
  const plan: (ImportPlanItem & { row: number })[] = [];
  let unchanged = 0;
  records.forEach((cells, index) => {
    const row = index + 2;
    if (cells.length !== header.length) {
      errors.push(rowError(locale, row, '(row)', 'associations.csv.columnCount'));
      return;
    }
    const { id, input } = rowToInput(mapped.columns, cells, refs);
    const result = associationInputSchema.safeParse(input);
    if (!result.success) {
      const seen = new Set<string>();
      for (const issue of result.error.issues) {
        const field = columnOfPath(issue.path);
        if (seen.has(field)) continue;
        seen.add(field);
        const key = (
          issue.message.includes('.') ? issue.message : 'error.validation'
        ) as MessageKey;
        errors.push(rowError(locale, row, field, key));
      }
      return;
    }
    const data = result.data;
    let existing: Association | undefined;
    if (id !== '') {
      existing = byId.get(id);
      if (!existing) {
        errors.push(rowError(locale, row, 'id', 'associations.csv.unknownId'));
        return;
      }
      if (seenIds.has(id)) {
        errors.push(rowError(locale, row, 'id', 'associations.csv.duplicateInFile'));
        return;
      }
      seenIds.add(id);
    }
    const decision = existing
      ? decide(user.roles, 'association.update', { units: existing.units, newUnits: data.units })
      : decide(user.roles, 'association.create', { units: data.units });
    if (!decision.allowed) {
      errors.push(rowError(locale, row, 'units', decision.reason, decision.params ?? {}));
      return;
    }
    if (data.units.some((u) => !units.has(u))) {
      errors.push(rowError(locale, row, 'units', 'associations.validation.unknownUnit'));
      return;
    }
    if (data.categories.some((c) => !categories.has(c))) {
      errors.push(rowError(locale, row, 'categories', 'associations.validation.unknownCategory'));
      return;
    }
    if (data.workingGroups.some((w) => !groups.has(w))) {
      errors.push(rowError(locale, row, 'workingGroups', 'associations.validation.workingGroups'));
      return;
    }
    if (existing && JSON.stringify(diffAssociation(existing, data)) === '[]') {
      unchanged++;
      return;
    }
    plan.push({ row, data, ...(existing ? { existing } : {}) });
  });

  // Names in the final state: stored associations as the import leaves them.
  const finalNames = new Map<string, { id: string; row?: number }>();
  const touched = new Set(plan.flatMap((p) => (p.existing ? [p.existing.id] : [])));
  for (const a of stored) {
    if (touched.has(a.id)) continue;
    for (const u of a.units) finalNames.set(`${u}\n${nameIdentityKey(a.name)}`, { id: a.id });
  }
  for (const p of plan) {
    for (const u of p.data.units) {
      const key = `${u}\n${nameIdentityKey(p.data.name)}`;
      const other = finalNames.get(key);
      if (other && other.id !== (p.existing?.id ?? `row:${p.row}`)) {
        errors.push(rowError(locale, p.row, 'name', 'associations.validation.duplicateName'));
        break;
      }
      finalNames.set(key, { id: p.existing?.id ?? `row:${p.row}`, row: p.row });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { plan, errors, rows: records.length, unchanged };
}

const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'], { error: 'associations.query.flag' })
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

// ---------- routes ----------

export function associationsRoutes(deps: AssociationsDeps): RouteModule {
  return (server: Server) => {
    server.get(
      BASE,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.read');
        const query = parseQuery(req);
        const page = await guarded(() =>
          deps.store.list(listFilterOf(query, user), {
            sort: query.sort,
            limit: query.limit,
            cursor: query.cursor,
          }),
        );
        const body: AssociationList = page;
        res.send(200, body);
      }),
    );

    server.get(
      `${BASE}/export.csv`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.export');
        const query = parseQuery(req);
        const { locale } = requestContext(req);
        const [items, refs] = await Promise.all([
          deps.store.all(listFilterOf(query, user)),
          references(deps),
        ]);
        items.sort((a, b) => a.name.localeCompare(b.name, 'fi'));
        const csv = serializeCsv(associationsToRows(items, refs, locale), ';', true);
        const date = new Date().toISOString().slice(0, 10);
        const name = locale === 'fi' ? 'yhdistykset' : 'associations';
        res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}-${date}.csv"`,
          'Cache-Control': 'no-store',
        });
        res.end(Buffer.from(csv, 'utf8'));
      }),
    );

    server.get(
      `${BASE}/mailing-list`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.mailingList');
        const query = parseQuery(req);
        const items = await deps.store.all(listFilterOf(query, user));
        const emails = [
          ...new Set(items.flatMap((a) => a.contacts.map((c) => c.email.toLowerCase()))),
        ].sort();
        const body: MailingList = { emails, text: emails.join('; '), associations: items.length };
        res.send(200, body);
      }),
    );

    server.post(
      `${BASE}/import`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.import');
        const { dryRun } = importQuery.parse(req.query ?? {});
        const type = (req.getContentType() ?? '').toLowerCase();
        if (!CSV_TYPES.has(type)) {
          req.resume();
          throw new ApiError(415, 'unsupported_media_type', 'associations.csv.contentType');
        }
        const bytes = await readRawBody(req);
        const { locale, log } = requestContext(req);
        const checked = await checkImport(deps, bytes, user, locale);
        const created = checked.plan.filter((p) => !p.existing).length;
        const result: ImportResult = {
          dryRun,
          rows: checked.rows,
          created,
          updated: checked.plan.length - created,
          unchanged: checked.unchanged,
          errors: checked.errors,
          applied: false,
        };
        if (checked.errors.length > 0) {
          if (dryRun) {
            res.send(200, result);
            return;
          }
          res.send(400, {
            error: { code: 'import_invalid', message: t(locale, 'associations.csv.invalid') },
            ...result,
          });
          return;
        }
        if (dryRun || checked.plan.length === 0) {
          res.send(200, result);
          return;
        }
        const outcome = await guarded(() =>
          deps.store.applyImport(checked.plan, user.identity.upn),
        );
        const entries: NewAuditEntry[] = [
          ...outcome.created.map((a) => ({
            by: user.identity.upn,
            action: 'import' as const,
            associationId: a.id,
            changes: diffAssociation(undefined, a),
          })),
          ...outcome.updated.map((u) => ({
            by: user.identity.upn,
            action: 'import' as const,
            associationId: u.after.id,
            changes: diffAssociation(u.before, u.after),
          })),
        ];
        await deps.audit.recordAll(entries).catch((error: unknown) => {
          // The rows are written; a missing trail entry is logged loudly rather than hidden.
          log.error({ err: error, entries: entries.length }, 'import written but audit incomplete');
        });
        res.send(200, { ...result, applied: true });
      }),
    );

    server.post(
      BASE,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.create');
        const data = await validBody(deps, req);
        requireAllowed(user, 'association.create', { units: data.units });
        const created = await guarded(() => deps.store.create(data, user.identity.upn));
        await deps.audit.record({
          by: user.identity.upn,
          action: 'create',
          associationId: created.id,
          changes: diffAssociation(undefined, created),
        });
        res.header('Location', `${BASE}/${encodeURIComponent(created.id)}`);
        sendAssociation(res, 201, created);
      }),
    );

    server.get(
      `${BASE}/:id`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.read');
        const found = await deps.store.get(idParam(req));
        if (!found) throw notFound();
        sendAssociation(res, 200, found);
      }),
    );

    server.get(
      `${BASE}/:id/history`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.history');
        const id = idParam(req);
        const items = await deps.audit.history(id);
        if (items.length === 0 && !(await deps.store.get(id))) throw notFound();
        const body: HistoryResponse = { items };
        res.send(200, body);
      }),
    );

    server.put(
      `${BASE}/:id`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.update');
        const id = idParam(req);
        const data = await validBody(deps, req);
        const etag = ifMatchOf(req);
        const current = await deps.store.get(id);
        if (!current) throw notFound();
        requireAllowed(user, 'association.update', { units: current.units, newUnits: data.units });
        const { before, after } = await guarded(() =>
          deps.store.update(id, data, user.identity.upn, etag),
        );
        const changes = diffAssociation(before, after);
        if (changes.length > 0) {
          await deps.audit.record({
            by: user.identity.upn,
            action: 'update',
            associationId: id,
            changes,
          });
        }
        sendAssociation(res, 200, after);
      }),
    );

    server.del(
      `${BASE}/:id`,
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'association.delete');
        const id = idParam(req);
        const etag = ifMatchOf(req);
        const current = await deps.store.get(id);
        if (!current) throw notFound();
        requireAllowed(user, 'association.delete', { units: current.units });
        const removed = await guarded(() => deps.store.remove(id, etag));
        await deps.audit.record({
          by: user.identity.upn,
          action: 'delete',
          associationId: id,
          changes: diffAssociation(removed, undefined),
        });
        res.send(204);
      }),
    );
  };
}
