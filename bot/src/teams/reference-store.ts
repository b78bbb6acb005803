/**
 * The installation store seen as teamsfx 3.0.2's `ConversationReferenceStore`, for code that
 * wants teamsfx's NotificationBot (`new NotificationBot(adapter, { store })`). Adding a reference
 * records an install, removing one marks it gone, listing gives the active ones. A channel
 * reference stands for its team (teamsfx keeps teams by their General channel).
 */
import type {
  ConversationReferenceStore,
  ConversationReferenceStoreAddOptions,
  PagedData,
} from '@microsoft/teamsfx';
import type { ConversationReference } from 'botbuilder';
import {
  baseConversationId,
  type ConversationKey,
  type ConversationRef,
  type InstallationStore,
} from '../domain/installations';

function keyOf(reference: Partial<ConversationReference>): ConversationKey | undefined {
  const conversation = reference.conversation;
  if (!conversation?.id) return undefined;
  switch (conversation.conversationType) {
    case 'personal':
      return { kind: 'personal', conversationId: conversation.id };
    case 'groupChat':
      return { kind: 'groupChat', conversationId: conversation.id };
    case 'channel':
      return { kind: 'team', teamId: baseConversationId(conversation.id) };
    default:
      return undefined;
  }
}

function toRef(reference: Partial<ConversationReference>): ConversationRef | undefined {
  const { bot, conversation, channelId, serviceUrl } = reference;
  if (!bot?.id || !conversation?.id || !channelId || !serviceUrl) return undefined;
  return {
    bot: { id: bot.id },
    channelId,
    serviceUrl,
    conversation: {
      id: conversation.id,
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
    },
  };
}

export class InstallationReferenceStore implements ConversationReferenceStore {
  constructor(
    private readonly store: Pick<InstallationStore, 'activate' | 'get' | 'markGone' | 'listActive'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(
    _key: string,
    reference: Partial<ConversationReference>,
    options: ConversationReferenceStoreAddOptions,
  ): Promise<boolean> {
    const key = keyOf(reference);
    const ref = toRef(reference);
    if (!key || !ref) return false;
    if (!options.overwrite) {
      const existing = await this.store.get(key);
      if (existing?.state === 'active') return false;
    }
    await this.store.activate({ key, reference: ref, at: this.now().toISOString() });
    return true;
  }

  async remove(_key: string, reference: Partial<ConversationReference>): Promise<boolean> {
    const key = keyOf(reference);
    return key ? this.store.markGone(key, this.now().toISOString()) : false;
  }

  async list(
    pageSize = 100,
    continuationToken?: string,
  ): Promise<PagedData<Partial<ConversationReference>>> {
    // A city has a handful of installations: the page is cut from the full, ordered list.
    const all = (await this.store.listActive())
      .filter((i) => i.key.kind !== 'channel')
      .map((i) => i.reference as Partial<ConversationReference>)
      .sort((a, b) => (a.conversation?.id ?? '').localeCompare(b.conversation?.id ?? ''));
    const start = Math.max(0, Number.parseInt(continuationToken ?? '0', 10) || 0);
    const data = all.slice(start, start + pageSize);
    const next = start + pageSize;
    return next < all.length ? { data, continuationToken: String(next) } : { data };
  }
}
