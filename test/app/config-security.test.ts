/**
 * The two local-only modes (the development issuer and the anonymous bot) refuse to start as
 * soon as anything says the server is deployed or reachable from Teams, whatever the address.
 */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../bot/src/config';
import { readFileSync } from 'node:fs';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  return [];
}

const BOT = { BOT_ID: 'b0b0b0b0-0000-4000-8000-000000000001', BOT_PASSWORD: 'pw' };

describe('config: local-only modes stay local', () => {
  for (const [what, env] of [
    ['NODE_ENV=production', { NODE_ENV: 'production', ...BOT, AAD_APP_CLIENT_ID: 'x' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://abc123-3978.euw.devtunnels.ms', ...BOT }],
    ['BOT_ID', { ...BOT }],
    ['AAD_APP_CLIENT_ID', { AAD_APP_CLIENT_ID: 'x', ...BOT }],
  ] as const) {
    it(`refuses DEV_AUTH on 127.0.0.1 when ${what} is set`, () => {
      const p = problems({ HOST: '127.0.0.1', DEV_AUTH: 'true', ...env });
      assert.ok(
        p.some((m) => m.startsWith('DEV_AUTH: ') && m.includes(what.split('=')[0] ?? '')),
        p.join('\n'),
      );
    });
  }

  for (const [what, env] of [
    ['NODE_ENV=production', { NODE_ENV: 'production', AAD_APP_CLIENT_ID: 'x' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://abc123-3978.euw.devtunnels.ms', AAD_APP_CLIENT_ID: 'x' }],
    ['AAD_APP_CLIENT_ID', { AAD_APP_CLIENT_ID: 'x' }],
  ] as const) {
    it(`refuses an anonymous bot (empty BOT_ID) on 127.0.0.1 when ${what} is set`, () => {
      const p = problems({ HOST: '127.0.0.1', ...env });
      assert.ok(
        p.some((m) => m.startsWith('BOT_ID: ')),
        p.join('\n'),
      );
    });
  }

  it('still allows the plain local run: DEV_AUTH and no bot id on 127.0.0.1', () => {
    assert.deepEqual(problems({ HOST: '127.0.0.1', DEV_AUTH: 'true' }), []);
  });

  it('allows a deployment with a bot id and without the development issuer', () => {
    assert.deepEqual(
      problems({ NODE_ENV: 'production', HOST: '0.0.0.0', AAD_APP_CLIENT_ID: 'x', ...BOT }),
      [],
    );
  });

  it('the local Teams lifecycle turns the development issuer off', () => {
    const yml = readFileSync('teamsapp.local.yml', 'utf8');
    const envs = yml.slice(yml.indexOf('target: ./env/.env.local.user'));
    assert.match(envs, /\n\s+DEV_AUTH: false\n/);
  });
});
