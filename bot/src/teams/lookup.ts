/** What the bot asks the Teams connector during a turn; a port so tests can answer for it. */
import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { ChannelInfo } from '../domain/installations';
import type { TeamMember } from '../domain/team-roster';

export interface TeamsLookup {
  /** The team's channels (General has the team's id and no name). */
  channels(context: TurnContext, teamId: string): Promise<ChannelInfo[]>;
  /** The person's user principal name (e-mail form), when Teams tells it. */
  userPrincipalName(context: TurnContext, userId: string): Promise<string | undefined>;
  /** Who the person is for survey audiences: their address and whether they are a guest. */
  whoIs?(context: TurnContext, userId: string): Promise<MemberFacts>;
  /** Every member of the team, with the address an association would list. */
  members?(context: TurnContext, teamId: string): Promise<TeamMember[]>;
}

export interface MemberFacts {
  readonly address?: string;
  /** Teams' `userRole`: `guest` for a guest of the tenant; absent when Teams did not say. */
  readonly guest?: boolean;
}

/** A guest's principal name is the tenant's `…#EXT#@…` form: their own e-mail is their address. */
function addressOf(member: TeamsChannelAccount): string | undefined {
  const role: unknown = member.userRole;
  return role === 'guest'
    ? (member.email ?? member.userPrincipalName)
    : (member.userPrincipalName ?? member.email);
}

export const connectorLookup: TeamsLookup = {
  async channels(context, teamId) {
    const list = await TeamsInfo.getTeamChannels(context, teamId);
    return list
      .filter((c): c is typeof c & { id: string } => typeof c.id === 'string' && c.id !== '')
      .map((c) => (c.name ? { id: c.id, name: c.name } : { id: c.id }));
  },
  async userPrincipalName(context, userId) {
    const member = await TeamsInfo.getMember(context, userId);
    return member.userPrincipalName ?? member.email ?? undefined;
  },
  async whoIs(context, userId) {
    const member = await TeamsInfo.getMember(context, userId);
    const role: unknown = member.userRole;
    // A guest's principal name is the tenant's `…#EXT#@…` form: their own e-mail is the address
    // an association lists; a member signs in to the register with their principal name.
    const address =
      role === 'guest'
        ? (member.email ?? member.userPrincipalName)
        : (member.userPrincipalName ?? member.email);
    return {
      ...(address ? { address } : {}),
      ...(role === 'guest' || role === 'user' ? { guest: role === 'guest' } : {}),
    };
  },
  async members(context, teamId) {
    const out: TeamMember[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, continuationToken);
      for (const member of page.members) {
        const address = addressOf(member);
        out.push({ id: member.id, ...(address ? { address } : {}) });
      }
      continuationToken = page.continuationToken || undefined;
    } while (continuationToken);
    return out;
  },
};
