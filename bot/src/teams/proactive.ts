/**
 * Posts to a team's chosen channel outside a turn (proactively), using the reference kept at
 * install. A team that is not installed (or gone) gets nothing; when Teams says the bot is no
 * longer in the conversation (403 BotNotInConversationRoster, 404 ConversationNotFound) the
 * installation is marked gone, so nothing is tried there again until a new install.
 */
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { InstallationStore, PostTarget } from '../domain/installations';
import type { Logger } from '../log';

export type PostResult =
  | { readonly ok: true; readonly target: PostTarget; readonly activityId?: string }
  | {
      readonly ok: false;
      readonly reason: 'notInstalled' | 'gone' | 'failed';
      readonly status?: number;
      readonly code?: string;
    };

/** Teams' answers that mean the conversation is lost for good. */
const GONE = new Set(['BotNotInConversationRoster', 'ConversationNotFound']);

/** The HTTP status and Teams error code of a failed connector call, when it has them. */
export function connectorError(error: unknown): { status?: number; code?: string } {
  if (!error || typeof error !== 'object') return {};
  const e = error as { statusCode?: unknown; body?: unknown; code?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  let body: unknown = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const inner = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  const code = typeof inner === 'string' ? inner : typeof e.code === 'string' ? e.code : undefined;
  return { ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}) };
}

/**
 * Makes what the turn sends a new post rather than a reply: botbuilder would reply to the
 * activity that started the turn (the continuation event of a proactive turn, an install event),
 * and in a channel a reply lands inside someone else's thread, or nowhere.
 */
export function asNewPost(context: TurnContext): void {
  context.onSendActivities(async (_context, activities, next) => {
    for (const a of activities) delete a.replyToId;
    return next();
  });
}

export class TeamPublisher {
  constructor(
    private readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>,
    /** The bot's app id; empty when running anonymously. */
    private readonly botAppId: string,
    private readonly installations: Pick<InstallationStore, 'postTarget' | 'markGone'>,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async postToTeam(teamId: string, activity: Partial<Activity>): Promise<PostResult> {
    const target = await this.installations.postTarget(teamId);
    if (!target) return { ok: false, reason: 'notInstalled' };
    let activityId: string | undefined;
    // Errors inside the turn would go to the adapter's onTurnError and be lost to the caller:
    // catch the send's own failure here.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(
        this.botAppId,
        target.reference as Partial<ConversationReference>,
        async (context) => {
          asNewPost(context);
          try {
            activityId = (await context.sendActivity(activity))?.id;
          } catch (error) {
            failure = error;
          }
        },
      );
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      const { status, code } = connectorError(failure);
      if ((status === 403 || status === 404) && code && GONE.has(code)) {
        await this.installations.markGone({ kind: 'team', teamId }, this.now().toISOString());
        this.log.warn({ teamId, status, code }, 'team conversation gone; marked gone');
        return { ok: false, reason: 'gone', status, code };
      }
      this.log.error({ err: failure, teamId, status, code }, 'post to team failed');
      return {
        ok: false,
        reason: 'failed',
        ...(status !== undefined ? { status } : {}),
        ...(code ? { code } : {}),
      };
    }
    return { ok: true, target, ...(activityId ? { activityId } : {}) };
  }
}
