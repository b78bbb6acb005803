/**
 * Units and categories: read by everyone signed in, written by coordinators.
 *   GET /api/v1/units | /api/v1/categories → {items}
 *   POST (id, name{fi,en}) → 201; PUT /:id (If-Match) → 200; DELETE /:id (If-Match) → 204,
 *   409 when associations still use it.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'restify';
import { referenceIdSchema, referenceInputSchema } from '@yhdistysyhteistyo/contract/associations';
import { normalizeForSearch } from '@yhdistysyhteistyo/contract/search';
import type { ListFilter } from '../storage/associations-store';
import { ExistsError, StaleVersionError } from '../domain/errors';
import type { ReferenceDataStore, ReferenceKind } from '../storage/reference-data-store';
import { conflict, ifMatchOf } from './associations-routes';
import { ApiError, notFound } from './errors';
import type { RouteModule } from './server';
import { requireAllowed, secured, type AuthDeps } from './user-context';

export interface ReferenceDeps extends AuthDeps {
  readonly reference: Pick<ReferenceDataStore, 'list' | 'get' | 'create' | 'update' | 'remove'>;
  /** How many associations use a unit or category (one filtered query). */
  readonly usage: (filter: ListFilter) => Promise<number>;
}

const PATHS: Readonly<Record<ReferenceKind, string>> = {
  unit: '/api/v1/units',
  category: '/api/v1/categories',
};

/** A readable id from the Finnish name ("Kaupunkiympäristö" → "kaupunkiymparisto"). */
function slug(name: string): string {
  const s = normalizeForSearch(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return /^[a-z0-9]/.test(s) ? s.replace(/-+$/, '') : randomUUID().slice(0, 8);
}

function idOf(params: unknown): string {
  const parsed = referenceIdSchema.safeParse((params as Record<string, unknown> | undefined)?.id);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export function referenceRoutes(deps: ReferenceDeps): RouteModule {
  return (server: Server) => {
    for (const kind of ['unit', 'category'] as const) {
      const path = PATHS[kind];
      server.get(
        path,
        secured(deps, async (_req, res, user) => {
          requireAllowed(user, 'reference.read');
          res.send(200, { items: await deps.reference.list(kind) });
        }),
      );
      server.post(
        path,
        secured(deps, async (req, res, user) => {
          requireAllowed(user, 'reference.write');
          const input = referenceInputSchema.parse(req.body ?? undefined);
          const id = input.id ?? slug(input.name.fi);
          try {
            const created = await deps.reference.create(kind, id, input.name, user.identity.upn);
            if (created.etag) res.header('ETag', created.etag);
            res.send(201, created);
          } catch (error) {
            if (error instanceof ExistsError) {
              throw new ApiError(
                409,
                'exists',
                'associations.error.exists',
                {},
                { id: 'associations.error.exists' },
              );
            }
            throw error;
          }
        }),
      );
      server.put(
        `${path}/:id`,
        secured(deps, async (req, res, user) => {
          requireAllowed(user, 'reference.write');
          const id = idOf(req.params);
          const input = referenceInputSchema.parse(req.body ?? undefined);
          const etag = ifMatchOf(req);
          try {
            const updated = await deps.reference.update(
              kind,
              id,
              input.name,
              user.identity.upn,
              etag,
            );
            if (!updated) throw notFound();
            if (updated.etag) res.header('ETag', updated.etag);
            res.send(200, updated);
          } catch (error) {
            if (error instanceof StaleVersionError) throw conflict(error);
            throw error;
          }
        }),
      );
      server.del(
        `${path}/:id`,
        secured(deps, async (req, res, user) => {
          requireAllowed(user, 'reference.write');
          const id = idOf(req.params);
          const etag = ifMatchOf(req);
          if (!(await deps.reference.get(kind, id))) throw notFound();
          const count = await deps.usage(kind === 'unit' ? { unit: id } : { category: id });
          if (count > 0) throw new ApiError(409, 'in_use', 'associations.error.inUse', { count });
          try {
            if (!(await deps.reference.remove(kind, id, etag))) throw notFound();
          } catch (error) {
            if (error instanceof StaleVersionError) throw conflict(error);
            throw error;
          }
          res.send(204);
        }),
      );
    }
  };
}
