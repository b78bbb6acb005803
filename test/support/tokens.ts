/**
 * Tokens for tests: dev tokens from the server's own development issuer, and an "Entra" key set
 * served over local HTTP (the server's AUTH_JWKS_URL) so tests can sign tokens with any claims.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { freePort } from './app';

export const TEST_TENANT = '11111111-2222-4333-8444-555555555555';
export const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
export const TEST_CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const TEST_PUBLIC_URL = 'https://tab.kaupunki.example';
/** Teams' desktop and mobile client: one of the clients Teams SSO pre-authorises. */
export const TEAMS_DESKTOP_CLIENT = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
/** A bot id and password for tests that run as if deployed (no anonymous bot there). */
export const TEST_BOT = {
  BOT_ID: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  BOT_PASSWORD: 'not-used-in-tests',
} as const;

export const DEMO = {
  coordinator: 'helena.virtanen@kaupunki.example',
  /** Units kulttuuri and kirjasto. */
  contact: 'mikko.laine@kaupunki.example',
  /** Unit liikunta. */
  contact2: 'sanna.heikkinen@kaupunki.example',
  reader: 'aino.koskinen@kaupunki.example',
  /** A guest of the team (acct 1 in the dev token), representative of Kaupungin Kamarikuoro. */
  guest: 'leena.makinen@kuoro.example',
} as const;

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface KeyPair {
  readonly kid: string;
  readonly privateKey: PrivateKey;
}

export async function newKey(kid: string): Promise<KeyPair & { jwk: Record<string, unknown> }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, jwk };
}

/** A local stand-in for Entra's JWKS endpoint. */
export interface FakeEntra {
  readonly jwksUrl: string;
  readonly key: KeyPair;
  sign(claims: JWTPayload, options?: { key?: KeyPair; alg?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeEntra(): Promise<FakeEntra> {
  const key = await newKey('entra-test-key');
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    if (req.url === '/keys') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [key.jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    jwksUrl: `http://127.0.0.1:${port}/keys`,
    key,
    async sign(claims, options = {}) {
      const k = options.key ?? key;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: k.kid, typ: 'JWT' })
        .sign(k.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Claims of a valid v2 Entra token for the test app, overridable one by one. */
export function entraClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `https://login.microsoftonline.com/${TEST_TENANT}/v2.0`,
    aud: `api://tab.kaupunki.example/${TEST_CLIENT_ID}`,
    tid: TEST_TENANT,
    oid: '6f1c2d3e-0000-4000-8000-000000000001',
    preferred_username: 'Helena.Virtanen@kaupunki.example',
    name: 'Helena Virtanen',
    iat: now,
    nbf: now,
    exp: now + 3600,
    ver: '2.0',
    scp: 'access_as_user',
    azp: TEAMS_DESKTOP_CLIENT,
    ...overrides,
  };
}

/** A token from the server's development issuer. */
export async function devToken(baseUrl: string, upn: string): Promise<string> {
  const res = await fetch(`${baseUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ upn }),
  });
  if (res.status !== 200)
    throw new Error(`dev token for ${upn}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Fetch with a bearer token and JSON; returns status, headers and the parsed body. */
export async function api<T = unknown>(
  baseUrl: string,
  token: string | undefined,
  path: string,
  init: {
    method?: string;
    json?: unknown;
    headers?: Record<string, string>;
    body?: string | Uint8Array;
  } = {},
): Promise<{ status: number; headers: Headers; body: T; text: string }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
    body = JSON.parse(text);
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}
