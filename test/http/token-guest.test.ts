/** Guests are recognised from the token: `acct` 1, or a home tenant other than the city's. */
import assert from 'node:assert/strict';
import { createLocalJWKSet, SignJWT, type JWTPayload } from 'jose';
import { AuthError, createTokenValidator, TEAMS_CLIENT_IDS } from '../../bot/src/http/auth';
import { entraClaims, newKey, OTHER_TENANT, TEST_CLIENT_ID, TEST_TENANT } from '../support/tokens';

describe('token validator: guests and delegated tokens', () => {
  let validator: ReturnType<typeof createTokenValidator>;
  let sign: (claims: JWTPayload) => Promise<string>;

  before(async () => {
    const key = await newKey('k1');
    validator = createTokenValidator({
      audiences: [`api://tab.kaupunki.example/${TEST_CLIENT_ID}`],
      tenants: [TEST_TENANT, OTHER_TENANT],
      homeTenant: TEST_TENANT,
      entraKeys: createLocalJWKSet({ keys: [key.jwk] }),
      clients: TEAMS_CLIENT_IDS,
    });
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key.privateKey);
  });

  it('a member of the home tenant is no guest', async () => {
    const id = await validator.validate(await sign(entraClaims({ acct: 0 })));
    assert.equal(id.guest, false);
  });

  it('acct 1 makes a guest', async () => {
    const id = await validator.validate(await sign(entraClaims({ acct: 1 })));
    assert.equal(id.guest, true);
  });

  it('an allowed tenant other than the home tenant makes a guest', async () => {
    const id = await validator.validate(
      await sign(
        entraClaims({
          iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
          tid: OTHER_TENANT,
        }),
      ),
    );
    assert.equal(id.guest, true);
  });

  it('names why a token is not a delegated one', async () => {
    for (const [claims, reason] of [
      [{ idtyp: 'app' }, 'app_only'],
      [{ scp: undefined, roles: ['x'] }, 'app_only'],
      [{ scp: 'User.Read' }, 'scope'],
      [{ azp: '00000000-0000-4000-8000-000000000000' }, 'client'],
    ] as const) {
      await assert.rejects(
        validator.validate(await sign(entraClaims(claims))),
        (e: unknown) => e instanceof AuthError && e.reason === reason,
        reason,
      );
    }
  });
});
