/**
 * Who is in the team, as far as the mailing list needs it: people already in the team read the
 * posts there, so the mailing list for associations outside Teams can leave them out.
 *
 * The bot records a team's members when it is installed there and when people join or leave
 * (Teams' conversationUpdate), reading the member list through the Bot Connector. Nothing about a
 * member is kept in clear: a row holds keyed hashes of the member's Teams id and of their
 * address, with the same key as survey audiences (`addressKey`); the mailing list compares the
 * hashes of its addresses with them.
 */

/** One member as Teams tells it. */
export interface TeamMember {
  /** Teams' user id (`29:…`). */
  readonly id: string;
  /** The address an association would list: a member's principal name, a guest's e-mail. */
  readonly address?: string;
}

/** A member as stored: keyed hashes only. */
export interface RosterEntry {
  readonly memberKey: string;
  readonly addressKey?: string;
}

export interface TeamRosterPort {
  /** The team's whole member list, replacing what was recorded. */
  replace(teamId: string, members: readonly RosterEntry[], at: string): Promise<void>;
  add(teamId: string, members: readonly RosterEntry[], at: string): Promise<void>;
  remove(teamId: string, memberKeys: readonly string[]): Promise<void>;
  /** The address keys of the members of these teams. */
  addressKeys(teamIds: readonly string[]): Promise<ReadonlySet<string>>;
}

/** Which of `addresses` belong to someone in one of the teams the app is in. */
export type TeamMembership = (addresses: readonly string[]) => Promise<ReadonlySet<string>>;

export function teamMembership(deps: {
  readonly roster: Pick<TeamRosterPort, 'addressKeys'>;
  readonly activeTeams: () => Promise<readonly string[]>;
  readonly addressKey: (address: string) => Promise<string>;
}): TeamMembership {
  return async (addresses) => {
    const teams = await deps.activeTeams();
    if (teams.length === 0 || addresses.length === 0) return new Set();
    const members = await deps.roster.addressKeys(teams);
    const inTeam = new Set<string>();
    for (const address of addresses) {
      if (members.has(await deps.addressKey(address))) inTeam.add(address);
    }
    return inTeam;
  };
}
