import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { freePort, startAzurite } from '../../bot/scripts/azurite';

describe('Azurite as npm start runs it', function () {
  this.timeout(60_000);

  it('keeps a row written just before a stop, across a restart', async () => {
    const location = mkdtempSync(path.join(os.tmpdir(), 'azurite-persist-'));
    const port = await freePort();
    try {
      const first = await startAzurite({ port, location });
      const table = () =>
        TableClient.fromConnectionString(first.connectionString, 'Persist', {
          allowInsecureConnection: true,
        });
      await table().createTable();
      // Written well inside Azurite's 5 s save interval: only a clean stop saves it.
      await table().createEntity({ partitionKey: 'p', rowKey: 'r', value: 'kept' });
      await first.stop();

      const second = await startAzurite({ port, location });
      try {
        const entity = await table().getEntity<{ value: string }>('p', 'r');
        assert.equal(entity.value, 'kept');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(location, { recursive: true, force: true });
    }
  });
});
