/**
 * What the bot's cards read from data other rooms own: calendar items, working groups, units
 * and contact persons. Small read-only ports, so a store can change shape behind one adapter.
 */
import type { Bilingual } from './content';

/** One entry of the annual calendar as the bot shows it. */
export interface CalendarListItem {
  readonly id: string;
  /** evening, meeting, survey, network, grant, … — shown as the item's category. */
  readonly category: string;
  readonly title: Bilingual<string>;
  /** UTC ISO instants. */
  readonly start: string;
  readonly end: string;
  readonly host: Bilingual<string>;
  /** teams, hybrid, tbd, or an address. */
  readonly place: string;
  readonly workingGroupId?: string;
  readonly state: string;
}

export interface CalendarReader {
  /** Items that start in [from, to) (UTC ISO), in time order; cancelled ones left out. */
  itemsBetween(from: string, to: string): Promise<readonly CalendarListItem[]>;
}

export interface WorkingGroupInfo {
  readonly id: string;
  readonly name: Bilingual<string>;
  readonly unitId?: string;
}

export interface UnitInfo {
  readonly id: string;
  readonly name: Bilingual<string>;
}

export interface ContactInfo {
  readonly name: string;
  readonly title: Bilingual<string>;
  /** Work e-mail (user principal name). */
  readonly upn: string;
  readonly role: 'coordinator' | 'contact';
  readonly units: readonly string[];
}

export interface DirectoryReader {
  workingGroups(): Promise<readonly WorkingGroupInfo[]>;
  units(): Promise<readonly UnitInfo[]>;
  /** Coordinators and contact persons, by name. */
  contacts(): Promise<readonly ContactInfo[]>;
  /** True when the person (by UPN) is a coordinator. */
  /** With `oid`, an assignment bound to another object id does not count. */
  isCoordinator(upn: string, oid?: string): Promise<boolean>;
}
