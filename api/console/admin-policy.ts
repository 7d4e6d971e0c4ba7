import type { Request } from 'express';
import type { ConsoleArea } from '../../domain/console/roles';

/**
 * Which console area an admin-API route (served again under /console/api/admin) belongs to, so one table decides
 * what each role may call. A route not named here is an admin's alone: a new admin route is closed until placed.
 */
export function adminRouteArea(req: Request): ConsoleArea {
  const path = req.path;
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (get && (req.query.reveal === 'true' || path.endsWith('/developer-config.json'))) return 'secrets';
  if (get) return READS.find(([pattern]) => pattern.test(path))?.[1] ?? 'secrets';
  if (/^\/projects\/[^/]+\/paid-matches\/[^/]+\/abort$/.test(path)) return 'actions';
  if (/^\/projects\/[^/]+\/wallets\/[^/]+\/(credit|withdraw)$/.test(path)) return 'walletMoves';
  return 'projectChanges';
}

/** What the route does, in the audit log's words. */
export function adminAction(req: Request): string {
  const area = adminRouteArea(req);
  if (req.path.startsWith('/console-users')) return req.method === 'GET' ? 'list console users' : req.method === 'POST' ? 'add console user' : 'change console user';
  if (area === 'secrets') return 'reveal secrets';
  if (area === 'actions') return 'abort paid match';
  if (area === 'walletMoves') return req.path.endsWith('/credit') ? 'credit wallet' : 'withdraw from wallet';
  if (req.path.includes('rotate')) return 'rotate secret';
  if (req.method === 'POST' && req.path === '/projects') return 'create project';
  if (req.method === 'DELETE') return 'retire project';
  return 'change project';
}

export const changesOrReveals = (req: Request): boolean => {
  const area = adminRouteArea(req);
  return area === 'secrets' || area === 'projectChanges' || area === 'walletMoves' || area === 'actions';
};

const READS: [RegExp, ConsoleArea][] = [
  [/^\/finance\/matches(\/[^/]+)?$/, 'paidMatches'],
  [/^\/finance\//, 'money'],
  [/^\/projects\/[^/]+\/wallets\/[^/]+$/, 'money'],
  [/^\/projects\/[^/]+\/(leaderboard|sessions)$/, 'results'],
  [/^\/projects\/[^/]+\/players\/[^/]+\/results$/, 'results'],
  [/^\/projects\/[^/]+\/session-webhooks\/deliveries$/, 'live'],
  [/^\/projects(\/[^/]+)?$/, 'projects'],
];
