/**
 * The teams' members in the Conversations table, one partition per team
 * (`roster-<encoded team id>`), one row per member keyed by the keyed hash of their Teams id;
 * the row holds that hash and the hash of their address, nothing in clear.
 */
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { RosterEntry, TeamRosterPort } from '../domain/team-roster';
import { encodeKey } from './keys';
import { storageStatus, TRANSACTION_LIMIT } from './tables';

export type RosterTable = Pick<
  TableClient,
  'listEntities' | 'upsertEntity' | 'deleteEntity' | 'submitTransaction'
>;

/** Every team's member list is a partition whose key starts with this. */
export const ROSTER_PARTITION_PREFIX = 'roster-';
const partitionOf = (teamId: string) => `${ROSTER_PARTITION_PREFIX}${encodeKey(teamId)}`;

export class TableTeamRosterStore implements TeamRosterPort {
  constructor(private readonly table: RosterTable) {}

  private async rows(teamId: string): Promise<{ rowKey: string; addressKey?: unknown }[]> {
    const out: { rowKey: string; addressKey?: unknown }[] = [];
    const pages = this.table
      .listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${partitionOf(teamId)}` },
      })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const row of page)
        if (row.rowKey) out.push({ rowKey: row.rowKey, addressKey: row.addressKey });
    }
    return out;
  }

  private entity(teamId: string, m: RosterEntry, at: string) {
    return {
      partitionKey: partitionOf(teamId),
      rowKey: m.memberKey,
      ...(m.addressKey ? { addressKey: m.addressKey } : {}),
      at,
    };
  }

  async replace(teamId: string, members: readonly RosterEntry[], at: string): Promise<void> {
    const keep = new Set(members.map((m) => m.memberKey));
    const gone = (await this.rows(teamId)).filter((r) => !keep.has(r.rowKey));
    await this.add(teamId, members, at);
    await this.remove(
      teamId,
      gone.map((r) => r.rowKey),
    );
  }

  async add(teamId: string, members: readonly RosterEntry[], at: string): Promise<void> {
    for (let i = 0; i < members.length; i += TRANSACTION_LIMIT) {
      await this.table.submitTransaction(
        members
          .slice(i, i + TRANSACTION_LIMIT)
          .map((m) => ['upsert', this.entity(teamId, m, at), 'Replace'] as const),
      );
    }
  }

  async remove(teamId: string, memberKeys: readonly string[]): Promise<void> {
    for (const key of memberKeys) {
      try {
        await this.table.deleteEntity(partitionOf(teamId), key);
      } catch (error) {
        if (storageStatus(error) !== 404) throw error;
      }
    }
  }

  async addressKeys(teamIds: readonly string[]): Promise<ReadonlySet<string>> {
    const out = new Set<string>();
    for (const teamId of teamIds) {
      for (const row of await this.rows(teamId)) {
        if (typeof row.addressKey === 'string' && row.addressKey) out.add(row.addressKey);
      }
    }
    return out;
  }
}
