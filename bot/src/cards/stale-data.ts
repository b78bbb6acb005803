/**
 * The yearly stale-data reminder in a contact person's personal chat (indicator 5 of the report,
 * up-to-date contact data): their units' associations whose data was last checked more than 12
 * months ago, oldest first, each with "still correct" (Action.Execute: the data is saved as it is,
 * checked against its ETag, and the card comes back without it) and a link to edit it in the tab.
 */
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import { formatDate } from '@yhdistysyhteistyo/contract/time';
import {
  actionSet,
  card,
  clip,
  heading,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
} from './common';
import { VERBS } from './verbs';

/** Listed on the card at most; the rest are counted, and the tab has them all. */
export const MAX_STALE_LISTED = 15;

export interface StaleDataItem {
  readonly id: string;
  readonly name: string;
  /** When its data was last checked (saved), UTC ISO. */
  readonly updatedAt: string;
  readonly etag: string;
}

export interface StaleDataCardData {
  /** Still stale now, oldest first. */
  readonly associations: readonly StaleDataItem[];
  /** A link that opens the association's edit dialog in the tab. */
  readonly editUrl: (associationId: string) => string;
  /** The tab's list of associations. */
  readonly listUrl: string;
  /** What happened to the last press of a button. */
  readonly notice?: { readonly text: string; readonly good: boolean };
}

export function staleDataCard(data: StaleDataCardData, locale: Locale): AdaptiveCard {
  const body: CardElement[] = [heading(t(locale, 'staleData.card.title'), 'Medium')];
  if (data.notice) {
    body.push(
      text(data.notice.text, {
        color: data.notice.good ? 'Good' : 'Attention',
        weight: 'Bolder',
      }),
    );
  }
  if (data.associations.length === 0) {
    body.push(text(t(locale, 'staleData.card.allDone')));
    return card(body, [
      { type: 'Action.OpenUrl', title: t(locale, 'staleData.card.openTab'), url: data.listUrl },
    ]);
  }
  body.push(text(t(locale, 'staleData.card.intro')));
  for (const a of data.associations.slice(0, MAX_STALE_LISTED)) {
    body.push(
      text(clip(a.name, 120), { weight: 'Bolder', spacing: 'Large' }),
      subtle(t(locale, 'staleData.card.since', { date: formatDate(a.updatedAt, locale) })),
      actionSet(
        [
          {
            type: 'Action.Execute',
            title: t(locale, 'staleData.card.confirm'),
            verb: VERBS.staleDataConfirm,
            data: { associationId: a.id, etag: a.etag },
            style: 'positive',
          },
          {
            type: 'Action.OpenUrl',
            title: t(locale, 'staleData.card.edit'),
            url: data.editUrl(a.id),
          },
        ],
        'Small',
      ),
    );
  }
  const more = data.associations.length - MAX_STALE_LISTED;
  if (more > 0) body.push(subtle(t(locale, 'staleData.card.more', { count: more })));
  return card(body, [
    { type: 'Action.OpenUrl', title: t(locale, 'staleData.card.openTab'), url: data.listUrl },
  ]);
}
