/**
 * City-editable content in the Content table: house rules (partition `houseRule`, RowKey the
 * kind), roles (`role`, RowKey the role id), the guide's topics (`topic`, RowKey the kind) and
 * guide texts (`guide`, RowKey the key), each with Finnish and English columns; lists are JSON
 * arrays. Every row is validated on read, so a bad edit fails loudly instead of showing half a
 * card.
 *
 * A row that is missing is written from the seed texts the first time it is read, so a fresh
 * store (also one without demo data) has content.
 *
 * An edit replaces its row on the ETag the editor read, in one transaction with a history row
 * in the same partition (RowKey `~h~<key>~<newest first>`: who, when, the text before), then
 * bumps the version row (`meta`/`version`). Reads are cached, and each instance compares the
 * version row's ETag at most once a second: a changed version drops the cached texts, so
 * another instance's edit shows within a second or two while a bot turn costs one point read
 * a second at most. A cached section is read again after a minute whatever the version says.
 */
import { randomUUID } from 'node:crypto';
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import {
  CONTENT_KEYS,
  parseContentFields,
  sectionHasList,
  type ContentChange,
  type ContentEntry,
  type ContentFields,
  type ContentSection,
} from '@yhdistysyhteistyo/contract/content';
import {
  GUIDE_KEYS,
  type ContentReader,
  type GuideKey,
  type GuideTexts,
  type GuideTopic,
  type HouseRule,
  type RoleDescription,
} from '../domain/content';
import type { ContentStorePort } from '../domain/content-service';
import { SEED_GUIDE, SEED_HOUSE_RULES, SEED_ROLES, SEED_TOPICS } from '../domain/content-seed';
import { StaleVersionError } from '../domain/errors';
import { storageStatus } from './tables';

export type ContentTable = Pick<
  TableClient,
  'listEntities' | 'createEntity' | 'getEntity' | 'submitTransaction' | 'upsertEntity'
>;

type Row = Record<string, unknown>;
type Entity = TableEntity<Row>;

const SEEDED_BY = 'seed';
/** Content rows sort before `~`; history rows start with it. */
const HISTORY = '~h~';
const VERSION = { partitionKey: 'meta', rowKey: 'version' } as const;
/** How often an instance asks whether the texts changed. */
export const VERSION_CHECK_MS = 1_000;
/** A cached section is read again after this long even when no version change was seen. */
const MAX_AGE_MS = 60_000;
const HISTORY_SHOWN = 100;

/** The columns of a section's row: `<name>Fi` and `<name>En`. */
const COLUMNS: {
  readonly [S in ContentSection]: { title?: string; text: string; points?: string };
} = {
  houseRule: { title: 'title', text: 'intro', points: 'points' },
  role: { title: 'title', text: 'summary', points: 'duties' },
  topic: { title: 'title', text: 'intro', points: 'points' },
  guide: { text: 'text' },
};

const NO_TEXT = { fi: '', en: '' };
const NO_POINTS = { fi: [], en: [] };

/** The app's first version of one text. */
function seedFields(section: ContentSection, key: string): ContentFields | undefined {
  switch (section) {
    case 'houseRule': {
      const r = SEED_HOUSE_RULES.find((x) => x.kind === key);
      return r && { title: r.title, text: r.intro, points: r.points };
    }
    case 'role': {
      const r = SEED_ROLES.find((x) => x.id === key);
      return r && { title: r.title, text: r.summary, points: r.duties };
    }
    case 'topic': {
      const r = SEED_TOPICS.find((x) => x.kind === key);
      return r && { title: r.title, text: r.intro, points: r.points };
    }
    case 'guide': {
      const text = SEED_GUIDE[key as GuideKey] as ContentFields['text'] | undefined;
      return text && { title: NO_TEXT, text, points: NO_POINTS };
    }
  }
}

function contentRow(
  section: ContentSection,
  key: string,
  fields: ContentFields,
  audit: Row,
): Entity {
  const c = COLUMNS[section];
  const row: Entity = { partitionKey: section, rowKey: key, ...audit };
  if (c.title)
    Object.assign(row, { [`${c.title}Fi`]: fields.title.fi, [`${c.title}En`]: fields.title.en });
  Object.assign(row, { [`${c.text}Fi`]: fields.text.fi, [`${c.text}En`]: fields.text.en });
  if (c.points) {
    Object.assign(row, {
      [`${c.points}Fi`]: JSON.stringify(fields.points.fi),
      [`${c.points}En`]: JSON.stringify(fields.points.en),
    });
  }
  return row;
}

function seedAudit(at: string): Row {
  return { createdAt: at, createdBy: SEEDED_BY, updatedAt: at, updatedBy: SEEDED_BY };
}

/** Every seed row; the demo seeding and the first read both write these. */
export function contentSeedRows(at: string): Entity[] {
  const out: Entity[] = [];
  for (const section of ['houseRule', 'role', 'topic', 'guide'] as const) {
    for (const key of CONTENT_KEYS[section]) {
      const fields = seedFields(section, key);
      if (fields) out.push(contentRow(section, key, fields, seedAudit(at)));
    }
  }
  return out;
}

function parseList(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

/** A row's columns in the editable shape, not yet validated. */
function rawFields(section: ContentSection, row: Row): unknown {
  const c = COLUMNS[section];
  const pair = (name: string) => ({ fi: row[`${name}Fi`], en: row[`${name}En`] });
  return {
    ...(c.title ? { title: pair(c.title) } : {}),
    text: pair(c.text),
    ...(c.points
      ? { points: { fi: parseList(row[`${c.points}Fi`]), en: parseList(row[`${c.points}En`]) } }
      : {}),
  };
}

/** What a damaged row held, as far as it reads: the history keeps it instead of losing it. */
function looseFields(section: ContentSection, row: Row): ContentFields {
  const c = COLUMNS[section];
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const list = (v: unknown): string[] => {
    try {
      const parsed = parseList(v);
      return Array.isArray(parsed) ? parsed.map(String) : [str(v)];
    } catch {
      return [str(v)];
    }
  };
  const pair = (name: string | undefined) =>
    name ? { fi: str(row[`${name}Fi`]), en: str(row[`${name}En`]) } : NO_TEXT;
  return {
    title: pair(c.title),
    text: pair(c.text),
    points: c.points
      ? { fi: list(row[`${c.points}Fi`]), en: list(row[`${c.points}En`]) }
      : NO_POINTS,
  };
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

/** One text read from its row, with what the editor needs. */
interface StoredText {
  readonly fields: ContentFields;
  readonly etag: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

type Section = ReadonlyMap<string, StoredText>;

/** Newest first: the time subtracted from a far date, zero-padded. */
function historyKey(key: string, at: Date): string {
  const inverted = String(9_999_999_999_999 - at.getTime()).padStart(13, '0');
  return `${HISTORY}${key}~${inverted}~${randomUUID().slice(0, 8)}`;
}

export class TableContentStore implements ContentReader, ContentStorePort {
  private readonly cached = new Map<ContentSection, { section: Section; loadedAt: number }>();
  private readonly loading = new Map<ContentSection, Promise<Section>>();
  /** Bumped when the cache is dropped: a load begun before that is not kept. */
  private generation = 0;
  private version: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly table: ContentTable,
    private readonly now: () => Date = () => new Date(),
    /** The cache's own clock (real time even when a test moves the bot's clock). */
    private readonly ticks: () => number = () => performance.now(),
  ) {}

  /** Rows of one partition by RowKey, history rows left out. */
  private async partition(partitionKey: string): Promise<Map<string, Entity>> {
    const rows = new Map<string, Entity>();
    const pages = this.table
      .listEntities<Row>({
        queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and RowKey lt ${'~'}` },
      })
      .byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const row of page) if (row.rowKey) rows.set(row.rowKey, row as Entity);
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

  private stored(section: ContentSection, key: string, row: Entity): StoredText {
    let fields: ContentFields;
    try {
      fields = parseContentFields(section, rawFields(section, row));
    } catch (error) {
      throw new ContentError(section, key, error);
    }
    return {
      fields,
      etag: typeof row.etag === 'string' ? row.etag : '',
      updatedAt: typeof row.updatedAt === 'string' ? row.updatedAt : '',
      updatedBy: typeof row.updatedBy === 'string' ? row.updatedBy : '',
    };
  }

  /** A section's texts in the order of its keys; missing rows are seeded and read back. */
  private async load(section: ContentSection): Promise<Section> {
    let rows = await this.partition(section);
    const missing = CONTENT_KEYS[section].filter((k) => !rows.has(k));
    if (missing.length > 0) {
      const at = this.now().toISOString();
      for (const key of missing) {
        const fields = seedFields(section, key);
        if (fields) await this.seed(contentRow(section, key, fields, seedAudit(at)));
      }
      rows = await this.partition(section);
    }
    const out = new Map<string, StoredText>();
    for (const key of CONTENT_KEYS[section]) {
      const row = rows.get(key);
      if (row) out.set(key, this.stored(section, key, row));
    }
    return out;
  }

  /** Drops the cached texts when the version row changed (asked at most once a second). */
  private async fresh(): Promise<void> {
    if (this.ticks() - this.checkedAt < VERSION_CHECK_MS) return;
    this.checking ??= (async () => {
      try {
        const version = await this.readVersion();
        if (version !== this.version) {
          this.forget();
          this.version = version;
        }
        this.checkedAt = this.ticks();
      } catch {
        // Storage did not answer: keep what is cached and ask again on the next read.
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }

  private async readVersion(): Promise<string> {
    try {
      const row = await this.table.getEntity<Row>(VERSION.partitionKey, VERSION.rowKey);
      return row.etag ?? '';
    } catch (error) {
      if (storageStatus(error) === 404) return '';
      throw error;
    }
  }

  private forget(): void {
    this.generation += 1;
    this.cached.clear();
    this.loading.clear();
  }

  private async section(section: ContentSection): Promise<Section> {
    await this.fresh();
    const hit = this.cached.get(section);
    if (hit && this.ticks() - hit.loadedAt < MAX_AGE_MS) return hit.section;
    let pending = this.loading.get(section);
    if (!pending) {
      const generation = this.generation;
      pending = this.load(section).then((loaded) => {
        if (generation === this.generation) {
          this.cached.set(section, { section: loaded, loadedAt: this.ticks() });
        }
        return loaded;
      });
      this.loading.set(section, pending);
      void pending.then(
        () => this.loading.get(section) === pending && this.loading.delete(section),
        () => this.loading.get(section) === pending && this.loading.delete(section),
      );
    }
    return pending;
  }

  private async listOf<T>(section: ContentSection, map: (key: string, f: ContentFields) => T) {
    const texts = await this.section(section);
    return CONTENT_KEYS[section].flatMap((key) => {
      const text = texts.get(key);
      return text ? [map(key, text.fields)] : [];
    });
  }

  async houseRules(): Promise<readonly HouseRule[]> {
    return this.listOf('houseRule', (key, f) => ({
      kind: key as HouseRule['kind'],
      title: f.title,
      intro: f.text,
      points: f.points,
    }));
  }

  async roles(): Promise<readonly RoleDescription[]> {
    return this.listOf('role', (key, f) => ({
      id: key as RoleDescription['id'],
      title: f.title,
      summary: f.text,
      duties: f.points,
    }));
  }

  async topics(): Promise<readonly GuideTopic[]> {
    return this.listOf('topic', (key, f) => ({
      kind: key as GuideTopic['kind'],
      title: f.title,
      intro: f.text,
      points: f.points,
    }));
  }

  async guide(): Promise<GuideTexts> {
    const texts = await this.section('guide');
    const out: Partial<Record<GuideKey, ContentFields['text']>> = {};
    for (const key of GUIDE_KEYS) {
      const text = texts.get(key);
      if (text) out[key] = text.fields.text;
    }
    return out as GuideTexts;
  }

  // The editor's port -------------------------------------------------------------------------

  private entryOf(section: ContentSection, key: string, text: StoredText): ContentEntry {
    return { section, key, ...text };
  }

  /** Every text with its ETag, read from the table (not the cache): the editor's list. */
  async entries(): Promise<readonly ContentEntry[]> {
    const out: ContentEntry[] = [];
    for (const section of ['houseRule', 'role', 'topic', 'guide'] as const) {
      const texts = await this.load(section);
      for (const [key, text] of texts) out.push(this.entryOf(section, key, text));
    }
    return out;
  }

  async entry(section: ContentSection, key: string): Promise<ContentEntry | undefined> {
    const texts = await this.load(section);
    const text = texts.get(key);
    return text && this.entryOf(section, key, text);
  }

  /**
   * Replaces one text if `etag` is still current, keeping the text before it in a history row
   * of the same transaction; throws StaleVersionError with the stored text otherwise.
   */
  async replace(
    section: ContentSection,
    key: string,
    fields: ContentFields,
    etag: string,
    change: { readonly at: Date; readonly by: string },
  ): Promise<ContentEntry> {
    let current: Row;
    try {
      current = await this.table.getEntity<Row>(section, key);
    } catch (error) {
      if (storageStatus(error) === 404) throw new StaleVersionError(null);
      throw error;
    }
    if (current.etag !== etag) throw new StaleVersionError(await this.versioned(section, key));
    const at = change.at.toISOString();
    const audit = {
      createdAt: typeof current.createdAt === 'string' ? current.createdAt : at,
      createdBy: typeof current.createdBy === 'string' ? current.createdBy : change.by,
      updatedAt: at,
      updatedBy: change.by,
    };
    const history: Entity = {
      partitionKey: section,
      rowKey: historyKey(key, change.at),
      at,
      by: change.by,
      before: JSON.stringify(looseFields(section, current)),
    };
    const actions: TransactionAction[] = [
      ['update', contentRow(section, key, fields, audit), 'Replace', { etag }],
      ['create', history],
    ];
    try {
      await this.table.submitTransaction(actions);
    } catch (error) {
      const status = storageStatus(error);
      if (status === 412 || status === 404) {
        throw new StaleVersionError(await this.versioned(section, key));
      }
      throw error;
    }
    await this.bumpVersion(at);
    const saved = await this.entry(section, key);
    if (!saved) throw new Error('content row vanished after writing');
    return saved;
  }

  private async versioned(section: ContentSection, key: string) {
    const found = await this.entry(section, key);
    return found ? { value: found, etag: found.etag } : null;
  }

  /** Tells every instance that the texts changed; drops this instance's copy at once. */
  private async bumpVersion(at: string): Promise<void> {
    this.forget();
    this.checkedAt = Number.NEGATIVE_INFINITY;
    const row = { ...VERSION, at };
    try {
      await this.table.upsertEntity(row, 'Replace');
    } catch {
      // Once more; the others read again within a minute even without it.
      await this.table.upsertEntity(row, 'Replace');
    }
  }

  /** The changes of one text, newest first. */
  async history(section: ContentSection, key: string): Promise<readonly ContentChange[]> {
    const prefix = `${HISTORY}${key}~`;
    const out: ContentChange[] = [];
    const pages = this.table
      .listEntities<Row>({
        queryOptions: {
          filter: odata`PartitionKey eq ${section} and RowKey gt ${prefix} and RowKey lt ${`${prefix}~`}`,
        },
      })
      .byPage({ maxPageSize: HISTORY_SHOWN });
    for await (const page of pages) {
      for (const row of page) {
        out.push({
          at: typeof row.at === 'string' ? row.at : '',
          by: typeof row.by === 'string' ? row.by : '',
          before: this.historyFields(section, row.before),
        });
      }
      break;
    }
    return out;
  }

  private historyFields(section: ContentSection, value: unknown): ContentFields {
    try {
      const parsed = JSON.parse(String(value)) as ContentFields;
      return {
        title: parsed.title,
        text: parsed.text,
        points: sectionHasList(section) ? parsed.points : NO_POINTS,
      };
    } catch {
      return { title: NO_TEXT, text: { fi: String(value), en: '' }, points: NO_POINTS };
    }
  }
}
