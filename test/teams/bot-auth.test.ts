/**
 * With an app id configured, /api/messages accepts only requests that carry a channel token
 * signed by the Bot Framework's keys. botbuilder's own validation is pointed at a local OpenID
 * metadata document and key set on loopback, so the test can sign tokens (and forge them).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { Server as RestifyServer } from 'restify';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { VERBS } from '../../bot/src/cards/verbs';
import { tableStores } from '../../bot/src/compose/stores';
import { createHttpServer } from '../../bot/src/http/server';
import { createLogger } from '../../bot/src/log';
import { TableStorage } from '../../bot/src/storage/tables';
import { botRoute } from '../../bot/src/http/bot-route';
import { createTeamsBot } from '../../bot/src/teams';
import { LogCapture } from '../support/app';
import { cardTexts } from '../support/card-check';
import { newKey, type KeyPair } from '../support/tokens';

const BOT_ID = '6a2f0c1e-5b4d-4e3f-9a8b-7c6d5e4f3a2b';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

interface Issuer {
  readonly url: string;
  readonly issuer: string;
  readonly key: KeyPair;
  close(): Promise<void>;
}

/** The Bot Framework's token issuer in miniature: OpenID metadata and a key set. */
async function startIssuer(): Promise<Issuer> {
  const key = await newKey('bf-test-key');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration') {
      send({ issuer: 'https://api.botframework.test', jwks_uri: `${url}/v1/keys` });
    } else if (req.url === '/v1/keys') {
      send({ keys: [{ ...key.jwk, endorsements: ['msteams'] }] });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    issuer: 'https://api.botframework.test',
    key,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('bot endpoint authentication (app id configured)', function () {
  this.timeout(30_000);
  let azurite: AzuriteProcess;
  let issuer: Issuer;
  let server: RestifyServer;
  let url: string;
  let logs: LogCapture;
  let otherKey: KeyPair;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
    issuer = await startIssuer();
    otherKey = await newKey('bf-test-key'); // same kid, different key: a forgery
    const storage = new TableStorage(azurite.connectionString);
    await storage.ensureTables();
    logs = new LogCapture();
    const log = createLogger('debug', logs);
    const stores = tableStores(storage, { INITIAL_COORDINATORS: [] });
    const teams = createTeamsBot({
      config: {
        BOT_ID,
        BOT_PASSWORD: 'not-used-in-this-test',
        BOT_TENANT_ID: undefined,
        BOT_TYPE: 'MultiTenant',
      },
      stores: { ...stores, installations: stores.conversations },
      log,
      channelTokens: {
        openIdMetadataUrl: `${issuer.url}/v1/.well-known/openidconfiguration`,
        issuer: issuer.issuer,
      },
    });
    server = createHttpServer({
      log,
      storage,
      version: 'test',
      tabDist: 'tab/dist',
      routes: [botRoute(teams.turns)],
    });
    const port = await freePort();
    await new Promise<void>((resolve) => {
      server.listen(port, '127.0.0.1', () => resolve());
    });
    url = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
    }
    await issuer?.close();
    await azurite?.stop();
  });

  /** An Action.Execute invoke: answered in the HTTP response itself, no outbound call needed. */
  function invoke(serviceUrl = SERVICE_URL): Record<string, unknown> {
    return {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl,
      locale: 'fi-FI',
      from: { id: '29:someone', aadObjectId: 'aad-someone' },
      recipient: { id: `28:${BOT_ID}`, name: 'Yhdistysbotti' },
      conversation: { id: 'a:personal-x', conversationType: 'personal' },
      value: { action: { type: 'Action.Execute', verb: VERBS.showRoles } },
    };
  }

  function claims(overrides: JWTPayload = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: issuer.issuer,
      aud: BOT_ID,
      serviceurl: SERVICE_URL,
      nbf: now - 60,
      exp: now + 600,
      ...overrides,
    };
  }

  async function sign(payload: JWTPayload, key: KeyPair = issuer.key): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  async function send(authorization: string | undefined, body = invoke()): Promise<Response> {
    return fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': 'en',
        ...(authorization !== undefined ? { authorization } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  async function assertRefused(res: Response, label: string): Promise<void> {
    assert.equal(res.status, 401, label);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.deepEqual(
      body,
      {
        error: {
          code: 'unauthorized',
          message: 'Please sign in again: the token was not accepted.',
        },
      },
      label,
    );
    const id = res.headers.get('x-request-id');
    assert.ok(!logs.lines.some((l) => l.includes(`"turnId":"${id}"`)), `${label}: no turn ran`);
  }

  it('accepts a correctly signed channel token and runs the turn', async () => {
    const res = await send(`Bearer ${await sign(claims())}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { statusCode: number; value: unknown };
    assert.equal(body.statusCode, 200);
    assert.equal(cardTexts(body.value)[0], 'Roolit ja vastuut');
  });

  it('refuses a request without Authorization with 401', async () => {
    await assertRefused(await send(undefined), 'no header');
    await assertRefused(await send(''), 'empty header');
  });

  it('refuses a token signed with another key under the same key id', async () => {
    await assertRefused(await send(`Bearer ${await sign(claims(), otherKey)}`), 'forged');
  });

  it('refuses a token whose key is not in the key set', async () => {
    const stranger = await newKey('unknown-kid');
    await assertRefused(await send(`Bearer ${await sign(claims(), stranger)}`), 'unknown key');
  });

  it('refuses a token from another issuer, for another bot, expired, or for another service URL', async () => {
    await assertRefused(
      await send(`Bearer ${await sign(claims({ iss: 'https://evil.example' }))}`),
      'issuer',
    );
    await assertRefused(
      await send(`Bearer ${await sign(claims({ aud: randomUUID() }))}`),
      'audience',
    );
    const past = Math.floor(Date.now() / 1000) - 3600;
    await assertRefused(
      await send(`Bearer ${await sign(claims({ nbf: past - 600, exp: past }))}`),
      'expired',
    );
    await assertRefused(
      await send(`Bearer ${await sign(claims())}`, invoke('https://elsewhere.example/')),
      'service url',
    );
  });

  it('refuses garbage in the header', async () => {
    await assertRefused(await send('Bearer not.a.token'), 'garbage');
    await assertRefused(await send(`Basic ${Buffer.from('a:b').toString('base64')}`), 'basic');
  });
});
