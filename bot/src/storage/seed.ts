import type { TableEntity } from '@azure/data-tables';
import { DateTime } from 'luxon';
import {
  DEMO_ASSOCIATIONS,
  DEMO_CATEGORIES,
  DEMO_PEOPLE,
  DEMO_UNITS,
  demoEmail,
  demoYear,
} from '../domain/demo-data';
import { HELSINKI } from '@yhdistysyhteistyo/contract/time';
import { associationRows, versionRow } from './associations-store';
import { contentSeedRows } from './content-store';
import { demoEventRows } from './events-seed';
import { encodeKey } from './keys';
import {
  storageStatus,
  TABLES,
  TRANSACTION_LIMIT,
  type TableName,
  type TableStorage,
} from './tables';

/** Seeded now (rows written, or found from an interrupted earlier seeding), or seeded before. */
export type SeedResult =
  | { readonly seeded: 'now'; readonly created: number; readonly existing: number }
  | { readonly seeded: 'before'; readonly at: string };

type Row = readonly [TableName, TableEntity<Record<string, unknown>>];

const SEEDED_BY = 'demo-data';

/** Every demo row with a deterministic key, so seeding again finds each row already there. */
export function demoRows(now: DateTime): Row[] {
  const year = demoYear(now.setZone(HELSINKI));
  const createdAt = now.toUTC().toISO() ?? '';
  const audit = { createdAt, createdBy: SEEDED_BY, updatedAt: createdAt, updatedBy: SEEDED_BY };
  const rows: Row[] = [];
  for (const u of DEMO_UNITS) {
    rows.push([
      TABLES.units,
      { partitionKey: 'unit', rowKey: u.id, nameFi: u.name.fi, nameEn: u.name.en },
    ]);
  }
  for (const c of DEMO_CATEGORIES) {
    rows.push([
      TABLES.categories,
      { partitionKey: 'category', rowKey: c.id, nameFi: c.name.fi, nameEn: c.name.en },
    ]);
  }
  for (const p of DEMO_PEOPLE) {
    rows.push([
      TABLES.people,
      {
        partitionKey: 'person',
        rowKey: encodeKey(p.upn.toLowerCase()),
        upn: p.upn,
        name: p.name,
        titleFi: p.title.fi,
        titleEn: p.title.en,
        role: p.role,
        units: JSON.stringify(p.units),
        associationId: p.associationId ?? '',
        guest: p.guest,
        ...audit,
      },
    ]);
  }
  for (const a of DEMO_ASSOCIATIONS) {
    const domain = `${a.id.replace(/[^a-z0-9-]/g, '')}.example`;
    // The associations store's own rows: the association and its name claims.
    const stored = associationRows({
      id: a.id,
      name: a.name,
      registerNumber: a.registerNumber,
      businessId: a.businessId ?? '',
      units: [...a.units],
      categories: [...a.categories],
      contacts: [
        {
          name: a.contactName,
          role: 'Puheenjohtaja',
          email: demoEmail(a.contactName, domain),
          phone: '',
          language: a.contactLanguage,
        },
      ],
      website: `https://${domain}/`,
      profileUrl: '',
      hasRepresentative: a.hasRepresentative,
      workingGroups: [...a.workingGroups],
      notes: '',
      status: 'active',
      ...audit,
    });
    for (const row of stored) rows.push([TABLES.associations, row]);
  }
  // Last, so that no instance keeps a half-seeded register under the version's ETag.
  rows.push([TABLES.associations, versionRow(now.toJSDate())]);
  rows.push(...demoEventRows(year, createdAt, SEEDED_BY));
  // House rules, roles and guide texts: the same rows the content store writes when missing.
  for (const row of contentSeedRows(createdAt)) rows.push([TABLES.content, row]);
  return rows;
}

/**
 * The row that says the demo data was seeded. Written after every demo row, so a seeding that
 * stopped halfway is finished by the next start, and a finished one is never repeated: a demo
 * row that someone removed stays removed.
 */
export const SEEDED_MARKER = { partitionKey: 'seed', rowKey: 'demo-data' } as const;

/**
 * The rows in order, cut into runs of one table and one partition of at most 100 rows: each run
 * is one transaction. Order is kept, so a row meant to come last (the register's version) still
 * does.
 */
export function seedTransactions(rows: readonly Row[]): Row[][] {
  const runs: Row[][] = [];
  for (const row of rows) {
    const run = runs.at(-1);
    const first = run?.[0];
    if (
      run &&
      first &&
      first[0] === row[0] &&
      first[1].partitionKey === row[1].partitionKey &&
      run.length < TRANSACTION_LIMIT
    ) {
      run.push(row);
    } else {
      runs.push([row]);
    }
  }
  return runs;
}

/**
 * Writes the demo data once. Without the marker every row is written, an existing one (409) left
 * as it is; then the marker. With the marker nothing is written.
 *
 * Rows go in transactions of one partition: a server starts with some 150 demo rows, and one
 * request per row made most of its start. A row already there (a seeding that stopped halfway)
 * fails its whole transaction; that run is then written row by row.
 */
export async function seedDemoData(
  storage: TableStorage,
  now = DateTime.utc(),
): Promise<SeedResult> {
  const meta = storage.table(TABLES.meta);
  try {
    const marker = await meta.getEntity<{ seededAt?: unknown }>(
      SEEDED_MARKER.partitionKey,
      SEEDED_MARKER.rowKey,
    );
    return {
      seeded: 'before',
      at: typeof marker.seededAt === 'string' ? marker.seededAt : '',
    };
  } catch (error) {
    if (storageStatus(error) !== 404) throw error;
  }
  let created = 0;
  let existing = 0;
  const createEach = async (rows: readonly Row[]): Promise<void> => {
    for (const [table, entity] of rows) {
      try {
        await storage.table(table).createEntity(entity);
        created++;
      } catch (error) {
        if (storageStatus(error) !== 409) throw error;
        existing++;
      }
    }
  };
  for (const run of seedTransactions(demoRows(now))) {
    // A run is never empty, and all its rows are of one table.
    const [table] = run[0];
    try {
      await storage.table(table).submitTransaction(run.map(([, entity]) => ['create', entity]));
      created += run.length;
    } catch (error) {
      if (storageStatus(error) !== 409) throw error;
      await createEach(run);
    }
  }
  await createEach([[TABLES.meta, seededMarker(now)]]);
  return { seeded: 'now', created, existing };
}

function seededMarker(now: DateTime): TableEntity<Record<string, unknown>> {
  return { ...SEEDED_MARKER, seededAt: now.toUTC().toISO() ?? '' };
}
