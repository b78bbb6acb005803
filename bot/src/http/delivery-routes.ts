/**
 * The coordinator's view of scheduled posts. Coordinators only.
 *
 *   GET /api/v1/deliveries?from=YYYY-MM-DD&to=YYYY-MM-DD[&state=failed]
 *       → { paused, pausedBy?, pausedAt?, items: DeliveryView[] }
 *       Rows of the outbox due in the period (Helsinki dates, `to` inclusive), and the posts that
 *       will become due later in it (`upcoming: true`, state `waiting`), oldest first.
 *   POST /api/v1/deliveries/:id/retry  → 202 DeliveryView   (a sent, failed or skipped post again)
 *   PUT  /api/v1/deliveries/pause  { paused: boolean } → { paused, pausedBy?, pausedAt? }
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isLocalDate, localToUtc } from '@yhdistysyhteistyo/contract/time';
import type {
  DeliveryState,
  DeliveryStateStore,
  DueItem,
  OutboxRow,
  OutboxState,
  OutboxStore,
} from '../delivery/ports';
import { OUTBOX_STATES } from '../delivery/ports';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { requestContext } from './context';
import { ApiError } from './errors';
import type { RouteModule } from './server';
import { secured, type AuthDeps, type UserContext } from './user-context';

export interface DeliveryRoutesDeps extends AuthDeps {
  readonly outbox: Pick<OutboxStore, 'list' | 'get' | 'resend'>;
  readonly state: Pick<DeliveryStateStore, 'read' | 'setPaused'>;
  /** Posts that become due in (now, to]: not in the outbox yet. */
  readonly upcoming: (to: Date) => Promise<readonly (DueItem & { readonly id: string })[]>;
  /** Tells the running engine to look at the outbox now (resend, resume). */
  readonly wake: () => void;
  readonly clock: () => Date;
  /** For the "more than N hours ago" reason text. */
  readonly staleHours: number;
}

export interface DeliveryView {
  readonly id: string;
  readonly kind: string;
  readonly kindText: string;
  readonly postId: string;
  readonly occurrence: string;
  readonly target: { readonly kind: 'channel' | 'personal'; readonly personId?: string };
  readonly targetText: string;
  readonly dueAt: string;
  readonly state: OutboxState;
  readonly stateText: string;
  readonly upcoming: boolean;
  readonly attempts: number;
  readonly conversationId?: string;
  readonly sentAt?: string;
  readonly activityId?: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly reason?: string;
  /** Why in plain words, for failed and skipped posts and a waiting retry. */
  readonly reasonText?: string;
  readonly notBefore?: string;
  readonly resendOf?: string;
  readonly resends: number;
}

const MAX_DAYS = 92;
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'delivery.error.range')
  .refine((v) => isLocalDate(v), 'delivery.error.range');

const listQuery = z
  .object({
    from: date.optional(),
    to: date.optional(),
    state: z.enum(OUTBOX_STATES, { error: 'delivery.error.state' }).optional(),
  })
  .strict();

const pauseBody = z.object({ paused: z.boolean({ error: 'delivery.error.paused' }) }).strict();

function requireCoordinator(user: UserContext): void {
  if (!user.roles.coordinator)
    throw new ApiError(403, 'forbidden', 'delivery.error.notCoordinator');
}

/** A Helsinki calendar date ± days, `YYYY-MM-DD`. */
function helsinkiDate(at: Date, plusDays = 0): string {
  const shifted = new Date(at.getTime() + plusDays * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(shifted);
}

function view(
  row: OutboxRow | (DueItem & { id: string }),
  locale: Locale,
  staleHours: number,
): DeliveryView {
  const stored = 'etag' in row ? row : undefined;
  const reason = row.reason;
  const reasonText =
    reason === undefined
      ? undefined
      : t(locale, `delivery.reason.${reason}`, {
          hours: staleHours,
          bytes: stored?.cardBytes ?? '?',
        });
  const state: OutboxState = stored
    ? stored.state
    : row.state === 'skipped'
      ? 'skipped'
      : 'waiting';
  return {
    id: row.id,
    kind: row.kind,
    kindText: t(locale, `delivery.kind.${row.kind}`),
    postId: row.postId,
    occurrence: row.occurrence,
    target: row.target,
    targetText: t(locale, `delivery.target.${row.target.kind}`),
    dueAt: row.dueAt,
    state,
    stateText: t(locale, `delivery.state.${state}`),
    upcoming: stored === undefined,
    attempts: stored?.attempts ?? 0,
    resends: stored?.resends ?? 0,
    ...(stored?.conversationId ? { conversationId: stored.conversationId } : {}),
    ...(stored?.sentAt ? { sentAt: stored.sentAt } : {}),
    ...(stored?.activityId ? { activityId: stored.activityId } : {}),
    ...(stored?.httpStatus !== undefined ? { httpStatus: stored.httpStatus } : {}),
    ...(stored?.errorCode ? { errorCode: stored.errorCode } : {}),
    ...(stored?.notBefore ? { notBefore: stored.notBefore } : {}),
    ...(stored?.resendOf ? { resendOf: stored.resendOf } : {}),
    ...(reason ? { reason, reasonText } : {}),
  };
}

function pauseView(state: DeliveryState) {
  return {
    paused: state.paused,
    ...(state.pausedBy ? { pausedBy: state.pausedBy } : {}),
    ...(state.pausedAt ? { pausedAt: state.pausedAt } : {}),
  };
}

export function deliveryRoutes(deps: DeliveryRoutesDeps): RouteModule {
  return (server: Server) => {
    server.get(
      '/api/v1/deliveries',
      secured(deps, async (req: Request, res: Response, user) => {
        requireCoordinator(user);
        const { locale } = requestContext(req);
        const query = listQuery.parse(req.query ?? {});
        const now = deps.clock();
        const fromDate = query.from ?? helsinkiDate(now, -7);
        const toDate = query.to ?? helsinkiDate(now, 7);
        const from = localToUtc(`${fromDate}T00:00`);
        const to = new Date(Date.parse(localToUtc(`${toDate}T00:00`)) + 86_400_000).toISOString();
        const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
        if (!(days >= 1 && days <= MAX_DAYS + 1)) {
          throw new ApiError(
            400,
            'validation',
            'delivery.error.range',
            {},
            { from: 'delivery.error.range' },
          );
        }
        const [rows, state] = await Promise.all([
          deps.outbox.list({ from, to, ...(query.state ? { states: [query.state] } : {}) }),
          deps.state.read(),
        ]);
        const items: DeliveryView[] = rows.map((r) => view(r, locale, deps.staleHours));
        if (
          (query.state === undefined || query.state === 'waiting') &&
          Date.parse(to) > now.getTime()
        ) {
          const known = new Set(items.map((i) => i.id));
          for (const due of await deps.upcoming(new Date(to))) {
            if (due.dueAt >= from && !known.has(due.id))
              items.push(view(due, locale, deps.staleHours));
          }
        }
        items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
        res.send(200, { ...pauseView(state), items });
      }),
    );

    server.post(
      '/api/v1/deliveries/:id/retry',
      secured(deps, async (req: Request, res: Response, user) => {
        requireCoordinator(user);
        const { locale, log } = requestContext(req);
        const raw = (req.params as Record<string, unknown>).id;
        const id = typeof raw === 'string' ? raw : '';
        const row = await deps.outbox.get(id);
        if (!row) throw new ApiError(404, 'not_found', 'delivery.error.notFound');
        if (row.state !== 'failed' && row.state !== 'skipped' && row.state !== 'sent') {
          throw new ApiError(409, 'not_retryable', 'delivery.error.notRetryable');
        }
        const fresh = await deps.outbox.resend(row, deps.clock().toISOString());
        if (!fresh) throw new ApiError(409, 'conflict', 'delivery.error.changed');
        log.info(
          { row: row.id, resend: fresh.id, by: user.identity.oid },
          'post sent again by hand',
        );
        deps.wake();
        res.send(202, view(fresh, locale, deps.staleHours));
      }),
    );

    server.put(
      '/api/v1/deliveries/pause',
      secured(deps, async (req: Request, res: Response, user) => {
        requireCoordinator(user);
        const { log } = requestContext(req);
        const { paused } = pauseBody.parse(req.body ?? {});
        const state = await deps.state.setPaused(
          paused,
          user.identity.upn,
          deps.clock().toISOString(),
        );
        log.info({ paused, by: user.identity.oid }, paused ? 'posts paused' : 'posts resumed');
        deps.wake();
        res.send(200, pauseView(state));
      }),
    );
  };
}
