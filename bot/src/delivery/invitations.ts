/**
 * An evening's invitation through the outbox: which rows a change makes. Pure; the caller
 * inserts them and wakes the engine.
 *
 * Every change gets rows of its own (a unique occurrence), so none is lost to an earlier row of
 * the same evening that was already sent: the post (`invitation`), an update of the card in place
 * (`invitationUpdate`: answers, an edit, cancelling) and, for an edit or cancelling, a short note
 * in the card's thread (`invitationNotice`). The rows of one evening share their `postId`, and the
 * dispatcher sends them one at a time. Each renders the evening as it is when it goes out, so a
 * later row never shows an older state; an update whose card is not out yet waits for it.
 */
import type { NewOutboxRow, Target } from './ports';

export type InvitationChange = 'post' | 'answer' | 'edited' | 'cancelled';

export function invitationPostId(eveningId: string): string {
  return `invitation:${eveningId}`;
}

export function invitationRows(
  evening: { readonly id: string; readonly channelId?: string },
  change: InvitationChange,
  /** When the change was made: the rows are due then. */
  at: Date,
  /** Unique per change (a random id): keeps two changes in the same millisecond apart. */
  stamp: string,
): NewOutboxRow[] {
  const dueAt = at.toISOString();
  const target: Target = evening.channelId
    ? { kind: 'channel', channelId: evening.channelId }
    : { kind: 'channel' };
  const base = { postId: invitationPostId(evening.id), target, dueAt, state: 'waiting' as const };
  const occurrence = (what: string) => `${what}:${dueAt}:${stamp}`;
  if (change === 'post') {
    return [
      {
        ...base,
        occurrence: occurrence('post'),
        kind: 'invitation',
        payload: { kind: 'invitation', eveningId: evening.id },
      },
    ];
  }
  const update: NewOutboxRow = {
    ...base,
    occurrence: occurrence('update'),
    kind: 'invitationUpdate',
    payload: { kind: 'invitationUpdate', eveningId: evening.id, change },
  };
  if (change === 'answer') return [update];
  return [
    update,
    {
      ...base,
      occurrence: occurrence('notice'),
      kind: 'invitationNotice',
      payload: { kind: 'invitationNotice', eveningId: evening.id, change },
    },
  ];
}
