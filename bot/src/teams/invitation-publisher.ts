/**
 * Publishing evenings in Teams: posts the invitation card to the team's chosen channel, keeps
 * the posted card up to date in place (counts after answers, changes, cancelling) and posts a
 * short notice in the card's thread when the evening changes.
 *
 * Per-person views follow Universal Actions: a team of at most 60 members is listed in the
 * card's `refresh.userIds`, so every client fetches its own view; in a larger team the 60 who
 * answered last are listed and everyone else has the "show my answer" button.
 *
 * Answers can come in bursts; updates of one card are coalesced (one in flight, the latest
 * waiting), so a burst of answers costs a few updates, not one each, and stays inside Teams'
 * per-thread rate. A 429 is retried after its Retry-After; anything else is thrown to the
 * caller, which logs it and reports the card as not updated.
 */
import {
  TeamsInfo,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import {
  changeNoticeText,
  invitationCard,
  MAX_REFRESH_USERS,
  type InvitationCard,
} from '../cards/invitation';
import { CARD_CONTENT_TYPE } from '../cards/common';
import type { Evening, Posting } from '@yhdistysyhteistyo/contract/events/model';
import type { Rsvp, RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import {
  NoChannelError,
  type ChangeNotice,
  type InvitationPublisher,
} from '../domain/events-service';
import type { ConversationRef, InstallationStore } from '../domain/installations';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import type { Logger } from '../log';
import { asNewPost } from './proactive';

export interface RefreshPolicy {
  readonly userIds: readonly string[];
  readonly manual: boolean;
}

export interface InvitationPublisherDeps {
  readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The bot's app id; empty when running anonymously (local, playground). */
  readonly botAppId: string;
  readonly installations: Pick<InstallationStore, 'listActive' | 'postTarget'>;
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
  /** Longest wait for a Retry-After before giving up, ms. */
  readonly maxRetryWaitMs?: number;
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

interface UpdateTask {
  event: Evening;
  counts: RsvpCounts;
  readonly notice: ChangeNotice;
  readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}
interface UpdateQueue {
  running: boolean;
  readonly tasks: UpdateTask[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TeamsInvitationPublisher implements InvitationPublisher {
  private readonly policies = new Map<string, RefreshPolicy>();
  private readonly queues = new Map<string, UpdateQueue>();
  private readonly now: () => Date;

  constructor(private readonly deps: InvitationPublisherDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Where the invitation goes: the evening's own channel, in whichever team the app is in has it;
   * else the chosen channel of the (first) team.
   */
  private async target(
    event: Evening,
  ): Promise<{ reference: ConversationRef; conversationId: string }> {
    const teams = await this.deps.installations.listActive('team');
    const wanted = event.channelId;
    const owner = wanted
      ? teams.find(
          (t) =>
            t.key.kind === 'team' &&
            (t.key.teamId === wanted || (t.channels ?? []).some((c) => c.id === wanted)),
        )
      : undefined;
    const team = owner ?? teams[0];
    if (!team || team.key.kind !== 'team') throw new NoChannelError();
    if (!owner && teams.length > 1) {
      this.deps.log.warn(
        { teams: teams.length },
        'installed in several teams and the evening names no channel of them; posting to the first',
      );
    }
    const target = await this.deps.installations.postTarget(team.key.teamId);
    if (!target) throw new NoChannelError();
    const channelId = owner && wanted ? wanted : target.channelId;
    return {
      reference: {
        ...target.reference,
        conversation: { ...target.reference.conversation, id: channelId },
      },
      conversationId: channelId,
    };
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

  async post(event: Evening, counts: RsvpCounts): Promise<Posting> {
    const { reference, conversationId } = await this.target(event);
    let activityId: string | undefined;
    await this.inTurn(reference as Partial<ConversationReference>, async (context) => {
      // A new message in the channel, not a reply to the turn's continuation event.
      asNewPost(context);
      const policy = await this.policy(event, await this.members(context));
      this.policies.set(event.id, policy);
      const card = await this.sharedCard(event, counts, policy);
      activityId = (
        await context.sendActivity({
          type: 'message',
          attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
        })
      )?.id;
    });
    if (!activityId) throw new Error('Teams gave no activity id for the invitation');
    this.deps.log.info({ eventId: event.id, conversationId }, 'invitation posted');
    return { conversationId, activityId, postedAt: this.now().toISOString() };
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

  /**
   * Brings the posted card up to date. Updates of one evening run one at a time; count-only
   * updates waiting in line merge into one with the newest state.
   */
  update(event: Evening, counts: RsvpCounts, notice: ChangeNotice): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let queue = this.queues.get(event.id);
      if (!queue) {
        queue = { running: false, tasks: [] };
        this.queues.set(event.id, queue);
      }
      const last = queue.tasks.at(-1);
      if (notice === 'none' && last?.notice === 'none') {
        last.event = event;
        last.counts = counts;
        last.waiters.push({ resolve, reject });
      } else {
        queue.tasks.push({ event, counts, notice, waiters: [{ resolve, reject }] });
      }
      if (!queue.running) void this.pump(event.id, queue);
    });
  }

  private async pump(eventId: string, queue: UpdateQueue): Promise<void> {
    queue.running = true;
    for (let task = queue.tasks.shift(); task; task = queue.tasks.shift()) {
      try {
        await this.updateNow(task.event, task.counts, task.notice);
        for (const w of task.waiters) w.resolve();
      } catch (error) {
        for (const w of task.waiters) w.reject(error);
      }
    }
    queue.running = false;
    this.queues.delete(eventId);
  }

  private async updateNow(event: Evening, hint: RsvpCounts, notice: ChangeNotice): Promise<void> {
    const posting = event.posting;
    if (!posting) return;
    // Read now, not when the update was asked for: merged updates show the newest counts.
    const counts = await this.deps.rsvps.counts(event.id).catch(() => hint);
    const { reference } = await this.target(event);
    const thread: Partial<ConversationReference> = {
      ...(reference as Partial<ConversationReference>),
      conversation: {
        ...reference.conversation,
        id: posting.conversationId,
      } as ConversationReference['conversation'],
      // Replies made in this turn go into the invitation's thread.
      activityId: posting.activityId,
    };
    await this.withRetry(() =>
      this.inTurn(thread, async (context) => {
        const members = event.state === 'cancelled' ? undefined : await this.members(context);
        const policy = await this.policy(event, members);
        this.policies.set(event.id, policy);
        const card = await this.sharedCard(event, counts, policy);
        await context.updateActivity({
          id: posting.activityId,
          type: 'message',
          attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
        });
      }),
    );
    if (notice === 'none') return;
    await this.withRetry(() =>
      this.inTurn(thread, async (context) => {
        // botbuilder would reply to the turn's own continuation event; this goes in the thread.
        context.onSendActivities(async (_context, activities, next) => {
          for (const a of activities) a.replyToId = posting.activityId;
          return next();
        });
        await context.sendActivity({
          type: 'message',
          text: changeNoticeText(event, notice, this.deps.locale),
        });
      }),
    );
  }

  /** Retries a call that Teams throttled (429), after its Retry-After; other errors go up. */
  private async withRetry(call: () => Promise<void>): Promise<void> {
    const maxWait = this.deps.maxRetryWaitMs ?? 10_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return;
      } catch (error) {
        const status = (error as { statusCode?: unknown } | null)?.statusCode;
        if (status !== 429 || attempt >= 4) throw error;
        const header = retryAfterMs(error);
        const wait = Math.min(maxWait, header ?? 500 * 2 ** attempt);
        this.deps.log.info({ attempt, wait }, 'card update throttled; waiting');
        await sleep(wait);
      }
    }
  }
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (
    error as { response?: { headers?: { get?: (n: string) => string | undefined } } }
  )?.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
