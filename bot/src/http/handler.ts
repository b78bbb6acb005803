import type { Request, Response } from 'restify';
import { ZodError } from 'zod';
import { fieldMessages } from '@yhdistysyhteistyo/contract/field-messages';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import { CorruptRecordError } from '../domain/errors';
import { requestContext } from './context';
import { ApiError } from './errors';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; reference?: string };
  current?: unknown;
}

/** Sends the one error shape of the API, translated to the request's locale. */
export function sendError(req: Request, res: Response, error: unknown): void {
  const ctx = requestContext(req);
  if (error instanceof ApiError) {
    const body: ErrorBody = {
      error: { code: error.code, message: t(ctx.locale, error.messageKey, error.params) },
    };
    if (error.fields) {
      body.error.fields = Object.fromEntries(
        Object.entries(error.fields).map(([k, key]) => [k, t(ctx.locale, key)]),
      );
    }
    if (error.details !== undefined) body.current = error.details;
    res.send(error.status, body);
    return;
  }
  if (error instanceof ZodError) {
    const fields = fieldMessages(error.issues, (key) => t(ctx.locale, key));
    res.send(400, {
      error: { code: 'validation', message: t(ctx.locale, 'error.validation'), fields },
    });
    return;
  }
  if (error instanceof CorruptRecordError) {
    // Ids only: the row's data stays out of the log and out of the answer.
    const { table, key, column } = error;
    ctx.log.error({ table, key, column }, 'corrupt stored row; nothing was changed');
    res.send(500, {
      error: {
        code: 'corrupt_record',
        message: t(ctx.locale, 'error.corruptRecord', { ref: ctx.id }),
        reference: ctx.id,
      },
    });
    return;
  }
  if (ctx.isUnavailable(error)) {
    ctx.log.warn({ err: error }, 'storage unreachable');
    res.header('Retry-After', '5');
    res.send(503, {
      error: { code: 'storage_unavailable', message: t(ctx.locale, 'error.storageUnavailable') },
    });
    return;
  }
  ctx.log.error({ err: error }, 'unhandled error');
  res.send(500, {
    error: {
      code: 'internal',
      message: t(ctx.locale, 'error.internal', { ref: ctx.id }),
      reference: ctx.id,
    },
  });
}

/** Wraps an async route so every failure becomes the API's error shape; nothing escapes unlogged. */
export function handle(fn: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await fn(req, res);
    } catch (error) {
      if (res.headersSent) {
        requestContext(req).log.error({ err: error }, 'error after response was sent');
        return;
      }
      sendError(req, res, error);
    }
  };
}
