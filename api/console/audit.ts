import type { Request, RequestHandler } from 'express';
import { appendAudit } from '../../db/console/audit';
import type { ApiDeps } from '../deps';
import { signedInUser } from './sign-in';

/** Fields of a request body that are never written to the audit log (the log records that they changed, not to what). */
const SECRET_FIELDS = /password|secret|key|token|admins/i;

/**
 * Writes one audit entry per request it guards once the answer is known: who, which action on what, and how it
 * ended (the HTTP status), with the body's fields but never a secret's value. Wrapped around every console route
 * that changes something or reveals a secret.
 */
export function audited(deps: ApiDeps, action: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    const user = signedInUser(res);
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      // A caller who hung up before the answer still did it: recorded as cut off, with what the server had answered.
      const outcome = !res.writableFinished ? `cut off (${res.statusCode})` : res.statusCode < 400 ? 'ok' : `refused ${res.statusCode}`;
      appendAudit(deps.db, {
        username: user.username, role: user.role, action: action(req), target: req.originalUrl.replace(/^\/console\/api/, ''), outcome, detail: describeBody(req.body), ip: req.ip,
      }).catch((err: unknown) => req.log.error({ err }, 'the audit entry could not be written'));
    };
    res.once('finish', write).once('close', write);
    next();
  };
}

function describeBody(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) return undefined;
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '(changed)' : masked(v)]));
}

function masked(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) return describeBody(v);
  return v;
}
