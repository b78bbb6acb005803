/**
 * The per-person-per-period markers of the stale-data reminders, in the Meta table: one row per
 * period and person (`staleData-<year>` / the encoded person id), created once (a second create
 * is a 409, and the first one's time is read back), then marked done when the reminder's outbox
 * row is written.
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { StaleDataMarkers } from '../delivery/ports';
import { decodeKey, encodeKey } from './keys';
import { storageStatus } from './tables';

interface MarkerRow {
  at: string;
  done?: boolean;
}

const partition = (period: string) => `staleData-${period}`;

export class TableStaleDataMarkers implements StaleDataMarkers {
  constructor(
    private readonly meta: Pick<
      TableClient,
      'listEntities' | 'createEntity' | 'getEntity' | 'updateEntity'
    >,
  ) {}

  async reminded(period: string): Promise<ReadonlySet<string>> {
    const out = new Set<string>();
    const rows = this.meta.listEntities<MarkerRow>({
      queryOptions: { filter: odata`PartitionKey eq ${partition(period)}` },
    });
    for await (const row of rows) {
      if (row.done === true && row.rowKey) out.add(decodeKey(row.rowKey));
    }
    return out;
  }

  async claim(period: string, personId: string, at: string): Promise<string> {
    const key = { partitionKey: partition(period), rowKey: encodeKey(personId) };
    try {
      await this.meta.createEntity<MarkerRow>({ ...key, at, done: false });
      return at;
    } catch (error) {
      if (storageStatus(error) !== 409) throw error;
      const existing = await this.meta.getEntity<MarkerRow>(key.partitionKey, key.rowKey);
      return typeof existing.at === 'string' ? existing.at : at;
    }
  }

  async done(period: string, personId: string): Promise<void> {
    await this.meta.updateEntity(
      { partitionKey: partition(period), rowKey: encodeKey(personId), done: true },
      'Merge',
    );
  }
}
