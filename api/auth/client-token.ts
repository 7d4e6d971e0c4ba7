import type { RequestHandler, Response } from 'express';
import type { ClientClaims, TokenSealer } from '../../domain/tokens';
import { ApiError } from '../errors';
import { bearerToken } from './bearer';

/** Requires `Authorization: Bearer <clientToken>`; 401 otherwise (COMPAT.md §1). */
export function requireClient(sealer: TokenSealer): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const claims = token ? await sealer.openClient(token) : undefined;
    if (!claims) return next(new ApiError('notAuthenticated', token ? 'client token is invalid or expired' : 'missing Authorization: Bearer <clientToken>'));
    res.locals.client = claims;
    next();
  };
}

export function clientOf(res: Response): ClientClaims {
  return res.locals.client as ClientClaims;
}
