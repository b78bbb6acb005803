import { randomUUID } from 'node:crypto';
import type { Request } from 'restify';
import { localeFrom, type Locale } from '@yhdistysyhteistyo/contract/i18n';
import type { Logger } from '../log';

/** What every handler knows of its request: an id for logs and error references, a logger, a locale. */
export interface RequestContext {
  readonly id: string;
  readonly log: Logger;
  readonly locale: Locale;
  readonly startedAt: number;
  /** True when an error means a dependency (storage) is down: answered 503, retry later. */
  readonly isUnavailable: (error: unknown) => boolean;
}

const contexts = new WeakMap<Request, RequestContext>();

export function attachContext(
  req: Request,
  log: Logger,
  isUnavailable: (error: unknown) => boolean,
): RequestContext {
  const incoming = req.header('x-request-id');
  const id = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  const ctx: RequestContext = {
    id,
    log: log.child({ reqId: id }),
    locale: localeFrom(req.header('accept-language')),
    startedAt: performance.now(),
    isUnavailable,
  };
  contexts.set(req, ctx);
  return ctx;
}

export function requestContext(req: Request): RequestContext {
  const ctx = contexts.get(req);
  if (!ctx) throw new Error('request context missing: attachContext runs first');
  return ctx;
}
