/**
 * The associations register: types, validation and the shapes of the `/api/v1/associations`
 * API. Pure TypeScript + zod, shared with the tab: every validation message is an i18n key of
 * the `associations` area, so the API and the tab show the same text.
 */
import { z } from 'zod';
import type { MessageKey } from './i18n';
import { isValidBusinessId } from './business-id';

/** Validation messages: i18n keys (the API translates them; the tab can call `t` on them). */
export const MSG = {
  body: 'associations.validation.body',
  text: 'associations.validation.text',
  noMarkup: 'associations.validation.noMarkup',
  nameLength: 'associations.validation.nameLength',
  registerNumber: 'associations.validation.registerNumber',
  businessId: 'associations.validation.businessId',
  unitsRequired: 'associations.validation.unitsRequired',
  unitsTooMany: 'associations.validation.unitsTooMany',
  unknownUnit: 'associations.validation.unknownUnit',
  categoriesTooMany: 'associations.validation.categoriesTooMany',
  unknownCategory: 'associations.validation.unknownCategory',
  workingGroups: 'associations.validation.workingGroups',
  id: 'associations.validation.id',
  contactsTooMany: 'associations.validation.contactsTooMany',
  contactName: 'associations.validation.contactName',
  contactRole: 'associations.validation.contactRole',
  email: 'associations.validation.email',
  phone: 'associations.validation.phone',
  language: 'associations.validation.language',
  url: 'associations.validation.url',
  profileUrl: 'associations.validation.profileUrl',
  notesLength: 'associations.validation.notesLength',
  boolean: 'associations.validation.boolean',
  status: 'associations.validation.status',
  duplicateName: 'associations.validation.duplicateName',
  limit: 'associations.query.limit',
  cursor: 'associations.query.cursor',
  q: 'associations.query.q',
  statusFilter: 'associations.query.status',
  sort: 'associations.query.sort',
  flag: 'associations.query.flag',
  queryEmail: 'associations.query.email',
} as const satisfies Record<string, MessageKey>;

export const LIMITS = {
  nameMin: 2,
  nameMax: 200,
  notesMax: 2000,
  contactsMax: 5,
  unitsMax: 20,
  categoriesMax: 20,
  workingGroupsMax: 20,
  urlMax: 500,
  emailMax: 254,
  qMax: 100,
  pageMax: 1000,
  pageDefault: 100,
  csvRowsMax: 5000,
  csvBytesMax: 2 * 1024 * 1024,
} as const;

export const LANGUAGES = ['fi', 'en', 'sv'] as const;
export type ContactLanguage = (typeof LANGUAGES)[number];
export const STATUSES = ['active', 'inactive'] as const;
export type AssociationStatus = (typeof STATUSES)[number];

// ---------- field rules (exported so the tab can validate a single field inline) ----------

/**
 * `<` `>` would let markup in; control characters break exports and logs. Tabs and line
 * breaks are fine in notes only.
 */
export function isPlainText(value: string, multiline = false): boolean {
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '<' || ch === '>' || code === 0x7f) return false;
    if (code < 0x20 && !(multiline && (ch === '\n' || ch === '\r' || ch === '\t'))) return false;
  }
  return true;
}

const plain = (max: number, lengthKey: MessageKey, min = 0) =>
  z
    .string({ error: MSG.text })
    .trim()
    .min(min, lengthKey)
    .max(max, lengthKey)
    .refine((v) => isPlainText(v), MSG.noMarkup);

/** An id of an association, unit, category or working group: a lower-case slug or a UUID. */
export const ID_PATTERN = /^[a-z0-9äöå][a-z0-9äöå-]{0,79}$/;
/** Unit and category ids also name table properties, so they stay ASCII. */
export const REFERENCE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const idSchema = z.string({ error: MSG.id }).regex(ID_PATTERN, MSG.id);
export const referenceIdSchema = z
  .string({ error: MSG.id })
  .trim()
  .regex(REFERENCE_ID_PATTERN, MSG.id);

/** Finnish (040 123 4567, 03 814 2000) or international (+358 40 123 4567) form. */
export function isValidPhone(value: string): boolean {
  if (!/^[+\d][\d\s\-()]{4,29}$/.test(value)) return false;
  const digits = value.replace(/[\s\-()]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(digits) || /^0\d{5,12}$/.test(digits);
}

const PROFILE_HOSTS = new Set(
  ['päijäthämäläiset.fi', 'paijathamalaiset.fi'].flatMap((h) => {
    const host = new URL(`https://${h}`).hostname;
    return [host, `www.${host}`];
  }),
);

/** An https URL with a host name and no user name or password in it. */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' &&
      url.hostname.includes('.') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

export function isProfileUrl(value: string): boolean {
  return isHttpsUrl(value) && PROFILE_HOSTS.has(new URL(value).hostname);
}

const optionalUrl = (check: (v: string) => boolean, key: MessageKey) =>
  z
    .string({ error: MSG.url })
    .trim()
    .max(LIMITS.urlMax, MSG.url)
    .refine((v) => v === '' || check(v), key)
    .default('');

const emailSchema = z
  .string({ error: MSG.email })
  .trim()
  .max(LIMITS.emailMax, MSG.email)
  .pipe(z.email({ error: MSG.email }));

export const contactPersonSchema = z.object(
  {
    name: plain(120, MSG.contactName, 2),
    role: plain(100, MSG.contactRole).default(''),
    email: emailSchema,
    phone: z
      .string({ error: MSG.phone })
      .trim()
      .max(30, MSG.phone)
      .refine((v) => v === '' || isValidPhone(v), MSG.phone)
      .default(''),
    language: z.enum(LANGUAGES, { error: MSG.language }).default('fi'),
  },
  { error: MSG.body },
);

const idList = (max: number, tooMany: MessageKey, itemKey: MessageKey, min = 0, minKey = tooMany) =>
  z
    .array(z.string({ error: itemKey }).trim().regex(REFERENCE_ID_PATTERN, itemKey), {
      error: itemKey,
    })
    .min(min, minKey)
    .max(max, tooMany)
    .transform((ids) => [...new Set(ids)]);

/** The body of `POST /associations` and `PUT /associations/:id` (PUT replaces all fields). */
export const associationInputSchema = z.object(
  {
    name: plain(LIMITS.nameMax, MSG.nameLength, LIMITS.nameMin),
    registerNumber: z
      .string({ error: MSG.registerNumber })
      .trim()
      .refine((v) => v === '' || /^\d{1,6}(\.\d{1,4}){0,2}$/.test(v), MSG.registerNumber)
      .default(''),
    businessId: z
      .string({ error: MSG.businessId })
      .trim()
      .refine((v) => v === '' || isValidBusinessId(v), MSG.businessId)
      .default(''),
    units: idList(LIMITS.unitsMax, MSG.unitsTooMany, MSG.unknownUnit, 1, MSG.unitsRequired),
    categories: idList(LIMITS.categoriesMax, MSG.categoriesTooMany, MSG.unknownCategory).default(
      [],
    ),
    contacts: z
      .array(contactPersonSchema, { error: MSG.body })
      .max(LIMITS.contactsMax, MSG.contactsTooMany)
      .default([]),
    website: optionalUrl(isHttpsUrl, MSG.url),
    profileUrl: optionalUrl(isProfileUrl, MSG.profileUrl),
    hasRepresentative: z.boolean({ error: MSG.boolean }).default(false),
    workingGroups: idList(LIMITS.workingGroupsMax, MSG.workingGroups, MSG.workingGroups).default(
      [],
    ),
    notes: z
      .string({ error: MSG.text })
      .max(LIMITS.notesMax, MSG.notesLength)
      .refine((v) => isPlainText(v, true), MSG.noMarkup)
      .transform((v) => v.trim())
      .default(''),
    status: z.enum(STATUSES, { error: MSG.status }).default('active'),
  },
  { error: MSG.body },
);

/** What a client sends (optional fields may be left out). */
export type AssociationInput = z.input<typeof associationInputSchema>;
/** The validated, normalised data (every field present; '' means "none"). */
export type AssociationData = z.output<typeof associationInputSchema>;
export type ContactPerson = z.output<typeof contactPersonSchema>;

/** An association as the API returns it. */
export type Association = AssociationData & {
  readonly id: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Send back as `If-Match` on PUT and DELETE. */
  readonly etag: string;
};

// ---------- list ----------

export const SORTS = ['name', '-name', 'updatedAt', '-updatedAt'] as const;
export type AssociationSort = (typeof SORTS)[number];

const flagParam = z
  .enum(['true', 'false', '1', '0'], { error: MSG.flag })
  .transform((v) => v === 'true' || v === '1');

/** Query of `GET /associations` (also export.csv and mailing-list: the same filters). */
export const listQuerySchema = z.object({
  cursor: z.string({ error: MSG.cursor }).max(600, MSG.cursor).optional(),
  limit: z.coerce
    .number({ error: MSG.limit })
    .int(MSG.limit)
    .min(1, MSG.limit)
    .max(LIMITS.pageMax, MSG.limit)
    .default(LIMITS.pageDefault),
  /** Words of a name (or register number, business ID); case and ä/ö/å do not matter. */
  q: z.string({ error: MSG.q }).trim().max(LIMITS.qMax, MSG.q).optional(),
  unit: referenceIdSchema.optional(),
  category: referenceIdSchema.optional(),
  status: z.enum(['active', 'inactive', 'all'], { error: MSG.statusFilter }).default('all'),
  /** true: only the associations of the signed-in user's own units ("Omat yhdistykset"). */
  mine: flagParam.optional(),
  sort: z.enum(SORTS, { error: MSG.sort }).default('name'),
});
export type ListQueryInput = z.input<typeof listQuerySchema>;
export type ListQuery = z.output<typeof listQuerySchema>;

export interface ListResponse<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
  /** All matches of the filters, over every page. */
  readonly total?: number;
}
export type AssociationList = ListResponse<Association>;

/** `GET /associations/mailing-list`: the contact people's e-mail addresses, unique, sorted. */
export interface MailingList {
  readonly emails: readonly string[];
  /** The addresses joined with "; ", ready to paste into an e-mail's Bcc field. */
  readonly text: string;
  readonly associations: number;
  /** Addresses left out because their person is in the team (when asked to leave them out). */
  readonly leftOut?: number;
}

// ---------- conflicts ----------

/** The body of a 409 on a stale ETag: the error plus the version now stored. */
export interface ConflictBody {
  readonly error: { code: 'conflict'; message: string };
  readonly current: Association | null;
}

// ---------- reference data ----------

export interface Unit {
  readonly id: string;
  readonly name: { readonly fi: string; readonly en: string };
  readonly etag?: string;
}
export type Category = Unit;

const referenceName = z
  .string({ error: 'associations.reference.name' })
  .trim()
  .min(1, 'associations.reference.name')
  .max(100, 'associations.reference.name')
  .refine((v) => isPlainText(v), MSG.noMarkup);

/** Body of `POST /units`, `POST /categories` (with id) and `PUT /…/:id` (id from the path). */
export const referenceInputSchema = z.object(
  {
    id: referenceIdSchema.optional(),
    name: z.object({ fi: referenceName, en: referenceName }, { error: MSG.body }),
  },
  { error: MSG.body },
);
export type ReferenceInput = z.input<typeof referenceInputSchema>;

// ---------- CSV import ----------

export interface ImportRowError {
  /** 1-based line of the data row in the file (the header is row 1). */
  readonly row: number;
  /** Column or field, e.g. `name`, `contact1Email`; `(row)` for the whole row. */
  readonly field: string;
  /** Translated message. */
  readonly message: string;
}

/** Answer of `POST /associations/import` (200 on success or dry run; 400 with `errors` when invalid). */
export interface ImportResult {
  readonly dryRun: boolean;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  /** Rows identical to what is stored: nothing to write. */
  readonly unchanged?: number;
  readonly errors: readonly ImportRowError[];
  /** True when the rows were written (never on a dry run or with errors). */
  readonly applied: boolean;
}

// ---------- history (audit) ----------

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'import', 'erasure'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditChange {
  readonly field: string;
  /** Values of fields that are not personal data; contact people show only as changed. */
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  /** UPN of who did it, or "erased" after that person's data was erased. */
  readonly by: string;
  readonly action: AuditAction;
  readonly associationId?: string;
  readonly changes: readonly AuditChange[];
}

export interface HistoryResponse {
  readonly items: readonly AuditEntry[];
}

// ---------- GDPR ----------

export interface PersonExport {
  readonly email: string;
  readonly roleAssignment?: { role: string; units: readonly string[]; name: string };
  readonly contactIn: readonly {
    associationId: string;
    associationName: string;
    contact: ContactPerson;
  }[];
  readonly recordsEdited: readonly {
    associationId: string;
    associationName: string;
    fields: readonly ('createdBy' | 'updatedBy')[];
  }[];
}

export interface ErasureResult {
  readonly contactsRemoved: number;
  readonly associationsChanged: number;
  readonly roleAssignmentRemoved: boolean;
  readonly authorFieldsPseudonymised: number;
}

/** Fields whose values are personal data and never enter the audit trail. */
export const PERSONAL_FIELDS: readonly (keyof AssociationData)[] = ['contacts'];

/** The fields two versions differ in; personal fields show as changed without their values. */
export function diffAssociation(
  before: AssociationData | undefined,
  after: AssociationData | undefined,
): AuditChange[] {
  const keys = Object.keys(associationInputSchema.shape) as (keyof AssociationData)[];
  const changes: AuditChange[] = [];
  for (const key of keys) {
    const a = before?.[key];
    const b = after?.[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (PERSONAL_FIELDS.includes(key)) {
      changes.push({ field: key });
    } else {
      changes.push({
        field: key,
        ...(a !== undefined ? { before: a } : {}),
        ...(b !== undefined ? { after: b } : {}),
      });
    }
  }
  return changes;
}
