/**
 * People: role assignments (read by everyone signed in, written by coordinators) and a
 * person's data under the GDPR (coordinators only).
 *   GET    /api/v1/roles             → {items: RoleAssignment[]}
 *   PUT    /api/v1/roles?upn=…       RoleAssignmentInput, optional If-Match → RoleAssignment
 *   DELETE /api/v1/roles?upn=…       → 204 (the person becomes a reader)
 *   (also `/roles/:upn`; the query form keeps the address out of the request log)
 *   GET    /api/v1/people/export?email=…  → PersonExport
 *   DELETE /api/v1/people?email=…         → ErasureResult
 */
import type { Request, Server } from 'restify';
import { z } from 'zod';
import type { ErasureResult, PersonExport } from '@yhdistysyhteistyo/contract/associations';
import { emailParamSchema, roleAssignmentInputSchema } from '@yhdistysyhteistyo/contract/people';
import { StaleVersionError } from '../domain/errors';
import type { AssociationsStore } from '../storage/associations-store';
import { ERASED, type AuditStore } from '../storage/audit-store';
import type { PeopleStore } from '../storage/people-store';
import type { ReferenceDataStore } from '../storage/reference-data-store';
import { conflict } from './associations-routes';
import { requestContext } from './context';
import { ApiError, notFound } from './errors';
import type { RouteModule } from './server';
import { requireAllowed, secured, type AuthDeps } from './user-context';

export interface PeopleDeps extends AuthDeps {
  readonly peopleStore: Pick<
    PeopleStore,
    'list' | 'get' | 'put' | 'remove' | 'isConfigCoordinator' | 'coordinatorsOtherThan'
  >;
  readonly store: Pick<AssociationsStore, 'all' | 'erasePerson'>;
  readonly audit: Pick<AuditStore, 'record' | 'recordAll' | 'byPerson' | 'pseudonymise'>;
  readonly reference: Pick<ReferenceDataStore, 'ids'>;
}

const emailQuery = z.object({ email: emailParamSchema });

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
  return (server: Server) => {
    server.get(
      '/api/v1/roles',
      secured(deps, async (_req, res, user) => {
        requireAllowed(user, 'roles.read');
        res.send(200, { items: await deps.peopleStore.list() });
      }),
    );

    const putRole = secured(deps, async (req, res, user) => {
      requireAllowed(user, 'roles.write');
      const upn = upnParam(req);
      const input = roleAssignmentInputSchema.parse(req.body ?? undefined);
      const ifMatch = optionalIfMatch(req);
      const units = await deps.reference.ids('unit');
      if (input.units.some((u) => !units.has(u))) {
        throw new ApiError(
          400,
          'validation',
          'error.validation',
          {},
          { units: 'associations.validation.unknownUnit' },
        );
      }
      if (input.role !== 'coordinator') {
        if (deps.peopleStore.isConfigCoordinator(upn)) {
          throw new ApiError(409, 'config_coordinator', 'associations.error.configCoordinator');
        }
        if ((await deps.peopleStore.coordinatorsOtherThan(upn)) === 0) {
          throw new ApiError(409, 'last_coordinator', 'associations.forbidden.lastCoordinator');
        }
      }
      try {
        const saved = await deps.peopleStore.put(upn, input, user.identity.upn, ifMatch);
        if (saved.etag) res.header('ETag', saved.etag);
        res.send(200, saved);
      } catch (error) {
        if (error instanceof StaleVersionError) throw conflict(error);
        throw error;
      }
    });
    server.put('/api/v1/roles', putRole);
    server.put('/api/v1/roles/:upn', putRole);

    const deleteRole = secured(deps, async (req, res, user) => {
      requireAllowed(user, 'roles.write');
      const upn = upnParam(req);
      const ifMatch = optionalIfMatch(req);
      if (deps.peopleStore.isConfigCoordinator(upn)) {
        throw new ApiError(409, 'config_coordinator', 'associations.error.configCoordinator');
      }
      if ((await deps.peopleStore.coordinatorsOtherThan(upn)) === 0) {
        throw new ApiError(409, 'last_coordinator', 'associations.forbidden.lastCoordinator');
      }
      try {
        if (!(await deps.peopleStore.remove(upn, ifMatch))) throw notFound();
      } catch (error) {
        if (error instanceof StaleVersionError) throw conflict(error);
        throw error;
      }
      res.send(204);
    });
    server.del('/api/v1/roles', deleteRole);
    server.del('/api/v1/roles/:upn', deleteRole);

    server.get(
      '/api/v1/people/export',
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'people.export');
        const { email } = emailQuery.parse(req.query ?? {});
        const [assignment, associations, history] = await Promise.all([
          deps.peopleStore.get(email),
          deps.store.all(),
          deps.audit.byPerson(email),
        ]);
        const body: PersonExport & { history: typeof history } = {
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
            return fields.length > 0
              ? [{ associationId: a.id, associationName: a.name, fields }]
              : [];
          }),
          history,
        };
        res.header('Content-Disposition', 'attachment; filename="personal-data.json"');
        res.send(200, body);
      }),
    );

    server.del(
      '/api/v1/people',
      secured(deps, async (req, res, user) => {
        requireAllowed(user, 'people.erase');
        const { email } = emailQuery.parse(req.query ?? {});
        const { log } = requestContext(req);
        const erased = await deps.store.erasePerson(email, ERASED);
        const roleAssignmentRemoved =
          !deps.peopleStore.isConfigCoordinator(email) && (await deps.peopleStore.remove(email));
        const trail = await deps.audit.pseudonymise(email);
        // The trail keeps that an erasure happened and where, never whose data it was.
        await deps.audit.recordAll([
          ...erased.changed.map((a) => ({
            by: user.identity.upn,
            action: 'erasure' as const,
            associationId: a.id,
            changes: [{ field: 'contacts' }],
          })),
          {
            by: user.identity.upn,
            action: 'erasure' as const,
            changes: [
              { field: 'associations', after: erased.changed.length },
              { field: 'roleAssignment', after: roleAssignmentRemoved },
            ],
          },
        ]);
        log.info({ associations: erased.changed.length }, 'personal data erased');
        const body: ErasureResult = {
          contactsRemoved: erased.contactsRemoved,
          associationsChanged: erased.changed.length,
          roleAssignmentRemoved,
          authorFieldsPseudonymised: erased.authorFields + trail,
        };
        res.send(200, body);
      }),
    );
  };
}
