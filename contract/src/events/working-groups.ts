/**
 * Working groups: their members and contact person, the input schema and the stored shape.
 */
import { z } from 'zod';
import type { Actor } from './lifecycle';
import type { Audit, LocalizedText } from './model';
import { leadTimesInput, type LeadTime } from './lead-times';
import { MAX_TEXT, MAX_TITLE, localizedInput, optionalLocalized, requiredText } from './schemas';

export type GroupMember =
  | {
      readonly kind: 'user';
      readonly name: string;
      /** A person in Teams: by UPN (e-mail form) and/or AAD object id. */
      readonly upn?: string;
      readonly aadId?: string;
    }
  | {
      /** Someone not in Teams (a volunteer, a partner): reached by e-mail, never mentioned. */
      readonly kind: 'email';
      readonly name: string;
      /** Absent only in views for people who do not see contact details. */
      readonly email?: string;
    }
  | {
      readonly kind: 'representative';
      readonly name: string;
      /** The association they represent: an id in the register or a free name. */
      readonly associationId?: string;
      readonly association?: string;
    };

export interface ContactPerson {
  readonly name: string;
  readonly upn?: string;
  readonly aadId?: string;
}

export interface WorkingGroup extends Audit {
  readonly id: string;
  readonly name: LocalizedText;
  readonly purpose: LocalizedText;
  /** One of the four of the operating model. */
  readonly builtIn: boolean;
  readonly members: readonly GroupMember[];
  readonly contact?: ContactPerson;
  readonly unitId?: string;
  readonly active: boolean;
  /** When reminders of the group's meetings go; the delivery defaults when absent. */
  readonly leadTimes?: readonly LeadTime[];
  /** The channel (conversation id) the group's reminders go to; the team's chosen one when absent. */
  readonly channelId?: string;
}

const MAX_MEMBERS = 200;
const upn = z.email('events.error.upn').max(320, 'events.error.upn');
const aadId = z
  .string()
  .trim()
  .regex(/^[0-9a-f-]{36}$/i, 'events.error.aadId');

const memberInput = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('user'),
        name: requiredText(MAX_TITLE),
        upn: upn.optional(),
        aadId: aadId.optional(),
      })
      .refine((m) => m.upn !== undefined || m.aadId !== undefined, {
        message: 'events.error.memberId',
        path: ['upn'],
      }),
    z.object({
      kind: z.literal('email'),
      name: requiredText(MAX_TITLE),
      email: z.email('groups.error.email').max(320, 'groups.error.email'),
    }),
    z.object({
      kind: z.literal('representative'),
      name: requiredText(MAX_TITLE),
      associationId: z.string().trim().max(64, 'events.error.textTooLong').optional(),
      association: z.string().trim().max(MAX_TITLE, 'events.error.textTooLong').optional(),
    }),
  ],
  { error: 'events.error.memberKind' },
);

export const workingGroupInputSchema = z.object({
  name: localizedInput(),
  purpose: optionalLocalized(MAX_TEXT),
  members: z.array(memberInput).max(MAX_MEMBERS, 'events.error.tooManyMembers').default([]),
  contact: z.object(
    { name: requiredText(MAX_TITLE), upn: upn.optional(), aadId: aadId.optional() },
    { error: 'events.error.contactRequired' },
  ),
  unitId: z.string().trim().max(64, 'events.error.textTooLong').optional(),
  active: z.boolean({ error: 'events.error.textInvalid' }).default(true),
  leadTimes: leadTimesInput.nullish(),
  channelId: z.string().trim().max(300, 'events.error.textTooLong').nullish(),
});
export type WorkingGroupInput = z.output<typeof workingGroupInputSchema>;

/** A group id from its Finnish name: "Nuorten tilat" → "nuorten-tilat". */
export function groupIdFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug === '' ? 'ryhma' : slug;
}

export function toWorkingGroup(
  input: WorkingGroupInput,
  meta: {
    readonly id: string;
    readonly builtIn: boolean;
    readonly now: Date;
    readonly by: Actor;
    readonly previous?: WorkingGroup;
  },
): WorkingGroup {
  const at = meta.now.toISOString();
  return {
    id: meta.id,
    name: input.name,
    purpose: input.purpose,
    builtIn: meta.builtIn,
    members: input.members.map((m): GroupMember => strip(m)),
    contact: strip(input.contact),
    ...(input.unitId ? { unitId: input.unitId } : {}),
    active: input.active,
    ...(input.leadTimes ? { leadTimes: input.leadTimes } : {}),
    ...(input.channelId ? { channelId: input.channelId } : {}),
    createdAt: meta.previous?.createdAt ?? at,
    createdBy: meta.previous?.createdBy ?? meta.by.id,
    updatedAt: at,
    updatedBy: meta.by.id,
  };
}

/** Drops absent optional fields, so stored JSON has no `undefined` holes. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
