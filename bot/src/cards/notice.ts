/** A small confirmation or refusal: a title, one or two sentences, optional buttons. */
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { card, heading, text, type AdaptiveCard, type CardAction } from './common';

export interface NoticeData {
  readonly title: string;
  readonly text: string;
  readonly actions?: readonly CardAction[];
}

export function noticeCard(data: NoticeData, _locale: Locale): AdaptiveCard {
  return card([heading(data.title, 'Medium'), text(data.text)], data.actions ?? []);
}
