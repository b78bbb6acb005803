/** `GET /api/v1/me`: who is signed in, their role and their units. */
import type { Server } from 'restify';
import type { MeResponse } from '@yhdistysyhteistyo/contract/people';
import type { AssociationsService } from '../domain/associations-service';
import type { RouteModule } from './server';
import { secured, type AuthDeps } from './user-context';

export interface MeDeps extends AuthDeps {
  readonly register: Pick<AssociationsService, 'listReferences'>;
  readonly devAuth: boolean;
}

export function meRoutes(deps: MeDeps): RouteModule {
  return (server: Server) => {
    server.get(
      '/api/v1/me',
      secured(deps, async (_req, res, user) => {
        const units =
          user.roles.units.length > 0
            ? (await deps.register.listReferences('unit')).filter((u) =>
                user.roles.units.includes(u.id),
              )
            : [];
        const body: MeResponse = {
          user: { oid: user.identity.oid, upn: user.identity.upn, name: user.identity.name },
          role: user.role,
          roles: user.roles,
          units,
          devAuth: deps.devAuth,
        };
        res.send(200, body);
      }),
    );
  };
}
