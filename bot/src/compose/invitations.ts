/**
 * An evening's invitation through the outbox: the events service's publisher queues rows (the
 * post, updates in place, notices in the thread; `delivery/invitations.ts` says which) and wakes
 * the engine; the renderer keeps where the post went on the evening, so its updates edit it.
 */
import { randomUUID } from 'node:crypto';
import type { CalendarEvent, Evening, Posting } from '@yhdistysyhteistyo/contract/events/model';
import { invitationRows, type InvitationChange } from '../delivery/invitations';
import type { OutboxStore } from '../delivery/ports';
import {
  NoChannelError,
  type ChangeNotice,
  type InvitationPublisher,
} from '../domain/events-service';
import { StaleVersionError, type Versioned } from '../domain/errors';
import type { Installation } from '../domain/installations';

export class OutboxInvitationPublisher implements InvitationPublisher {
  constructor(
    private readonly deps: {
      readonly outbox: Pick<OutboxStore, 'insert'>;
      readonly installations: { listActive(kind: 'team'): Promise<readonly Installation[]> };
      /** Runs a dispatch pass soon, so the card does not wait for the next tick. */
      readonly wake: () => void;
      readonly clock?: () => Date;
      readonly stamp?: () => string;
    },
  ) {}

  private async queue(event: Evening, change: InvitationChange): Promise<void> {
    if ((await this.deps.installations.listActive('team')).length === 0) {
      throw new NoChannelError();
    }
    const at = this.deps.clock?.() ?? new Date();
    await this.deps.outbox.insert(
      invitationRows(event, change, at, (this.deps.stamp ?? randomUUID)()),
    );
    this.deps.wake();
  }

  post(event: Evening): Promise<void> {
    return this.queue(event, 'post');
  }

  update(event: Evening, notice: ChangeNotice): Promise<void> {
    return this.queue(event, notice === 'none' ? 'answer' : notice);
  }
}

/**
 * Writes where an evening's post went, with its ETag; a change made meanwhile is read again and
 * the posting kept on it (a lost write here would make the next update post a second card).
 */
export async function recordPosting(
  events: {
    get(id: string): Promise<Versioned<CalendarEvent> | undefined>;
    replace(event: CalendarEvent, etag: string): Promise<Versioned<CalendarEvent>>;
  },
  eveningId: string,
  posting: Posting,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await events.get(eveningId);
    if (!current || current.value.kind !== 'evening') return;
    try {
      await events.replace({ ...current.value, posting }, current.etag);
      return;
    } catch (error) {
      if (!(error instanceof StaleVersionError) || attempt >= 5) throw error;
    }
  }
}
