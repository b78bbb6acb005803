/**
 * The invitation card of an evening as Teams shows it: the shared card for the channel (its post
 * and its updates go through the outbox; the delivery renderer asks for the card here) and each
 * person's own view after an answer.
 *
 * Per-person views follow Universal Actions: a team of at most 60 members is listed in the
 * card's `refresh.userIds`, so every client fetches its own view; in a larger team the 60 who
 * answered last are listed and everyone else has the "show my answer" button.
 */
import {
  TeamsInfo,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { invitationCard, MAX_REFRESH_USERS, type InvitationCard } from '../cards/invitation';
import type { Evening } from '@yhdistysyhteistyo/contract/events/model';
import type { Rsvp, RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import type { Logger } from '../log';

export interface RefreshPolicy {
  readonly userIds: readonly string[];
  readonly manual: boolean;
}

export interface InvitationCardsDeps {
  readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The bot's app id; empty when running anonymously (local, playground). */
  readonly botAppId: string;
  readonly rsvps: {
    list(eventId: string): Promise<readonly Rsvp[]>;
    counts(eventId: string): Promise<RsvpCounts>;
  };
  /** A signed .ics link for the card's "add to calendar". */
  readonly icsUrl: (eventId: string) => Promise<string>;
  /** The team's language for the shared card. */
  readonly locale: Locale;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  readonly now?: () => Date;
  /** Members of the conversation, at most `limit + 1` of them (to tell "more than limit"). */
  readonly members?: (context: TurnContext, limit: number) => Promise<readonly string[]>;
}

/** Up to `limit + 1` member ids through the paged roster: enough to know whether it is > limit. */
async function rosterIds(context: TurnContext, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, Math.min(500, limit + 1), token);
    for (const m of page.members) if (m.id) ids.push(m.id);
    token = page.continuationToken;
  } while (token && ids.length <= limit);
  return ids.slice(0, limit + 1);
}

export class TeamsInvitationCards {
  private readonly policies = new Map<string, RefreshPolicy>();
  private readonly now: () => Date;

  constructor(private readonly deps: InvitationCardsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private async policy(
    event: Evening,
    memberIds: readonly string[] | undefined,
  ): Promise<RefreshPolicy> {
    if (memberIds && memberIds.length <= MAX_REFRESH_USERS) {
      return { userIds: memberIds, manual: false };
    }
    // A big team (or an unknown roster): those who answered last see their own view by itself.
    const answered = [...(await this.deps.rsvps.list(event.id))]
      .filter((r) => r.teamsId)
      .sort((a, b) => b.answeredAt.localeCompare(a.answeredAt))
      .map((r) => r.teamsId as string);
    return { userIds: [...new Set(answered)].slice(0, MAX_REFRESH_USERS), manual: true };
  }

  private async members(context: TurnContext): Promise<readonly string[] | undefined> {
    try {
      return await (this.deps.members ?? rosterIds)(context, MAX_REFRESH_USERS);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'roster not available; per-person views by button');
      return undefined;
    }
  }

  /** The card as everyone sees it in the channel. */
  async sharedCard(
    event: Evening,
    counts: RsvpCounts,
    policy: RefreshPolicy,
  ): Promise<InvitationCard> {
    return invitationCard(
      {
        event,
        counts,
        now: this.now(),
        icsUrl: await this.deps.icsUrl(event.id),
        refreshUserIds: policy.userIds,
        manualRefresh: policy.manual,
      },
      this.deps.locale,
    );
  }

  /** One person's view: the shared card plus their answer and, after an answer, a notice. */
  async personalCard(
    event: Evening,
    counts: RsvpCounts,
    mine: Rsvp | undefined,
    locale: Locale,
    notice?: { text: string; good: boolean },
  ): Promise<InvitationCard> {
    const policy = this.policies.get(event.id) ?? (await this.policy(event, undefined));
    return invitationCard(
      {
        event,
        counts,
        now: this.now(),
        icsUrl: await this.deps.icsUrl(event.id),
        personal: mine ? { mine } : {},
        refreshUserIds: policy.userIds,
        manualRefresh: policy.manual,
        ...(notice ? { notice } : {}),
      },
      locale,
    );
  }

  /**
   * The shared card for the channel as it is now, for the outbox's post or update: the roster is
   * read in a proactive turn of the channel (for `refresh.userIds`), the counts from the store.
   */
  async channelCard(
    event: Evening,
    conversation: { readonly reference: Readonly<Record<string, unknown>> },
  ): Promise<InvitationCard> {
    let members: readonly string[] | undefined;
    if (event.state !== 'cancelled') {
      await this.inTurn(conversation.reference, async (c) => {
        members = await this.members(c);
      });
    }
    const policy = await this.policy(event, members);
    this.policies.set(event.id, policy);
    return this.sharedCard(event, await this.deps.rsvps.counts(event.id), policy);
  }

  /**
   * A proactive turn whose failure reaches the caller: botbuilder would hand an error thrown
   * inside the turn to the adapter's onTurnError, and the caller would think it went well.
   */
  private async inTurn(
    reference: Partial<ConversationReference>,
    work: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: Error | undefined;
    await this.deps.adapter.continueConversationAsync(
      this.deps.botAppId,
      reference,
      async (context) => {
        try {
          await work(context);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
        }
      },
    );
    if (failure !== undefined) throw failure;
  }
}
