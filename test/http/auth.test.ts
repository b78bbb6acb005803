import assert from 'node:assert/strict';
import { base64url, decodeJwt } from 'jose';
import { DEV_AUDIENCE } from '../../bot/src/http/auth';
import { loadConfig } from '../../bot/src/config';
import { freePort, startTestApp, type TestApp } from '../support/app';
import {
  api,
  DEMO,
  devToken,
  entraClaims,
  newKey,
  OTHER_TENANT,
  startFakeEntra,
  TEST_CLIENT_ID,
  TEST_BOT,
  TEST_PUBLIC_URL,
  TEST_TENANT,
  type FakeEntra,
} from '../support/tokens';

interface ErrorBody {
  error: { code: string; message: string };
}

describe('API sign-in: Teams SSO tokens checked with jose (real server, real Azurite)', function () {
  this.timeout(60_000);
  let entra: FakeEntra;
  let t: TestApp;

  before(async () => {
    entra = await startFakeEntra();
    t = await startTestApp({
      ...TEST_BOT,
      DEV_AUTH: 'false',
      AAD_APP_CLIENT_ID: TEST_CLIENT_ID,
      ALLOWED_TENANT_IDS: TEST_TENANT,
      AUTH_JWKS_URL: entra.jwksUrl,
      PUBLIC_URL: TEST_PUBLIC_URL,
    });
  });
  after(async () => {
    await t?.stop();
    await entra?.close();
  });

  const me = (token: string | undefined, headers: Record<string, string> = {}) =>
    api<ErrorBody & { user: { upn: string; oid: string }; role: string }>(
      t.url,
      token,
      '/api/v1/me',
      { headers },
    );

  async function expect401(token: string | undefined, headers: Record<string, string> = {}) {
    const res = await me(token, headers);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.body.error.code, 'unauthorized');
    assert.equal(
      res.body.error.message,
      'Kirjaudu sisään uudelleen: tunnistetta ei hyväksytty.',
      'translated, no raw error text',
    );
    assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    assert.ok(!res.text.includes('ERR_'), 'no jose error code leaks');
  }

  it('accepts a valid Entra v2 token: 200 with the user and their role', async () => {
    const res = await me(await entra.sign(entraClaims()));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.user.upn, 'helena.virtanen@kaupunki.example', 'lower-cased');
    assert.equal(res.body.role, 'coordinator');
  });

  it('accepts a v1 issuer and the bare client id as audience', async () => {
    const token = await entra.sign(
      entraClaims({
        iss: `https://sts.windows.net/${TEST_TENANT}/`,
        aud: TEST_CLIENT_ID,
        preferred_username: undefined,
        upn: 'aino.koskinen@kaupunki.example',
      }),
    );
    const res = await me(token);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.role, 'reader');
  });

  it('tolerates a small clock skew (30 s past exp)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await me(await entra.sign(entraClaims({ iat: now - 3600, exp: now - 30 })));
    assert.equal(res.status, 200, res.text);
  });

  it('401: no Authorization header', async () => {
    await expect401(undefined);
  });

  it('401: malformed headers and tokens', async () => {
    await expect401(undefined, { Authorization: 'Basic aGVsZW5hOnNhbGFzYW5h' });
    await expect401(undefined, { Authorization: 'Bearer' });
    await expect401('not-a-jwt');
    await expect401('a.b');
    await expect401('e30.e30.e30.e30');
    await expect401(`${base64url.encode('{"alg":')}.${base64url.encode('{}')}.sig`);
    await expect401(`${'a'.repeat(5000)}.${'b'.repeat(5000)}.c`);
  });

  it('401: expired token (beyond the clock tolerance)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await entra.sign(entraClaims({ iat: now - 7200, exp: now - 600 })));
  });

  it('401: not yet valid (nbf in the future)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await entra.sign(entraClaims({ nbf: now + 600 })));
  });

  it('401: wrong audience', async () => {
    await expect401(await entra.sign(entraClaims({ aud: 'api://someone-else/another-app' })));
    await expect401(await entra.sign(entraClaims({ aud: `api://evil.example/${TEST_CLIENT_ID}` })));
  });

  it('401: wrong issuer', async () => {
    await expect401(await entra.sign(entraClaims({ iss: 'https://evil.example/v2.0' })));
    await expect401(
      await entra.sign(entraClaims({ iss: `https://login.microsoftonline.com/${TEST_TENANT}/` })),
    );
    // A token that claims the development issuer but is not signed by it.
    await expect401(await entra.sign(entraClaims({ iss: `${t.url}/dev` })));
  });

  it('401: wrong tenant, and an issuer whose tenant differs from tid', async () => {
    await expect401(
      await entra.sign(
        entraClaims({
          iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
          tid: OTHER_TENANT,
        }),
      ),
    );
    await expect401(await entra.sign(entraClaims({ tid: OTHER_TENANT })));
    await expect401(await entra.sign(entraClaims({ tid: undefined })));
  });

  it('401: alg none, and HS256 with the public key as the secret', async () => {
    const payload = base64url.encode(JSON.stringify(entraClaims()));
    await expect401(`${base64url.encode('{"alg":"none","typ":"JWT"}')}.${payload}.`);
    await expect401(`${base64url.encode('{"alg":"none"}')}.${payload}.c2ln`);
    const { createHmac } = await import('node:crypto');
    const header = base64url.encode(JSON.stringify({ alg: 'HS256', kid: entra.key.kid }));
    const mac = createHmac('sha256', JSON.stringify(entra.key))
      .update(`${header}.${payload}`)
      .digest('base64url');
    await expect401(`${header}.${payload}.${mac}`);
  });

  it('401: tampered payload', async () => {
    const good = await entra.sign(entraClaims({ preferred_username: DEMO.reader }));
    const [h2, , s2] = good.split('.');
    const forged2 = entraClaims({ preferred_username: DEMO.coordinator });
    await expect401(`${h2}.${base64url.encode(JSON.stringify(forged2))}.${s2}`);
  });

  it('401: signed by an unknown key (same kid, and another kid)', async () => {
    const stranger = await newKey(entra.key.kid);
    await expect401(await entra.sign(entraClaims(), { key: stranger }));
    const other = await newKey('unknown-kid');
    await expect401(await entra.sign(entraClaims(), { key: other }));
  });

  it('401: a token without oid or user name', async () => {
    await expect401(await entra.sign(entraClaims({ oid: undefined })));
    await expect401(await entra.sign(entraClaims({ preferred_username: undefined })));
    await expect401(await entra.sign(entraClaims({ preferred_username: 'not an e-mail' })));
  });

  it('401: an app-only token (idtyp app, or app roles without a delegated scope)', async () => {
    await expect401(await entra.sign(entraClaims({ idtyp: 'app' })));
    await expect401(
      await entra.sign(entraClaims({ scp: undefined, roles: ['Associations.Read.All'] })),
    );
  });

  it('401: a token without the access_as_user scope', async () => {
    await expect401(await entra.sign(entraClaims({ scp: undefined })));
    await expect401(await entra.sign(entraClaims({ scp: 'User.Read openid' })));
  });

  it('401: a token issued to a client that is not allowed (azp, or appid in v1)', async () => {
    await expect401(await entra.sign(entraClaims({ azp: '0f0e0d0c-0b0a-4909-8807-060504030201' })));
    await expect401(await entra.sign(entraClaims({ azp: undefined })));
    const v1 = await entra.sign(
      entraClaims({
        iss: `https://sts.windows.net/${TEST_TENANT}/`,
        azp: undefined,
        appid: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
      }),
    );
    assert.equal((await me(v1)).status, 200, 'Teams web, as appid of a v1 token');
  });

  it('logs why a delegated-token check refused, never the token', async () => {
    const token = await entra.sign(entraClaims({ idtyp: 'app' }));
    await me(token, { 'X-Request-Id': 'auth-log-app' });
    const line = t.logs.lines.find(
      (l) => l.includes('auth-log-app') && l.includes('token refused'),
    );
    assert.match(line ?? '', /"reason":"app_only"/);
    assert.ok(!t.logs.text().includes(token));
  });

  it('401: a token that names the person only in the email claim (never used to authorise)', async () => {
    await expect401(
      await entra.sign(
        entraClaims({ preferred_username: undefined, email: 'helena.virtanen@kaupunki.example' }),
      ),
    );
  });

  it('binds a role assigned by address to the object id of the first sign-in, once', async () => {
    const coordinator = await entra.sign(entraClaims());
    const upn = 'uusi.yhteyshenkilo@kaupunki.example';
    const put = await api(t.url, coordinator, `/api/v1/roles?upn=${encodeURIComponent(upn)}`, {
      method: 'PUT',
      json: { name: 'Uusi Yhteyshenkilö', role: 'contact', units: ['nuoriso'] },
    });
    assert.equal(put.status, 200, put.text);
    const first = '7a000000-0000-4000-8000-00000000000a';
    const other = '7b000000-0000-4000-8000-00000000000b';
    const as = (oid: string) => entra.sign(entraClaims({ oid, preferred_username: upn }));
    assert.equal((await me(await as(first))).body.role, 'contact', 'the first sign-in binds');
    assert.equal((await me(await as(first))).body.role, 'contact');
    assert.equal(
      (await me(await as(other))).body.role,
      'reader',
      'the same address under another object id gets nothing from the assignment',
    );
    // A change of the role keeps the binding.
    await api(t.url, coordinator, `/api/v1/roles?upn=${encodeURIComponent(upn)}`, {
      method: 'PUT',
      json: { name: 'Uusi Yhteyshenkilö', role: 'contact', units: ['liikunta'] },
    });
    assert.equal((await me(await as(other))).body.role, 'reader');
    assert.equal((await me(await as(first))).body.role, 'contact');
  });

  it('a configured coordinator address is bound too: another object id is no coordinator', async () => {
    assert.equal((await me(await entra.sign(entraClaims()))).body.role, 'coordinator');
    const impostor = await entra.sign(entraClaims({ oid: '7c000000-0000-4000-8000-00000000000c' }));
    assert.equal((await me(impostor)).body.role, 'reader');
  });

  it('a guest never binds an assignment made for the address', async () => {
    const coordinator = await entra.sign(entraClaims());
    const upn = 'vieras.henkilo@yhdistys.example';
    await api(t.url, coordinator, `/api/v1/roles?upn=${encodeURIComponent(upn)}`, {
      method: 'PUT',
      json: { name: 'Vieras Henkilö', role: 'contact', units: ['nuoriso'] },
    });
    const guest = (oid: string) =>
      entra.sign(entraClaims({ oid, preferred_username: upn, acct: 1 }));
    await me(await guest('7d000000-0000-4000-8000-00000000000d'));
    const member = await entra.sign(
      entraClaims({ oid: '7e000000-0000-4000-8000-00000000000e', preferred_username: upn }),
    );
    assert.equal((await me(member)).body.role, 'contact', 'the home-tenant sign-in binds first');
  });

  it('answers 401 in English when asked', async () => {
    const res = await me(undefined, { 'Accept-Language': 'en-US,en;q=0.9' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, 'Please sign in again: the token was not accepted.');
  });

  it('logs the reason of a refusal, never the token', async () => {
    const token = await entra.sign(entraClaims({ aud: 'api://wrong' }));
    await me(token, { 'X-Request-Id': 'auth-log-1' });
    const line = t.logs.lines.find((l) => l.includes('auth-log-1') && l.includes('token refused'));
    assert.ok(line, 'the refusal is logged');
    assert.match(line, /"reason":"audience"/);
    assert.ok(!t.logs.text().includes(token), 'the token is not in the logs');
  });
});

describe('API sign-in without the development issuer', function () {
  this.timeout(60_000);
  let entra: FakeEntra;
  let t: TestApp;

  before(async () => {
    entra = await startFakeEntra();
    // The key service's address answers nothing: Entra tokens cannot be checked here.
    const deadPort = await freePort();
    t = await startTestApp({
      ...TEST_BOT,
      DEV_AUTH: 'false',
      AAD_APP_CLIENT_ID: TEST_CLIENT_ID,
      ALLOWED_TENANT_IDS: TEST_TENANT,
      AUTH_JWKS_URL: `http://127.0.0.1:${deadPort}/keys`,
    });
  });
  after(async () => {
    await t?.stop();
    await entra?.close();
  });

  it('has no dev endpoints: 404 for users, token and JWKS', async () => {
    for (const [method, path] of [
      ['GET', '/dev/users'],
      ['POST', '/dev/token'],
      ['GET', '/dev/jwks.json'],
    ] as const) {
      const res = await api(t.url, undefined, path, {
        method,
        ...(method === 'POST' ? { json: { upn: DEMO.coordinator } } : {}),
      });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
  });

  it('refuses a token that names a development issuer', async () => {
    const token = await entra.sign(entraClaims({ iss: `${t.url}/dev` }));
    const res = await api<ErrorBody>(t.url, token, '/api/v1/me');
    assert.equal(res.status, 401);
  });

  it('answers 503 (not 401) when the key service cannot be reached', async () => {
    const res = await api<ErrorBody>(t.url, await entra.sign(entraClaims()), '/api/v1/me');
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.error.code, 'auth_unavailable');
    assert.equal(res.headers.get('retry-after'), '5');
  });

  it('config refuses DEV_AUTH on a non-loopback address', () => {
    assert.throws(
      () => loadConfig({ HOST: '0.0.0.0', DEV_AUTH: 'true', BOT_ID: 'x', BOT_PASSWORD: 'y' }),
      /DEV_AUTH/,
    );
  });
});

describe('the development issuer (a plain local run)', function () {
  this.timeout(60_000);
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t?.stop();
  });

  const me = (token: string | undefined) =>
    api<ErrorBody & { role: string }>(t.url, token, '/api/v1/me');

  it('accepts a dev token from the development issuer, checked by the same validator', async () => {
    const token = await devToken(t.url, DEMO.contact);
    const claims = decodeJwt(token);
    assert.equal(claims.iss, `${t.url}/dev`);
    assert.equal(claims.aud, DEV_AUDIENCE);
    assert.equal(claims.scp, 'access_as_user');
    const res = await me(token);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.role, 'contact');
  });
  it('dev issuer: lists the demo people and refuses a token for an unknown person', async () => {
    const users = await api<{ items: { upn: string; name: string; title: { fi: string } }[] }>(
      t.url,
      undefined,
      '/dev/users',
    );
    assert.equal(users.status, 200);
    assert.ok(users.body.items.some((u) => u.upn === DEMO.coordinator && u.title.fi !== ''));
    const unknown = await api(t.url, undefined, '/dev/token', {
      method: 'POST',
      json: { upn: 'nobody@kaupunki.example' },
    });
    assert.equal(unknown.status, 404);
    const jwks = await api<{ keys: { kty: string; alg: string; d?: string }[] }>(
      t.url,
      undefined,
      '/dev/jwks.json',
    );
    assert.equal(jwks.body.keys[0]?.alg, 'RS256');
    assert.equal(jwks.body.keys[0]?.d, undefined, 'no private part in the JWKS');
  });

  it('401: a tampered dev token', async () => {
    const dev = await devToken(t.url, DEMO.reader);
    const [h, , s] = dev.split('.');
    const forged = {
      ...decodeJwt(dev),
      upn: DEMO.coordinator,
      preferred_username: DEMO.coordinator,
    };
    const res = await me(`${h}.${base64url.encode(JSON.stringify(forged))}.${s}`);
    assert.equal(res.status, 401);
  });

  it('refuses /dev/* through a proxy or tunnel: forwarded headers or a public Host', async () => {
    for (const headers of [
      { 'X-Forwarded-For': '203.0.113.7' },
      { 'X-Forwarded-Host': 'abc123.devtunnels.ms' },
      { Forwarded: 'for=203.0.113.7' },
    ] as Record<string, string>[]) {
      const res = await api(t.url, undefined, '/dev/token', {
        method: 'POST',
        json: { upn: DEMO.coordinator },
        headers,
      });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.ok(!res.text.includes('token"'), 'no token');
    }
    const users = await api(t.url, undefined, '/dev/users', {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(users.status, 403);
  });

  it('refuses /dev/* with a Host that is not loopback', async () => {
    const { request } = await import('node:http');
    const url = new URL(t.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/dev/users',
          headers: { Host: 'abc123-3978.euw.devtunnels.ms' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 403);
  });

  it("still answers a direct local request, and Teams' own x-ms headers are no proxy's", async () => {
    const res = await api(t.url, undefined, '/dev/users', {
      headers: { 'x-ms-conversation-id': '19:abc@thread.tacv2', 'x-ms-tenant-id': 'x' },
    });
    assert.equal(res.status, 200);
  });
});
