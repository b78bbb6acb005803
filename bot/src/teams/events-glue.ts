/**
 * Connects the year's events to the bot: the invitation cards on the bot's adapter (the channel
 * card the outbox posts and updates, each person's own view), the invitation cards'
 * Action.Execute verbs, and the wheel picture on the annual calendar card. Narrow structural
 * ports only, so this room does not reach into `http/`.
 */
import type { AdaptiveCardInvokeResponse, Activity, CloudAdapter } from 'botbuilder';
import type { CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import type { Rsvp, RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import type { EventsService } from '../domain/events-service';
import { helsinkiParts, type Locale } from '@yhdistysyhteistyo/contract/time';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';
import { TeamsInvitationCards } from './invitation-publisher';
import { handleRsvpInvoke, isRsvpVerb } from './rsvp-invoke';

export interface EventsSide {
  readonly service: Pick<EventsService, 'answer'>;
  readonly events: { get(id: string): Promise<{ readonly value: CalendarEvent } | undefined> };
  readonly rsvps: {
    counts(eventId: string): Promise<RsvpCounts>;
    mine(eventId: string, userId: string): Promise<Rsvp | undefined>;
    list(eventId: string): Promise<readonly Rsvp[]>;
  };
  icsUrl(eventId: string): Promise<string>;
  wheelImageUrl(year: number, locale: Locale): Promise<string>;
}

export interface CardInvokeHandler {
  handles(verb: unknown): boolean;
  handle(activity: Activity, locale: Locale): Promise<AdaptiveCardInvokeResponse>;
}

export interface CalendarImage {
  readonly url: string;
  readonly altText: string;
}

export interface BotSide {
  useCardInvokes(handler: CardInvokeHandler): void;
  useCalendarImage(
    image: (from: string, to: string, locale: Locale) => Promise<CalendarImage>,
  ): void;
}

export function connectEventsToTeams(
  events: EventsSide,
  bot: BotSide,
  teams: {
    readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
    readonly botAppId: string;
    readonly log: Logger;
    /** The language of cards posted to the channel. */
    readonly locale?: Locale;
  },
): TeamsInvitationCards {
  const publisher = new TeamsInvitationCards({
    adapter: teams.adapter,
    botAppId: teams.botAppId,
    rsvps: events.rsvps,
    icsUrl: (id) => events.icsUrl(id),
    locale: teams.locale ?? 'fi',
    log: teams.log,
  });
  bot.useCardInvokes({
    handles: isRsvpVerb,
    handle: (activity, locale) =>
      handleRsvpInvoke(activity, {
        service: events.service,
        events: events.events,
        rsvps: events.rsvps,
        cards: publisher,
        log: teams.log,
        localeOf: () => Promise.resolve(locale),
      }),
  });
  bot.useCalendarImage(async (from, to, locale) => {
    // A rolling twelve months: the wheel of the year most of them fall in.
    const middle = new Date((Date.parse(from) + Date.parse(to)) / 2).toISOString();
    const year = helsinkiParts(middle).year;
    return {
      url: await events.wheelImageUrl(year, locale),
      altText: t(locale, 'events.card.wheelAlt', { year }),
    };
  });
  return publisher;
}
