/**
 * The guide texts, for the coordinator ('content.edit'): every text with its ETag, a save on
 * that ETag (409 with the stored text when someone saved first), the history of one text and
 * the card a draft makes, as the bot will show it.
 *
 *   GET  /api/v1/content                          → {items: ContentEntry[]}
 *   PUT  /api/v1/content/:section/:key            ContentFields, If-Match → ContentEntry
 *   GET  /api/v1/content/:section/:key/history    → {items: ContentChange[]} (newest first)
 *   POST /api/v1/content/:section/:key/preview    {fields, locale} → {card}
 */
import type { Request, Server } from 'restify';
import { isLocale } from '@yhdistysyhteistyo/contract/i18n';
import { contentRef, type ContentService } from '../domain/content-service';
import { requestContext } from './context';
import { registerAnswer } from './errors';
import { ifMatch, param } from './events-common';
import type { RouteModule } from './server';
import { requireAllowed, secured, type AuthDeps, type SecuredRoute } from './user-context';

export interface ContentRoutesDeps extends AuthDeps {
  readonly content: Pick<ContentService, 'list' | 'save' | 'history' | 'preview'>;
}

export function contentRoutes(deps: ContentRoutesDeps): RouteModule {
  const editor = (fn: SecuredRoute) =>
    secured(deps, async (req, res, user) => {
      requireAllowed(user, 'content.edit');
      try {
        await fn(req, res, user);
      } catch (error) {
        throw registerAnswer(error);
      }
    });
  const ref = (req: Request) => contentRef(param(req, 'section'), param(req, 'key'));

  return (server: Server) => {
    server.get(
      '/api/v1/content',
      editor(async (_req, res) => {
        res.send(200, { items: await deps.content.list() });
      }),
    );

    server.put(
      '/api/v1/content/:section/:key',
      editor(async (req, res, user) => {
        const where = ref(req);
        const saved = await deps.content.save(
          where,
          req.body as unknown,
          ifMatch(req),
          user.identity.upn,
        );
        res.header('ETag', saved.etag);
        res.send(200, saved);
      }),
    );

    server.get(
      '/api/v1/content/:section/:key/history',
      editor(async (req, res) => {
        res.send(200, { items: await deps.content.history(ref(req)) });
      }),
    );

    server.post(
      '/api/v1/content/:section/:key/preview',
      editor(async (req, res) => {
        const body = (req.body ?? {}) as { fields?: unknown; locale?: unknown };
        const locale = isLocale(body.locale) ? body.locale : requestContext(req).locale;
        res.send(200, { card: await deps.content.preview(ref(req), body.fields, locale) });
      }),
    );
  };
}
