/**
 * City-editable content in the Content table: house rules (partition `houseRule`, RowKey the
 * kind), roles (`role`, RowKey the role id) and guide texts (`guide`, RowKey the key), each with
 * Finnish and English columns; lists are JSON arrays. Every row is validated on read, so a bad
 * edit fails loudly instead of showing half a card.
 *
 * A row that is missing is written from the seed texts the first time it is read, so a fresh
 * store (also one without demo data) has content. Reads are cached for a minute: the bot shows
 * these on many turns and they change a few times a year.
 */
import type { TableClient, TableEntity } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { HOUSE_RULE_KINDS } from '../domain/commands';
import {
  GUIDE_KEYS,
  ROLE_IDS,
  guideTextSchema,
  houseRuleSchema,
  roleDescriptionSchema,
  type Bilingual,
  type ContentReader,
  type GuideKey,
  type GuideTexts,
  type HouseRule,
  type RoleDescription,
} from '../domain/content';
import { SEED_GUIDE, SEED_HOUSE_RULES, SEED_ROLES } from '../domain/content-seed';
import { storageStatus } from './tables';
import { TtlCache } from './ttl-cache';

export type ContentTable = Pick<TableClient, 'listEntities' | 'createEntity'>;

type Row = Record<string, unknown>;
type Entity = TableEntity<Row>;

const PARTITIONS = { houseRule: 'houseRule', role: 'role', guide: 'guide' } as const;
const SEEDED_BY = 'seed';

function json(list: readonly string[]): string {
  return JSON.stringify(list);
}

function audit(at: string): Row {
  return { createdAt: at, createdBy: SEEDED_BY, updatedAt: at, updatedBy: SEEDED_BY };
}

function houseRuleRow(rule: HouseRule, at: string): Entity {
  return {
    partitionKey: PARTITIONS.houseRule,
    rowKey: rule.kind,
    titleFi: rule.title.fi,
    titleEn: rule.title.en,
    introFi: rule.intro.fi,
    introEn: rule.intro.en,
    pointsFi: json(rule.points.fi),
    pointsEn: json(rule.points.en),
    ...audit(at),
  };
}

function roleRow(role: RoleDescription, at: string): Entity {
  return {
    partitionKey: PARTITIONS.role,
    rowKey: role.id,
    titleFi: role.title.fi,
    titleEn: role.title.en,
    summaryFi: role.summary.fi,
    summaryEn: role.summary.en,
    dutiesFi: json(role.duties.fi),
    dutiesEn: json(role.duties.en),
    ...audit(at),
  };
}

function guideRow(key: GuideKey, value: Bilingual<string>, at: string): Entity {
  return {
    partitionKey: PARTITIONS.guide,
    rowKey: key,
    textFi: value.fi,
    textEn: value.en,
    ...audit(at),
  };
}

/** Every seed row; the demo seeding and the first read both write these. */
export function contentSeedRows(at: string): Entity[] {
  return [
    ...SEED_HOUSE_RULES.map((r) => houseRuleRow(r, at)),
    ...SEED_ROLES.map((r) => roleRow(r, at)),
    ...GUIDE_KEYS.map((k) => guideRow(k, SEED_GUIDE[k], at)),
  ];
}

const pair = (row: Row, name: string) => ({ fi: row[`${name}Fi`], en: row[`${name}En`] });

function parseList(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

function listPair(row: Row, name: string) {
  return { fi: parseList(row[`${name}Fi`]), en: parseList(row[`${name}En`]) };
}

export class ContentError extends Error {
  constructor(
    readonly table: string,
    readonly rowKey: string,
    cause: unknown,
  ) {
    super(`content row ${table}/${rowKey} is not valid`, { cause });
    this.name = 'ContentError';
  }
}

export class TableContentStore implements ContentReader {
  private readonly rulesCache = new TtlCache<readonly HouseRule[]>(60_000);
  private readonly rolesCache = new TtlCache<readonly RoleDescription[]>(60_000);
  private readonly guideCache = new TtlCache<GuideTexts>(60_000);

  constructor(
    private readonly table: ContentTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Rows of one partition by RowKey. */
  private async partition(partitionKey: string): Promise<Map<string, Row>> {
    const rows = new Map<string, Row>();
    const pages = this.table
      .listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const row of page) if (row.rowKey) rows.set(row.rowKey, row);
    }
    return rows;
  }

  /** Writes a missing seed row; another instance writing it first is fine. */
  private async seed(entity: Entity): Promise<void> {
    try {
      await this.table.createEntity(entity);
    } catch (error) {
      if (storageStatus(error) !== 409) throw error;
    }
  }

  private parse<T>(partition: string, rowKey: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw new ContentError(partition, rowKey, error);
    }
  }

  async houseRules(): Promise<readonly HouseRule[]> {
    return this.rulesCache.getOrLoad('houseRules', async () => {
      const rows = await this.partition(PARTITIONS.houseRule);
      const out: HouseRule[] = [];
      for (const kind of HOUSE_RULE_KINDS) {
        const row = rows.get(kind);
        const seed = SEED_HOUSE_RULES.find((r) => r.kind === kind);
        if (!row && seed) {
          await this.seed(houseRuleRow(seed, this.now().toISOString()));
          out.push(seed);
        } else if (row) {
          out.push(
            this.parse(PARTITIONS.houseRule, kind, () =>
              houseRuleSchema.parse({
                kind,
                title: pair(row, 'title'),
                intro: pair(row, 'intro'),
                points: listPair(row, 'points'),
              }),
            ),
          );
        }
      }
      return out;
    });
  }

  async roles(): Promise<readonly RoleDescription[]> {
    return this.rolesCache.getOrLoad('roles', async () => {
      const rows = await this.partition(PARTITIONS.role);
      const out: RoleDescription[] = [];
      for (const id of ROLE_IDS) {
        const row = rows.get(id);
        const seed = SEED_ROLES.find((r) => r.id === id);
        if (!row && seed) {
          await this.seed(roleRow(seed, this.now().toISOString()));
          out.push(seed);
        } else if (row) {
          out.push(
            this.parse(PARTITIONS.role, id, () =>
              roleDescriptionSchema.parse({
                id,
                title: pair(row, 'title'),
                summary: pair(row, 'summary'),
                duties: listPair(row, 'duties'),
              }),
            ),
          );
        }
      }
      return out;
    });
  }

  async guide(): Promise<GuideTexts> {
    return this.guideCache.getOrLoad('guide', async () => {
      const rows = await this.partition(PARTITIONS.guide);
      const out: Partial<Record<GuideKey, Bilingual<string>>> = {};
      for (const key of GUIDE_KEYS) {
        const row = rows.get(key);
        if (!row) {
          await this.seed(guideRow(key, SEED_GUIDE[key], this.now().toISOString()));
          out[key] = SEED_GUIDE[key];
        } else {
          out[key] = this.parse(PARTITIONS.guide, key, () =>
            guideTextSchema.parse(pair(row, 'text')),
          );
        }
      }
      return out as GuideTexts;
    });
  }
}
