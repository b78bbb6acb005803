/**
 * The delivery engine's `ActivitySender` on botbuilder: a proactive post through
 * `CloudAdapter.continueConversationAsync`, with the app's own identity.
 *
 * Errors of the Bot Connector become `DeliveryError`s with the HTTP status, Teams' code or
 * sub-code from the error body and `Retry-After`. The connector client's built-in retry policy is
 * removed for these sends: the engine decides about retries itself, and a hidden retry would
 * spend a rate-limit slot the limiter does not know of.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import {
  DeliveryError,
  type ActivitySender,
  type ConversationTarget,
  type OutgoingActivity,
  type Placement,
} from '../delivery/ports';

export interface ConnectorSenderOptions {
  readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The bot's app id; empty in anonymous local mode. */
  readonly botAppId: string;
  /** A send that has not answered by then counts as a network failure. */
  readonly timeoutMs?: number;
}

interface PipelineOwner {
  readonly client?: { readonly pipeline?: { removePolicy(p: { name: string }): unknown } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The turn's connector client, without its own retries (see the file comment). botbuilder does
 * not type the pipeline, hence the narrow structural look.
 */
function connectorOf(context: TurnContext): ConnectorClient {
  const client = context.turnState.get<ConnectorClient | undefined>(
    context.adapter.ConnectorClientKey,
  );
  if (!client) throw new Error('no connector client in the proactive turn');
  (client as unknown as PipelineOwner).client?.pipeline?.removePolicy({
    name: 'defaultRetryPolicy',
  });
  return client;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps what the Bot Connector client threw to a `DeliveryError`. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (!isRecord(error)) return new DeliveryError(0, undefined, 'send failed');
  const status = typeof error.statusCode === 'number' ? error.statusCode : 0;
  const details = isRecord(error.details) ? error.details : undefined;
  const body = details && isRecord(details.error) ? details.error : undefined;
  // Teams puts the reason in `error.code`, and in some answers a `subCode` beside it.
  const code =
    (body && typeof body.subCode === 'string' && body.subCode) ||
    (body && typeof body.code === 'string' && body.code) ||
    (typeof error.code === 'string' && status !== 0 ? error.code : undefined) ||
    undefined;
  const response = isRecord(error.response) ? error.response : undefined;
  const headers = response && isRecord(response.headers) ? response.headers : undefined;
  const retryAfter =
    headers && typeof headers.get === 'function'
      ? parseRetryAfter((headers.get as (name: string) => string | undefined)('retry-after'))
      : undefined;
  const message = typeof error.message === 'string' ? error.message : 'send failed';
  return new DeliveryError(status, code, message, retryAfter);
}

/** An adapter with the app's identity, for when the bot's own adapter is not at hand. */
export function adapterFor(identity: {
  readonly BOT_ID?: string;
  readonly BOT_PASSWORD?: string;
  readonly BOT_TENANT_ID?: string;
  readonly BOT_TYPE: string;
}): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: identity.BOT_ID ?? '',
    MicrosoftAppPassword: identity.BOT_PASSWORD ?? '',
    MicrosoftAppType: identity.BOT_TYPE,
    MicrosoftAppTenantId: identity.BOT_TENANT_ID ?? '',
  });
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
}

export class ConnectorActivitySender implements ActivitySender {
  private readonly timeoutMs: number;

  constructor(private readonly options: ConnectorSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async send(
    target: ConversationTarget,
    activity: OutgoingActivity,
    placement: Placement = { kind: 'new' },
  ): Promise<{ activityId: string }> {
    const stored: Partial<ConversationReference> = { ...target.reference };
    // An edit or a reply goes to the conversation of the post it is about.
    const conversationId =
      placement.kind === 'new' ? target.conversationId : placement.conversationId;
    const reference: Partial<ConversationReference> = {
      ...stored,
      serviceUrl: target.serviceUrl,
      conversation: {
        ...(stored.conversation ?? { isGroup: false, conversationType: '', name: '' }),
        id: conversationId,
      },
    };
    // A new post in the conversation, not a reply to whatever activity the reference names.
    const outgoing = TurnContext.applyConversationReference({ ...activity }, reference);
    delete outgoing.replyToId;
    let activityId: string | undefined;
    let failure: { error: unknown } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(0, 'Timeout', `no answer in ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([
        this.options.adapter.continueConversationAsync(
          this.options.botAppId,
          reference,
          async (context) => {
            // Caught here: an adapter with an onTurnError (the bot's) would swallow it, and the
            // engine would see a send without an answer instead of Teams' status and code.
            try {
              activityId = await this.write(context, conversationId, outgoing, placement);
            } catch (error) {
              failure = { error };
            }
          },
        ),
        timeout,
      ]);
    } catch (error) {
      throw toDeliveryError(error);
    } finally {
      clearTimeout(timer);
    }
    if (failure) throw toDeliveryError(failure.error);
    if (!activityId) throw new DeliveryError(0, undefined, 'the Bot Connector gave no activity id');
    return { activityId };
  }

  /** One write: a new post, an edit in place or a reply in a thread; returns the activity id. */
  private async write(
    context: TurnContext,
    conversationId: string,
    outgoing: Partial<Activity>,
    placement: Placement,
  ): Promise<string | undefined> {
    const conversations = connectorOf(context).conversations;
    if (placement.kind === 'update') {
      outgoing.id = placement.activityId;
      await conversations.updateActivity(conversationId, placement.activityId, outgoing);
      return placement.activityId;
    }
    if (placement.kind === 'reply') {
      outgoing.replyToId = placement.activityId;
      return (await conversations.replyToActivity(conversationId, placement.activityId, outgoing))
        .id;
    }
    return (await conversations.sendToConversation(conversationId, outgoing)).id;
  }
}
