/**
 * Scheduled delivery: the data it works on and the ports it needs. The engine sees only these
 * interfaces; the adapters live in `storage/` (outbox, lease, state), `teams/` (the sender) and in
 * the schedule and conversation stores of the other rooms.
 */
import {
  DEFAULT_MEETING_LEAD_TIMES,
  MAX_LEAD_DAYS,
  type LeadTime,
} from '@yhdistysyhteistyo/contract/events/lead-times';

// ---------------------------------------------------------------------------------------------
// What is scheduled

/** Kinds of scheduled posts. */
export const POST_KINDS = [
  'meetingReminder',
  'eveningReminder',
  'monthly',
  'annual',
  'surveyOpen',
  'surveyReminder',
  /** An evening's invitation card, posted once in the channel. */
  'invitation',
  /** The posted invitation brought up to date in place (answers, an edit, cancelling). */
  'invitationUpdate',
  /** A short note in the invitation's thread that the evening changed or was cancelled. */
  'invitationNotice',
  /** Once a year to each contact person: their units' associations not checked for 12 months. */
  'staleData',
  'surveyResults',
] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** "N days before at HH:mm Helsinki time"; 0 days = on the day. */
export type { LeadTime };

/** One occurrence of a working-group meeting (a series is expanded by the source). */
export interface ScheduledMeeting {
  readonly meetingId: string;
  /** Identifies the occurrence within its series: its original wall-clock start. */
  readonly occurrenceId: string;
  /** UTC ISO instant. */
  readonly start: string;
  readonly groupId: string;
  /** Overrides the default lead times (per group or per meeting). */
  readonly leadTimes?: readonly LeadTime[];
  /** The group's own channel for its reminders; the team's chosen channel when absent. */
  readonly channelId?: string;
}

export type RsvpAnswer = 'yes' | 'maybe' | 'no';

export interface ScheduledEvening {
  readonly eveningId: string;
  /** UTC ISO instant. */
  readonly start: string;
  readonly leadTimes?: readonly LeadTime[];
  /** People who answered; "yes" (coming) and "maybe" get a personal reminder. */
  readonly answers: readonly { readonly personId: string; readonly answer: RsvpAnswer }[];
}

/** An opened survey: its card goes out when its window opens, reminders before it closes. */
export interface ScheduledSurvey {
  readonly surveyId: string;
  /** UTC ISO: 00.00 Helsinki time of the first day, and of the day after the last. */
  readonly opensAt: string;
  readonly closesAt: string;
  /** When the coordinator opened it (UTC ISO). */
  readonly openedAt: string;
  /** People (ids as in `personalChats`) known to have answered; only needed near a reminder. */
  readonly answered: ReadonlySet<string>;
  /**
   * People with the app who are in the survey's audience (see `contract/surveys/audience.ts`):
   * only they get the card and the reminder in personal chat.
   */
  readonly audience: ReadonlySet<string>;
}

/** What the schedule holds around a moment; produced by a `ScheduleSource`. */
export interface ScheduleSnapshot {
  readonly meetings: readonly ScheduledMeeting[];
  readonly evenings: readonly ScheduledEvening[];
  readonly surveys?: readonly ScheduledSurvey[];
  /** People with the app installed in personal chat (ids as in `answers`). */
  readonly personalChats: ReadonlySet<string>;
}

export interface DeliveryRules {
  readonly meetingLeadTimes: readonly LeadTime[];
  readonly eveningLeadTimes: readonly LeadTime[];
  /** "This month in the cooperation": first weekday of each month at this time; absent = off. */
  readonly monthlyAt?: string;
  /** The annual calendar: first weekday of January at this time; absent = off. */
  readonly annualAt?: string;
  /** A post that became due longer ago than this is skipped, not sent (default 12 h). */
  readonly staleMs: number;
  /** How far back a restart looks for missed posts at most. */
  readonly maxCatchUpMs: number;
  /**
   * How far ahead (days) the schedule is read, so that a group's or a meeting's own lead times
   * (up to this many days before) are found, not only the defaults.
   */
  readonly lookAheadDays: number;
}

export const DEFAULT_RULES: DeliveryRules = Object.freeze({
  meetingLeadTimes: DEFAULT_MEETING_LEAD_TIMES,
  eveningLeadTimes: Object.freeze([
    { daysBefore: 7, at: '09:00' },
    { daysBefore: 1, at: '09:00' },
    { daysBefore: 0, at: '09:00' },
  ]),
  monthlyAt: '09:00',
  annualAt: '09:00',
  staleMs: 12 * 3_600_000,
  maxCatchUpMs: 7 * 86_400_000,
  lookAheadDays: MAX_LEAD_DAYS,
});

/**
 * Where a post goes: a channel of the team (the one named, else the team's chosen one), or one
 * person's personal chat.
 */
export type Target =
  | { readonly kind: 'channel'; readonly channelId?: string }
  | { readonly kind: 'personal'; readonly personId: string };

/** What a renderer needs to build the post; stored with the outbox row. */
export type PostPayload =
  | {
      readonly kind: 'meetingReminder';
      readonly meetingId: string;
      readonly occurrenceId: string;
      readonly start: string;
      readonly groupId: string;
      readonly daysBefore: number;
    }
  | {
      readonly kind: 'eveningReminder';
      readonly eveningId: string;
      readonly start: string;
      readonly daysBefore: number;
    }
  /** `month` is `YYYY-MM` (Helsinki). */
  | { readonly kind: 'monthly'; readonly month: string }
  | { readonly kind: 'annual'; readonly year: number }
  | { readonly kind: 'surveyOpen'; readonly surveyId: string }
  | { readonly kind: 'surveyReminder'; readonly surveyId: string }
  | { readonly kind: 'invitation'; readonly eveningId: string }
  | {
      readonly kind: 'invitationUpdate';
      readonly eveningId: string;
      /** What made the update; the card shows the evening as it is when the row goes out. */
      readonly change: 'answer' | 'edited' | 'cancelled';
    }
  | {
      readonly kind: 'invitationNotice';
      readonly eveningId: string;
      readonly change: 'edited' | 'cancelled';
    }
  /** `period` is the Helsinki year; the card lists what is stale in `units` when it goes. */
  | { readonly kind: 'staleData'; readonly period: string; readonly units: readonly string[] }
  /** The results card a coordinator posts to the channel (counted when it is sent). */
  | { readonly kind: 'surveyResults'; readonly surveyId: string };

export interface DueItem {
  /** The post: `meeting:<id>`, `evening:<id>`, `monthly`, `annual`. */
  readonly postId: string;
  /** The occurrence of the post: which meeting occurrence and lead time, which month, which year. */
  readonly occurrence: string;
  readonly target: Target;
  readonly kind: PostKind;
  /** UTC ISO instant the post is due. */
  readonly dueAt: string;
  /** `skipped` when it became due longer ago than the stale window. */
  readonly state: 'due' | 'skipped';
  readonly reason?: 'stale';
  readonly payload: PostPayload;
}

export function targetKey(target: Target): string {
  if (target.kind === 'personal') return `person:${target.personId}`;
  return target.channelId ? `channel:${target.channelId}` : 'channel';
}

// ---------------------------------------------------------------------------------------------
// The outbox

export const OUTBOX_STATES = ['waiting', 'sending', 'sent', 'failed', 'skipped'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Why a post was not sent; each has plain words in `i18n/delivery.ts`. */
export const FAILURE_REASONS = [
  'stale',
  'blocked',
  'notInRoster',
  'botDisabled',
  'writesBlocked',
  'forbidden',
  'conversationGone',
  'tooLarge',
  'badRequest',
  'unauthorized',
  'throttled',
  'serviceError',
  'network',
  'noChannel',
  'notInstalled',
  'sourceGone',
  'renderFailed',
  /** An update of a post that has not gone out yet: it waits for it. */
  'notPostedYet',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface NewOutboxRow {
  readonly postId: string;
  readonly occurrence: string;
  readonly target: Target;
  readonly kind: PostKind;
  readonly dueAt: string;
  readonly state: 'waiting' | 'skipped';
  readonly reason?: FailureReason;
  readonly payload: PostPayload;
  /** Set on a row made by "send again": the id of the row it repeats. */
  readonly resendOf?: string;
}

export interface OutboxRow extends Omit<NewOutboxRow, 'state'> {
  /** Stable id of the row (URL-safe), from its deterministic key. */
  readonly id: string;
  /** The store's own reference to the row; opaque to everyone else. */
  readonly ref: string;
  readonly state: OutboxState;
  readonly etag: string;
  readonly attempts: number;
  /** Not to be tried before this instant (retry backoff, Retry-After). */
  readonly notBefore?: string;
  /** The conversation it went (or goes) to, once resolved. */
  readonly conversationId?: string;
  readonly claimedBy?: string;
  /** Lease epoch of the claimer: a new leader knows rows of an older epoch were abandoned. */
  readonly claimEpoch?: number;
  readonly claimedAt?: string;
  readonly sentAt?: string;
  readonly activityId?: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly reason?: FailureReason;
  readonly cardBytes?: number;
  /** How many times a coordinator asked to send it again. */
  readonly resends: number;
  readonly updatedAt: string;
}

export type OutboxOutcome =
  | { readonly state: 'sent'; readonly activityId: string; readonly at: string }
  | {
      readonly state: 'failed' | 'skipped';
      readonly reason: FailureReason;
      readonly at: string;
      readonly httpStatus?: number;
      readonly errorCode?: string;
      readonly cardBytes?: number;
    }
  /** Back to waiting for another attempt after `notBefore`. */
  | {
      readonly state: 'waiting';
      readonly notBefore: string;
      readonly at: string;
      readonly httpStatus?: number;
      readonly errorCode?: string;
      readonly reason?: FailureReason;
    };

export interface OutboxQuery {
  /** UTC ISO, inclusive. */
  readonly from: string;
  /** UTC ISO, exclusive. */
  readonly to: string;
  readonly states?: readonly OutboxState[];
}

export interface OutboxStore {
  /** Inserts rows that are not there yet; a row with the same key already there is left alone. */
  insert(rows: readonly NewOutboxRow[]): Promise<{ created: number; existing: number }>;
  /** Rows due in [from, to), oldest first. */
  list(query: OutboxQuery): Promise<OutboxRow[]>;
  get(id: string): Promise<OutboxRow | undefined>;
  /**
   * Moves a waiting (or abandoned sending) row to `sending` if its ETag still matches;
   * undefined when someone else changed it first.
   */
  claim(
    row: OutboxRow,
    claim: { holder: string; epoch: number; at: string; conversationId?: string },
  ): Promise<OutboxRow | undefined>;
  /** Records the outcome of a claimed row; undefined when the ETag no longer matches. */
  finish(row: OutboxRow, outcome: OutboxOutcome): Promise<OutboxRow | undefined>;
  /**
   * "Send again": a new waiting row, due `at`, repeating a failed or skipped one. Undefined when
   * the row changed meanwhile (ETag).
   */
  resend(row: OutboxRow, at: string): Promise<OutboxRow | undefined>;
}

/** The per-person-per-period markers of the yearly stale-data reminder (`stale-data.ts`). */
export interface StaleDataMarkers {
  /** The people whose reminder of the period is in the outbox. */
  reminded(period: string): Promise<ReadonlySet<string>>;
  /**
   * Claims the period's marker of a person at `at`; returns the instant of the marker, new or
   * already there (a rerun after a crash gets the first one's, and so the same row key).
   */
  claim(period: string, personId: string, at: string): Promise<string>;
  /** The reminder is in the outbox. */
  done(period: string, personId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Lease and engine state

export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** Grows by one each time the lease changes hands. */
  readonly epoch: number;
  /** UTC ISO. */
  readonly expiresAt: string;
  readonly etag: string;
}

export interface LeaseStore {
  /**
   * Takes the lease if it is free, expired or already ours, for `durationMs` from `now`.
   * Returns the lease when this holder has it, else the current (foreign) lease or undefined.
   */
  acquire(
    name: string,
    holder: string,
    durationMs: number,
    now: Date,
  ): Promise<{ held: true; lease: Lease } | { held: false; current?: Lease }>;
  /** Extends a held lease; undefined when it was lost (ETag). */
  renew(lease: Lease, durationMs: number, now: Date): Promise<Lease | undefined>;
  /** Lets the lease go now, so another instance can take over at once. */
  release(lease: Lease): Promise<void>;
}

export interface DeliveryState {
  /** The last tick whose due items are all in the outbox (UTC ISO). */
  readonly lastTick?: string;
  readonly paused: boolean;
  readonly pausedBy?: string;
  readonly pausedAt?: string;
}

export interface DeliveryStateStore {
  read(): Promise<DeliveryState>;
  /** Moves lastTick forward (never back). */
  saveLastTick(at: string): Promise<void>;
  setPaused(paused: boolean, by: string, at: string): Promise<DeliveryState>;
}

// ---------------------------------------------------------------------------------------------
// Schedule, conversations, rendering, sending

export interface ScheduleSource {
  /** The meetings and evenings whose reminders can fall in [from, to) (UTC ISO). */
  snapshot(window: { readonly from: string; readonly to: string }): Promise<ScheduleSnapshot>;
}

/** A conversation the bot can post to; `reference` is the stored Bot Framework reference. */
export interface ConversationTarget {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly reference: Readonly<Record<string, unknown>>;
  /** The conversation's language as Teams gave it (`fi-FI`, `en-US`), if known. */
  readonly locale?: string;
}

export interface ConversationDirectory {
  /**
   * A channel of the team: the one named when the team still has it, else the team's chosen post
   * channel; undefined when there is none.
   */
  channel(channelId?: string): Promise<ConversationTarget | undefined>;
  /** A person's personal chat with the bot, or undefined when the app is not installed there. */
  personal(personId: string): Promise<ConversationTarget | undefined>;
  /** Teams says the conversation is gone (404 ConversationNotFound): never post there again. */
  markGone(conversationId: string, code: string): Promise<void>;
}

/** A Bot Framework activity to send (JSON): `{ type: 'message', attachments, text, … }`. */
export type OutgoingActivity = Readonly<Record<string, unknown>>;

/**
 * Where a rendered activity goes in its conversation: a new post (the default), an edit of an
 * earlier post in place, or a reply in an earlier post's thread.
 */
export type Placement =
  | { readonly kind: 'new' }
  | { readonly kind: 'update'; readonly activityId: string; readonly conversationId: string }
  | { readonly kind: 'reply'; readonly activityId: string; readonly conversationId: string };

/** What a renderer makes of a row. */
export type Rendered =
  | { readonly activity: OutgoingActivity; readonly placement?: Placement }
  /** The thing it is about no longer exists or was cancelled: skipped. */
  | { readonly gone: true }
  /**
   * It needs an earlier post that has not gone out yet (an update of an invitation still in the
   * outbox): back to waiting, tried again after a backoff; never dropped.
   */
  | { readonly wait: true };

export interface PostRenderer {
  /**
   * The activity for a post in the target's language, `gone` when the thing it is about no
   * longer exists or was cancelled, or `wait` when the post it edits is not out yet.
   */
  render(payload: PostPayload, target: Target, conversation: ConversationTarget): Promise<Rendered>;
  /**
   * Told once a new post went out, with the id Teams gave it (an invitation keeps it, so its
   * updates edit the same card). A failure here is retried: it must not be lost.
   */
  sent?(payload: PostPayload, conversation: ConversationTarget, activityId: string): Promise<void>;
}

export interface ActivitySender {
  /**
   * Sends one activity (a new post, or per `placement` an edit in place or a reply in a thread);
   * throws `DeliveryError` with Teams' status and sub-code on failure.
   */
  send(
    target: ConversationTarget,
    activity: OutgoingActivity,
    placement?: Placement,
  ): Promise<{ activityId: string }>;
}

/** A failed send as Teams answered it. */
export class DeliveryError extends Error {
  constructor(
    /** HTTP status; 0 when no answer came (network, timeout). */
    readonly status: number,
    /** Teams' code or sub-code from the error body, e.g. `ConversationBlockedByUser`. */
    readonly code: string | undefined,
    message: string,
    /** From the `Retry-After` header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The clock and timers, injected so tests can run time. */
export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        signal?.removeEventListener('abort', done);
        clearTimeout(timer);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};
