/** What the bot asks the Teams connector during a turn; a port so tests can answer for it. */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ChannelInfo } from '../domain/installations';

export interface TeamsLookup {
  /** The team's channels (General has the team's id and no name). */
  channels(context: TurnContext, teamId: string): Promise<ChannelInfo[]>;
  /** The person's user principal name (e-mail form), when Teams tells it. */
  userPrincipalName(context: TurnContext, userId: string): Promise<string | undefined>;
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
};
