import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';
import { attachContext, requestContext } from './context';
import { RateLimiter } from '../domain/rate-limit';
import { attachLimiter } from './rate-limits';
import { tabFiles } from './static';

export const MAX_BODY_BYTES = 2.5 * 1024 * 1024;

/** A part of the app that adds its routes: the tab API, the bot endpoint, development helpers. */
export type RouteModule = (server: Server) => void;

/** What the server needs of storage: a health probe, and how to tell that it is down. */
export interface StorageHealth {
  ping(): Promise<boolean>;
  isUnreachable(error: unknown): boolean;
}

export interface HttpServerDeps {
  readonly log: Logger;
  readonly storage: StorageHealth;
  readonly version: string;
  readonly tabDist: string;
  readonly routes: readonly RouteModule[];
  /** The limits of the expensive routes; a test may give one with its own clock. */
  readonly limiter?: RateLimiter;
}

export function createHttpServer(deps: HttpServerDeps): Server {
  const server = restify.createServer({
    name: 'yhdistysyhteistyo',
    handleUncaughtExceptions: false,
  });

  const limiter = deps.limiter ?? new RateLimiter();
  server.pre((req, res, next) => {
    const ctx = attachContext(req, deps.log, (error) => deps.storage.isUnreachable(error));
    attachLimiter(req, limiter);
    res.header('X-Request-Id', ctx.id);
    // Over https (App Service ends TLS in front and says so), browsers keep to https for a year.
    if (req.isSecure() || req.header('x-forwarded-proto')?.toLowerCase() === 'https') {
      res.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // CSV uploads skip the body parser: their route reads the raw bytes (Windows-1252 must not
  // pass through a UTF-8 decode, nor restify's own CSV parser).
  const parseBody = restify.plugins.bodyParser({
    maxBodySize: MAX_BODY_BYTES,
    mapParams: false,
    mapFiles: false,
  });
  const rawBodyTypes = new Set(['text/csv', 'application/vnd.ms-excel']);
  // No route takes a form upload: restify would write its files to disk before any route (or
  // sign-in) runs, so a multipart body is refused before a byte of it is read.
  server.use((req: Request, res: Response, next: Next) => {
    if (!/^multipart\//i.test(req.getContentType())) {
      next();
      return;
    }
    const ctx = requestContext(req);
    req.resume();
    res.header('Connection', 'close');
    res.send(415, {
      error: { code: 'unsupported_media_type', message: t(ctx.locale, 'security.multipart') },
    });
    next(false);
  });
  server.use(
    parseBody.map((step) => (req: Request, res: Response, next: Next) => {
      if (rawBodyTypes.has(req.getContentType())) next();
      else step(req, res, next);
    }),
  );

  // restify's own errors (no route, bad JSON, body too large) get the API's error shape too.
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: RestifyHttpError, cb: () => void) => {
      const ctx = requestContext(req);
      const status = err.statusCode ?? 500;
      const [code, message] =
        status === 413
          ? ['too_large', t(ctx.locale, 'error.tooLarge', { limit: '2,5 MB' })]
          : status === 400
            ? ['bad_json', t(ctx.locale, 'error.badJson')]
            : status === 415
              ? ['unsupported_media_type', t(ctx.locale, 'error.unsupportedMediaType')]
              : status === 404 || status === 405
                ? ['not_found', t(ctx.locale, 'error.notFound')]
                : ['internal', t(ctx.locale, 'error.internal', { ref: ctx.id })];
      err.toJSON = () => ({ error: { code, message } });
      if (status >= 500) ctx.log.error({ err }, 'request failed');
      cb();
    },
  );

  server.on('after', (req: Request, res: Response) => {
    const ctx = requestContext(req);
    // The route's template, never the path or query: both can carry e-mail addresses
    // (`/roles/:upn`, `?email=`) and signatures (`?sig=`).
    const route = (req.getRoute() as { path?: unknown } | null | undefined)?.path;
    ctx.log.info(
      {
        method: req.method,
        route: typeof route === 'string' ? route : '(no route)',
        status: res.statusCode,
        ms: Math.round(performance.now() - ctx.startedAt),
      },
      'request',
    );
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const storageOk = await deps.storage.ping();
    res.send(storageOk ? 200 : 503, {
      status: storageOk ? 'ok' : 'degraded',
      storage: storageOk ? 'ok' : 'unreachable',
      version: deps.version,
    });
  });

  const serveTab = tabFiles(deps.tabDist);
  server.get('/tab', (_req: Request, res: Response, next: Next) => {
    res.redirect(302, '/tab/', next);
  });
  server.get('/tab/*', serveTab);
  server.get('/', (_req: Request, res: Response, next: Next) => {
    res.redirect(302, '/tab/', next);
  });

  for (const addRoutes of deps.routes) addRoutes(server);
  return server;
}

interface RestifyHttpError extends Error {
  statusCode?: number;
  toJSON?: () => unknown;
}
