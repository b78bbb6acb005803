/** The HTTP side of the rate limits: who is asking, and the one 429 answer with Retry-After. */
import type { Request, Response } from 'restify';
import type { RateLimiter } from '../domain/rate-limit';
import { type RateScope } from '../domain/rate-limit';
import { ApiError } from './errors';

/** The network address of the caller: App Service's front end puts it first in X-Forwarded-For. */
export function clientAddress(req: Request): string {
  const forwarded = req.header('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || req.socket?.remoteAddress || 'unknown';
  return address.replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1').slice(0, 64);
}

const limiters = new WeakMap<Request, RateLimiter>();

/** The server's limiter for this request (each server, and instance, counts its own callers). */
export function attachLimiter(req: Request, limits: RateLimiter): void {
  limiters.set(req, limits);
}

/** Throws 429 with Retry-After when the caller is over the scope's limit. */
export function rateLimit(req: Request, res: Response, scope: RateScope, userId?: string): void {
  const limits = limiters.get(req);
  if (!limits) throw new Error('rate limiter missing: the server attaches it first');
  const wait = limits.take(scope, {
    address: clientAddress(req),
    ...(userId ? { user: userId } : {}),
  });
  if (wait === undefined) return;
  res.header('Retry-After', String(wait));
  throw new ApiError(429, 'rate_limited', 'security.rateLimited', { seconds: String(wait) });
}
