/**
 * Who a survey is for: one pure table from what is known of a person with the app in personal
 * chat to "in the audience" or not, used by scheduled delivery for the opening card and the
 * reminder (and by anything that wants to show who gets them).
 *
 * - `keyPersons` (the key persons' survey): the city's coordinators and association contact
 *   persons, i.e. people with a city role in the register.
 * - `associations` (the association survey): the associations' people — listed as an
 *   association's contact person, or a guest in the city's team — and never someone with a city
 *   role, who answers the key persons' survey instead. A person whose account kind Teams has not
 *   told (the app was installed before it asked, or Teams did not answer) and who has no city
 *   role counts as association people: an extra card is better than a silent gap.
 */
import type { Audience } from './model';

/** What is known of one person. */
export interface AudienceFacts {
  /** Their city role in the register, if they have one. */
  readonly cityRole?: 'coordinator' | 'contact';
  /** Teams says they are a guest (true) or a member (false) of the city's tenant; unknown: absent. */
  readonly guest?: boolean;
  /** Their address is one of an association's contact persons. */
  readonly associationContact?: boolean;
}

const RULES: Readonly<Record<Audience, (who: AudienceFacts) => boolean>> = {
  keyPersons: (who) => who.cityRole !== undefined,
  associations: (who) =>
    who.cityRole === undefined && (who.associationContact === true || who.guest !== false),
};

export function inAudience(audience: Audience, who: AudienceFacts): boolean {
  return RULES[audience](who);
}
