/**
 * The guide texts' editor: the service on the content store, its routes, and the preview that
 * draws a draft with the bot's own card code, so the tab shows the card the bot will post.
 */
import type { ContentFields, ContentSection } from '@yhdistysyhteistyo/contract/content';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { contactsCard } from '../cards/contacts';
import { guideTopicCard } from '../cards/guide-topic';
import { helpCard } from '../cards/help';
import { houseRuleCard } from '../cards/house-rule';
import { rolesCard } from '../cards/roles';
import { welcomePersonalCard } from '../cards/welcome-personal';
import { welcomeTeamCard } from '../cards/welcome-team';
import type { AdaptiveCard } from '../cards/common';
import type { DirectoryReader } from '../domain/bot-readers';
import type { GuideTopic, HouseRule, RoleDescription, ContentReader } from '../domain/content';
import { ContentService } from '../domain/content-service';
import { contentRoutes } from '../http/content-routes';
import type { RouteModule } from '../http/server';
import type { AuthDeps } from '../http/user-context';
import type { TableContentStore } from '../storage/content-store';

const BOT_NAME = 'Yhdistysbotti';

/** The card of one text with a draft in its place, as the bot would answer with it. */
export async function previewCard(
  content: ContentReader,
  directory: Pick<DirectoryReader, 'units' | 'contacts'>,
  section: ContentSection,
  key: string,
  fields: ContentFields,
  locale: Locale,
): Promise<AdaptiveCard> {
  switch (section) {
    case 'houseRule':
      return houseRuleCard(
        {
          kind: key as HouseRule['kind'],
          title: fields.title,
          intro: fields.text,
          points: fields.points,
        },
        locale,
      );
    case 'topic':
      return guideTopicCard(
        {
          kind: key as GuideTopic['kind'],
          title: fields.title,
          intro: fields.text,
          points: fields.points,
        },
        locale,
      );
    case 'role': {
      const roles = (await content.roles()).map((r): RoleDescription =>
        r.id === key
          ? { id: r.id, title: fields.title, summary: fields.text, duties: fields.points }
          : r,
      );
      return rolesCard({ roles }, locale);
    }
    case 'guide': {
      const guide = { ...(await content.guide()), [key]: fields.text };
      switch (key) {
        case 'welcomeTeam':
          return welcomeTeamCard({ scope: 'team', guide, botName: BOT_NAME }, locale);
        case 'welcomePersonal':
          return welcomePersonalCard({ guide }, locale);
        case 'contactsIntro': {
          const [units, contacts] = await Promise.all([directory.units(), directory.contacts()]);
          return contactsCard({ guide, units, contacts }, locale);
        }
        default:
          return helpCard({ guide, scope: 'channel', botName: BOT_NAME }, locale);
      }
    }
  }
}

export function createContentApi(options: {
  readonly store: TableContentStore;
  readonly directory: Pick<DirectoryReader, 'units' | 'contacts'>;
  readonly auth: AuthDeps;
  readonly clock?: () => Date;
}): { readonly routes: readonly RouteModule[]; readonly service: ContentService } {
  const { store, directory } = options;
  const service = new ContentService({
    store,
    clock: options.clock ?? (() => new Date()),
    preview: (section, key, fields, locale) =>
      previewCard(store, directory, section, key, fields, locale),
  });
  return { routes: [contentRoutes({ ...options.auth, content: service })], service };
}
