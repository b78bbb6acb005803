/** infra/azure.bicep: no basic publishing credentials, secrets only as Key Vault references. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const bicep = readFileSync('infra/azure.bicep', 'utf8');

/** The text of one resource declaration, up to the next top-level declaration. */
function resource(name: string): string {
  const start = bicep.search(new RegExp(`^resource ${name} `, 'm'));
  assert.ok(start >= 0, `resource ${name}`);
  const rest = bicep.slice(start + 1);
  const end = rest.search(/^(resource|param|var|output) /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('infra/azure.bicep: security settings', () => {
  it('turns basic publishing credentials off for FTP and SCM', () => {
    for (const kind of ['ftp', 'scm']) {
      const block = [
        ...bicep.matchAll(
          /^resource \w+ 'Microsoft\.Web\/sites\/basicPublishingCredentialsPolicies@[^']+' = \{[\s\S]*?^\}/gm,
        ),
      ]
        .map((m) => m[0])
        .find((b) => b.includes(`name: '${kind}'`));
      assert.ok(block, kind);
      assert.match(block, /allow: false/);
    }
  });

  it('gives the app no secret in plain text: the connection string is a Key Vault reference', () => {
    const settings = resource('webAppSettings');
    assert.ok(!settings.includes('listKeys('), 'no account key in the app settings');
    assert.match(settings, /@Microsoft\.KeyVault\(SecretUri=/);
    assert.match(resource('webApp'), /keyVaultReferenceIdentity: identity\.id/);
    assert.match(resource('vault'), /enableRbacAuthorization: true/);
  });

  it('can close the storage account to all but the given networks', () => {
    assert.match(bicep, /^param storageAllowedIpRanges array = \[\]/m);
    assert.match(resource('storage'), /defaultAction: 'Deny'/);
  });
});
