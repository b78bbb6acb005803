/**
 * Units and categories: read by everyone signed in, written by coordinators.
 *   GET /api/v1/units | /api/v1/categories → {items}
 *   POST (id, name{fi,en}) → 201; PUT /:id (If-Match) → 200; DELETE /:id (If-Match) → 204,
 *   409 when associations still use it.
 */
import type { Server } from 'restify';
import { referenceIdSchema, referenceInputSchema } from '@yhdistysyhteistyo/contract/associations';
import type { AssociationsService, ReferenceKind } from '../domain/associations-service';
import { ifMatchOf } from './associations-routes';
import { answering, notFound } from './errors';
import type { RouteModule } from './server';
import { actorOf, requireAllowed, secured, type AuthDeps, type SecuredRoute } from './user-context';

export interface ReferenceDeps extends AuthDeps {
  readonly register: Pick<
    AssociationsService,
    'listReferences' | 'createReference' | 'renameReference' | 'removeReference'
  >;
}

const PATHS: Readonly<Record<ReferenceKind, string>> = {
  unit: '/api/v1/units',
  category: '/api/v1/categories',
};

function idOf(params: unknown): string {
  const parsed = referenceIdSchema.safeParse((params as Record<string, unknown> | undefined)?.id);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export function referenceRoutes(deps: ReferenceDeps): RouteModule {
  const { register } = deps;
  const route = (fn: SecuredRoute) => secured(deps, answering(fn));
  return (server: Server) => {
    for (const kind of ['unit', 'category'] as const) {
      const path = PATHS[kind];
      server.get(
        path,
        route(async (_req, res, user) => {
          requireAllowed(user, 'reference.read');
          res.send(200, { items: await register.listReferences(kind) });
        }),
      );
      server.post(
        path,
        route(async (req, res, user) => {
          requireAllowed(user, 'reference.write');
          const input = referenceInputSchema.parse(req.body ?? undefined);
          const created = await register.createReference(actorOf(user), kind, input);
          if (created.etag) res.header('ETag', created.etag);
          res.send(201, created);
        }),
      );
      server.put(
        `${path}/:id`,
        route(async (req, res, user) => {
          requireAllowed(user, 'reference.write');
          const id = idOf(req.params);
          const input = referenceInputSchema.parse(req.body ?? undefined);
          const etag = ifMatchOf(req);
          const updated = await register.renameReference(actorOf(user), kind, id, input.name, etag);
          if (updated.etag) res.header('ETag', updated.etag);
          res.send(200, updated);
        }),
      );
      server.del(
        `${path}/:id`,
        route(async (req, res, user) => {
          requireAllowed(user, 'reference.write');
          const id = idOf(req.params);
          const etag = ifMatchOf(req);
          await register.removeReference(kind, id, etag);
          res.send(204);
        }),
      );
    }
  };
}
