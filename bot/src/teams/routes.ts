/**
 * `POST /api/messages`: the Bot Framework endpoint. The body must be an activity; the adapter
 * authenticates it (401 in the app's error shape when the token is missing or wrong) and runs
 * the turn with the request's id as the turn id, so log lines and error references match.
 */
import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { requestContext } from '../http/context';
import { ApiError, unauthorized } from '../http/errors';
import { handle } from '../http/handler';
import type { RouteModule } from '../http/server';
import { isAuthenticationFailure, type BotAdapter } from './adapter';
import { TURN_ID, type AssociationBot } from './bot';

function isActivity(body: unknown): body is Activity {
  if (!body || typeof body !== 'object') return false;
  const a = body as { type?: unknown; conversation?: { id?: unknown } };
  return typeof a.type === 'string' && a.type !== '' && typeof a.conversation?.id === 'string';
}

export function botRoutes(
  adapter: Pick<BotAdapter, 'runActivity'>,
  bot: AssociationBot,
): RouteModule {
  return (server: Server) => {
    server.post(
      '/api/messages',
      handle(async (req: Request, res: Response) => {
        const ctx = requestContext(req);
        const body: unknown = req.body;
        if (!isActivity(body)) throw new ApiError(400, 'bad_activity', 'error.validation');
        const auth = req.header('authorization') ?? '';
        let invoke;
        try {
          invoke = await adapter.runActivity(auth, body, async (context) => {
            context.turnState.set(TURN_ID, ctx.id);
            await bot.run(context);
          });
        } catch (error) {
          if (isAuthenticationFailure(error)) {
            ctx.log.warn(
              { reason: error instanceof Error ? error.message : 'unknown' },
              'bot request refused',
            );
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
