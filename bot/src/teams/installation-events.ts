/**
 * Installation tracking: installationUpdate and conversationUpdate keep a reference to every
 * team, channel, personal chat and group chat the app is in; removal marks it gone. A team's
 * channel events (created, renamed, deleted, restored) all go through one handler, with the
 * change each makes to the team's channel list in one table.
 */
import { TurnContext, type Activity } from 'botbuilder';
import type { ContentReader } from '../domain/content';
import type {
  ChannelInfo,
  ConversationKey,
  ConversationRef,
  InstallationStore,
  TeamChange,
} from '../domain/installations';
import type { TeamMember, TeamRosterPort } from '../domain/team-roster';
import { welcomePersonalCard } from '../cards/welcome-personal';
import { welcomeTeamCard } from '../cards/welcome-team';
import type { TeamsLookup } from './lookup';
import { asNewPost } from './proactive';
import { channelData, conversationKeyOf, type Turn, type TurnRunner } from './turn';

export interface InstallationDeps {
  readonly installations: InstallationStore;
  readonly content: Pick<ContentReader, 'guide'>;
  readonly teams: Pick<TeamsLookup, 'channels' | 'whoIs' | 'members'>;
  /** The teams' members as keyed hashes, for a mailing list that leaves them out. */
  readonly roster?: TeamRosterPort;
  readonly now: () => Date;
  /** The keyed hash of an address, kept on a personal install instead of the address itself. */
  readonly addressKey?: (address: string) => Promise<string>;
}

export const CHANNEL_CHANGES = ['created', 'restored', 'renamed', 'deleted'] as const;
export type ChannelChange = (typeof CHANNEL_CHANGES)[number];

type ChannelListChange = (
  list: readonly ChannelInfo[],
  channel: ChannelInfo,
) => readonly ChannelInfo[];

/** How each channel event changes the team's list of channels. */
const CHANNEL_LIST_CHANGES: Readonly<Record<ChannelChange, ChannelListChange>> = {
  created: (list, channel) => [...list.filter((c) => c.id !== channel.id), channel],
  restored: (list, channel) => [...list.filter((c) => c.id !== channel.id), channel],
  renamed: (list, channel) => list.map((c) => (c.id === channel.id ? channel : c)),
  deleted: (list, channel) => list.filter((c) => c.id !== channel.id),
};

function channelOf(id: string, name: string | undefined): ChannelInfo {
  return name ? { id, name } : { id };
}

/** The reference to keep: no activity id (posts are new messages, not replies), and for a team its id. */
export function referenceOf(activity: Activity, key: ConversationKey): ConversationRef {
  const ref = TurnContext.getConversationReference(activity);
  if (!ref.bot?.id || !ref.conversation?.id || !ref.channelId || !ref.serviceUrl) {
    throw new Error('the activity lacks what a conversation reference needs');
  }
  const conversation = ref.conversation;
  return {
    bot: { id: ref.bot.id, ...(ref.bot.name ? { name: ref.bot.name } : {}) },
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    ...(ref.user?.id
      ? {
          user: {
            id: ref.user.id,
            ...(ref.user.aadObjectId ? { aadObjectId: ref.user.aadObjectId } : {}),
          },
        }
      : {}),
    ...(ref.locale ? { locale: ref.locale } : {}),
    conversation: {
      id: key.kind === 'team' ? key.teamId : conversation.id,
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
      ...(typeof conversation.isGroup === 'boolean' ? { isGroup: conversation.isGroup } : {}),
    },
  };
}

/** Reads the team's channels from Teams into the store; the name of `channelId` if found. */
export async function refreshChannels(
  deps: Pick<InstallationDeps, 'installations' | 'teams' | 'now'>,
  context: TurnContext,
  turn: Turn,
  teamId: string,
  channelId: string,
): Promise<string | undefined> {
  try {
    const channels = await deps.teams.channels(context, teamId);
    await deps.installations.updateTeam(teamId, { channels }, deps.now().toISOString());
    return channels.find((c) => c.id === channelId)?.name;
  } catch (error) {
    turn.log.warn({ err: error, teamId }, 'could not read the team channels');
    return undefined;
  }
}

export class InstallationEvents {
  constructor(
    private readonly deps: InstallationDeps,
    private readonly turns: TurnRunner,
  ) {}

  /** Records the install; with `welcome`, greets once per install (whichever event claims it). */
  async installed(context: TurnContext, welcome: boolean): Promise<void> {
    const { installations, content } = this.deps;
    const activity = context.activity;
    const turn = await this.turns.start(context);
    const key = conversationKeyOf(activity);
    const data = channelData(activity);
    const at = this.deps.now().toISOString();
    const person = key.kind === 'personal' ? await this.whoIs(context, turn) : {};
    const { activated } = await installations.activate({
      ...person,
      key,
      reference: referenceOf(activity, key),
      at,
      ...(data.tenant?.id ? { tenantId: data.tenant.id } : {}),
      ...(data.team?.name ? { teamName: data.team.name } : {}),
      ...(activity.from?.id
        ? {
            installedBy: {
              id: activity.from.id,
              ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
            },
          }
        : {}),
      ...(key.kind === 'personal' && activity.from?.aadObjectId
        ? { userAadObjectId: activity.from.aadObjectId }
        : {}),
    });
    turn.log.info({ kind: key.kind, activated }, 'installation recorded');
    if (key.kind === 'team' && activated) {
      await refreshChannels(this.deps, context, turn, key.teamId, key.teamId);
    }
    if (key.kind === 'team') await this.refreshRoster(context, turn, key.teamId);
    if (!welcome || !(await installations.claimWelcome(key))) return;
    // The welcome is a post of its own, not a reply to the install event.
    asNewPost(context);
    await this.turns.answer(context, turn, async () => {
      const guide = await content.guide();
      if (key.kind === 'personal') return welcomePersonalCard({ guide }, turn.locale);
      const target = key.kind === 'team' ? await installations.postTarget(key.teamId) : undefined;
      return welcomeTeamCard(
        {
          scope: key.kind === 'team' ? 'team' : 'groupChat',
          guide,
          botName: turn.botName,
          ...(target?.channelName ? { postChannelName: target.channelName } : {}),
        },
        turn.locale,
      );
    });
  }

  /**
   * What Teams says of the person installing the app in personal chat (guest or member, and a
   * keyed hash of their address), for survey audiences. A failed lookup leaves it unknown.
   */
  private async whoIs(
    context: TurnContext,
    turn: Turn,
  ): Promise<{ guest?: boolean; addressKey?: string }> {
    const userId = context.activity.from?.id;
    if (!userId || !this.deps.teams.whoIs) return {};
    try {
      const member = await this.deps.teams.whoIs(context, userId);
      const address = member.address?.trim().toLowerCase();
      const addressKey =
        address && this.deps.addressKey ? await this.deps.addressKey(address) : undefined;
      return {
        ...(member.guest !== undefined ? { guest: member.guest } : {}),
        ...(addressKey ? { addressKey } : {}),
      };
    } catch (error) {
      turn.log.warn({ err: error }, 'could not look up who installed the app; audience unknown');
      return {};
    }
  }

  /** A member as the roster keeps them: keyed hashes of their Teams id and address. */
  private async entry(member: TeamMember) {
    const addressKey = this.deps.addressKey;
    if (!addressKey) return undefined;
    const address = member.address?.trim().toLowerCase();
    return {
      memberKey: await addressKey(`teams-id:${member.id}`),
      ...(address ? { addressKey: await addressKey(address) } : {}),
    };
  }

  /** Reads the team's members from Teams into the roster; a failure is logged, not fatal. */
  private async refreshRoster(context: TurnContext, turn: Turn, teamId: string): Promise<void> {
    const { roster, teams } = this.deps;
    if (!roster || !teams.members || !this.deps.addressKey) return;
    try {
      const members = await teams.members(context, teamId);
      const entries = [];
      for (const m of members) {
        const e = await this.entry(m);
        if (e) entries.push(e);
      }
      await roster.replace(teamId, entries, this.deps.now().toISOString());
      turn.log.info({ teamId, members: entries.length }, 'team roster recorded');
    } catch (error) {
      turn.log.warn({ err: error, teamId }, 'could not read the team members');
    }
  }

  /** People other than the bot joined or left the team: the roster follows. */
  async membersChanged(
    context: TurnContext,
    change: 'joined' | 'left',
    members: readonly { id: string }[],
  ): Promise<void> {
    const teamId = channelData(context.activity).team?.id;
    const { roster, teams } = this.deps;
    if (!teamId || members.length === 0 || !roster || !this.deps.addressKey) return;
    const turn = await this.turns.start(context);
    try {
      if (change === 'left') {
        const keys = [];
        for (const m of members) keys.push((await this.entry({ id: m.id }))?.memberKey ?? '');
        await roster.remove(teamId, keys.filter(Boolean));
      } else {
        const entries = [];
        for (const m of members) {
          const facts = teams.whoIs ? await teams.whoIs(context, m.id) : {};
          const e = await this.entry({
            id: m.id,
            ...(facts.address ? { address: facts.address } : {}),
          });
          if (e) entries.push(e);
        }
        await roster.add(teamId, entries, this.deps.now().toISOString());
      }
      turn.log.info({ teamId, change, count: members.length }, 'team roster changed');
    } catch (error) {
      turn.log.warn({ err: error, teamId }, 'could not record the team member change');
    }
  }

  /** The app was removed from the activity's conversation. */
  async removed(context: TurnContext): Promise<void> {
    await this.markGone(context, conversationKeyOf(context.activity));
  }

  /** The team was deleted or archived: posting there would fail. */
  async teamGone(context: TurnContext, team: { id?: string }): Promise<void> {
    if (team.id) await this.markGone(context, { kind: 'team', teamId: team.id });
  }

  async teamRenamed(context: TurnContext, team: { id?: string; name?: string }): Promise<void> {
    if (team.id && team.name) await this.changeTeam(context, team.id, { teamName: team.name });
  }

  /** One handler for every channel event: the table says what it does to the channel list. */
  async channelChanged(
    context: TurnContext,
    change: ChannelChange,
    channel: { id?: string; name?: string },
    team: { id?: string },
  ): Promise<void> {
    if (!channel.id || !team.id) return;
    const changed = channelOf(channel.id, channel.name);
    await this.changeTeam(context, team.id, {
      channels: (list) => CHANNEL_LIST_CHANGES[change](list, changed),
    });
  }

  private async markGone(context: TurnContext, key: ConversationKey): Promise<void> {
    const turn = await this.turns.start(context);
    const known = await this.deps.installations.markGone(key, this.deps.now().toISOString());
    turn.log.info({ kind: key.kind, known }, 'installation gone');
  }

  private async changeTeam(context: TurnContext, teamId: string, change: TeamChange) {
    const turn = await this.turns.start(context);
    await this.deps.installations.updateTeam(teamId, change, this.deps.now().toISOString());
    turn.log.info({ teamId, renamed: change.teamName !== undefined }, 'team changed');
  }
}
