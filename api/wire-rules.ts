import type { RequestHandler } from 'express';
import { findBadText } from '../domain/wire';
import { ApiError } from './errors';

/**
 * The wire rule (domain/wire.ts) at the edge, for every surface and admin alike: a NUL, a lone surrogate, an
 * over-long string or an over-deep body anywhere in the path, the query or the body is a 400 that names the
 * field, before any handler, workflow or database sees it. Runs after each body parser.
 */
export const refuseBadText: RequestHandler = (req, _res, next) => {
  const path = decodedPath(req.path);
  const bad = path === undefined ? { path: 'path', message: 'must be valid percent-encoded UTF-8' } : findBadText(path, 'path') ?? findBadText(req.query, 'query') ?? findBadText(req.body, 'body');
  next(bad ? new ApiError('badRequest', `${bad.path}: ${bad.message}`, [bad]) : undefined);
};

function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
