/**
 * People and their roles in the associations register, and what `GET /api/v1/me` returns.
 * Pure TypeScript + zod, shared with the tab.
 */
import { z } from 'zod';
import { isPlainText, LIMITS, referenceIdSchema, type Unit } from './associations';

/**
 * coordinator: everything. contact: creates, edits and removes the associations of their own
 * units and reads all. reader: reads. Anyone signed in who has no assignment is a reader.
 */
export const ROLES = ['coordinator', 'contact', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** The roles of one signed-in user, as the permission rules need them. */
export interface UserRoles {
  readonly coordinator: boolean;
  /** The units the user is a contact person of (empty for coordinators and readers). */
  readonly units: readonly string[];
  /**
   * Signed in as a guest (`acct` 1, or a tenant other than the city's): no city role by
   * default, only what a coordinator assigned explicitly.
   */
  readonly guest?: boolean;
}

/** The role a signed-in user acts in: a city role, or `guest` for a guest without one. */
export type SignedInRole = Role | 'guest';

/** Who signed in, from a validated token. */
export interface Identity {
  /** Entra object id. */
  readonly oid: string;
  /** User principal name (e-mail form), lower case. */
  readonly upn: string;
  readonly name: string;
  /** Tenant id. */
  readonly tid: string;
  /** A guest of the city's tenant: `acct` 1 in the token, or a home tenant other than the city's. */
  readonly guest?: boolean;
}

/** `GET /api/v1/me`. */
export interface MeResponse {
  readonly user: { readonly oid: string; readonly upn: string; readonly name: string };
  readonly role: SignedInRole;
  readonly roles: UserRoles;
  /** The user's own units, with names (contact persons). */
  readonly units: readonly Unit[];
  /** True when the server runs the local development issuer. */
  readonly devAuth: boolean;
}

/** A role assignment kept in the store (`GET /api/v1/roles`). */
export interface RoleAssignment {
  readonly upn: string;
  readonly name: string;
  readonly role: Role;
  readonly units: readonly string[];
  /** True for the coordinators named in the server's configuration: they cannot be demoted here. */
  readonly fromConfig: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly etag?: string;
}

/** Body of `PUT /api/v1/roles/:upn`. */
export const roleAssignmentInputSchema = z
  .object(
    {
      name: z
        .string({ error: 'associations.people.name' })
        .trim()
        .min(1, 'associations.people.name')
        .max(120, 'associations.people.name')
        .refine((v) => isPlainText(v), 'associations.validation.noMarkup'),
      role: z.enum(ROLES, { error: 'associations.people.role' }),
      units: z
        .array(referenceIdSchema, { error: 'associations.validation.unknownUnit' })
        .max(LIMITS.unitsMax, 'associations.validation.unitsTooMany')
        .default([])
        .transform((ids) => [...new Set(ids)]),
    },
    { error: 'associations.validation.body' },
  )
  .superRefine((v, ctx) => {
    if (v.role === 'contact' && v.units.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['units'],
        message: 'associations.people.unitsForContact',
      });
    }
  })
  // Only contact persons have units: a coordinator sees all and a reader edits none.
  .transform((v) => ({ ...v, units: v.role === 'contact' ? v.units : [] }));
export type RoleAssignmentInput = z.input<typeof roleAssignmentInputSchema>;

/** An e-mail or UPN as a query or path value: trimmed, lower case. */
export const emailParamSchema = z
  .string({ error: 'associations.query.email' })
  .trim()
  .max(LIMITS.emailMax, 'associations.query.email')
  .pipe(z.email({ error: 'associations.query.email' }))
  .transform((v) => v.toLowerCase());

export function roleOf(roles: UserRoles): SignedInRole {
  if (roles.coordinator) return 'coordinator';
  if (roles.units.length > 0) return 'contact';
  return roles.guest ? 'guest' : 'reader';
}

export function userRolesOf(
  assignment: Pick<RoleAssignment, 'role' | 'units'> | undefined,
): UserRoles {
  if (!assignment) return { coordinator: false, units: [] };
  if (assignment.role === 'coordinator') return { coordinator: true, units: [] };
  if (assignment.role === 'contact') return { coordinator: false, units: [...assignment.units] };
  return { coordinator: false, units: [] };
}
