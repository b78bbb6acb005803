/**
 * Who may do what on which association: the role × action matrix as one pure function, used
 * by the API to refuse (403) and by the tab to hide what the user cannot do.
 */
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

const READ_FOR_ALL: ReadonlySet<Action> = new Set<Action>([
  'association.read',
  'association.export',
  'association.mailingList',
  'association.history',
  'reference.read',
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
 * coordinator: everything. contact: reads all; writes an association when it belongs to at
 * least one of their units (for an update, both before and after the change, so nobody moves
 * an association out of reach of its own unit). reader: reads. Without a target (e.g. to show
 * an "Add" button) a contact may write in general.
 */
export function decide(user: UserRoles, action: Action, target?: Target): Decision {
  if (user.coordinator) return ALLOW;
  if (READ_FOR_ALL.has(action)) return ALLOW;
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
