/**
 * `POST /api/messages`: the Bot Framework endpoint. The body must be an activity; the bot
 * (a port, built in `teams/`) authenticates it and runs the turn with the request's id as the
 * turn id, so log lines and error references match. A refused token is a 401 in the app's
 * error shape.
 */
import type { Request, Response, Server } from 'restify';
import { requestContext } from './context';
import { ApiError, unauthorized } from './errors';
import { handle } from './handler';
import type { RouteModule } from './server';

/** The least the route checks before the adapter sees the body. */
export interface InboundActivity {
  readonly type: string;
  readonly conversation: { readonly id: string; readonly tenantId?: unknown };
  readonly channelData?: { readonly tenant?: { readonly id?: unknown } };
}

/** The tenant an activity comes from (Teams puts it in channelData and in the conversation). */
export function activityTenant(activity: InboundActivity): string | undefined {
  const id = activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : undefined;
}

export interface BotRouteOptions {
  /** Tenants whose activities are accepted; empty = any (a plain local run without Teams). */
  readonly tenants?: readonly string[];
}

/** The channel's token was missing, expired or not for this bot. */
export class BotAuthenticationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BotAuthenticationError';
  }
}

/** One turn of the bot: what an invoke answers, or nothing for an ordinary activity. */
export interface BotTurns {
  /** Throws BotAuthenticationError when the request's token is refused. */
  run(
    authorization: string,
    activity: InboundActivity,
    turnId: string,
  ): Promise<{ readonly status: number; readonly body?: unknown } | undefined>;
}

function isActivity(body: unknown): body is InboundActivity {
  if (!body || typeof body !== 'object') return false;
  const a = body as { type?: unknown; conversation?: { id?: unknown } };
  return typeof a.type === 'string' && a.type !== '' && typeof a.conversation?.id === 'string';
}

export function botRoute(turns: BotTurns, options: BotRouteOptions = {}): RouteModule {
  const tenants = new Set((options.tenants ?? []).map((t) => t.toLowerCase()));
  return (server: Server) => {
    server.post(
      '/api/messages',
      handle(async (req: Request, res: Response) => {
        const ctx = requestContext(req);
        const body: unknown = req.body;
        if (!isActivity(body)) throw new ApiError(400, 'bad_activity', 'error.validation');
        if (tenants.size > 0) {
          const tenant = activityTenant(body);
          if (!tenant || !tenants.has(tenant)) {
            ctx.log.warn({ reason: tenant ? 'tenant' : 'no_tenant' }, 'bot request refused');
            throw new ApiError(403, 'forbidden', 'error.forbidden');
          }
        }
        let invoke;
        try {
          invoke = await turns.run(req.header('authorization') ?? '', body, ctx.id);
        } catch (error) {
          if (error instanceof BotAuthenticationError) {
            ctx.log.warn({ reason: error.reason }, 'bot request refused');
            throw unauthorized();
          }
          throw error;
        }
        if (invoke?.body !== undefined) res.send(invoke.status, invoke.body);
        else res.send(invoke?.status ?? 200);
      }),
    );
  };
}
