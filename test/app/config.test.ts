import assert from 'node:assert/strict';
import { ConfigError, isLoopbackHost, loadConfig } from '../../bot/src/config';

const base = { DEV_AUTH: 'true' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('has working local defaults', () => {
    const c = loadConfig(base);
    assert.equal(c.HOST, '127.0.0.1');
    assert.equal(c.PORT, 3978);
    assert.equal(c.DEV_AUTH, true);
    assert.ok(Object.isFrozen(c));
  });

  it('names the variable and what it should be when a value is wrong', () => {
    const p = problems({ ...base, PORT: 'eighty' });
    assert.equal(p.length, 1);
    assert.match(p[0] ?? '', /^PORT: /);
  });

  it('keeps answers 90 days and the trail 5 years unless told, and refuses a retention of 0', () => {
    const c = loadConfig(base);
    assert.equal(c.RSVP_RETENTION_DAYS, 90);
    assert.equal(c.AUDIT_RETENTION_YEARS, 5);
    assert.equal(loadConfig({ ...base, RSVP_RETENTION_DAYS: '30' }).RSVP_RETENTION_DAYS, 30);
    const p = problems({ ...base, RSVP_RETENTION_DAYS: '0', AUDIT_RETENTION_YEARS: 'viisi' });
    assert.deepEqual(p.map((m) => m.split(':')[0]).sort(), [
      'AUDIT_RETENTION_YEARS',
      'RSVP_RETENTION_DAYS',
    ]);
  });

  it('refuses an anonymous bot on a non-loopback address', () => {
    const p = problems({ HOST: '0.0.0.0', AAD_APP_CLIENT_ID: 'x' });
    assert.ok(
      p.some((m) => m.startsWith('BOT_ID: ')),
      p.join('\n'),
    );
  });

  it('refuses the development issuer on a non-loopback address', () => {
    const p = problems({ HOST: '0.0.0.0', BOT_ID: 'id', BOT_PASSWORD: 'pw', DEV_AUTH: 'true' });
    assert.ok(
      p.some((m) => m.startsWith('DEV_AUTH: ')),
      p.join('\n'),
    );
  });

  it('asks for a password with an app id unless the identity is managed', () => {
    assert.ok(problems({ ...base, BOT_ID: 'id' }).some((m) => m.startsWith('BOT_PASSWORD: ')));
    // Deployed: a bot app id rules out the development issuer.
    const c = loadConfig({
      AAD_APP_CLIENT_ID: 'x',
      BOT_ID: 'id',
      BOT_TYPE: 'UserAssignedMSI',
      BOT_TENANT_ID: 't',
    });
    assert.equal(c.BOT_TYPE, 'UserAssignedMSI');
  });

  it('needs the tab audience unless the development issuer is on', () => {
    assert.ok(problems({}).some((m) => m.startsWith('AAD_APP_CLIENT_ID: ')));
  });

  it('never echoes a secret in its messages', () => {
    const p = problems({ ...base, BOT_ID: 'id', BOT_PASSWORD: 'hunter2-secret', BOT_TYPE: 'Nope' });
    assert.ok(!p.join('\n').includes('hunter2-secret'));
  });

  it('parses lists of coordinators and rejects bad e-mails', () => {
    const c = loadConfig({ ...base, INITIAL_COORDINATORS: 'a@x.example, b@y.example' });
    assert.deepEqual(c.INITIAL_COORDINATORS, ['a@x.example', 'b@y.example']);
    assert.ok(
      problems({ ...base, INITIAL_COORDINATORS: 'not-an-email' })[0]?.startsWith(
        'INITIAL_COORDINATORS',
      ),
    );
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      assert.ok(isLoopbackHost(h), h);
    for (const h of ['0.0.0.0', '10.0.0.1', 'example.test', '::']) assert.ok(!isLoopbackHost(h), h);
  });
});
