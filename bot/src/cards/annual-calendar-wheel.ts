/**
 * The annual calendar card with the wheel picture above the month list. The month list is the
 * bot's own calendar card (`calendar.ts`), which is also the picture's text alternative; the
 * picture is a PNG the server renders from the same drawing as the tab's. Teams fetches card
 * images without the user's token, so the image is a signed, expiring link (`calendar.png`),
 * which also keeps the card far under the size limit that an embedded image would break.
 */
import type { AnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import type { CalendarListItem } from '../domain/bot-readers';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import { calendarCard, type CalendarData } from './calendar';
import type { AdaptiveCard, CardElement } from './common';

interface ImageElement {
  readonly type: 'Image';
  readonly url: string;
  readonly altText: string;
  readonly size: 'Stretch';
  readonly spacing?: 'Medium';
}

export type WheelCard = Omit<AdaptiveCard, 'body'> & {
  readonly body: readonly (CardElement | ImageElement)[];
};

export interface WheelCardData extends CalendarData {
  /** A signed, expiring https link to the wheel PNG. */
  readonly imageUrl: string;
  /** One sentence; the month list below carries the rest of the text alternative. */
  readonly altText: string;
}

export function annualCalendarWheelCard(data: WheelCardData, locale: Locale): WheelCard {
  const base = calendarCard(data, locale);
  const [title, ...rest] = base.body;
  const image: ImageElement = {
    type: 'Image',
    url: data.imageUrl,
    altText: data.altText,
    size: 'Stretch',
    spacing: 'Medium',
  };
  return { ...base, body: title ? [title, image, ...rest] : [image] };
}

/**
 * The bot's calendar card with the wheel put under its heading; without an image, the card as
 * it was. Typed as the library's card for the bot's answer path, whose element union has no
 * Image: the card check (`test/events-cards.test.ts`) validates the result.
 */
export function withWheelImage(
  base: AdaptiveCard,
  image: { readonly url: string; readonly altText: string } | undefined,
): AdaptiveCard {
  if (!image) return base;
  const [title, ...rest] = base.body;
  const element: ImageElement = {
    type: 'Image',
    url: image.url,
    altText: image.altText,
    size: 'Stretch',
    spacing: 'Medium',
  };
  const body: readonly (CardElement | ImageElement)[] = title
    ? [title, element, ...rest]
    : [element];
  return { ...base, body: body as readonly CardElement[] };
}

/**
 * The calendar's entries as the bot's card lists them: every meeting of a series on its own
 * line, cancelled ones left out (the card shows what will happen).
 */
export function calendarListItems(calendar: AnnualCalendar): CalendarListItem[] {
  return calendar.entries
    .filter((e) => e.state !== 'cancelled')
    .map((e) => {
      const place =
        e.place.teamsUrl && e.place.address
          ? 'hybrid'
          : e.place.teamsUrl
            ? 'teams'
            : (e.place.address ?? 'tbd');
      return {
        id: e.id,
        category: e.category,
        title: e.title,
        start: e.start,
        end: e.end,
        host: { fi: '', en: '' },
        place,
        state: e.state,
        ...(e.workingGroupId ? { workingGroupId: e.workingGroupId } : {}),
      };
    });
}
