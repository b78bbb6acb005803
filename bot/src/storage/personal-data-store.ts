/**
 * A person's rows in every table other than the register's: the areas of
 * `domain/personal-data.ts` on Azure Tables. Each area knows its rows' columns; erasure
 * replaces a row with the ETag it read (a row changed meanwhile is read again and decided
 * again), removes the rows that exist only for the person (their personal chat, their
 * language choice, posts to them), and keeps what the city needs without them (an answer's
 * count, a group, an event) with the person taken out.
 *
 * These are rare, coordinator-only calls: they read whole tables, which a city's tables
 * (thousands of rows) allow.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import {
  isPersonId,
  isPersonName,
  mentionsPerson,
  scrubValue,
  type Changed,
  type Found,
  type Identity,
  type PersonalDataArea,
  type PersonKeys,
} from '../domain/personal-data';
import { encodeKey } from './keys';
import { ROSTER_PARTITION_PREFIX } from './roster-store';
import { storageStatus, TABLES, type TableName } from './tables';

type Row = Record<string, unknown>;
type Entity = Row & { partitionKey: string; rowKey: string };
type Client = Pick<
  TableClient,
  'listEntities' | 'getEntity' | 'updateEntity' | 'deleteEntity' | 'submitTransaction'
>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const str = (row: Row, key: string): string => {
  const v = row[key];
  return typeof v === 'string' ? v : '';
};

/** The row without the service's own fields (etag, timestamp, odata metadata). */
function plain(row: TableEntityResult<Row>): Entity {
  const out: Entity = { partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '' };
  for (const [k, v] of Object.entries(row)) {
    if (k === 'etag' || k === 'timestamp' || k.startsWith('odata') || k.endsWith('@odata.type'))
      continue;
    out[k] = v;
  }
  return out;
}

async function rows(table: Client, filter?: string): Promise<TableEntityResult<Row>[]> {
  const out: TableEntityResult<Row>[] = [];
  const pages = table
    .listEntities<Row>(filter ? { queryOptions: { filter } } : {})
    .byPage({ maxPageSize: 1000 });
  for await (const page of pages) out.push(...page);
  return out;
}

async function readRow(
  table: Client,
  partitionKey: string,
  rowKey: string,
): Promise<TableEntityResult<Row> | undefined> {
  try {
    return await table.getEntity<Row>(partitionKey, rowKey);
  } catch (error) {
    if (storageStatus(error) === 404) return undefined;
    throw error;
  }
}

/** What to do with a row: write it back changed, remove it, or leave it. */
type Decision = Entity | 'delete' | undefined;

/**
 * Applies `decide` to each row, conditional on the row's ETag; a row someone changed meanwhile
 * is read again and decided again (a few times). Returns how many rows changed.
 */
async function rewrite(
  table: Client,
  found: readonly TableEntityResult<Row>[],
  decide: (row: TableEntityResult<Row>) => Decision,
): Promise<number> {
  let changed = 0;
  for (const first of found) {
    let row: TableEntityResult<Row> | undefined = first;
    for (let attempt = 0; row; attempt++) {
      const decision = decide(row);
      if (decision === undefined) break;
      const etag = row.etag ?? '*';
      try {
        if (decision === 'delete') {
          await table.deleteEntity(row.partitionKey ?? '', row.rowKey ?? '', { etag });
        } else {
          await table.updateEntity(decision, 'Replace', { etag });
        }
        changed++;
        break;
      } catch (error) {
        const status = storageStatus(error);
        if (status === 404) break;
        if (status !== 412 || attempt >= 4) throw error;
        row = await readRow(table, row.partitionKey ?? '', row.rowKey ?? '');
      }
    }
  }
  return changed;
}

/** Columns that name who did something (createdBy, updatedBy, rotatedBy, pausedBy …). */
const isAuthorColumn = (column: string) => /By$/.test(column) || column === 'by';

/** The author columns of a row that name the person. */
function authorFields(row: Row, keys: PersonKeys): string[] {
  return Object.keys(row).filter((k) => isAuthorColumn(k) && isPersonId(row[k], keys));
}

function withMarkedAuthors(
  row: TableEntityResult<Row>,
  keys: PersonKeys,
  marker: string,
): Decision {
  const fields = authorFields(row, keys);
  if (fields.length === 0) return undefined;
  const out = plain(row);
  for (const f of fields) out[f] = marker;
  return out;
}

const only = (table: TableName, list: readonly unknown[]): Found =>
  list.length > 0 ? { [table]: list } : {};

// ---------- authorship only: reference data, the Meta table ----------

/** Tables where a person appears only as who made or changed a row. */
export function authorshipArea(
  tables: Readonly<Partial<Record<TableName, Client>>>,
): PersonalDataArea {
  const entries = Object.entries(tables) as [TableName, Client][];
  return {
    tables: entries.map(([name]) => name),
    async find(keys) {
      const out: Record<string, unknown[]> = {};
      for (const [name, table] of entries) {
        for (const row of await rows(table)) {
          const fields = authorFields(row, keys);
          if (fields.length > 0) {
            (out[name] ??= []).push({ key: `${row.partitionKey}/${row.rowKey}`, fields });
          }
        }
      }
      return out;
    },
    async erase(keys, marker) {
      const out: Record<string, number> = {};
      for (const [name, table] of entries) {
        out[name] = await rewrite(table, await rows(table), (r) =>
          withMarkedAuthors(r, keys, marker),
        );
      }
      return out;
    },
  };
}

// ---------- role assignments: the People table ----------

/**
 * The person's own assignment is the register's (it removes it); here: the object id it is
 * bound to and the name it holds (who the person is), and the assignments of others that name
 * the person as who made or changed them.
 */
export function rolesArea(table: Client): PersonalDataArea {
  const own = (keys: PersonKeys) => readRow(table, 'person', encodeKey(keys.email));
  return {
    tables: [TABLES.people],
    async identify(keys): Promise<Identity> {
      const row = await own(keys);
      if (!row) return {};
      return { oids: [str(row, 'oid')], names: [str(row, 'name')] };
    },
    async find(keys) {
      const list: unknown[] = [];
      for (const row of await rows(table, odata`PartitionKey eq ${'person'}`)) {
        if (isPersonId(row.upn, keys)) continue; // the register exports the own assignment
        const fields = authorFields(row, keys);
        if (fields.length > 0) list.push({ assignmentOfAnotherPerson: true, fields });
      }
      const mine = await own(keys);
      if (mine) {
        list.push({
          upn: str(mine, 'upn'),
          name: str(mine, 'name'),
          role: str(mine, 'role'),
          boundTo: { oid: str(mine, 'oid'), tid: str(mine, 'tid') },
        });
      }
      return only(TABLES.people, list);
    },
    async erase(keys, marker) {
      const others = (await rows(table, odata`PartitionKey eq ${'person'}`)).filter(
        (r) => !isPersonId(r.upn, keys),
      );
      return {
        [TABLES.people]: await rewrite(table, others, (r) => withMarkedAuthors(r, keys, marker)),
      };
    },
  };
}

// ---------- answers to evenings: the Rsvps table ----------

const RSVP_ANSWER = 'a!';
/** The id an answer gets when it loses its person (erasure, retention). */
export const ANONYMOUS_ANSWER = 'anonymous-';

/**
 * Keeps an evening's answer (its count stays right) under a random key, without the person:
 * no object id, name, association, content wish or Teams id. One transaction in the evening's
 * partition.
 */
export async function anonymiseAnswer(
  table: Pick<TableClient, 'submitTransaction'>,
  row: TableEntityResult<Row>,
): Promise<void> {
  const pk = row.partitionKey ?? '';
  const anonymous = `${ANONYMOUS_ANSWER}${randomBytes(9).toString('base64url')}`;
  await table.submitTransaction([
    ['delete', { partitionKey: pk, rowKey: row.rowKey ?? '' }],
    [
      'create',
      {
        partitionKey: pk,
        rowKey: RSVP_ANSWER + encodeKey(anonymous),
        eventId: str(row, 'eventId'),
        userId: anonymous,
        name: '',
        answer: str(row, 'answer'),
        association: '',
        contentWish: '',
        answeredAt: str(row, 'answeredAt'),
        via: str(row, 'via'),
      },
    ],
  ]);
}

/** True when an answer row still holds something of a person. */
export function answerHoldsPerson(row: Row): boolean {
  return (
    !str(row, 'userId').startsWith(ANONYMOUS_ANSWER) ||
    ['name', 'association', 'contentWish', 'teamsId'].some((c) => str(row, c) !== '')
  );
}

/**
 * A person's answers are keyed by their object id. Erasure keeps each answer (the evening's
 * counts stay right) under a random key, without the name, association, wish or Teams id.
 */
export function rsvpsArea(table: Client): PersonalDataArea {
  const theirs = async (keys: PersonKeys) =>
    (await rows(table)).filter(
      (r) =>
        str(r, 'rowKey').startsWith(RSVP_ANSWER) &&
        (isPersonId(r.userId, keys) || isPersonId(r.teamsId, keys)),
    );
  return {
    tables: [TABLES.rsvps],
    async identify(keys) {
      if (keys.oids.length === 0) return {};
      const found = await theirs(keys);
      return {
        names: found.map((r) => str(r, 'name')),
        teamsIds: found.map((r) => str(r, 'teamsId')),
      };
    },
    async find(keys) {
      return only(
        TABLES.rsvps,
        (await theirs(keys)).map((r) => ({
          eventId: str(r, 'eventId'),
          name: str(r, 'name'),
          answer: str(r, 'answer'),
          association: str(r, 'association'),
          contentWish: str(r, 'contentWish'),
          answeredAt: str(r, 'answeredAt'),
          via: str(r, 'via'),
        })),
      );
    },
    async erase(keys) {
      let n = 0;
      for (const row of await theirs(keys)) {
        try {
          await anonymiseAnswer(table, row);
          n++;
        } catch (error) {
          if (storageStatus(error) !== 404) throw error;
        }
      }
      return { [TABLES.rsvps]: n };
    },
  };
}

// ---------- working groups ----------

interface MemberLike {
  readonly kind?: unknown;
  readonly name?: unknown;
  readonly upn?: unknown;
  readonly aadId?: unknown;
  readonly email?: unknown;
}

function parseMembers(row: Row): MemberLike[] | undefined {
  const raw = str(row, 'members');
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? (v as MemberLike[]) : undefined;
  } catch {
    return undefined;
  }
}

/** A member is the person by an id, or by name when the entry has no id at all. */
function isMember(m: MemberLike, keys: PersonKeys): boolean {
  if (isPersonId(m.upn, keys) || isPersonId(m.aadId, keys) || isPersonId(m.email, keys)) {
    return true;
  }
  const hasId = [m.upn, m.aadId, m.email].some((v) => typeof v === 'string' && v !== '');
  return !hasId && isPersonName(m.name, keys);
}

function isGroupContact(row: Row, keys: PersonKeys): boolean {
  if (isPersonId(row.contactUpn, keys) || isPersonId(row.contactAadId, keys)) return true;
  return (
    !str(row, 'contactUpn') && !str(row, 'contactAadId') && isPersonName(row.contactName, keys)
  );
}

/** Members (in Teams, by e-mail only, representatives), the contact person, authorship. */
export function groupsArea(table: Client): PersonalDataArea {
  const all = () => rows(table, odata`PartitionKey eq ${'group'}`);
  return {
    tables: [TABLES.workingGroups],
    async identify(keys) {
      const names: string[] = [];
      const oids: string[] = [];
      for (const row of await all()) {
        for (const m of parseMembers(row) ?? []) {
          if (isPersonId(m.upn, keys) || isPersonId(m.aadId, keys) || isPersonId(m.email, keys)) {
            if (typeof m.name === 'string') names.push(m.name);
            if (typeof m.aadId === 'string') oids.push(m.aadId);
          }
        }
        if (isPersonId(row.contactUpn, keys) || isPersonId(row.contactAadId, keys)) {
          names.push(str(row, 'contactName'));
          oids.push(str(row, 'contactAadId'));
        }
      }
      return { names, oids };
    },
    async find(keys) {
      const list: unknown[] = [];
      for (const row of await all()) {
        const members = (parseMembers(row) ?? []).filter((m) => isMember(m, keys));
        const contact = isGroupContact(row, keys);
        const fields = authorFields(row, keys);
        if (members.length === 0 && !contact && fields.length === 0) continue;
        list.push({
          groupId: str(row, 'rowKey'),
          group: str(row, 'nameFi'),
          ...(members.length > 0 ? { memberEntries: members } : {}),
          ...(contact
            ? {
                contactPerson: {
                  name: str(row, 'contactName'),
                  upn: str(row, 'contactUpn'),
                  aadId: str(row, 'contactAadId'),
                },
              }
            : {}),
          ...(fields.length > 0 ? { fields } : {}),
        });
      }
      return only(TABLES.workingGroups, list);
    },
    async erase(keys, marker) {
      const n = await rewrite(table, await all(), (row) => {
        const members = parseMembers(row);
        if (!members) return undefined; // a damaged list is left for the coordinator to see
        const kept = members.filter((m) => !isMember(m, keys));
        const contact = isGroupContact(row, keys);
        const fields = authorFields(row, keys);
        if (kept.length === members.length && !contact && fields.length === 0) return undefined;
        const out = plain(row);
        out.members = JSON.stringify(kept);
        if (contact) {
          out.contactName = '';
          out.contactUpn = '';
          out.contactAadId = '';
        }
        for (const f of fields) out[f] = marker;
        return out;
      });
      return { [TABLES.workingGroups]: n };
    },
  };
}

// ---------- events ----------

/** Authorship of evenings, meetings and items, and a host named by the person's name or id. */
export function eventsArea(table: Client): PersonalDataArea {
  const hosted = (row: Row, keys: PersonKeys) =>
    isPersonId(row.host, keys) || isPersonName(row.host, keys);
  return {
    tables: [TABLES.events],
    async find(keys) {
      const list: unknown[] = [];
      for (const row of await rows(table)) {
        const fields = [...authorFields(row, keys), ...(hosted(row, keys) ? ['host'] : [])];
        if (fields.length > 0) {
          list.push({ eventId: str(row, 'rowKey'), title: str(row, 'titleFi'), fields });
        }
      }
      return only(TABLES.events, list);
    },
    async erase(keys, marker) {
      const n = await rewrite(table, await rows(table), (row) => {
        const marked = withMarkedAuthors(row, keys, marker);
        const out = marked && marked !== 'delete' ? marked : plain(row);
        const host = hosted(row, keys);
        if (host) out.host = marker;
        return host || authorFields(row, keys).length > 0 ? out : undefined;
      });
      return { [TABLES.events]: n };
    },
  };
}

// ---------- installations and preferences: the Conversations table ----------

interface ReferenceLike {
  readonly user?: {
    readonly id?: unknown;
    readonly name?: unknown;
    readonly aadObjectId?: unknown;
  };
}

function referenceOf(row: Row): (Row & ReferenceLike) | undefined {
  const raw = str(row, 'reference');
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as Row & ReferenceLike) : undefined;
  } catch {
    return undefined;
  }
}

const referenceUserIs = (row: Row, keys: PersonKeys) => {
  const user = referenceOf(row)?.user;
  return !!user && (isPersonId(user.aadObjectId, keys) || isPersonId(user.id, keys));
};

const ACTOR_COLUMNS = [
  ['installedById', 'installedByAadObjectId'],
  ['postChannelById', 'postChannelByAadObjectId'],
] as const;

/**
 * The person's personal chat with the bot and their language choice are removed (nothing is
 * posted to them again); in teams and group chats, who installed the app or chose the post
 * channel, and the user of a stored reference, are taken out.
 */
export function conversationsArea(table: Client): PersonalDataArea {
  const personal = async (keys: PersonKeys) =>
    (await rows(table, odata`PartitionKey eq ${'personal'}`)).filter(
      (r) => isPersonId(r.userAadObjectId, keys) || referenceUserIs(r, keys),
    );
  const preferences = async (keys: PersonKeys) => {
    const out: TableEntityResult<Row>[] = [];
    for (const oid of keys.oids) {
      const row = await readRow(table, 'user', encodeKey(oid));
      if (row) out.push(row);
    }
    return out;
  };
  const others = async (keys: PersonKeys) =>
    (await rows(table)).filter(
      (r) =>
        r.partitionKey !== 'personal' &&
        r.partitionKey !== 'user' &&
        (referenceUserIs(r, keys) ||
          ACTOR_COLUMNS.some(([a, b]) => isPersonId(r[a], keys) || isPersonId(r[b], keys))),
    );
  return {
    tables: [TABLES.conversations],
    async identify(keys) {
      const found = await personal(keys);
      return {
        teamsIds: found.map((r) => text(referenceOf(r)?.user?.id)),
        names: found.map((r) => text(referenceOf(r)?.user?.name)),
      };
    },
    async find(keys) {
      const list: unknown[] = [
        ...(await personal(keys)).map((r) => ({
          personalChat: str(r, 'conversationId'),
          state: str(r, 'state'),
          installedAt: str(r, 'installedAt'),
          user: referenceOf(r)?.user,
        })),
        ...(await preferences(keys)).map((r) => ({
          preferences: { language: str(r, 'language') },
        })),
        ...(await others(keys)).map((r) => ({
          conversation: str(r, 'kind'),
          teamName: str(r, 'teamName'),
          fields: [
            ...(referenceUserIs(r, keys) ? ['reference.user'] : []),
            ...ACTOR_COLUMNS.flat().filter((c) => isPersonId(r[c], keys)),
          ],
        })),
      ];
      return only(TABLES.conversations, list);
    },
    async erase(keys) {
      const removed = await rewrite(
        table,
        [...(await personal(keys)), ...(await preferences(keys))],
        () => 'delete',
      );
      const changed = await rewrite(table, await others(keys), (row) => {
        const out = plain(row);
        const reference = referenceOf(row);
        if (reference && referenceUserIs(row, keys)) {
          const rest: Row = { ...reference };
          delete rest.user;
          out.reference = JSON.stringify(rest);
        }
        for (const pair of ACTOR_COLUMNS) {
          if (pair.some((c) => isPersonId(row[c], keys))) for (const c of pair) out[c] = '';
        }
        return out;
      });
      return { [TABLES.conversations]: removed + changed };
    },
  };
}

/**
 * The teams' member lists (Conversations, partitions `roster-<team>`): a member row holds only
 * keyed hashes of the member's Teams id and address, but those still point at one person, so
 * the person's rows go with the erasure. The hashes are made with the key that made them;
 * a member whose address Teams did not give is found by their Teams id, when the person's
 * personal chat tells it.
 */
export function rosterArea(
  table: Client,
  addressKey: (address: string) => Promise<string>,
): PersonalDataArea {
  const theirRows = async (keys: PersonKeys) => {
    const hashes = new Set<string>([
      await addressKey(keys.email),
      ...(await Promise.all(keys.teamsIds.map((id) => addressKey(`teams-id:${id}`)))),
    ]);
    // '.' follows '-': every key that starts with the prefix, and no other, is in this range.
    const from = ROSTER_PARTITION_PREFIX;
    const to = `${from.slice(0, -1)}.`;
    return (await rows(table, odata`PartitionKey ge ${from} and PartitionKey lt ${to}`)).filter(
      (r) => hashes.has(str(r, 'rowKey')) || hashes.has(str(r, 'addressKey')),
    );
  };
  return {
    tables: [TABLES.conversations],
    async find(keys) {
      return only(
        TABLES.conversations,
        (await theirRows(keys)).map((r) => ({
          teamMember: str(r, 'partitionKey').slice(ROSTER_PARTITION_PREFIX.length),
        })),
      );
    },
    async erase(keys) {
      return {
        [TABLES.conversations]: await rewrite(table, await theirRows(keys), () => 'delete'),
      };
    },
  };
}

// ---------- scheduled posts: the Outbox and Leases tables ----------

/** Posts to the person's personal chat are removed; who paused the posts becomes the marker. */
export function deliveriesArea(outbox: Client, leases: Client): PersonalDataArea {
  const posts = async (keys: PersonKeys) =>
    (await rows(outbox)).filter((r) => isPersonId(r.personId, keys));
  return {
    tables: [TABLES.outbox, TABLES.leases],
    async find(keys) {
      const leaseRows = (await rows(leases)).filter((r) => authorFields(r, keys).length > 0);
      return {
        ...only(
          TABLES.outbox,
          (await posts(keys)).map((r) => ({
            kind: str(r, 'kind'),
            dueAt: str(r, 'dueAt'),
            state: str(r, 'state'),
            sentAt: str(r, 'sentAt'),
          })),
        ),
        ...only(
          TABLES.leases,
          leaseRows.map((r) => ({ row: str(r, 'rowKey'), fields: authorFields(r, keys) })),
        ),
      };
    },
    async erase(keys, marker) {
      return {
        [TABLES.outbox]: await rewrite(outbox, await posts(keys), () => 'delete'),
        [TABLES.leases]: await rewrite(leases, await rows(leases), (r) =>
          withMarkedAuthors(r, keys, marker),
        ),
      };
    },
  };
}

// ---------- surveys ----------

function surveyData(row: Row): Row | undefined {
  try {
    const v: unknown = JSON.parse(str(row, 'data'));
    return v && typeof v === 'object' ? (v as Row) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Answers hold no person: one answer per person is kept by a keyed hash of the survey and the
 * respondent (SurveyKeys). The person's hash finds their key row and, on a named survey, the
 * name on their answer; erasure removes both links and keeps the answer itself. Who created or
 * changed a survey becomes the marker.
 */
export function surveysArea(
  tables: { surveys: Client; answers: Client; keys: Client },
  respondentKey: (surveyId: string, respondent: string) => Promise<string>,
): PersonalDataArea {
  const theirKeys = async (keys: PersonKeys) => {
    const out: {
      surveyId: string;
      key: TableEntityResult<Row>;
      answer?: TableEntityResult<Row>;
    }[] = [];
    for (const survey of await rows(tables.surveys)) {
      const surveyId = str(survey, 'rowKey');
      for (const oid of keys.oids) {
        const hash = await respondentKey(surveyId, `person:${oid}`);
        const key = await readRow(tables.keys, encodeKey(surveyId), hash);
        if (!key) continue;
        const answer = await readRow(
          tables.answers,
          encodeKey(surveyId),
          `a!${str(key, 'answerId')}`,
        );
        out.push({ surveyId, key, ...(answer ? { answer } : {}) });
      }
    }
    return out;
  };
  const authored = (row: Row, keys: PersonKeys) =>
    Object.entries(surveyData(row) ?? {})
      .filter(([k, v]) => isAuthorColumn(k) && isPersonId(v, keys))
      .map(([k]) => k);
  return {
    tables: [TABLES.surveys, TABLES.surveyAnswers, TABLES.surveyKeys],
    async find(keys) {
      const surveys = (await rows(tables.surveys))
        .map((r) => ({ surveyId: str(r, 'rowKey'), fields: authored(r, keys) }))
        .filter((s) => s.fields.length > 0);
      const answered = await theirKeys(keys);
      return {
        ...only(TABLES.surveys, surveys),
        ...only(
          TABLES.surveyAnswers,
          answered
            .filter((a) => a.answer && str(a.answer, 'name'))
            .map((a) => ({
              surveyId: a.surveyId,
              name: str(a.answer ?? {}, 'name'),
              answers: str(a.answer ?? {}, 'answers'),
            })),
        ),
        ...only(
          TABLES.surveyKeys,
          answered.map((a) => ({ surveyId: a.surveyId, answered: true })),
        ),
      };
    },
    async erase(keys, marker) {
      const surveys = await rewrite(tables.surveys, await rows(tables.surveys), (row) => {
        const fields = authored(row, keys);
        const data = surveyData(row);
        if (fields.length === 0 || !data) return undefined;
        for (const f of fields) data[f] = marker;
        return { ...plain(row), data: JSON.stringify(data) };
      });
      const answered = await theirKeys(keys);
      const names = await rewrite(
        tables.answers,
        answered.flatMap((a) => (a.answer && str(a.answer, 'name') ? [a.answer] : [])),
        (row) => {
          const out = plain(row);
          delete out.name;
          return out;
        },
      );
      const links = await rewrite(
        tables.keys,
        answered.map((a) => a.key),
        () => 'delete',
      );
      return {
        [TABLES.surveys]: surveys,
        [TABLES.surveyAnswers]: names,
        [TABLES.surveyKeys]: links,
      };
    },
  };
}

// ---------- the trail's old values ----------

/**
 * The register replaces who made a change; here, the old and new values a history entry keeps
 * (of fields that are not personal by themselves) that name the person become the marker.
 */
export function auditValuesArea(table: Client): PersonalDataArea {
  // The register replaces `by` where it equals the address as written; any other spelling
  // (capitals from a client) and the old values are caught here.
  const mentioning = async (keys: PersonKeys) =>
    (await rows(table)).filter(
      (r) => isPersonId(r.by, keys) || mentionsPerson(str(r, 'changes'), keys),
    );
  return {
    tables: [TABLES.audit],
    async find(keys) {
      return only(
        TABLES.audit,
        (await mentioning(keys)).map((r) => ({
          at: str(r, 'at'),
          action: str(r, 'action'),
          associationId: str(r, 'associationId'),
          changes: str(r, 'changes'),
        })),
      );
    },
    async erase(keys, marker) {
      const n = await rewrite(table, await mentioning(keys), (row) => {
        let changes: unknown;
        try {
          changes = JSON.parse(str(row, 'changes'));
        } catch {
          changes = [{ field: '(erased)' }];
        }
        const scrubbed = scrubValue(changes, keys, marker);
        return {
          ...plain(row),
          ...(isPersonId(row.by, keys) ? { by: marker } : {}),
          changes: JSON.stringify(scrubbed.value),
        };
      });
      return { [TABLES.audit]: n };
    },
  };
}

// ---------- tables that hold no one ----------

/**
 * Tables whose rows hold nothing of a person by design (the bot's texts, the indicators'
 * values). They are read to prove it: the export lists any row that mentions the person, so a
 * change that starts keeping people there shows up; erasure has nothing to do.
 */
export function noPersonArea(
  tables: Readonly<Partial<Record<TableName, Client>>>,
): PersonalDataArea {
  const entries = Object.entries(tables) as [TableName, Client][];
  return {
    tables: entries.map(([name]) => name),
    async find(keys) {
      const out: Record<string, unknown[]> = {};
      for (const [name, table] of entries) {
        for (const row of await rows(table)) {
          const columns = Object.keys(row).filter(
            (k) => k !== 'etag' && mentionsPerson(row[k], keys),
          );
          if (columns.length > 0) {
            (out[name] ??= []).push({ key: `${row.partitionKey}/${row.rowKey}`, columns });
          }
        }
      }
      return out;
    },
    erase(): Promise<Changed> {
      return Promise.resolve({});
    },
  };
}
