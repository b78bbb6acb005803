/**
 * Teams SSO token validation with `jose`: RS256 signature against a key set, issuer, audience,
 * expiry and not-before (small clock tolerance), and the tenant. The routes see only the narrow
 * `TokenValidator` port and an `Identity`; nothing outside this file imports jose for checking.
 *
 * Two issuers are known: Entra ID (v1 `https://sts.windows.net/{tid}/`, v2
 * `https://login.microsoftonline.com/{tid}/v2.0`, keys from Entra's JWKS) and, only when the
 * server runs with DEV_AUTH on a loopback address, the local development issuer.
 */
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config';
import type { Identity } from '@yhdistysyhteistyo/contract/people';
import { isLoopbackHost } from '../config';

export interface TokenValidator {
  /** The identity in a valid token; rejects with `AuthError` (401) or `AuthUnavailableError` (503). */
  validate(token: string): Promise<Identity>;
}

/** Why a token was refused; logged, never shown (the user sees one "sign in again" message). */
export type AuthFailure =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  | 'signature'
  | 'unknown_key'
  | 'tenant'
  | 'claims'
  /** A token of an application acting as itself, not on behalf of a signed-in person. */
  | 'app_only'
  /** No `access_as_user` in `scp`. */
  | 'scope'
  /** Issued to a client app (`azp`/`appid`) that is not allowed. */
  | 'client';

export class AuthError extends Error {
  constructor(readonly reason: AuthFailure) {
    super(`token refused: ${reason}`);
    this.name = 'AuthError';
  }
}

/** The key service could not be reached: not the caller's fault, so 503 rather than 401. */
export class AuthUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super('token keys unavailable');
    this.name = 'AuthUnavailableError';
  }
}

export interface DevIssuerPort {
  /** The issuer URL (`http://127.0.0.1:<port>/dev`); known once the server listens. */
  issuer(): string | undefined;
  readonly keys: JWTVerifyGetKey;
  readonly tenantId: string;
}

export interface AuthOptions {
  /** Accepted `aud` values. */
  readonly audiences: readonly string[];
  /** Tenants whose Entra tokens are accepted. Empty → no Entra token is accepted. */
  readonly tenants: readonly string[];
  /** The city's own tenant: a token of any other tenant is a guest's. Default: the first of `tenants`. */
  readonly homeTenant?: string;
  /** Entra's signing keys. */
  readonly entraKeys: JWTVerifyGetKey;
  /** Client apps whose tokens are accepted (`azp`, or `appid` in v1 tokens). */
  readonly clients: readonly string[];
  readonly dev?: DevIssuerPort;
  /** Seconds of clock skew allowed on exp and nbf. */
  readonly clockToleranceSec?: number;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const V1_ISSUER = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i;
const V2_ISSUER = /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0$/i;

/** The tenant id an Entra issuer names, or undefined for any other issuer. */
export function entraIssuerTenant(iss: string): string | undefined {
  return (V1_ISSUER.exec(iss) ?? V2_ISSUER.exec(iss))?.[1]?.toLowerCase();
}

function joseCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** jose's error codes → our reasons; a key set that cannot be fetched is "unavailable". */
function failureOf(error: unknown): AuthFailure | 'unavailable' {
  const code = joseCode(error);
  const claim = (error as { claim?: unknown }).claim;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claim === 'nbf'
        ? 'not_yet_valid'
        : claim === 'aud'
          ? 'audience'
          : claim === 'iss'
            ? 'issuer'
            : 'claims';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown_key';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'algorithm';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JWKS_INVALID':
      return 'malformed';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC': // e.g. the key service answered with an HTTP error
      return 'unavailable';
    default:
      // Any other jose error is about the token; a fetch that failed (network, DNS, HTTP
      // status of the key service) is not the caller's fault.
      return code?.startsWith('ERR_J') && code !== 'ERR_JWKS_TIMEOUT' ? 'malformed' : 'unavailable';
  }
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The scope the tab's token must carry: the API's delegated permission. */
export const API_SCOPE = 'access_as_user';

/**
 * The clients Teams SSO pre-authorises for a tab's app: Teams (desktop and mobile, web), and
 * Microsoft 365 and Outlook (desktop, web, mobile).
 */
export const TEAMS_CLIENT_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  '4765445b-32c6-49b0-83e6-1d93765276ca',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  '27922004-5251-4030-b22d-91ecd9a37ea4',
];

/**
 * A person's delegated token, not an app's own: refuses app-only tokens (`idtyp` app, or app
 * roles without a delegated scope), tokens without `access_as_user`, and foreign clients.
 */
function checkDelegated(payload: JWTPayload, clients: ReadonlySet<string>): void {
  const scp = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  if (payload.idtyp === 'app' || (scp.length === 0 && payload.roles !== undefined)) {
    throw new AuthError('app_only');
  }
  if (!scp.includes(API_SCOPE)) throw new AuthError('scope');
  const client = (stringClaim(payload, 'azp') ?? stringClaim(payload, 'appid'))?.toLowerCase();
  if (!client || !clients.has(client)) throw new AuthError('client');
}

export function createTokenValidator(options: AuthOptions): TokenValidator {
  const tenants = new Set(options.tenants.map((t) => t.toLowerCase()));
  const clients = new Set(options.clients.map((c) => c.toLowerCase()));
  const clockTolerance = options.clockToleranceSec ?? 60;

  return {
    async validate(token: string): Promise<Identity> {
      if (!token) throw new AuthError('missing');
      if (token.length > 8192 || !JWT_SHAPE.test(token)) throw new AuthError('malformed');
      let unverified: JWTPayload;
      try {
        // Read before checking, only to choose the key set; everything is checked below.
        if (decodeProtectedHeader(token).alg !== 'RS256') throw new AuthError('algorithm');
        unverified = decodeJwt(token);
      } catch (error) {
        if (error instanceof AuthError) throw error;
        throw new AuthError('malformed');
      }
      const iss = typeof unverified.iss === 'string' ? unverified.iss : '';
      const devIssuer = options.dev?.issuer();
      const isDev = options.dev !== undefined && devIssuer !== undefined && iss === devIssuer;
      const issTenant = entraIssuerTenant(iss);
      if (!isDev && issTenant === undefined) throw new AuthError('issuer');

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(
          token,
          isDev && options.dev ? options.dev.keys : options.entraKeys,
          {
            algorithms: ['RS256'],
            issuer: iss,
            audience: [...options.audiences],
            clockTolerance,
            requiredClaims: ['exp', 'iat', 'tid'],
          },
        ));
      } catch (error) {
        const failure = failureOf(error);
        if (failure === 'unavailable') throw new AuthUnavailableError(error);
        throw new AuthError(failure);
      }

      const tid = stringClaim(payload, 'tid')?.toLowerCase() ?? '';
      if (!GUID.test(tid)) throw new AuthError('tenant');
      if (isDev) {
        if (tid !== options.dev?.tenantId.toLowerCase()) throw new AuthError('tenant');
      } else if (tid !== issTenant || !tenants.has(tid)) {
        throw new AuthError('tenant');
      }
      checkDelegated(payload, clients);
      const oid = stringClaim(payload, 'oid');
      // Never `email`: anyone may set it on their own account; it must not choose a role.
      const upn = (
        stringClaim(payload, 'upn') ?? stringClaim(payload, 'preferred_username')
      )?.toLowerCase();
      if (!oid || !upn || !/^[^\s@]+@[^\s@]+$/.test(upn) || upn.length > 254) {
        throw new AuthError('claims');
      }
      const home = (
        isDev ? options.dev?.tenantId : (options.homeTenant ?? options.tenants[0])
      )?.toLowerCase();
      const guest = payload.acct === 1 || payload.acct === '1' || tid !== home;
      return { oid, upn, tid, name: stringClaim(payload, 'name') ?? upn, guest };
    },
  };
}

/** The audience dev tokens carry when the app has no Entra client id (local runs only). */
export const DEV_AUDIENCE = 'api://localhost/yhdistysyhteistyo-dev';

/** `aud` values of Teams SSO tokens for this app: the client id and its Application ID URIs. */
export function audiencesFor(config: Pick<Config, 'AAD_APP_CLIENT_ID' | 'PUBLIC_URL'>): string[] {
  const id = config.AAD_APP_CLIENT_ID;
  if (!id) return [DEV_AUDIENCE];
  const out = [id, `api://${id}`];
  if (config.PUBLIC_URL) out.push(`api://${new URL(config.PUBLIC_URL).host}/${id}`);
  return out;
}

/** Entra's key set for the app's tenant (or `common`), or the configured override. */
export function entraJwksUrl(config: Pick<Config, 'AAD_APP_TENANT_ID' | 'AUTH_JWKS_URL'>): URL {
  if (config.AUTH_JWKS_URL) {
    const url = new URL(config.AUTH_JWKS_URL);
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
      throw new Error('AUTH_JWKS_URL must be https (http only on a loopback address)');
    }
    return url;
  }
  const tenant = config.AAD_APP_TENANT_ID ?? 'common';
  return new URL(`https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`);
}

export function validatorFromConfig(config: Config, dev?: DevIssuerPort): TokenValidator {
  const tenants = [...config.ALLOWED_TENANT_IDS];
  if (config.AAD_APP_TENANT_ID) tenants.push(config.AAD_APP_TENANT_ID);
  return createTokenValidator({
    audiences: audiencesFor(config),
    tenants,
    clients: config.ALLOWED_CLIENT_IDS.length > 0 ? config.ALLOWED_CLIENT_IDS : TEAMS_CLIENT_IDS,
    ...(tenants[0] ? { homeTenant: config.AAD_APP_TENANT_ID ?? tenants[0] } : {}),
    entraKeys: createRemoteJWKSet(entraJwksUrl(config), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    }),
    ...(config.DEV_AUTH && dev ? { dev } : {}),
  });
}
