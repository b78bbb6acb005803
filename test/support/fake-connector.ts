/**
 * A recording fake of the Bot Connector REST API as Teams answers it, on loopback.
 *
 * It speaks what botbuilder's `ConnectorClient` calls (create conversation, send, reply,
 * update, delete, members, paged members), records every accepted activity, keeps each
 * conversation inside Teams' per-thread windows (429 + Retry-After), can hold the app to a
 * tenant-wide rate, refuses bodies over 100 KB (413), and injects faults — 429s, 5xx, 403
 * sub-codes, 404s, latency — at given rates or for given conversations. Injection draws from a
 * seeded random source so a run repeats.
 *
 * Error bodies follow the Bot Connector's shape: `{ error: { code, message } }` with Teams'
 * codes (`ConversationBlockedByUser`, `BotNotInConversationRoster`, `ConversationNotFound`,
 * `MessageSizeTooBig`, `Throttled`, …).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A sliding window: at most `limit` accepted writes within any `windowMs`. */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** Teams' documented per-thread windows for one bot: 7/1 s, 8/2 s, 60/30 s, 1800/1 h. */
export const TEAMS_THREAD_WINDOWS: readonly RateWindow[] = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1800, windowMs: 3_600_000 },
]);

/** Teams' 403 codes for proactive sends. */
export type ForbiddenCode =
  | 'ConversationBlockedByUser'
  | 'BotNotInConversationRoster'
  | 'BotDisabledByAdmin'
  | 'MessageWritesBlocked'
  | 'ForbiddenOperationException'
  | 'NotEnoughPermissions';

export type ConnectorOperation =
  | 'createConversation'
  | 'send'
  | 'reply'
  | 'update'
  | 'delete'
  | 'members'
  | 'pagedMembers'
  | 'member';

/** Operations that write to a thread (they count against the windows). */
const WRITES: ReadonlySet<ConnectorOperation> = new Set([
  'createConversation',
  'send',
  'reply',
  'update',
  'delete',
]);

export type Fault =
  /** 429 `Throttled` with `Retry-After` (seconds; default 1). */
  | { readonly kind: 'throttle'; readonly retryAfterSeconds?: number }
  /** A server-side failure: 412 `PreconditionFailed`, 500/502 `ServiceError`, 503, 504. */
  | { readonly kind: 'status'; readonly status: 412 | 500 | 502 | 503 | 504 }
  | { readonly kind: 'forbidden'; readonly code: ForbiddenCode }
  /** 404 `ConversationNotFound`. */
  | { readonly kind: 'notFound' }
  /** Answers late (then normally, unless another fault also matches). */
  | { readonly kind: 'latency'; readonly ms: number };

export interface InjectRule {
  readonly fault: Fault;
  /** Share of matching requests that get the fault, 0…1 (default 1: every one). */
  readonly rate?: number;
  /** Only these conversations (ids as the bot uses them, not URL-encoded); default all. */
  readonly conversations?: readonly string[];
  /** Only these operations; default the writes (create, send, reply, update, delete). */
  readonly operations?: readonly ConnectorOperation[];
  /** Stop after this many hits. */
  readonly times?: number;
}

export interface InjectedFault {
  readonly rule: InjectRule;
  /** How many requests this rule has hit so far. */
  readonly hits: number;
  remove(): void;
}

export interface ChannelAccount {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
  readonly userPrincipalName?: string;
  readonly email?: string;
  readonly [key: string]: unknown;
}

export interface FakeConnectorOptions {
  /** Seed of the random source that decides rate-based injections (default 1). */
  readonly seed?: number;
  /** Per-conversation windows; default Teams' four; `false` turns them off. */
  readonly threadWindows?: readonly RateWindow[] | false;
  /** An optional app-wide ceiling over all conversations, e.g. `{ limit: 50, windowMs: 1000 }`. */
  readonly tenantWindow?: RateWindow;
  /** Largest request body accepted, in bytes (default 100 KB = 102,400). */
  readonly maxBodyBytes?: number;
  /** The roster every conversation has unless `setRoster` gave it its own. */
  readonly members?: readonly ChannelAccount[];
  /** The clock for windows and records (default `Date.now`). */
  readonly now?: () => number;
}

/** An activity the fake accepted. */
export interface RecordedActivity {
  readonly operation: 'createConversation' | 'send' | 'reply' | 'update';
  readonly conversationId: string;
  /** The id the fake answered with (for update: the id that was updated). */
  readonly activityId: string;
  readonly replyToId?: string;
  /** Milliseconds since the epoch by the fake's clock. */
  readonly at: number;
  readonly bodyBytes: number;
  readonly activity: Readonly<Record<string, unknown>>;
}

/** Every request the fake answered, accepted or not. */
export interface RecordedRequest {
  readonly operation: ConnectorOperation | 'unknown';
  readonly method: string;
  readonly conversationId?: string;
  readonly status: number;
  readonly code?: string;
  readonly at: number;
  readonly retryAfterSeconds?: number;
}

export interface FakeConnector {
  /** The service URL to put in conversation references (no trailing slash). */
  readonly url: string;
  /** Accepted activities in order. */
  readonly activities: readonly RecordedActivity[];
  /** Every answered request in order. */
  readonly requests: readonly RecordedRequest[];
  /** Activities that reached the conversation (create-with-activity, send, reply; not updates). */
  deliveriesTo(conversationId: string): RecordedActivity[];
  /** Number of deliveries per conversation. */
  deliveryCounts(): Map<string, number>;
  inject(rule: InjectRule): InjectedFault;
  setRoster(conversationId: string, members: readonly ChannelAccount[]): void;
  /** Forgets records, injections, windows and rosters (the seed starts over). */
  reset(): void;
  close(): Promise<void>;
}

/** Small, fast, seeded PRNG (mulberry32); enough to make injected faults repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODES = {
  400: { code: 'BadSyntax', message: 'Incorrect conversation creation parameters' },
  404: { code: 'ConversationNotFound', message: 'Conversation not found.' },
  412: { code: 'PreconditionFailed', message: 'Precondition failed, please try again.' },
  413: { code: 'MessageSizeTooBig', message: 'Message size too large.' },
  429: { code: 'Throttled', message: 'Too many requests. Also returns when to retry after.' },
  500: { code: 'ServiceError', message: 'Service error.' },
  502: { code: 'ServiceError', message: 'Bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'Service unavailable.' },
  504: { code: 'GatewayTimeout', message: 'Gateway timeout.' },
} as const;

const FORBIDDEN_MESSAGES: Record<ForbiddenCode, string> = {
  ConversationBlockedByUser: 'User blocked the conversation with the bot.',
  BotNotInConversationRoster: 'The bot is not part of the conversation roster.',
  BotDisabledByAdmin: 'The tenant admin disabled this bot.',
  MessageWritesBlocked: 'Thread is not writable.',
  ForbiddenOperationException: 'Bot is not installed in user\u2019s personal scope.',
  NotEnoughPermissions: 'The bot does not have the permissions for this operation.',
};

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface Route {
  readonly operation: ConnectorOperation;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly memberId?: string;
}

/** Matches `/v3/conversations[/:conversationId[/activities[/:activityId]|/members[/:id]|/pagedmembers]]`. */
function route(method: string, pathname: string): Route | undefined {
  const raw = pathname.split('/').filter((s) => s !== '');
  let parts: string[];
  try {
    parts = raw.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return undefined;
  const [, , conversationId, sub, id, extra] = parts;
  if (extra !== undefined) return undefined;
  if (conversationId === undefined) {
    return method === 'POST' ? { operation: 'createConversation' } : undefined;
  }
  if (sub === 'activities') {
    if (id === undefined)
      return method === 'POST' ? { operation: 'send', conversationId } : undefined;
    if (method === 'POST') return { operation: 'reply', conversationId, activityId: id };
    if (method === 'PUT') return { operation: 'update', conversationId, activityId: id };
    if (method === 'DELETE') return { operation: 'delete', conversationId, activityId: id };
    return undefined;
  }
  if (method !== 'GET') return undefined;
  if (sub === 'members') {
    return id === undefined
      ? { operation: 'members', conversationId }
      : { operation: 'member', conversationId, memberId: id };
  }
  if (sub === 'pagedmembers' && id === undefined)
    return { operation: 'pagedMembers', conversationId };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sliding-window log of accepted writes for one key. */
class WindowLog {
  private readonly times: number[] = [];
  constructor(private readonly windows: readonly RateWindow[]) {}

  /** Seconds to wait before one more write fits every window; 0 when it fits now. */
  waitMs(now: number): number {
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = this.times.filter((t) => t > now - w.windowMs);
      if (inWindow.length >= w.limit) {
        // The write that has to leave the window before one more fits.
        const oldest = inWindow[inWindow.length - w.limit] ?? now;
        wait = Math.max(wait, oldest + w.windowMs - now);
      }
    }
    return wait;
  }

  add(now: number): void {
    this.times.push(now);
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    while (this.times.length > 0 && (this.times[0] ?? now) <= now - longest) this.times.shift();
  }
}

export async function startFakeConnector(
  options: FakeConnectorOptions = {},
): Promise<FakeConnector> {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? 100 * 1024;
  const threadWindows =
    options.threadWindows === false ? [] : (options.threadWindows ?? TEAMS_THREAD_WINDOWS);
  const defaultMembers = options.members ?? [
    {
      id: '29:fake-user-1',
      name: 'Testi Käyttäjä',
      aadObjectId: '00000000-0000-4000-8000-000000000001',
    },
  ];

  let random = seededRandom(options.seed ?? 1);
  let activities: RecordedActivity[] = [];
  let requests: RecordedRequest[] = [];
  let rules: { rule: InjectRule; hits: number; removed: boolean }[] = [];
  let threadLogs = new Map<string, WindowLog>();
  let tenantLog = options.tenantWindow ? new WindowLog([options.tenantWindow]) : undefined;
  let rosters = new Map<string, readonly ChannelAccount[]>();
  /** Activity ids per conversation, for update and delete. */
  let known = new Map<string, Set<string>>();
  let nextId = 1;

  const newActivityId = () => String(1_700_000_000_000 + nextId++);

  const threadLog = (conversationId: string): WindowLog => {
    let log = threadLogs.get(conversationId);
    if (!log) {
      log = new WindowLog(threadWindows);
      threadLogs.set(conversationId, log);
    }
    return log;
  };

  /** Runs injection rules in order; latency waits, the first failing fault wins. */
  async function injected(r: Route): Promise<HttpFailure | undefined> {
    for (const entry of rules) {
      const { rule } = entry;
      if (entry.removed) continue;
      if (rule.times !== undefined && entry.hits >= rule.times) continue;
      const ops = rule.operations ?? [...WRITES];
      if (!ops.includes(r.operation)) continue;
      if (
        rule.conversations &&
        !(r.conversationId && rule.conversations.includes(r.conversationId))
      )
        continue;
      // Draw for every candidate request so the sequence does not depend on which rules hit.
      const draw = random();
      if (draw >= (rule.rate ?? 1)) continue;
      entry.hits++;
      const f = rule.fault;
      switch (f.kind) {
        case 'latency':
          await new Promise((resolve) => setTimeout(resolve, f.ms));
          break;
        case 'throttle':
          return new HttpFailure(
            429,
            CODES[429].code,
            CODES[429].message,
            f.retryAfterSeconds ?? 1,
          );
        case 'status':
          return new HttpFailure(f.status, CODES[f.status].code, CODES[f.status].message);
        case 'forbidden':
          return new HttpFailure(403, f.code, FORBIDDEN_MESSAGES[f.code]);
        case 'notFound':
          return new HttpFailure(404, CODES[404].code, CODES[404].message);
      }
    }
    return undefined;
  }

  function checkWindows(conversationId: string | undefined, at: number): HttpFailure | undefined {
    let wait = 0;
    if (conversationId !== undefined && threadWindows.length > 0)
      wait = threadLog(conversationId).waitMs(at);
    if (tenantLog) wait = Math.max(wait, tenantLog.waitMs(at));
    if (wait <= 0) return undefined;
    return new HttpFailure(
      429,
      CODES[429].code,
      CODES[429].message,
      Math.max(1, Math.ceil(wait / 1000)),
    );
  }

  function countWrite(conversationId: string | undefined, at: number): void {
    if (conversationId !== undefined && threadWindows.length > 0) threadLog(conversationId).add(at);
    tenantLog?.add(at);
  }

  function record(entry: Omit<RecordedActivity, 'at'>, at: number): void {
    activities.push({ ...entry, at });
    let ids = known.get(entry.conversationId);
    if (!ids) {
      ids = new Set();
      known.set(entry.conversationId, ids);
    }
    ids.add(entry.activityId);
  }

  function parseActivity(body: Buffer): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpFailure(400, 'BadSyntax', 'The request body is not valid JSON.');
    }
    if (!isRecord(parsed))
      throw new HttpFailure(400, 'BadArgument', 'The request body must be an object.');
    return parsed;
  }

  function conversationIdFor(params: Record<string, unknown>): string {
    const channelData = isRecord(params.channelData) ? params.channelData : {};
    const channel = isRecord(channelData.channel) ? channelData.channel : undefined;
    if (channel && typeof channel.id === 'string') {
      // A new thread in a channel: `<channel id>;messageid=<root message id>`.
      return `${channel.id};messageid=${newActivityId()}`;
    }
    const members = Array.isArray(params.members) ? params.members : [];
    const first: unknown = members[0];
    if (
      members.length !== 1 ||
      !isRecord(first) ||
      typeof first.id !== 'string' ||
      first.id === ''
    ) {
      throw new HttpFailure(400, CODES[400].code, CODES[400].message);
    }
    // Teams gives the same personal chat for the same user.
    return `a:1${Buffer.from(first.id).toString('base64url')}`;
  }

  function roster(conversationId: string): readonly ChannelAccount[] {
    return rosters.get(conversationId) ?? defaultMembers;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const r = route(method, url.pathname);
    const body = await readBody(req);
    const at = now();
    const answer = (status: number, payload?: unknown, extra: Partial<RecordedRequest> = {}) => {
      requests.push({
        operation: r?.operation ?? 'unknown',
        method,
        conversationId: r?.conversationId,
        status,
        at,
        ...extra,
      });
      const headers: Record<string, string> = {};
      if (extra.retryAfterSeconds !== undefined)
        headers['Retry-After'] = String(extra.retryAfterSeconds);
      // No chaining on writeHead: restify, loaded in the same process, patches it to return nothing.
      if (payload === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(payload));
      }
    };
    const fail = (f: HttpFailure) =>
      answer(
        f.status,
        { error: { code: f.code, message: f.message } },
        { code: f.code, retryAfterSeconds: f.retryAfterSeconds },
      );

    if (!r) {
      fail(new HttpFailure(404, 'NotFound', `No route for ${method} ${url.pathname}.`));
      return;
    }
    try {
      if (WRITES.has(r.operation) && r.operation !== 'delete' && body.length > maxBodyBytes) {
        throw new HttpFailure(413, CODES[413].code, CODES[413].message);
      }
      const fault = await injected(r);
      if (fault) throw fault;
      const at2 = now();
      switch (r.operation) {
        case 'createConversation': {
          const params = parseActivity(body);
          const conversationId = conversationIdFor(params);
          const activity = isRecord(params.activity) ? params.activity : undefined;
          if (activity) {
            const throttled = checkWindows(conversationId, at2);
            if (throttled) throw throttled;
            countWrite(conversationId, at2);
            const activityId = newActivityId();
            record(
              {
                operation: 'createConversation',
                conversationId,
                activityId,
                bodyBytes: body.length,
                activity,
              },
              at2,
            );
            answer(201, { id: conversationId, activityId, serviceUrl: serviceUrl });
          } else {
            answer(201, { id: conversationId, serviceUrl: serviceUrl });
          }
          return;
        }
        case 'send':
        case 'reply': {
          const conversationId = r.conversationId ?? '';
          const activity = parseActivity(body);
          if (typeof activity.type !== 'string')
            throw new HttpFailure(400, 'BadArgument', 'Activity type is required.');
          const throttled = checkWindows(conversationId, at2);
          if (throttled) throw throttled;
          countWrite(conversationId, at2);
          const activityId = newActivityId();
          record(
            {
              operation: r.operation,
              conversationId,
              activityId,
              replyToId: r.operation === 'reply' ? r.activityId : undefined,
              bodyBytes: body.length,
              activity,
            },
            at2,
          );
          answer(r.operation === 'send' ? 201 : 200, { id: activityId });
          return;
        }
        case 'update': {
          const conversationId = r.conversationId ?? '';
          const activityId = r.activityId ?? '';
          const activity = parseActivity(body);
          if (!known.get(conversationId)?.has(activityId)) {
            throw new HttpFailure(
              404,
              'ActivityNotFoundInConversation',
              'Activity not found in conversation.',
            );
          }
          const throttled = checkWindows(conversationId, at2);
          if (throttled) throw throttled;
          countWrite(conversationId, at2);
          record(
            { operation: 'update', conversationId, activityId, bodyBytes: body.length, activity },
            at2,
          );
          answer(200, { id: activityId });
          return;
        }
        case 'delete': {
          const conversationId = r.conversationId ?? '';
          const activityId = r.activityId ?? '';
          if (!known.get(conversationId)?.has(activityId)) {
            throw new HttpFailure(
              404,
              'ActivityNotFoundInConversation',
              'Activity not found in conversation.',
            );
          }
          const throttled = checkWindows(conversationId, at2);
          if (throttled) throw throttled;
          countWrite(conversationId, at2);
          known.get(conversationId)?.delete(activityId);
          answer(200);
          return;
        }
        case 'members':
          answer(200, roster(r.conversationId ?? ''));
          return;
        case 'member': {
          const member = roster(r.conversationId ?? '').find((m) => m.id === r.memberId);
          if (!member)
            throw new HttpFailure(
              404,
              'MemberNotFoundInConversation',
              'Member not found in conversation.',
            );
          answer(200, member);
          return;
        }
        case 'pagedMembers': {
          const all = roster(r.conversationId ?? '');
          const size = Math.min(
            500,
            Math.max(1, Number(url.searchParams.get('pageSize') ?? '') || 200),
          );
          const start = Number(url.searchParams.get('continuationToken') ?? '0') || 0;
          const page = all.slice(start, start + size);
          const next = start + size < all.length ? String(start + size) : undefined;
          answer(
            200,
            next === undefined ? { members: page } : { members: page, continuationToken: next },
          );
          return;
        }
      }
    } catch (error) {
      if (error instanceof HttpFailure) fail(error);
      else
        fail(
          new HttpFailure(
            500,
            'ServiceError',
            error instanceof Error ? error.message : String(error),
          ),
        );
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500);
        res.end(String(error));
      }
    });
  });
  // Keep-alive off: a closed fake must not leave sockets holding the test process open.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const serviceUrl = `http://127.0.0.1:${port}`;

  const deliveriesTo = (conversationId: string) =>
    activities.filter((a) => a.conversationId === conversationId && a.operation !== 'update');

  return {
    url: serviceUrl,
    get activities() {
      return activities;
    },
    get requests() {
      return requests;
    },
    deliveriesTo,
    deliveryCounts() {
      const counts = new Map<string, number>();
      for (const a of activities) {
        if (a.operation === 'update') continue;
        counts.set(a.conversationId, (counts.get(a.conversationId) ?? 0) + 1);
      }
      return counts;
    },
    inject(rule) {
      const entry = { rule, hits: 0, removed: false };
      rules.push(entry);
      return {
        rule,
        get hits() {
          return entry.hits;
        },
        remove() {
          entry.removed = true;
        },
      };
    },
    setRoster(conversationId, members) {
      rosters.set(conversationId, [...members]);
    },
    reset() {
      random = seededRandom(options.seed ?? 1);
      activities = [];
      requests = [];
      rules = [];
      threadLogs = new Map();
      tenantLog = options.tenantWindow ? new WindowLog([options.tenantWindow]) : undefined;
      rosters = new Map();
      known = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
