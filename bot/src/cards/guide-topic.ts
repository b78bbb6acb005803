/** A topic of the guide (the grants rule, event cooperation): its title, intro and points. */
import type { GuideTopic } from '../domain/content';
import { type Locale } from '@yhdistysyhteistyo/contract/i18n';
import {
  bullets,
  card,
  commandButton,
  heading,
  pick,
  text,
  type AdaptiveCard,
  type SubmitAction,
} from './common';

export function guideTopicCard(topic: GuideTopic, locale: Locale): AdaptiveCard {
  return card(
    [
      heading(pick(topic.title, locale)),
      text(pick(topic.intro, locale)),
      bullets(pick(topic.points, locale)),
    ],
    (['contacts', 'calendar'] as const)
      .map((c) => commandButton(c, locale))
      .filter((a): a is SubmitAction => a !== undefined),
  );
}
