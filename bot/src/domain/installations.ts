/**
 * Where the bot lives: the teams, channels, personal chats and group chats it is installed in,
 * and the Bot Framework conversation reference needed to post to each one later.
 *
 * Rules: an uninstall or removal marks the conversation `gone` and nothing is posted to a gone
 * conversation ever again (a new install makes it active again). A team's posts go to its chosen
 * channel, General (whose id is the team id) until someone chooses another.
 */

export const CONVERSATION_KINDS = ['team', 'channel', 'personal', 'groupChat'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export type InstallationState = 'active' | 'gone';

/**
 * The parts of a Bot Framework `ConversationReference` that posting needs. Structurally the
 * same JSON botbuilder produces, so a stored one goes back to `continueConversationAsync` as is.
 */
export interface ConversationRef {
  readonly activityId?: string;
  readonly user?: { readonly id: string; readonly name?: string; readonly aadObjectId?: string };
  readonly bot: { readonly id: string; readonly name?: string };
  readonly conversation: {
    readonly id: string;
    readonly conversationType?: string;
    readonly tenantId?: string;
    readonly isGroup?: boolean;
    readonly name?: string;
  };
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly locale?: string;
}

export interface ChannelInfo {
  readonly id: string;
  /** Teams gives no name for General; the card says "General" in the reader's language. */
  readonly name?: string;
}

/** Who did something, by Teams id and Entra object id; no names or e-mail in this record. */
export interface Actor {
  readonly id: string;
  readonly aadObjectId?: string;
}

/**
 * Which conversation: a team (its id = its General channel's id), one of its channels, a
 * personal chat or a group chat. Channel ids never carry the `;messageid=` thread suffix.
 */
export type ConversationKey =
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'channel'; readonly teamId: string; readonly channelId: string }
  | { readonly kind: 'personal' | 'groupChat'; readonly conversationId: string };

export interface Installation {
  readonly key: ConversationKey;
  readonly state: InstallationState;
  readonly reference: ConversationRef;
  readonly tenantId?: string;
  /** Team name (team and channel rows). */
  readonly teamName?: string;
  /** Channel name (channel rows). */
  readonly channelName?: string;
  /** The team's channels, General included (team rows). */
  readonly channels?: readonly ChannelInfo[];
  /** The team's chosen channel for posts (team rows); absent = General. */
  readonly postChannelId?: string;
  readonly installedBy?: Actor;
  readonly installedAt?: string;
  /** The user's Entra object id (personal rows), to find a person's chat. */
  readonly userAadObjectId?: string;
  /** Personal rows: Teams said the user is a guest (true) or a member (false); absent: not told. */
  readonly guest?: boolean;
  /**
   * Personal rows: a keyed hash of the address Teams told for the user (never the address), to
   * match the register's roles and associations' contact persons for survey audiences.
   */
  readonly addressKey?: string;
  /** True once the welcome card of the current install was sent. */
  readonly welcomed: boolean;
  readonly updatedAt: string;
}

export interface InstallInput {
  readonly key: ConversationKey;
  readonly reference: ConversationRef;
  readonly tenantId?: string;
  readonly teamName?: string;
  readonly channelName?: string;
  readonly installedBy?: Actor;
  readonly userAadObjectId?: string;
  readonly guest?: boolean;
  readonly addressKey?: string;
  readonly at: string;
}

export interface TeamChange {
  readonly teamName?: string;
  readonly channels?:
    readonly ChannelInfo[] | ((current: readonly ChannelInfo[]) => readonly ChannelInfo[]);
}

/** Where and how to post for a team: its chosen channel, with a reference that targets it. */
export interface PostTarget {
  readonly teamId: string;
  readonly teamName?: string;
  readonly channelId: string;
  readonly channelName?: string;
  readonly reference: ConversationRef;
}

/** The store of installations (Azure Tables in production). */
export interface InstallationStore {
  /**
   * Records that the bot is installed in the conversation (idempotent). `activated` is true only
   * for the call that moved it from unknown or gone to active.
   */
  activate(input: InstallInput): Promise<{ readonly activated: boolean }>;
  /**
   * Claims the welcome of the current install: true for exactly one caller per install, so two
   * events about the same install (installationUpdate and conversationUpdate) greet once.
   */
  claimWelcome(key: ConversationKey): Promise<boolean>;
  /** Marks the conversation gone (a team: with all its channels). False if it was not known. */
  markGone(key: ConversationKey, at: string): Promise<boolean>;
  get(key: ConversationKey): Promise<Installation | undefined>;
  /**
   * Changes the team's name and/or channel list (rename, channel created/renamed/deleted). A
   * function for `channels` gets the list as stored at the moment of the write.
   */
  updateTeam(teamId: string, change: TeamChange, at: string): Promise<void>;
  /** Chooses the team's post channel; the channel must be one of the team's active channels. */
  setPostChannel(teamId: string, channelId: string, by: Actor, at: string): Promise<void>;
  /** The team's post target, or undefined when the team is not installed (or gone). */
  postTarget(teamId: string): Promise<PostTarget | undefined>;
  /** Every active installation, optionally of one kind. */
  listActive(kind?: ConversationKind): Promise<Installation[]>;
}

/** The conversation id Teams uses for a key: a channel's or team's id, or the chat's id. */
export function conversationIdOf(key: ConversationKey): string {
  switch (key.kind) {
    case 'team':
      return key.teamId;
    case 'channel':
      return key.channelId;
    default:
      return key.conversationId;
  }
}

/** A channel conversation id without the `;messageid=…` thread suffix Teams adds to replies. */
export function baseConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}

/** The key for a channel of a team; General (channel id = team id) is the team itself. */
export function channelKey(teamId: string, channelId: string): ConversationKey {
  const id = baseConversationId(channelId);
  return id === teamId ? { kind: 'team', teamId } : { kind: 'channel', teamId, channelId: id };
}

/** The same reference pointed at another channel of the team, for a new post there. */
export function referenceForChannel(team: ConversationRef, channelId: string): ConversationRef {
  // No activityId: a reference without one makes a new post instead of a reply in a thread.
  return {
    bot: team.bot,
    channelId: team.channelId,
    serviceUrl: team.serviceUrl,
    ...(team.user ? { user: team.user } : {}),
    ...(team.locale ? { locale: team.locale } : {}),
    conversation: { ...team.conversation, id: channelId },
  };
}
