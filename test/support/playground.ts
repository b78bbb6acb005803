/**
 * The one client of the Microsoft 365 Agents Playground (pinned 0.2.28) for tests: a local Teams
 * that talks to the bot's /api/messages like the Bot Framework service does. An upgrade of the
 * playground should touch only this file.
 *
 * It runs the playground's CLI in a temporary folder holding `.m365agentsplayground.yml` (users,
 * group chat, team and channels), on a free port without a browser, waits for `/_debug/ping`,
 * reads `/_internal/v1/config`, and collects what the bot sends from the WebSocket stream
 * `/_ws_conversation/v1/conversations/stream` (the playground pushes bot output only there).
 *
 * Facts of 0.2.28: every activity it sends says `locale: en-US`, whatever the machine's locale;
 * it forwards channel and group-chat messages only when they mention the bot; custom activities
 * are answered 200 at once and delivered to the bot afterwards (poll for their effect).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { freePort } from './app';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PLAYGROUND_CONFIG = path.join(REPO_ROOT, '.m365agentsplayground.yml');

export interface PlaygroundUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly userPrincipleName: string;
}

export interface PlaygroundConfig {
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  readonly currentUser: PlaygroundUser;
  readonly users: readonly PlaygroundUser[];
  readonly personalChat: { readonly id: string };
  readonly groupChats: readonly { readonly id: string; readonly name: string }[];
  readonly teams: readonly {
    readonly id: string;
    readonly name: string;
    readonly channels: readonly { readonly id: string; readonly name: string }[];
  }[];
}

/** One thing the bot did, as the playground pushed it. */
export interface BotOutput {
  readonly action: string;
  /** The conversation it happened in: a chat, a channel, or a channel thread (`…;messageid=…`). */
  readonly conversationId: string;
  readonly messageId?: string;
  readonly text?: string;
  readonly attachments: readonly { readonly contentType: string; readonly content: unknown }[];
  readonly raw: unknown;
}

export interface SentMessage {
  readonly messageId: string;
  /** For a new channel post: the thread's conversation id, where replies appear. */
  readonly postConversationId?: string;
}

export interface Playground {
  readonly url: string;
  readonly port: number;
  readonly config: PlaygroundConfig;
  /** Everything the bot sent so far, oldest first. */
  readonly outputs: readonly BotOutput[];
  /** A user message; `mention` adds the bot's @mention (needed in channels and group chats). */
  send(
    conversationId: string,
    text: string,
    options?: { readonly mention?: boolean; readonly from?: string },
  ): Promise<SentMessage>;
  /** Installs the app in a conversation: installationUpdate + conversationUpdate. */
  install(conversationId: string): Promise<void>;
  /** Removes the app from a conversation (installationUpdate "remove"); see `sendActivity`. */
  uninstall(conversationId: string): Promise<void>;
  /** The playground's template of an activity of `type` (install, uninstall, …) in a conversation. */
  template(conversationId: string, type: string): Promise<Record<string, unknown>>;
  /**
   * Sends any activity to the bot as the playground would, bypassing its own filters. Resolves
   * when the playground accepted it, before the bot has handled it.
   */
  sendActivity(activity: Record<string, unknown>): Promise<void>;
  /** Presses an Action.Submit button of the bot's message `replyToId`. */
  submit(conversationId: string, replyToId: string, value: Record<string, unknown>): Promise<void>;
  /** Presses an Action.Execute button; resolves with the bot's invoke response body. */
  invoke(
    conversationId: string,
    replyToId: string,
    action: { readonly verb: string; readonly data?: Record<string, unknown> },
  ): Promise<unknown>;
  /** A position in `outputs`, to wait for what comes after it. */
  mark(): number;
  /** The first output after `mark` that matches, waiting up to `timeoutMs`. */
  waitFor(
    match: (output: BotOutput) => boolean,
    options?: { readonly after?: number; readonly timeoutMs?: number },
  ): Promise<BotOutput>;
  /** Outputs after `mark` that match, after waiting `quietMs` for stragglers. */
  settle(
    match: (output: BotOutput) => boolean,
    options: { readonly after: number; readonly quietMs?: number },
  ): Promise<BotOutput[]>;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's `/api/messages` URL. The bot must run without an app id. */
  readonly botEndpoint: string;
  readonly configFile?: string;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the playground exited (${child.exitCode}):\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/_debug/ping`);
      if (res.ok && (await res.text()).includes('pong')) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the playground did not answer:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function toOutput(frame: unknown): BotOutput | undefined {
  if (!frame || typeof frame !== 'object') return undefined;
  const f = frame as { action?: unknown; actionConversationId?: unknown; message?: unknown };
  if (typeof f.action !== 'string' || typeof f.actionConversationId !== 'string') return undefined;
  const m = (f.message && typeof f.message === 'object' ? f.message : {}) as {
    messageId?: unknown;
    text?: unknown;
    attachments?: unknown;
  };
  const attachments = Array.isArray(m.attachments)
    ? (m.attachments as { contentType: string; content: unknown }[])
    : [];
  return {
    action: f.action,
    conversationId: f.actionConversationId,
    ...(typeof m.messageId === 'string' ? { messageId: m.messageId } : {}),
    ...(typeof m.text === 'string' ? { text: m.text } : {}),
    attachments,
    raw: frame,
  };
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const dir = mkdtempSync(path.join(tmpdir(), 'playground-'));
  copyFileSync(
    options.configFile ?? PLAYGROUND_CONFIG,
    path.join(dir, '.m365agentsplayground.yml'),
  );
  const port = await freePort();
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [cli, '-e', options.botEndpoint, '-p', String(port), '--dt'],
    {
      cwd: dir,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stopChild = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  let ws: WebSocket | undefined;
  try {
    await waitForPing(url, child, () => log);
    // It picks another port silently when ours is taken: make sure it is ours.
    if (!log.includes(`Listening on ${port}`)) {
      throw new Error(`the playground is not listening on ${port}:\n${log}`);
    }
    const configRes = await fetch(`${url}/_internal/v1/config`);
    if (!configRes.ok) throw new Error(`config: ${configRes.status} ${await configRes.text()}`);
    const config = ((await configRes.json()) as { config: PlaygroundConfig }).config;

    const outputs: BotOutput[] = [];
    const listeners = new Set<() => void>();
    ws = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    ws.on('message', (data: Buffer) => {
      try {
        const output = toOutput(JSON.parse(data.toString()));
        if (output) {
          outputs.push(output);
          for (const l of listeners) l();
        }
      } catch {
        // not JSON: nothing of the bot's
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws?.once('open', () => resolve());
      ws?.once('error', reject);
    });

    const call = async (method: string, route: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${url}${route}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    };
    const enc = encodeURIComponent;
    const mention = `<at>${config.bot.name}</at>`;

    const playground: Playground = {
      url,
      port,
      config,
      outputs,
      async send(conversationId, text, opts = {}) {
        const body = {
          type: 'text',
          textFormat: 'plain',
          text: opts.mention ? `${mention} ${text}` : text,
          from: { id: opts.from ?? config.currentUser.id },
          ...(opts.mention
            ? { mentions: [{ mentioned: { id: config.bot.id }, text: mention }] }
            : {}),
        };
        return (await call(
          'POST',
          `/_conversation/v1/conversations/${enc(conversationId)}/messages`,
          body,
        )) as SentMessage;
      },
      async install(conversationId) {
        await call('POST', `/_debug/conversation/${enc(conversationId)}/installation`, {});
      },
      async template(conversationId, type) {
        return (await call(
          'GET',
          `/_internal/v1/customActivities/template?conversationId=${enc(conversationId)}&type=${enc(type)}`,
        )) as Record<string, unknown>;
      },
      async sendActivity(activity) {
        await call('POST', '/_internal/v1/customActivities', activity);
      },
      async uninstall(conversationId) {
        await playground.sendActivity(await playground.template(conversationId, 'uninstall'));
      },
      async submit(conversationId, replyToId, value) {
        await call('POST', '/_conversation/v1/submit', {
          conversation: { id: conversationId },
          replyToId,
          value,
          from: { id: config.currentUser.id },
        });
      },
      invoke(conversationId, replyToId, action) {
        return call('POST', '/_conversation/v1/invoke', {
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} } },
          from: { id: config.currentUser.id },
          conversation: { id: conversationId },
          replyToId,
        });
      },
      mark: () => outputs.length,
      waitFor(match, opts = {}) {
        const after = opts.after ?? 0;
        const timeoutMs = opts.timeoutMs ?? 10_000;
        return new Promise<BotOutput>((resolve, reject) => {
          const check = () => {
            const found = outputs.slice(after).find(match);
            if (found) {
              finish();
              resolve(found);
            }
          };
          const timer = setTimeout(() => {
            finish();
            reject(
              new Error(
                `no matching bot output within ${timeoutMs} ms; got:\n${outputs
                  .slice(after)
                  .map((o) => `${o.action} ${o.conversationId}`)
                  .join('\n')}`,
              ),
            );
          }, timeoutMs);
          const finish = () => {
            clearTimeout(timer);
            listeners.delete(check);
          };
          listeners.add(check);
          check();
        });
      },
      async settle(match, opts) {
        await new Promise((r) => setTimeout(r, opts.quietMs ?? 1500));
        return outputs.slice(opts.after).filter(match);
      },
      async stop() {
        ws?.close();
        await stopChild();
      },
    };
    return playground;
  } catch (error) {
    ws?.close();
    await stopChild();
    throw error;
  }
}

/** The Adaptive Card of a bot output, if it has one. */
export function cardOfOutput(output: BotOutput): unknown {
  return output.attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}
