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
 *   GET    /api/v1/associations/mailing-list?<list filters>[&notInTeam=true] → MailingList
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
  idSchema,
  LIMITS,
  listQuerySchema,
  type Association,
  type AssociationList,
  type HistoryResponse,
  type ListQuery,
  type MailingList,
} from '@yhdistysyhteistyo/contract/associations';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import { visibleAssociation } from '@yhdistysyhteistyo/contract/roles';
import type { AssociationsService } from '../domain/associations-service';
import { requestContext } from './context';
import { rateLimit } from './rate-limits';
import { answering, ApiError, notFound } from './errors';
import type { RouteModule } from './server';
import { actorOf, requireAllowed, secured, type AuthDeps, type SecuredRoute } from './user-context';

export interface AssociationsDeps extends AuthDeps {
  readonly register: Pick<
    AssociationsService,
    | 'list'
    | 'get'
    | 'history'
    | 'exportCsv'
    | 'mailingList'
    | 'create'
    | 'update'
    | 'remove'
    | 'importCsv'
  >;
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

function idParam(req: Request): string {
  const params = req.params as Record<string, unknown> | undefined;
  const parsed = idSchema.safeParse(params?.id);
  // An id that cannot exist is simply not found (and never reaches storage).
  if (!parsed.success) throw notFound();
  return parsed.data;
}

function parseQuery(req: Request): ListQuery {
  return listQuerySchema.parse(req.query ?? {});
}

function sendAssociation(res: Response, status: number, a: Association): void {
  res.header('ETag', a.etag);
  res.send(status, a);
}

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

const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'], { error: 'associations.query.flag' })
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

// ---------- routes ----------

export function associationsRoutes(deps: AssociationsDeps): RouteModule {
  const { register } = deps;
  const route = (fn: SecuredRoute) => secured(deps, answering(fn));
  return (server: Server) => {
    server.get(
      BASE,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.read');
        const list: AssociationList = await register.list(actorOf(user), parseQuery(req));
        // Readers and guests see the public details (and in full what lists them as a contact).
        const body: AssociationList = {
          ...list,
          items: list.items.map((a) => visibleAssociation(user.roles, user.identity.upn, a)),
        };
        res.send(200, body);
      }),
    );

    server.get(
      `${BASE}/export.csv`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.export');
        rateLimit(req, res, 'export', user.identity.oid);
        const query = parseQuery(req);
        const { locale } = requestContext(req);
        const { fileName, csv } = await register.exportCsv(actorOf(user), query, locale);
        res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${fileName}"`,
          'Cache-Control': 'no-store',
        });
        res.end(Buffer.from(csv, 'utf8'));
      }),
    );

    server.get(
      `${BASE}/mailing-list`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.mailingList');
        const q = (req.query ?? {}) as Record<string, unknown>;
        const body: MailingList = await register.mailingList(actorOf(user), parseQuery(req), {
          notInTeam: q.notInTeam === 'true' || q.notInTeam === '1',
        });
        res.send(200, body);
      }),
    );

    server.post(
      `${BASE}/import`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.import');
        rateLimit(req, res, 'import', user.identity.oid);
        const { dryRun } = importQuery.parse(req.query ?? {});
        const type = (req.getContentType() ?? '').toLowerCase();
        if (!CSV_TYPES.has(type)) {
          req.resume();
          throw new ApiError(415, 'unsupported_media_type', 'associations.csv.contentType');
        }
        const bytes = await readRawBody(req);
        const { locale } = requestContext(req);
        const result = await register.importCsv(actorOf(user), bytes, {
          dryRun,
          translate: (key, params) => t(locale, key, params),
        });
        if (result.errors.length > 0 && !dryRun) {
          res.send(400, {
            error: { code: 'import_invalid', message: t(locale, 'associations.csv.invalid') },
            ...result,
          });
          return;
        }
        res.send(200, result);
      }),
    );

    server.post(
      BASE,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.create');
        const data = associationInputSchema.parse(req.body ?? undefined);
        const created = await register.create(actorOf(user), data);
        res.header('Location', `${BASE}/${encodeURIComponent(created.id)}`);
        sendAssociation(res, 201, created);
      }),
    );

    server.get(
      `${BASE}/:id`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.read');
        const found = await register.get(idParam(req));
        sendAssociation(res, 200, visibleAssociation(user.roles, user.identity.upn, found));
      }),
    );

    server.get(
      `${BASE}/:id/history`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.history');
        const body: HistoryResponse = { items: await register.history(idParam(req)) };
        res.send(200, body);
      }),
    );

    server.put(
      `${BASE}/:id`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.update');
        const id = idParam(req);
        const data = associationInputSchema.parse(req.body ?? undefined);
        const etag = ifMatchOf(req);
        sendAssociation(res, 200, await register.update(actorOf(user), id, data, etag));
      }),
    );

    server.del(
      `${BASE}/:id`,
      route(async (req, res, user) => {
        requireAllowed(user, 'association.delete');
        const id = idParam(req);
        const etag = ifMatchOf(req);
        await register.remove(actorOf(user), id, etag);
        res.send(204);
      }),
    );
  };
}
