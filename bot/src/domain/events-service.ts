/**
 * What happens to events, whichever door it comes through (the tab's API or a card in Teams):
 * create, edit, publish, cancel and delete with their rules, and RSVP answers. Storage and the
 * Teams side are ports passed in, so the tab and the card share one set of rules and one
 * record of each person's answer.
 */
import type { MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import type { CalendarEvent, Evening } from '@yhdistysyhteistyo/contract/events/model';
import { eventInputSchema } from '@yhdistysyhteistyo/contract/events/schemas';
import {
  applyEdit,
  createEvent,
  publishRefusal,
  withState,
  type Actor,
} from '@yhdistysyhteistyo/contract/events/lifecycle';
import {
  applyRsvp,
  rsvpInputSchema,
  rsvpRefusal,
  type Rsvp,
  type RsvpCounts,
  type RsvpRefusal,
} from '@yhdistysyhteistyo/contract/events/rsvp';
import { StaleVersionError, type Versioned } from './errors';

export interface EventsPort {
  newId(): string;
  get(id: string): Promise<Versioned<CalendarEvent> | undefined>;
  create(event: CalendarEvent): Promise<Versioned<CalendarEvent>>;
  /** Throws StaleVersionError when `etag` is not current. */
  replace(event: CalendarEvent, etag: string): Promise<Versioned<CalendarEvent>>;
  delete(id: string, etag: string): Promise<void>;
}

export interface RsvpPort {
  counts(eventId: string): Promise<RsvpCounts>;
  mine(eventId: string, userId: string): Promise<Rsvp | undefined>;
  answer<R>(
    rsvp: Rsvp,
    refuse: (previous: Rsvp | undefined, counts: RsvpCounts) => R | undefined,
    options?: { readonly capacity?: number },
  ): Promise<
    | { ok: true; rsvp: Rsvp; previous?: Rsvp; counts: RsvpCounts }
    | { ok: false; refusal: R; counts: RsvpCounts; mine?: Rsvp }
  >;
  deleteAll(eventId: string): Promise<number>;
}

export interface GroupsPort {
  get(id: string): Promise<Versioned<{ readonly id: string }> | undefined>;
}

/**
 * A saved change, and what happened to the invitation card: its post or update is in the outbox
 * (`updated`), that failed, or nothing is posted because the app is in no team yet (publishing
 * then posts nothing and says so).
 */
export type Saved<T> = Versioned<T> & { readonly card?: 'updated' | 'failed' | 'notPosted' };

/** The publisher has nowhere to post: the app is not installed in any team. */
export class NoChannelError extends Error {
  constructor() {
    super('no team to post to');
    this.name = 'NoChannelError';
  }
}

/** What changed, for the short notice in the invitation's thread. */
export type ChangeNotice = 'edited' | 'cancelled' | 'none';

/**
 * The Teams side of publishing, through the outbox: the invitation's post, its updates in place
 * and its notices become outbox rows that the delivery engine sends with retries and rate limits.
 */
export interface InvitationPublisher {
  /**
   * Queues the card's post to the evening's channel (or the team's chosen one). Throws
   * `NoChannelError` when the app is in no team.
   */
  post(event: Evening): Promise<void>;
  /**
   * Queues an update of the card in place; with a notice, also a short note in its thread. An
   * update queued before the post went out waits for it.
   */
  update(event: Evening, notice: ChangeNotice): Promise<void>;
}

export type EventsProblemCode =
  | 'not_found'
  | 'kind_change'
  | 'cancelled'
  | 'already_published'
  | 'already_cancelled'
  | 'place_required'
  | 'deadline_passed'
  | 'delete_published'
  | 'unknown_group'
  | 'not_posted';

/** A rule said no; the API answers with the status and the translated message. */
export class EventsProblem extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 502,
    readonly code: EventsProblemCode,
    readonly messageKey: MessageKey,
    readonly fields?: Readonly<Record<string, MessageKey>>,
  ) {
    super(code);
    this.name = 'EventsProblem';
  }
}

export interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface EventsServiceDeps {
  readonly events: EventsPort;
  readonly rsvps: RsvpPort;
  readonly groups: GroupsPort;
  /** Absent until the bot is wired, or when the team has not installed the app. */
  readonly publisher: () => InvitationPublisher | undefined;
  readonly clock: () => Date;
  readonly log: Logger;
}

export type AnswerOutcome =
  | { readonly ok: true; readonly rsvp: Rsvp; readonly counts: RsvpCounts; readonly event: Evening }
  | {
      readonly ok: false;
      readonly refusal: RsvpRefusal;
      readonly counts: RsvpCounts;
      readonly mine?: Rsvp;
      readonly event?: CalendarEvent;
    };

export class EventsService {
  constructor(private readonly deps: EventsServiceDeps) {}

  private async load(id: string): Promise<Versioned<CalendarEvent>> {
    const found = await this.deps.events.get(id);
    if (!found) throw new EventsProblem(404, 'not_found', 'error.notFound');
    return found;
  }

  private async checkGroup(event: CalendarEvent): Promise<void> {
    if (event.kind !== 'meeting') return;
    if (!(await this.deps.groups.get(event.workingGroupId))) {
      throw new EventsProblem(400, 'unknown_group', 'error.validation', {
        workingGroupId: 'events.error.workingGroupUnknown',
      });
    }
  }

  /** Validates and stores a new event as a draft. Throws ZodError on bad input. */
  async create(input: unknown, by: Actor): Promise<Versioned<CalendarEvent>> {
    const now = this.deps.clock();
    const draft = eventInputSchema({ now }).parse(input);
    const event = createEvent(draft, { id: this.deps.events.newId(), now, by });
    await this.checkGroup(event);
    return this.deps.events.create(event);
  }

  /** Replaces the content; a posted invitation is updated in place with a notice. */
  async edit(id: string, input: unknown, etag: string, by: Actor): Promise<Saved<CalendarEvent>> {
    const now = this.deps.clock();
    const current = await this.load(id);
    const draft = eventInputSchema({ now, previous: current.value }).parse(input);
    const edited = applyEdit(current.value, draft, { now, by });
    if (!edited.ok) {
      const code = edited.problem === 'events.error.kindChange' ? 'kind_change' : 'cancelled';
      throw new EventsProblem(409, code, edited.problem);
    }
    await this.checkGroup(edited.event);
    const saved = await this.deps.events.replace(edited.event, etag);
    return this.withCard(saved, await this.refreshPosted(saved.value, 'edited'));
  }

  /**
   * Publishes a draft. An evening's invitation goes to the outbox for the channel; if that fails
   * the evening stays published without a posting, and publishing again queues it again.
   */
  async publish(id: string, etag: string | undefined, by: Actor): Promise<Saved<CalendarEvent>> {
    const now = this.deps.clock();
    let current = await this.load(id);
    if (etag !== undefined && etag !== current.etag) throw new StaleVersionError(current);
    const retryPost =
      current.value.kind === 'evening' &&
      current.value.state === 'published' &&
      !current.value.posting &&
      this.deps.publisher() !== undefined;
    if (!retryPost) {
      const refusal = publishRefusal(current.value, now);
      if (refusal) throw new EventsProblem(409, problemCode(refusal), refusal);
      current = await this.deps.events.replace(
        withState(current.value, 'published', { now, by }),
        current.etag,
      );
    }
    const event = current.value;
    const publisher = this.deps.publisher();
    if (event.kind !== 'evening' || !publisher) return current;
    try {
      await publisher.post(event);
    } catch (error) {
      if (error instanceof NoChannelError) {
        this.deps.log.info({ eventId: event.id }, 'published; no team to post the invitation to');
        return { ...current, card: 'notPosted' };
      }
      this.deps.log.warn({ err: error, eventId: event.id }, 'queueing the invitation failed');
      throw new EventsProblem(502, 'not_posted', 'events.error.postFailed');
    }
    return current;
  }

  async cancel(id: string, etag: string | undefined, by: Actor): Promise<Saved<CalendarEvent>> {
    const now = this.deps.clock();
    const current = await this.load(id);
    if (etag !== undefined && etag !== current.etag) throw new StaleVersionError(current);
    if (current.value.state === 'cancelled') {
      throw new EventsProblem(409, 'already_cancelled', 'events.error.alreadyCancelled');
    }
    const saved = await this.deps.events.replace(
      withState(current.value, 'cancelled', { now, by }),
      current.etag,
    );
    const wasPublished = current.value.state === 'published';
    return this.withCard(saved, await this.refreshPosted(saved.value, 'cancelled', wasPublished));
  }

  /** Deletes a draft or a cancelled event with its answers; a published one is cancelled first. */
  async remove(id: string, etag: string): Promise<void> {
    const current = await this.load(id);
    if (current.value.state === 'published') {
      throw new EventsProblem(409, 'delete_published', 'events.error.deletePublished');
    }
    await this.deps.events.delete(id, etag);
    if (current.value.kind === 'evening') await this.deps.rsvps.deleteAll(id);
  }

  /**
   * A person's answer, from the card or the tab: the same rules and the same record. The
   * posted card's counts follow.
   */
  async answer(
    eventId: string,
    person: { readonly id: string; readonly name: string; readonly teamsId?: string },
    input: unknown,
    via: Rsvp['via'],
  ): Promise<AnswerOutcome> {
    const parsed = rsvpInputSchema.parse(input);
    const found = await this.deps.events.get(eventId);
    if (!found) throw new EventsProblem(404, 'not_found', 'error.notFound');
    const event = found.value;
    const now = this.deps.clock();
    const rsvp = applyRsvp(parsed, {
      eventId,
      userId: person.id,
      name: person.name,
      now,
      via,
      ...(person.teamsId ? { teamsId: person.teamsId } : {}),
    });
    const capacity = event.kind === 'evening' ? event.capacity : undefined;
    const result = await this.deps.rsvps.answer(
      rsvp,
      (previous, counts) =>
        rsvpRefusal(event, now, {
          next: rsvp.answer,
          coming: counts.yes,
          ...(previous ? { previous: previous.answer } : {}),
        }),
      capacity !== undefined ? { capacity } : {},
    );
    if (!result.ok) {
      return {
        ok: false,
        refusal: result.refusal,
        counts: result.counts,
        event,
        ...(result.mine ? { mine: result.mine } : {}),
      };
    }
    if (event.kind !== 'evening') throw new Error('answer stored for a non-evening');
    await this.refreshPosted(event, 'none');
    return { ok: true, rsvp: result.rsvp, counts: result.counts, event };
  }

  private withCard<T>(saved: Versioned<T>, card: Saved<T>['card']): Saved<T> {
    return card ? { ...saved, card } : saved;
  }

  /**
   * Keeps the posted card right: an update of a published evening's card goes to the outbox,
   * also while its post is still there (the update then waits for it, so it is not lost). A
   * failure is logged and reported back ("failed"), and never undoes the change.
   */
  private async refreshPosted(
    event: CalendarEvent,
    notice: ChangeNotice,
    published = event.state === 'published',
  ): Promise<Saved<CalendarEvent>['card']> {
    const publisher = this.deps.publisher();
    if (event.kind !== 'evening' || !publisher) return undefined;
    // Only a published evening has a card, posted or on its way (a cancelled draft never had).
    if (!event.posting && !published) return undefined;
    try {
      await publisher.update(event, notice);
      return 'updated';
    } catch (error) {
      if (error instanceof NoChannelError) return undefined;
      this.deps.log.warn(
        { err: error, eventId: event.id, notice },
        'updating the posted invitation failed',
      );
      return 'failed';
    }
  }
}

function problemCode(refusal: NonNullable<ReturnType<typeof publishRefusal>>): EventsProblemCode {
  switch (refusal) {
    case 'events.error.cancelledEdit':
      return 'cancelled';
    case 'events.error.alreadyPublished':
      return 'already_published';
    case 'events.error.placeRequired':
      return 'place_required';
    case 'events.error.deadlinePassed':
      return 'deadline_passed';
  }
}
