/**
 * Who may do what on which association: the role × action matrix as one pure function, used
 * by the API to refuse (403) and by the tab to hide what the user cannot do.
 */
import type { Association } from './associations';
import type { MessageKey } from './i18n';
import type { UserRoles } from './people';

export const ACTIONS = [
  'association.read',
  'association.create',
  'association.update',
  'association.delete',
  'association.export',
  'association.import',
  'association.mailingList',
  'association.history',
  'reference.read',
  'reference.write',
  'roles.read',
  'roles.write',
  'people.export',
  'people.erase',
  'content.edit',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The association an action touches: its units now and, for an update, after the change. */
export interface Target {
  readonly units: readonly string[];
  readonly newUnits?: readonly string[];
}

export type Decision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: MessageKey;
      readonly params?: Readonly<Record<string, string>>;
    };

const READ_FOR_ALL: ReadonlySet<Action> = new Set<Action>(['association.read', 'reference.read']);

/**
 * People's contact details: e-mails and phones in bulk, the history with old values and who made
 * them, everyone's role. For coordinators and contact persons (of any unit: they cooperate
 * across units), never for readers or guests.
 */
const CONTACT_DETAILS: ReadonlySet<Action> = new Set<Action>([
  'association.export',
  'association.mailingList',
  'association.history',
  'roles.read',
]);

const CONTACT_WRITES: ReadonlySet<Action> = new Set<Action>([
  'association.create',
  'association.update',
  'association.delete',
  'association.import',
]);

const ALLOW: Decision = { allowed: true };

function shares(units: readonly string[], own: readonly string[]): boolean {
  return units.some((u) => own.includes(u));
}

/**
 * coordinator: everything. contact: reads all, contact details included; writes an association when it belongs to at
 * least one of their units (for an update, both before and after the change, so nobody moves
 * an association out of reach of its own unit). reader: reads. Without a target (e.g. to show
 * an "Add" button) a contact may write in general. reader and guest: the associations' public
 * details (see `associationDetail`).
 */
export function decide(user: UserRoles, action: Action, target?: Target): Decision {
  if (user.coordinator) return ALLOW;
  if (READ_FOR_ALL.has(action)) return ALLOW;
  if (CONTACT_DETAILS.has(action)) {
    return user.units.length > 0
      ? ALLOW
      : { allowed: false, reason: 'security.forbidden.contactDetails' };
  }
  if (!CONTACT_WRITES.has(action)) {
    return { allowed: false, reason: 'associations.forbidden.coordinatorOnly' };
  }
  if (user.units.length === 0) {
    return { allowed: false, reason: 'associations.forbidden.readOnly' };
  }
  if (!target) return ALLOW;
  const ok =
    shares(target.units, user.units) &&
    (target.newUnits === undefined || shares(target.newUnits, user.units));
  return ok
    ? ALLOW
    : {
        allowed: false,
        reason: 'associations.forbidden.notYourUnit',
        params: { units: user.units.join(', ') },
      };
}

export function can(user: UserRoles, action: Action, target?: Target): boolean {
  return decide(user, action, target).allowed;
}

/** Coordinators and contact persons see people's contact details; readers and guests do not. */
export function seesContactDetails(user: UserRoles): boolean {
  return decide(user, 'association.mailingList').allowed;
}

/** How much of one association a user sees. */
export type Detail = 'full' | 'public';

/**
 * Coordinators and contact persons see every association in full; anyone else sees the public
 * details, and in full only the associations that list them as a contact person.
 */
export function associationDetail(user: UserRoles, listsUser: boolean): Detail {
  if (user.coordinator || user.units.length > 0 || listsUser) return 'full';
  return 'public';
}

/** True when one of the association's contact persons has the address `upn`. */
export function listsAsContact(a: Pick<Association, 'contacts'>, upn: string): boolean {
  const who = upn.toLowerCase();
  return a.contacts.some((c) => c.email.toLowerCase() === who);
}

/**
 * The public details of an association: no contact persons, no internal notes, no addresses of
 * who created or changed it.
 */
export function publicDetails(a: Association): Association {
  return { ...a, contacts: [], notes: '', createdBy: '', updatedBy: '' };
}

/** The association as `user` (signed in as `upn`) may see it. */
export function visibleAssociation(user: UserRoles, upn: string, a: Association): Association {
  return associationDetail(user, listsAsContact(a, upn)) === 'full' ? a : publicDetails(a);
}
