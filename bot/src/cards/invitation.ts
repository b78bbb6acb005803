/**
 * The invitation to an association evening, as posted in the team's channel and as each person
 * sees it after answering. Title, Finnish date and time, place with a join button, agenda,
 * deadline, "add to calendar", and the answer buttons (Action.Execute) with an association
 * field and a content-wish field.
 *
 * One card, two views: the shared one (counts for everyone) is what the channel message holds;
 * the personal one adds the person's own answer. Teams fetches the personal view through
 * Universal Actions `refresh`: automatically for the `userIds` listed (at most 60), and for
 * anyone else with the "show my answer" button — the documented way for teams over 60 people.
 */
import {
  formatDateTime,
  formatTimeRange,
  helsinkiParts,
  type Locale,
} from '@yhdistysyhteistyo/contract/time';
import {
  localized,
  type Evening,
  type LocalizedText,
} from '@yhdistysyhteistyo/contract/events/model';
import {
  MAX_CONTENT_WISH,
  registrationOpen,
  type Rsvp,
  type RsvpCounts,
} from '@yhdistysyhteistyo/contract/events/rsvp';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import {
  clip,
  facts,
  heading,
  subtle,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type ExecuteAction,
  type Fact,
} from './common';
import { VERBS } from './verbs';

/** Universal Actions refresh lists at most 60 users. */
export const MAX_REFRESH_USERS = 60;

export interface InvitationData {
  readonly event: Evening;
  readonly counts: RsvpCounts;
  /** The clock, for "registration closed". */
  readonly now: Date;
  /** A signed link to the evening's .ics (works without signing in). */
  readonly icsUrl: string;
  /** Set for the personal view: the viewer's answer (undefined: has not answered). */
  readonly personal?: { readonly mine?: Rsvp };
  /** Teams user ids whose clients fetch their personal view automatically (≤ 60). */
  readonly refreshUserIds: readonly string[];
  /** The team is larger than refresh can cover: show the "show my answer" button. */
  readonly manualRefresh: boolean;
  /** A line at the top of a personal view: saved, or why the answer was not taken. */
  readonly notice?: { readonly text: string; readonly good: boolean };
  /** Unit names for the agenda's unit sessions. */
  readonly unitNames?: Readonly<Record<string, LocalizedText>>;
}

interface InputText {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly label: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly isMultiline?: boolean;
  readonly maxLength: number;
  readonly spacing?: 'Small' | 'Medium';
}

/** The invitation card adds inputs and a refresh to the library's card shape. */
export type InvitationCard = Omit<AdaptiveCard, 'body'> & {
  readonly body: readonly (CardElement | InputText)[];
  readonly refresh?: {
    readonly action: ExecuteAction;
    readonly userIds?: readonly string[];
  };
};

const DESCRIPTION_MAX = 600;
const AGENDA_TITLE_MAX = 120;

function placeText(event: Evening, locale: Locale): string {
  const parts: string[] = [];
  if (event.place.address) parts.push(event.place.address);
  if (event.place.teamsUrl) parts.push(t(locale, 'events.card.placeTeams'));
  return parts.length > 0 ? parts.join(' · ') : t(locale, 'events.card.placeLater');
}

function agendaTime(start: string, end: string | undefined, locale: Locale): string {
  const fmt = (hhmm: string) => {
    const [h = '0', m = '00'] = hhmm.split(':');
    return locale === 'fi' ? `${Number(h)}.${m}` : `${h.padStart(2, '0')}:${m}`;
  };
  return end ? `${fmt(start)}–${fmt(end)}` : fmt(start);
}

function answerAction(
  eventId: string,
  answer: 'yes' | 'maybe' | 'no',
  locale: Locale,
): ExecuteAction {
  return {
    type: 'Action.Execute',
    title: t(locale, `events.answer.${answer}`),
    verb: VERBS.rsvpAnswer,
    data: { eventId, answer },
    ...(answer === 'yes' ? { style: 'positive' as const } : {}),
  };
}

export function refreshAction(eventId: string, locale: Locale): ExecuteAction {
  return {
    type: 'Action.Execute',
    title: t(locale, 'events.card.showMine'),
    verb: VERBS.rsvpRefresh,
    data: { eventId },
  };
}

export function invitationCard(data: InvitationData, locale: Locale): InvitationCard {
  const { event, counts } = data;
  const open = registrationOpen(event, data.now);
  const cancelled = event.state === 'cancelled';
  const body: (CardElement | InputText)[] = [heading(clip(localized(event.title, locale), 200))];

  if (cancelled) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [text(t(locale, 'events.card.cancelled'), { weight: 'Bolder' })],
    });
  }
  if (data.notice) {
    body.push({
      type: 'Container',
      style: data.notice.good ? 'good' : 'attention',
      items: [text(data.notice.text, { weight: 'Bolder' })],
    });
  }

  const deadline = formatDateTime(event.registrationDeadline, locale);
  const rows: Fact[] = [
    {
      title: t(locale, 'events.card.when'),
      value: formatTimeRange(event.start, event.end, locale),
    },
    { title: t(locale, 'events.card.where'), value: placeText(event, locale) },
  ];
  if (event.host.trim() !== '')
    rows.push({ title: t(locale, 'events.card.host'), value: event.host });
  rows.push({
    title: t(locale, 'events.card.registration'),
    value: open
      ? t(locale, 'events.card.registerBy', { at: deadline })
      : t(locale, 'events.card.registrationClosedAt', { at: deadline }),
  });
  rows.push({
    title: t(locale, 'events.card.answers'),
    value: t(locale, 'events.counts', { yes: counts.yes, maybe: counts.maybe, no: counts.no }),
  });
  if (event.capacity !== undefined) {
    rows.push({
      title: t(locale, 'events.card.capacity'),
      value: t(locale, 'events.card.capacityLeft', {
        capacity: event.capacity,
        left: Math.max(0, event.capacity - counts.yes),
      }),
    });
  }
  body.push(facts(rows, { spacing: 'Medium' }));

  const description = localized(event.description, locale).trim();
  if (description !== '') body.push(text(clip(description, DESCRIPTION_MAX)));

  if (event.agenda.length > 0) {
    body.push(text(t(locale, 'events.ics.agenda'), { weight: 'Bolder', spacing: 'Medium' }));
    body.push(
      facts(
        event.agenda.map((a) => {
          const unit = a.unitId ? data.unitNames?.[a.unitId] : undefined;
          const title = clip(localized(a.title, locale), AGENDA_TITLE_MAX);
          return {
            title: agendaTime(a.start, a.end, locale),
            value: unit ? `${title} (${localized(unit, locale)})` : title,
          };
        }),
        { spacing: 'Small' },
      ),
    );
  }

  const mine = data.personal?.mine;
  if (data.personal && !cancelled) {
    const own: CardElement[] = [
      text(
        mine
          ? t(locale, 'events.card.yourAnswer', {
              answer: t(locale, `events.answer.${mine.answer}`),
            })
          : t(locale, 'events.card.notAnswered'),
        { weight: 'Bolder' },
      ),
    ];
    if (mine?.association)
      own.push(
        subtle(t(locale, 'events.card.yourAssociation', { name: clip(mine.association, 200) }), {
          spacing: 'Small',
        }),
      );
    if (mine?.contentWish)
      own.push(
        subtle(
          t(locale, 'events.card.yourWish', { wish: clip(mine.contentWish, MAX_CONTENT_WISH) }),
          { spacing: 'Small' },
        ),
      );
    body.push({ type: 'Container', style: 'emphasis', spacing: 'Medium', items: own });
  }

  const actions: CardAction[] = [];
  if (open) {
    body.push({
      type: 'Input.Text',
      id: 'association',
      label: t(locale, 'events.tab.association'),
      maxLength: 200,
      spacing: 'Medium',
      ...(mine?.association ? { value: mine.association } : {}),
    });
    body.push({
      type: 'Input.Text',
      id: 'contentWish',
      label: t(locale, 'events.card.contentWishLabel'),
      placeholder: t(locale, 'events.card.contentWishPlaceholder'),
      isMultiline: true,
      maxLength: MAX_CONTENT_WISH,
      ...(mine?.contentWish ? { value: mine.contentWish } : {}),
    });
    body.push({
      type: 'ActionSet',
      spacing: 'Medium',
      actions: (['yes', 'maybe', 'no'] as const).map((a) => answerAction(event.id, a, locale)),
    });
  } else if (!cancelled) {
    body.push(text(t(locale, 'events.card.closed'), { weight: 'Bolder', spacing: 'Medium' }));
  }

  if (!cancelled) {
    if (event.place.teamsUrl) {
      actions.push({
        type: 'Action.OpenUrl',
        title: t(locale, 'events.ics.teams'),
        url: event.place.teamsUrl,
      });
    }
    actions.push({
      type: 'Action.OpenUrl',
      title: t(locale, 'events.card.addToCalendar'),
      url: data.icsUrl,
    });
    if (data.manualRefresh && !data.personal) actions.push(refreshAction(event.id, locale));
  }

  const refreshUsers = data.refreshUserIds.slice(0, MAX_REFRESH_USERS);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    // A cancelled evening has no personal view: nothing to answer any more.
    ...(!cancelled
      ? {
          refresh: {
            action: {
              type: 'Action.Execute',
              title: t(locale, 'events.card.showMine'),
              verb: VERBS.rsvpRefresh,
              data: { eventId: event.id },
            },
            ...(refreshUsers.length > 0 ? { userIds: refreshUsers } : {}),
          },
        }
      : {}),
  };
}

/** The short notice posted in the invitation's thread when the evening changes. */
export function changeNoticeText(
  event: Evening,
  change: 'edited' | 'cancelled',
  locale: Locale,
): string {
  const when = formatDateTime(event.start, locale);
  return change === 'cancelled'
    ? t(locale, 'events.card.noticeCancelled', { title: localized(event.title, locale), when })
    : t(locale, 'events.card.noticeEdited', { title: localized(event.title, locale), when });
}

/** Year of the evening, for links that name it. */
export function eveningYear(event: Evening): number {
  return helsinkiParts(event.start).year;
}
