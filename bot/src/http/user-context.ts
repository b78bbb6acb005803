/**
 * The auth middleware of `/api/v1`: every request needs `Authorization: Bearer <token>`; the
 * token is checked by the `TokenValidator` port and the user's roles come from the people store.
 * Handlers get a `UserContext` and never see a token.
 */
import type { Request, Response } from 'restify';
import {
  roleOf,
  type Identity,
  type SignedInRole,
  type UserRoles,
} from '@yhdistysyhteistyo/contract/people';
import { decide, type Action, type Target } from '@yhdistysyhteistyo/contract/roles';
import { AuthError, AuthUnavailableError, type TokenValidator } from './auth';
import { requestContext } from './context';
import { ApiError } from './errors';
import { handle } from './handler';

export interface UserContext {
  readonly identity: Identity;
  readonly roles: UserRoles;
  readonly role: SignedInRole;
}

export interface AuthDeps {
  readonly validator: TokenValidator;
  readonly people: {
    rolesFor(
      upn: string,
      options?: { guest?: boolean; oid?: string; tid?: string },
    ): Promise<UserRoles>;
  };
}

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

export async function authenticate(
  deps: AuthDeps,
  req: Request,
  res: Response,
): Promise<UserContext> {
  const ctx = requestContext(req);
  const header = req.header('authorization');
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  try {
    if (!token) throw new AuthError(header ? 'malformed' : 'missing');
    const identity = await deps.validator.validate(token);
    const roles = await deps.people.rolesFor(identity.upn, {
      guest: identity.guest === true,
      oid: identity.oid,
      tid: identity.tid,
    });
    return { identity, roles, role: roleOf(roles) };
  } catch (error) {
    if (error instanceof AuthError) {
      // The reason goes to the log only: a caller learns nothing about what to change.
      ctx.log.info({ reason: error.reason }, 'token refused');
      res.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'error.unauthorized');
    }
    if (error instanceof AuthUnavailableError) {
      ctx.log.warn({ err: error.cause }, 'token keys unavailable');
      res.header('Retry-After', '5');
      throw new ApiError(503, 'auth_unavailable', 'associations.error.authUnavailable');
    }
    throw error;
  }
}

/** The body of a route that needs a signed-in user. */
export type SecuredRoute = (req: Request, res: Response, user: UserContext) => Promise<void>;

/** A route that needs a signed-in user: 401 without a valid token, then `fn` with the user. */
export function secured(deps: AuthDeps, fn: SecuredRoute) {
  return handle(async (req, res) => {
    const user = await authenticate(deps, req, res);
    await fn(req, res, user);
  });
}

/** The user as the domain's services know them: an address and roles. */
export function actorOf(user: UserContext): { readonly upn: string; readonly roles: UserRoles } {
  return { upn: user.identity.upn, roles: user.roles };
}

/** Throws 403 with the rule's translated reason when the user may not do `action`. */
export function requireAllowed(user: UserContext, action: Action, target?: Target): void {
  const decision = decide(user.roles, action, target);
  if (!decision.allowed) {
    throw new ApiError(403, 'forbidden', decision.reason, decision.params ?? {});
  }
}
