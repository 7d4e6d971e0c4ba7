import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { Refused, type RefusalCode } from '../core/errors';
import { countLimitRefusal } from '../core/metrics';
import { sqlState } from '../db/errors';
import { PasswordChecksBusy } from '../domain/hosts/passwords';
import { outageOf } from './unavailable';
import { plainMessage } from '../domain/wire';

export type ErrorCode =
  | 'badRequest' | 'notAuthenticated' | 'forbidden' | 'notFound' | 'conflict' | 'tooLarge' | 'tooManyRequests' | 'providerUnavailable' | 'unavailable' | 'internal';

const STATUS: Record<ErrorCode, number> = {
  badRequest: 400, notAuthenticated: 401, forbidden: 403, notFound: 404, conflict: 409, tooLarge: 413, tooManyRequests: 429,
  providerUnavailable: 503, unavailable: 503, internal: 500,
};

/** The one error type handlers throw; the middleware turns it into `{error, code, fields?}`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
    /** Sent as Retry-After (429 and 503): when trying again can work. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** Validates `value` or throws a 400 that names each bad field, e.g. `body.teamSizes[0]: Too big: ...`. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value, { error: plainMessage });
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ path: formatPath(where, i.path), message: i.message }));
  throw new ApiError('badRequest', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
}

function formatPath(where: string, path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), where);
}

export const notFoundRoute: RequestHandler = (req, _res, next) => next(new ApiError('notFound', `no route for ${req.method} ${req.path}`));

/** Client mistakes become precise 4xx answers; anything else is logged and answered without internals. */
export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  const apiError = toApiError(err);
  if (apiError.code === 'internal') req.log?.error({ err }, 'unhandled error');
  else if (apiError.code === 'unavailable') req.log?.warn({ err }, apiError.message);
  if (apiError.retryAfterSeconds !== undefined) res.set('retry-after', String(apiError.retryAfterSeconds));
  res.status(apiError.status).json({ error: apiError.message, code: apiError.code, ...(apiError.fields ? { fields: apiError.fields } : {}) });
};

const REFUSED_AS: Record<RefusalCode, ErrorCode> = { invalid: 'badRequest', notFound: 'notFound', conflict: 'conflict' };

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Refused) return new ApiError(REFUSED_AS[err.code], err.message, err.fields);
  if (err instanceof PasswordChecksBusy) return new ApiError('unavailable', err.message, undefined, 1);
  const outage = outageOf(err);
  if (outage?.code === 'tooManyRequests') countLimitRefusal('temporalBusy');
  if (outage) return new ApiError(outage.code, outage.message, undefined, outage.retryAfterSeconds);
  // The database refusing a value (SQLSTATE 22: bad data) is a request mistake the edge did not name: a 400 still.
  if (/^22/.test(sqlState(err) ?? '')) return new ApiError('badRequest', 'a value in the request cannot be stored');
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return new ApiError('badRequest', 'body is not valid JSON');
  if (e?.type === 'entity.too.large') return new ApiError('tooLarge', 'body is too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new ApiError('badRequest', 'body encoding is not supported');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError('badRequest', 'malformed request');
  return new ApiError('internal', 'internal error');
}
