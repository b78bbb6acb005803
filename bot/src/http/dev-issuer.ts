/**
 * The local development issuer: signs tokens for the demo people so the tab and the tests can
 * sign in without Entra. Its tokens carry the claims a Teams SSO token has and are checked by
 * the same validator. It exists only when config.DEV_AUTH is on, which config allows only on a
 * loopback address; otherwise none of its routes are registered (404).
 */
import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { DEMO_PEOPLE, DEMO_TENANT_ID } from '../domain/demo-data';
import { isLoopbackHost } from '../config';
import type { DevIssuerPort } from './auth';
import { handle } from './handler';
import { ApiError } from './errors';
import type { RouteModule } from './server';

const TOKEN_LIFETIME_SEC = 3600;

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface DevUser {
  readonly name: string;
  readonly upn: string;
  readonly title: { readonly fi: string; readonly en: string };
  readonly role: string;
  readonly guest: boolean;
}

/** Finds a person who is not a demo person (e.g. a role assignment made in the tab). */
export type PersonLookup = (upn: string) => Promise<{ name: string } | undefined>;

/**
 * The object ids the local Teams (`.m365agentsplayground.yml`) gives the demo people: the tab
 * and the bot then see one person, and a role bound at the first sign-in holds in both.
 */
const PLAYGROUND_OIDS: Readonly<Record<string, string>> = {
  'helena.virtanen@kaupunki.example': '00000000-0000-4000-8000-000000000101',
  'mikko.laine@kaupunki.example': '00000000-0000-4000-8000-000000000102',
  'sanna.heikkinen@kaupunki.example': '00000000-0000-4000-8000-000000000103',
  'jari.nieminen@kaupunki.example': '00000000-0000-4000-8000-000000000104',
  'leena.makinen@kuoro.example': '00000000-0000-4000-8000-000000000105',
  'aino.koskinen@kaupunki.example': '00000000-0000-4000-8000-000000000106',
};

/** A stable, GUID-shaped object id for a demo person. */
export function devObjectId(upn: string): string {
  const known = PLAYGROUND_OIDS[upn.toLowerCase()];
  if (known) return known;
  const h = createHash('sha256').update(`dev-oid:${upn.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class DevIssuer implements DevIssuerPort {
  readonly tenantId = DEMO_TENANT_ID;
  private issuerUrl: string | undefined;

  private constructor(
    private readonly privateKey: PrivateKey,
    private readonly publicJwks: JSONWebKeySet,
    readonly keys: JWTVerifyGetKey,
    private readonly kid: string,
    readonly audience: string,
  ) {}

  /** A fresh RS256 key pair for this process: tokens of an earlier run are not accepted. */
  static async create(audience: string): Promise<DevIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = createHash('sha256').update(JSON.stringify(jwk)).digest('base64url').slice(0, 16);
    const jwks: JSONWebKeySet = { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
    return new DevIssuer(privateKey, jwks, createLocalJWKSet(jwks), kid, audience);
  }

  /** Called once the server listens: the issuer URL holds the real port. */
  listeningAt(baseUrl: string): void {
    this.issuerUrl = `${baseUrl}/dev`;
  }

  issuer(): string | undefined {
    return this.issuerUrl;
  }

  jwks(): JSONWebKeySet {
    return this.publicJwks;
  }

  users(): DevUser[] {
    return DEMO_PEOPLE.map((p) => ({
      name: p.name,
      upn: p.upn,
      title: p.title,
      role: p.role,
      guest: p.guest,
    }));
  }

  /** A token with the claims of a Teams SSO (v2) token, valid for one hour. */
  async sign(
    upn: string,
    name: string,
    now = Date.now(),
    guest = false,
  ): Promise<{ token: string; expiresAt: string }> {
    const issuer = this.issuerUrl;
    if (!issuer) throw new Error('the development issuer is not listening yet');
    const iat = Math.floor(now / 1000);
    const oid = devObjectId(upn);
    const token = await new SignJWT({
      name,
      oid,
      preferred_username: upn,
      upn,
      tid: this.tenantId,
      // Entra marks a guest of the tenant with acct 1, a member with 0.
      acct: guest ? 1 : 0,
      scp: 'access_as_user',
      // As if the tab ran in Teams' desktop client.
      azp: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(issuer)
      .setAudience(this.audience)
      .setSubject(oid)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + TOKEN_LIFETIME_SEC)
      .sign(this.privateKey);
    return { token, expiresAt: new Date((iat + TOKEN_LIFETIME_SEC) * 1000).toISOString() };
  }
}

/** Headers a proxy or tunnel adds (Teams' and Azure's own `x-ms-*` headers are not among them). */
const PROXY_HEADERS = /^(x-forwarded-.*|forwarded|x-real-ip|via|x-original-host|x-client-ip)$/;

/**
 * True for a request made on this machine, straight to the server: a loopback peer and Host,
 * and no header a proxy or a tunnel adds. A dev tunnel also ends on 127.0.0.1, so the peer
 * alone says nothing.
 */
export function isDirectLocalRequest(req: Pick<Request, 'headers' | 'socket'>): boolean {
  if (Object.keys(req.headers).some((name) => PROXY_HEADERS.test(name.toLowerCase()))) {
    return false;
  }
  const host = (req.headers.host ?? '').trim().replace(/:\d+$/, '');
  const peer = (req.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
  return isLoopbackHost(host) && isLoopbackHost(peer);
}

/** A development route: refused (403) when the request came through a proxy or a tunnel. */
function local(fn: (req: Request, res: Response) => Promise<void>) {
  return handle(async (req: Request, res: Response) => {
    if (!isDirectLocalRequest(req)) throw new ApiError(403, 'forbidden', 'error.forbidden');
    await fn(req, res);
  });
}

const tokenBody = z.object(
  {
    upn: z
      .string({ error: 'associations.query.email' })
      .trim()
      .toLowerCase()
      .max(254, 'associations.query.email'),
  },
  { error: 'associations.validation.body' },
);

/** `GET /dev/jwks.json`, `GET /dev/users`, `POST /dev/token {"upn"}`. */
export function devIssuerRoutes(issuer: DevIssuer, lookup?: PersonLookup): RouteModule {
  return (server: Server) => {
    server.get(
      '/dev/jwks.json',
      local(async (_req: Request, res: Response) => {
        res.send(200, issuer.jwks());
        return Promise.resolve();
      }),
    );
    server.get(
      '/dev/users',
      local(async (_req: Request, res: Response) => {
        res.send(200, { items: issuer.users() });
        return Promise.resolve();
      }),
    );
    server.post(
      '/dev/token',
      local(async (req: Request, res: Response) => {
        const { upn } = tokenBody.parse(req.body ?? {});
        const demo = issuer.users().find((u) => u.upn.toLowerCase() === upn);
        const person = demo ?? (await lookup?.(upn));
        if (!person) throw new ApiError(404, 'unknown_user', 'error.notFound');
        const guest = demo?.guest ?? false;
        res.send(200, await issuer.sign(upn, person.name, Date.now(), guest));
      }),
    );
  };
}
