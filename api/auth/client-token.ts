import type { RequestHandler, Response } from 'express';
import type { ClientClaims, TokenSealer } from '../../domain/tokens';
import { ApiError } from '../errors';

/** Requires `Authorization: Bearer <clientToken>`; 401 otherwise (COMPAT.md §1). */
export function requireClient(sealer: TokenSealer): RequestHandler {
  return async (req, res, next) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const claims = m ? await sealer.openClient(m[1]!) : undefined;
    if (!claims) return next(new ApiError('notAuthenticated', m ? 'client token is invalid or expired' : 'missing Authorization: Bearer <clientToken>'));
    res.locals.client = claims;
    next();
  };
}

export function clientOf(res: Response): ClientClaims {
  return res.locals.client as ClientClaims;
}
