/**
 * Units and categories, kept by the coordinator.
 *
 * Keys: one partition per kind (`unit` in the Units table, `category` in the Categories table),
 * RowKey = the id. Every screen needs the whole list, so a read is one query of one partition;
 * there are tens of rows, never near a page of 1,000. Ids are ASCII slugs because the
 * associations store turns them into property names for its filters.
 */
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { Unit } from '@yhdistysyhteistyo/contract/associations';
import { compareNames } from '@yhdistysyhteistyo/contract/search';
import type { ReferenceKind } from '../domain/associations-service';
import { ExistsError, staleRecord } from '../domain/errors';
import { storageStatus, TABLES, type TableName } from './tables';

export type ReferenceTable = Pick<
  TableClient,
  'getEntity' | 'listEntities' | 'createEntity' | 'updateEntity' | 'deleteEntity'
>;

interface ReferenceRow {
  nameFi: string;
  nameEn: string;
  updatedAt?: string;
  updatedBy?: string;
}

export const REFERENCE_TABLES: Readonly<Record<ReferenceKind, TableName>> = {
  unit: TABLES.units,
  category: TABLES.categories,
};

function toUnit(e: TableEntityResult<ReferenceRow>): Unit {
  const id = e.rowKey ?? '';
  return { id, name: { fi: e.nameFi ?? id, en: e.nameEn ?? id }, etag: e.etag };
}

export class ReferenceDataStore {
  constructor(
    private readonly tables: (kind: ReferenceKind) => ReferenceTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(kind: ReferenceKind): Promise<Unit[]> {
    const out: Unit[] = [];
    const pages = this.tables(kind)
      .listEntities<ReferenceRow>({ queryOptions: { filter: odata`PartitionKey eq ${kind}` } })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) for (const e of page) out.push(toUnit(e));
    return out.sort((a, b) => compareNames(a.name.fi, b.name.fi));
  }

  async ids(kind: ReferenceKind): Promise<Set<string>> {
    return new Set((await this.list(kind)).map((u) => u.id));
  }

  async get(kind: ReferenceKind, id: string): Promise<Unit | undefined> {
    try {
      return toUnit(await this.tables(kind).getEntity<ReferenceRow>(kind, id));
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async create(kind: ReferenceKind, id: string, name: Unit['name'], by: string): Promise<Unit> {
    try {
      await this.tables(kind).createEntity({
        partitionKey: kind,
        rowKey: id,
        nameFi: name.fi,
        nameEn: name.en,
        updatedAt: this.now().toISOString(),
        updatedBy: by,
      });
    } catch (error) {
      if (storageStatus(error) === 409) throw new ExistsError();
      throw error;
    }
    const saved = await this.get(kind, id);
    if (!saved) throw new Error('reference row vanished after writing');
    return saved;
  }

  /** Renames; `ifMatch` guards against overwriting someone else's change. */
  async update(
    kind: ReferenceKind,
    id: string,
    name: Unit['name'],
    by: string,
    ifMatch: string,
  ): Promise<Unit | undefined> {
    try {
      await this.tables(kind).updateEntity(
        {
          partitionKey: kind,
          rowKey: id,
          nameFi: name.fi,
          nameEn: name.en,
          updatedAt: this.now().toISOString(),
          updatedBy: by,
        },
        'Replace',
        { etag: ifMatch },
      );
    } catch (error) {
      const status = storageStatus(error);
      if (status === 404) return undefined;
      if (status === 412) throw staleRecord(await this.get(kind, id));
      throw error;
    }
    return this.get(kind, id);
  }

  async remove(kind: ReferenceKind, id: string, ifMatch: string): Promise<boolean> {
    try {
      await this.tables(kind).deleteEntity(kind, id, { etag: ifMatch });
      return true;
    } catch (error) {
      const status = storageStatus(error);
      if (status === 404) return false;
      if (status === 412) throw staleRecord(await this.get(kind, id));
      throw error;
    }
  }
}
