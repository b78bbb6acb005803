/**
 * The bot endpoint accepts activities only from the allowed tenants, before the adapter (and
 * its outbound calls to the activity's serviceUrl) sees them.
 */
import assert from 'node:assert/strict';
import type { Server } from 'restify';
import { freePort } from '../../bot/scripts/azurite';
import { botTenants } from '../../bot/src/compose/index';
import { loadConfig } from '../../bot/src/config';
import { activityTenant, botRoute, type InboundActivity } from '../../bot/src/http/bot-route';
import { createHttpServer } from '../../bot/src/http/server';
import { createLogger } from '../../bot/src/log';
import { LogCapture } from '../support/app';
import { OTHER_TENANT, TEST_TENANT } from '../support/tokens';

describe('bot endpoint: allowed tenants only', function () {
  this.timeout(30_000);
  let server: Server;
  let url: string;
  const seen: string[] = [];
  const logs = new LogCapture();

  before(async () => {
    server = createHttpServer({
      log: createLogger('debug', logs),
      storage: { ping: () => Promise.resolve(true), isUnreachable: () => false },
      version: 'test',
      tabDist: 'tab/dist',
      routes: [
        botRoute(
          {
            run: (_auth, activity) => {
              seen.push(activity.conversation.id);
              return Promise.resolve(undefined);
            },
          },
          { tenants: [TEST_TENANT.toUpperCase()] },
        ),
      ],
    });
    const port = await freePort();
    await new Promise<void>((resolve) => {
      server.listen(port, '127.0.0.1', () => resolve());
    });
    url = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.server.closeAllConnections();
    });
  });

  const post = (activity: Record<string, unknown>) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'apua', ...activity }),
    });

  it('passes an activity of the allowed tenant to the bot', async () => {
    const res = await post({
      conversation: { id: 'a:ok' },
      channelData: { tenant: { id: TEST_TENANT } },
    });
    assert.equal(res.status, 200);
    assert.ok(seen.includes('a:ok'));
  });

  it('refuses (403) another tenant and an activity that names none; the bot never sees them', async () => {
    for (const [id, extra] of [
      ['a:other', { channelData: { tenant: { id: OTHER_TENANT } } }],
      ['a:other-conv', { conversation: { id: 'a:other-conv', tenantId: OTHER_TENANT } }],
      ['a:none', {}],
    ] as const) {
      const res = await post({ conversation: { id }, ...extra });
      assert.equal(res.status, 403, id);
      assert.ok(!seen.includes(id), id);
    }
    assert.match(logs.text(), /"reason":"tenant"/);
    assert.match(logs.text(), /"reason":"no_tenant"/);
  });

  it('finds the tenant in channelData or the conversation', () => {
    const a = (x: object) =>
      ({ type: 'message', conversation: { id: 'c' }, ...x }) as InboundActivity;
    assert.equal(activityTenant(a({ channelData: { tenant: { id: 'AB' } } })), 'ab');
    assert.equal(activityTenant(a({ conversation: { id: 'c', tenantId: 'cd' } })), 'cd');
    assert.equal(activityTenant(a({})), undefined);
  });

  it("allows the city's tenant, the bot's and the allowed ones; none in a plain local run", () => {
    const deployed = loadConfig({
      AAD_APP_CLIENT_ID: 'x',
      AAD_APP_TENANT_ID: TEST_TENANT,
      ALLOWED_TENANT_IDS: OTHER_TENANT,
      BOT_ID: 'b',
      BOT_PASSWORD: 'p',
    });
    assert.deepEqual(botTenants(deployed), [TEST_TENANT, OTHER_TENANT]);
    assert.deepEqual(botTenants(loadConfig({ DEV_AUTH: 'true' })), []);
  });
});
