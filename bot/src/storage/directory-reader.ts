/**
 * Reads working groups (WorkingGroups table, partition `group`), units (Units, partition
 * `unit`) and coordinators and contact persons (People, partition `person`) for the bot's cards.
 * The stores that write these rows belong to other parts of the app; this adapter reads only the
 * columns the cards need and tolerates the ones it does not know. Lists are cached for a minute.
 */
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type {
  ContactInfo,
  DirectoryReader,
  UnitInfo,
  WorkingGroupInfo,
} from '../domain/bot-readers';
import { jsonColumn, readOrSkip, warnCorruptRow, type CorruptRowReporter } from './columns';
import { encodeKey } from './keys';
import { personRowPlace, personUnitsColumn } from './people-store';
import { storageStatus } from './tables';
import { TtlCache } from './ttl-cache';

export type ReadTable = Pick<TableClient, 'listEntities' | 'getEntity'>;

export interface DirectoryTables {
  readonly workingGroups: ReadTable;
  readonly units: ReadTable;
  readonly people: ReadTable;
}

type Row = Record<string, unknown>;

const str = (row: Row, name: string): string => {
  const v = row[name];
  return typeof v === 'string' ? v : '';
};

/** Titles for people rows that carry none, by role. */
const ROLE_TITLES = {
  coordinator: { fi: 'Järjestökoordinaattori', en: 'NGO coordinator' },
  contact: { fi: 'Yhdistysyhteyshenkilö', en: 'Association contact person' },
} as const;

async function partition(table: ReadTable, partitionKey: string): Promise<Row[]> {
  const rows: Row[] = [];
  const pages = table
    .listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })
    .byPage({ maxPageSize: 1000 });
  for await (const page of pages) rows.push(...page);
  return rows;
}

export class TableDirectoryReader implements DirectoryReader {
  private readonly groupsCache = new TtlCache<readonly WorkingGroupInfo[]>(60_000);
  private readonly unitsCache = new TtlCache<readonly UnitInfo[]>(60_000);
  private readonly contactsCache = new TtlCache<readonly ContactInfo[]>(60_000);
  private readonly configCoordinators: ReadonlySet<string>;

  constructor(
    private readonly tables: DirectoryTables,
    /** Coordinators named in config are coordinators whatever the store says. */
    initialCoordinators: readonly string[] = [],
    /** Told about a person the contacts list leaves out because their row does not read. */
    private readonly onCorruptRow: CorruptRowReporter = warnCorruptRow,
  ) {
    this.configCoordinators = new Set(initialCoordinators.map((u) => u.toLowerCase()));
  }

  workingGroups(): Promise<readonly WorkingGroupInfo[]> {
    return this.groupsCache.getOrLoad('all', async () =>
      (await partition(this.tables.workingGroups, 'group'))
        .filter((row) => row.active !== false && str(row, 'nameFi') !== '')
        .map((row) => {
          const unit = str(row, 'unit');
          return {
            id: str(row, 'rowKey'),
            name: { fi: str(row, 'nameFi'), en: str(row, 'nameEn') },
            ...(unit !== '' ? { unitId: unit } : {}),
          };
        })
        .sort((a, b) => a.name.fi.localeCompare(b.name.fi, 'fi')),
    );
  }

  units(): Promise<readonly UnitInfo[]> {
    return this.unitsCache.getOrLoad('all', async () =>
      (await partition(this.tables.units, 'unit'))
        .filter((row) => row.active !== false)
        .map((row) => {
          const id = str(row, 'rowKey');
          return { id, name: { fi: str(row, 'nameFi') || id, en: str(row, 'nameEn') } };
        })
        .sort((a, b) => a.name.fi.localeCompare(b.name.fi, 'fi')),
    );
  }

  contacts(): Promise<readonly ContactInfo[]> {
    return this.contactsCache.getOrLoad('all', async () => {
      const out: ContactInfo[] = [];
      for (const row of await partition(this.tables.people, 'person')) {
        const upn = str(row, 'upn').toLowerCase();
        const role = this.configCoordinators.has(upn) ? 'coordinator' : str(row, 'role');
        if (role !== 'coordinator' && role !== 'contact') continue;
        const titleFi = str(row, 'titleFi');
        const units = readOrSkip(
          () =>
            role === 'contact'
              ? jsonColumn(row, personRowPlace(str(row, 'rowKey')), 'units', personUnitsColumn, [])
              : [],
          this.onCorruptRow,
        );
        if (!units) continue;
        out.push({
          name: str(row, 'name') || upn,
          upn,
          role,
          units,
          title: titleFi ? { fi: titleFi, en: str(row, 'titleEn') || titleFi } : ROLE_TITLES[role],
        });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name, 'fi'));
    });
  }

  /**
   * The same rule as the tab's API: an assignment bound to an object id at its first sign-in
   * counts only for that object id.
   */
  async isCoordinator(upn: string, oid?: string): Promise<boolean> {
    const key = upn.trim().toLowerCase();
    if (key === '') return false;
    let row: Row | undefined;
    try {
      row = await this.tables.people.getEntity<Row>('person', encodeKey(key));
    } catch (error) {
      if (storageStatus(error) !== 404) throw error;
    }
    const bound = row ? str(row, 'oid') : '';
    if (bound !== '' && oid !== undefined && bound !== oid) return false;
    if (this.configCoordinators.has(key)) return true;
    return row?.role === 'coordinator';
  }
}
