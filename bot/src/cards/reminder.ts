/**
 * The reminder of a working-group meeting or an association evening, posted by scheduled
 * delivery to the team's channel or a person's chat. The channel reads Finnish first with one
 * line in English after it; a personal chat speaks the person's language and, for an evening,
 * repeats their own answer. Channel reminders of a meeting can @mention the group's members.
 */
import type { LocalizedText, Place } from '@yhdistysyhteistyo/contract/events/model';
import type { RsvpAnswer } from '@yhdistysyhteistyo/contract/events/rsvp';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { formatDateTime } from '@yhdistysyhteistyo/contract/time';
import {
  card,
  facts,
  heading,
  pick,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
  type OpenUrlAction,
} from './common';

/** Teams' limit is generous, but a card that tags a crowd helps no one. */
export const MAX_MENTIONS = 50;

/** A description longer than this is cut: the reminder points at the event, it does not repeat it. */
const MAX_DESCRIPTION = 600;

export interface ReminderData {
  readonly kind: 'meeting' | 'evening';
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly place: Place;
  /** UTC ISO: this meeting of a series, or the evening. */
  readonly start: string;
  /** Days from the reminder to the day of the event: 0 today, 1 tomorrow. */
  readonly daysBefore: number;
  readonly audience: 'channel' | 'personal';
  /** The meeting's working group. */
  readonly group?: LocalizedText;
  /** The person's own answer to the evening (personal reminders). */
  readonly answer?: RsvpAnswer;
  /** People to @mention, by their Teams id (an Entra object id or a UPN). */
  readonly mentions?: readonly { readonly id: string; readonly name: string }[];
}

export interface Mention {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

/** Mentions in a card: `<at>Name</at>` in the text and an entity naming the person. */
export type ReminderCard = AdaptiveCard & { readonly msteams?: { readonly entities: Mention[] } };

function placeText(place: Place, locale: Locale): string {
  if (place.teamsUrl && place.address)
    return t(locale, 'delivery.card.hybrid', { address: place.address });
  if (place.teamsUrl) return t(locale, 'delivery.card.teams');
  return place.address ?? t(locale, 'delivery.card.placeTbd');
}

function leadText(daysBefore: number, locale: Locale): string {
  if (daysBefore <= 0) return t(locale, 'delivery.card.today');
  if (daysBefore === 1) return t(locale, 'delivery.card.tomorrow');
  return t(locale, 'delivery.card.inDays', { days: daysBefore });
}

function mentionsOf(people: ReminderData['mentions'] = []): Mention[] {
  return people.slice(0, MAX_MENTIONS).map(({ id, name }) => {
    // `<` and `>` would end the tag early; a name never needs them.
    const shown = name.replace(/[<>]/g, '').trim() || id;
    return { type: 'mention', text: `<at>${shown}</at>`, mentioned: { id, name: shown } };
  });
}

export function reminderCard(data: ReminderData, locale: Locale): ReminderCard {
  const titleKey =
    data.kind === 'meeting' ? 'delivery.card.meetingTitle' : 'delivery.card.eveningTitle';
  const mentions = mentionsOf(data.mentions);
  const body: CardElement[] = [
    subtle(leadText(data.daysBefore, locale)),
    heading(t(locale, titleKey, { title: pick(data.title, locale) }), 'Medium'),
    facts([
      { title: t(locale, 'delivery.card.when'), value: formatDateTime(data.start, locale) },
      { title: t(locale, 'delivery.card.where'), value: placeText(data.place, locale) },
      ...(data.group
        ? [{ title: t(locale, 'delivery.card.group'), value: pick(data.group, locale) }]
        : []),
    ]),
  ];
  const description = pick(data.description, locale).trim();
  if (description !== '') {
    body.push(
      text(
        description.length > MAX_DESCRIPTION
          ? `${description.slice(0, MAX_DESCRIPTION - 1)}…`
          : description,
      ),
    );
  }
  // The mention tags are the one markup a card must keep: Teams turns each into an @mention. The
  // names inside had their `<` and `>` removed above, so no user text can open another tag.
  if (mentions.length) {
    body.push({ type: 'TextBlock', text: mentions.map((m) => m.text).join(', '), wrap: true });
  }
  if (data.answer === 'yes') body.push(subtle(t(locale, 'delivery.card.yourAnswerYes')));
  if (data.answer === 'maybe') body.push(subtle(t(locale, 'delivery.card.yourAnswerMaybe')));
  // The channel reads Finnish first; one line in English follows for those who need it.
  if (data.audience === 'channel' && locale === 'fi') {
    body.push(
      subtle(
        `${t('en', titleKey, { title: pick(data.title, 'en') })} · ${formatDateTime(data.start, 'en')}`,
        { spacing: 'Medium' },
      ),
    );
  }
  const actions: OpenUrlAction[] =
    data.place.teamsUrl !== undefined
      ? [
          {
            type: 'Action.OpenUrl',
            title: t(locale, 'delivery.card.join'),
            url: data.place.teamsUrl,
          },
        ]
      : [];
  const built = card(body, actions);
  return mentions.length ? { ...built, msteams: { entities: mentions } } : built;
}
