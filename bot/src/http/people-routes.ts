/**
 * People: role assignments (read by everyone signed in, written by coordinators) and a
 * person's data under the GDPR (coordinators only).
 *   GET    /api/v1/roles             → {items: RoleAssignment[]}
 *   PUT    /api/v1/roles?upn=…       RoleAssignmentInput, optional If-Match → RoleAssignment
 *   DELETE /api/v1/roles?upn=…       → 204 (the person becomes a reader)
 *   (also `/roles/:upn`; the query form keeps the address out of the request log)
 *   GET    /api/v1/people/export?email=…[&oid=…][&name=…]  → PersonalDataExport (every table)
 *   DELETE /api/v1/people?email=…[&oid=…][&name=…]         → PersonalDataErasure (every table)
 * `oid` (the Entra object id) finds what is keyed by it when the person never had a role bound
 * to it (answers, the personal chat); `name` erases entries that carry only a name.
 */
import type { Request, Server } from 'restify';
import { z } from 'zod';
import { emailParamSchema, roleAssignmentInputSchema } from '@yhdistysyhteistyo/contract/people';
import type { AssociationsService } from '../domain/associations-service';
import type { PersonalDataService } from '../domain/personal-data';
import { requestContext } from './context';
import { rateLimit } from './rate-limits';
import { answering, ApiError, notFound } from './errors';
import type { RouteModule } from './server';
import { actorOf, requireAllowed, secured, type AuthDeps, type SecuredRoute } from './user-context';

export interface PeopleDeps extends AuthDeps {
  readonly register: Pick<AssociationsService, 'roleAssignments' | 'assignRole' | 'removeRole'>;
  /** A person's data in every table (coordinators only). */
  readonly personal: Pick<PersonalDataService, 'exportPerson' | 'erasePerson'>;
}

const personQuery = z.object({
  email: emailParamSchema,
  oid: z
    .string({ error: 'people.query.oid' })
    .trim()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
      error: 'people.query.oid',
    })
    .optional(),
  name: z
    .string({ error: 'people.query.name' })
    .trim()
    .min(2, { error: 'people.query.name' })
    .max(120, { error: 'people.query.name' })
    .optional(),
});

/**
 * The person of a role route: `?upn=…` (kept out of the request log, which records paths) or,
 * for compatibility, the path `/roles/:upn`.
 */
function upnParam(req: Request): string {
  const fromPath = (req.params as Record<string, unknown> | undefined)?.upn;
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.upn;
  const raw = fromPath ?? fromQuery;
  const parsed = emailParamSchema.safeParse(raw);
  if (!parsed.success) {
    if (fromPath === undefined) {
      throw new ApiError(
        400,
        'validation',
        'error.validation',
        {},
        { upn: 'associations.query.email' },
      );
    }
    throw notFound();
  }
  return parsed.data;
}

function optionalIfMatch(req: Request): string | undefined {
  const value = req.header('if-match')?.trim();
  if (!value) return undefined;
  if (value.length > 200 || !/^(W\/)?"[^"\r\n]+"$/.test(value)) {
    throw new ApiError(
      400,
      'validation',
      'associations.error.ifMatch',
      {},
      { 'If-Match': 'associations.error.ifMatch' },
    );
  }
  return value;
}

export function peopleRoutes(deps: PeopleDeps): RouteModule {
  const { register, personal } = deps;
  const route = (fn: SecuredRoute) => secured(deps, answering(fn));
  return (server: Server) => {
    server.get(
      '/api/v1/roles',
      route(async (_req, res, user) => {
        requireAllowed(user, 'roles.read');
        res.send(200, { items: await register.roleAssignments() });
      }),
    );

    const putRole = route(async (req, res, user) => {
      requireAllowed(user, 'roles.write');
      const upn = upnParam(req);
      const input = roleAssignmentInputSchema.parse(req.body ?? undefined);
      const ifMatch = optionalIfMatch(req);
      const saved = await register.assignRole(actorOf(user), upn, input, ifMatch);
      if (saved.etag) res.header('ETag', saved.etag);
      res.send(200, saved);
    });
    server.put('/api/v1/roles', putRole);
    server.put('/api/v1/roles/:upn', putRole);

    const deleteRole = route(async (req, res, user) => {
      requireAllowed(user, 'roles.write');
      const upn = upnParam(req);
      const ifMatch = optionalIfMatch(req);
      await register.removeRole(upn, ifMatch);
      res.send(204);
    });
    server.del('/api/v1/roles', deleteRole);
    server.del('/api/v1/roles/:upn', deleteRole);

    server.get(
      '/api/v1/people/export',
      route(async (req, res, user) => {
        requireAllowed(user, 'people.export');
        rateLimit(req, res, 'export', user.identity.oid);
        const body = await personal.exportPerson(personQuery.parse(req.query ?? {}));
        res.header('Content-Disposition', 'attachment; filename="personal-data.json"');
        res.send(200, body);
      }),
    );

    server.del(
      '/api/v1/people',
      route(async (req, res, user) => {
        requireAllowed(user, 'people.erase');
        const body = await personal.erasePerson(actorOf(user), personQuery.parse(req.query ?? {}));
        // Counts per table only: nothing of whose data it was.
        requestContext(req).log.info({ tables: body.tables }, 'personal data erased');
        res.send(200, body);
      }),
    );
  };
}
