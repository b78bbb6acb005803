/** The API's one error shape, without a server: what sendError answers for each kind of error. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { t } from '@yhdistysyhteistyo/contract/i18n';
import { attachContext } from '../../bot/src/http/context';
import { ApiError } from '../../bot/src/http/errors';
import { sendError } from '../../bot/src/http/handler';
import { createLogger } from '../../bot/src/log';

const STORAGE_DOWN = new Error('connect ECONNREFUSED');

interface Answer {
  status?: number;
  body?: unknown;
  headers: Record<string, string>;
}

function exchange(language: string): {
  req: Request;
  res: Response;
  answer: Answer;
  logs: string[];
} {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const headers: Record<string, string> = { 'accept-language': language };
  const req = { header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  const answer: Answer = { headers: {} };
  const res = {
    header(name: string, value: string) {
      answer.headers[name] = value;
    },
    send(status: number, body: unknown) {
      answer.status = status;
      answer.body = body;
    },
  } as unknown as Response;
  attachContext(req, createLogger('info', sink), (error) => error === STORAGE_DOWN);
  return { req, res, answer, logs };
}

describe('API error handler', () => {
  it('answers 503 with Retry-After when storage is unreachable, and logs it as a warning', () => {
    const { req, res, answer, logs } = exchange('fi');
    sendError(req, res, STORAGE_DOWN);
    assert.equal(answer.status, 503);
    assert.equal(answer.headers['Retry-After'], '5');
    assert.deepEqual(answer.body, {
      error: { code: 'storage_unavailable', message: t('fi', 'error.storageUnavailable') },
    });
    assert.match(logs.join(''), /storage unreachable/);
  });

  it('answers any other error 500 with a reference, never its text', () => {
    const { req, res, answer } = exchange('en');
    sendError(req, res, new Error('secret internals'));
    assert.equal(answer.status, 500);
    assert.doesNotMatch(JSON.stringify(answer.body), /secret internals/);
    assert.equal((answer.body as { error: { code: string } }).error.code, 'internal');
  });

  it('answers a schema failure 400 with a translated message per field', () => {
    const { req, res, answer } = exchange('fi');
    const result = z
      .object({
        name: z.string().min(2, { error: 'associations.validation.nameLength' }),
        n: z.number(),
      })
      .safeParse({ name: 'x' });
    assert.equal(result.success, false);
    sendError(req, res, result.error);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, {
      error: {
        code: 'validation',
        message: t('fi', 'error.validation'),
        fields: {
          name: t('fi', 'associations.validation.nameLength'),
          n: t('fi', 'error.validation'),
        },
      },
    });
  });

  it('answers an ApiError with its status, translated message, fields and details', () => {
    const { req, res, answer } = exchange('en');
    sendError(
      req,
      res,
      new ApiError(
        409,
        'conflict',
        'error.conflict',
        {},
        { name: 'associations.validation.duplicateName' },
        null,
      ),
    );
    assert.equal(answer.status, 409);
    assert.deepEqual(answer.body, {
      error: {
        code: 'conflict',
        message: t('en', 'error.conflict'),
        fields: { name: t('en', 'associations.validation.duplicateName') },
      },
      current: null,
    });
  });
});
