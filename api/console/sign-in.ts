import { Router, type Request, type RequestHandler, type Response } from 'express';
import { safeEqual } from '../../domain/secrets';
import { signInSchema } from '../../domain/console/users';
import { areasOf, mayUse, type ConsoleArea } from '../../domain/console/roles';
import { CONSOLE_SESSION_HOURS, sessionOf, signIn, signOut } from '../../core/console/users';
import type { ConsoleSignIn } from '../../db/console/sessions';
import { appendAudit } from '../../db/console/audit';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';

/** HTTP-only (no script reads it), Secure, SameSite=Strict (no other site's page sends it), only under /console. */
const COOKIE = 'mf_console';
const COOKIE_FLAGS = `Path=/console; HttpOnly; Secure; SameSite=Strict`;

export const signedInUser = (res: Response): ConsoleSignIn => res.locals.consoleUser as ConsoleSignIn;

/** POST /login, POST /logout, GET /me: the console's sign-in, with the failed-login limits every login route has. */
export function signInRouter(deps: ApiDeps): Router {
  const r = Router();
  r.post('/login', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl)) throw new ApiError('forbidden', 'this sign-in came from another site');
    const { username, password } = parseOr400(signInSchema, req.body ?? {}, 'body');
    await deps.limits.guard(req, 'console', username);
    const passed = await deps.limits.attempt(req, 'console', username);
    const signedIn = await signIn(deps.db, username, password);
    if (!signedIn) {
      await appendAudit(deps.db, { username, role: '-', action: 'sign in', outcome: 'refused', ip: req.ip });
      throw new ApiError('notAuthenticated', 'wrong username or password');
    }
    await passed();
    await appendAudit(deps.db, { username, role: signedIn.session.role, action: 'sign in', outcome: 'ok', ip: req.ip });
    res.set('set-cookie', `${COOKIE}=${signedIn.token}; ${COOKIE_FLAGS}; Max-Age=${CONSOLE_SESSION_HOURS * 3600}`);
    res.json(me(signedIn.session));
  });
  r.post('/logout', async (req, res) => {
    const token = cookieToken(req);
    if (token) await signOut(deps.db, token);
    res.set('set-cookie', `${COOKIE}=; ${COOKIE_FLAGS}; Max-Age=0`).json({ signedOut: true });
  });
  r.get('/me', requireSignIn(deps), (_req, res) => void res.json(me(signedInUser(res))));
  return r;
}

const me = (s: ConsoleSignIn) => ({ username: s.username, role: s.role, areas: areasOf(s.role), csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() });

/**
 * Every console route but sign-in: a live session from the cookie, and for anything that changes state the CSRF
 * token the page got from /me in `X-CSRF-Token` (a form on another site cannot read it) and, when the browser
 * names one, our own origin.
 */
export function requireSignIn(deps: ApiDeps): RequestHandler {
  return async (req, res, next) => {
    const token = cookieToken(req);
    const session = token ? await sessionOf(deps.db, token) : undefined;
    if (!session) return next(new ApiError('notAuthenticated', 'sign in to the console first'));
    if (!SAFE_METHODS.has(req.method)) {
      const csrf = req.get('x-csrf-token');
      if (!csrf || !safeEqual(csrf, session.csrfToken)) return next(new ApiError('forbidden', 'missing or wrong X-CSRF-Token: reload the console'));
      if (!sameOrigin(req, deps.publicUrl)) return next(new ApiError('forbidden', 'this request came from another site'));
    }
    res.locals.consoleUser = session;
    next();
  };
}

/** 403 for a role that may not use this part of the console, whatever the page shows. */
export function requireArea(area: ConsoleArea | ((req: Request) => ConsoleArea)): RequestHandler {
  return (req, res, next) => {
    const needed = typeof area === 'function' ? area(req) : area;
    const { role } = signedInUser(res);
    if (!mayUse(role, needed)) return next(new ApiError('forbidden', `the ${role} role may not use ${needed}`));
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The browser's Origin names us: the host it reached (Host; behind trusted proxies, X-Forwarded-Host) or PUBLIC_URL's. */
function sameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.get('origin');
  if (!origin) return true;
  try {
    const ours = [new URL(publicUrl).host, req.host, req.get('host')];
    return ours.includes(new URL(origin).host);
  } catch {
    return false;
  }
}

function cookieToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE && value.length) return value.join('=') || undefined;
  }
  return undefined;
}
