import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../core/log';

const TOKEN_IN_PATH = /\/(match|session|sessions?)\/([^/?#]{24,})/g;
const SECRET_QUERY = /([?&][^=&]*(?:token|secret|key|password)[^=&]*=)[^&#]*/gi;

/** URLs carry tokens (match, session, server session); logs keep the shape of the URL, never the token. */
export function scrubUrl(url: string): string {
  return url.replace(TOKEN_IN_PATH, '/$1/[token]').replace(SECRET_QUERY, '$1[redacted]');
}

/** One JSON line per request, tagged with a request id (taken from X-Request-Id when sane) echoed back. */
export function requestLog(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: scrubUrl(req.url ?? '') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
}
