/**
 * `adaptiveCard/action` invokes of invitation cards: an answer (coming / maybe / not coming,
 * with the association and the content wish typed on the card) and the refresh that fetches a
 * person's own view. The answer goes through the same service as the tab's, so a person's
 * answer is one record whichever way they give it. The invoke answers with the person's view
 * of the card; refusals (deadline passed, cancelled, full, a too long wish) are shown on it in
 * the person's language, never as a raw error.
 */
import type { AdaptiveCardInvokeResponse, Activity } from 'botbuilder';
import { ZodError } from 'zod';
import { CARD_CONTENT_TYPE } from '../cards/common';
import type { InvitationCard } from '../cards/invitation';
import { VERBS } from '../cards/verbs';
import type { CalendarEvent, Evening } from '@yhdistysyhteistyo/contract/events/model';
import type { Rsvp, RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import { EventsProblem, type EventsService } from '../domain/events-service';
import { formatDateTime, type Locale } from '@yhdistysyhteistyo/contract/time';
import { issueKey } from '@yhdistysyhteistyo/contract/field-messages';
import { localeFrom, t } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';

export interface RsvpInvokeDeps {
  readonly service: Pick<EventsService, 'answer'>;
  readonly events: {
    get(id: string): Promise<{ readonly value: CalendarEvent } | undefined>;
  };
  readonly rsvps: {
    counts(eventId: string): Promise<RsvpCounts>;
    mine(eventId: string, userId: string): Promise<Rsvp | undefined>;
  };
  readonly cards: {
    personalCard(
      event: Evening,
      counts: RsvpCounts,
      mine: Rsvp | undefined,
      locale: Locale,
      notice?: { text: string; good: boolean },
    ): Promise<InvitationCard>;
  };
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The person's own language choice, when they made one in the bot; else Teams' locale. */
  readonly localeOf?: (activity: Partial<Activity>) => Promise<Locale | undefined>;
}

/** True for the verbs this module answers. */
export function isRsvpVerb(verb: unknown): boolean {
  return verb === VERBS.rsvpAnswer || verb === VERBS.rsvpRefresh;
}

function cardResponse(card: InvitationCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: { ...card } };
}

/** A plain message instead of a card (the card cannot be drawn, e.g. the event is gone). */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  // The Universal Actions message response carries a string; botbuilder types `value` as an object.
  const value = text as unknown as Record<string, unknown>;
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export async function handleRsvpInvoke(
  activity: Partial<Activity>,
  deps: RsvpInvokeDeps,
): Promise<AdaptiveCardInvokeResponse> {
  const value = (activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
  const verb = value.action?.verb;
  const data = (
    value.action?.data && typeof value.action.data === 'object' ? value.action.data : {}
  ) as Record<string, unknown>;
  const locale = (await deps.localeOf?.(activity)) ?? localeFrom(activity.locale);
  const from = activity.from;
  // The same person as in the tab: Entra object id first; Teams' own id only as a fallback.
  const person = {
    id: from?.aadObjectId || from?.id || '',
    name: from?.name || '',
    ...(from?.id ? { teamsId: from.id } : {}),
  };
  const eventId = text(data.eventId);
  if (!person.id || !/^[A-Za-z0-9_-]{1,64}$/.test(eventId)) {
    return messageResponse(t(locale, 'events.card.unknownEvent'));
  }

  try {
    if (verb === VERBS.rsvpRefresh) {
      const found = await deps.events.get(eventId);
      if (found?.value.kind !== 'evening' || found.value.state === 'draft') {
        return messageResponse(t(locale, 'events.card.unknownEvent'));
      }
      const [counts, mine] = await Promise.all([
        deps.rsvps.counts(eventId),
        deps.rsvps.mine(eventId, person.id),
      ]);
      return cardResponse(await deps.cards.personalCard(found.value, counts, mine, locale));
    }

    const input = {
      answer: data.answer,
      association: text(data.association),
      contentWish: text(data.contentWish),
    };
    let outcome;
    try {
      outcome = await deps.service.answer(eventId, person, input, 'card');
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      // A wish over 500 characters or an unknown answer: say which, keep the card as it was.
      const first = error.issues[0];
      const message = t(locale, first ? issueKey(first) : 'error.validation');
      const found = await deps.events.get(eventId);
      if (found?.value.kind !== 'evening') return messageResponse(message);
      const [counts, mine] = await Promise.all([
        deps.rsvps.counts(eventId),
        deps.rsvps.mine(eventId, person.id),
      ]);
      return cardResponse(
        await deps.cards.personalCard(found.value, counts, mine, locale, {
          text: message,
          good: false,
        }),
      );
    }
    if (!outcome.event || outcome.event.kind !== 'evening') {
      return messageResponse(t(locale, 'events.card.unknownEvent'));
    }
    if (!outcome.ok) {
      deps.log.info({ eventId, refusal: outcome.refusal }, 'card answer refused');
      const notice = t(locale, outcome.refusal, {
        deadline: formatDateTime(outcome.event.registrationDeadline, locale),
      });
      return cardResponse(
        await deps.cards.personalCard(outcome.event, outcome.counts, outcome.mine, locale, {
          text: notice,
          good: false,
        }),
      );
    }
    deps.log.info({ eventId, answer: outcome.rsvp.answer }, 'card answer saved');
    const saved = t(locale, 'events.card.saved', {
      answer: t(locale, `events.answer.${outcome.rsvp.answer}`),
    });
    return cardResponse(
      await deps.cards.personalCard(outcome.event, outcome.counts, outcome.rsvp, locale, {
        text: saved,
        good: true,
      }),
    );
  } catch (error) {
    if (error instanceof EventsProblem && error.status === 404) {
      return messageResponse(t(locale, 'events.card.unknownEvent'));
    }
    deps.log.error({ err: error, eventId }, 'card answer failed');
    return messageResponse(t(locale, 'events.card.failed'));
  }
}
