import type { Request } from 'express';
import { adminRouteArea } from '../../api/console/admin-policy';
import { CONSOLE_ROLES, mayUse, type ConsoleRole } from '../../domain/console/roles';
import { appWithoutBackends, servedRoutes } from '../helpers/openapi';

/**
 * The console serves the admin API again behind its roles: every admin route the app really mounts, with every
 * role, against what each role is meant to reach. A new admin route fails here until it is placed on purpose.
 */
const adminRoutes = servedRoutes(appWithoutBackends()).filter((r) => r.split(' ')[1]!.startsWith('/admin/'));

const reach = (role: ConsoleRole, route: string, query: Record<string, string> = {}) => {
  const [method, path] = route.split(' ') as [string, string];
  const req = { method, path: path.replace(/^\/admin/, '').replace(/\{[^}]+\}/g, 'x'), query } as unknown as Request;
  return mayUse(role, adminRouteArea(req));
};

const MEANT: Record<ConsoleRole, (route: string) => boolean> = {
  admin: () => true,
  operator: (r) => [
    'GET /admin/projects', 'GET /admin/projects/{projectId}', 'GET /admin/finance/matches', 'GET /admin/finance/matches/{matchId}',
    'GET /admin/projects/{projectId}/leaderboard', 'GET /admin/projects/{projectId}/sessions', 'GET /admin/projects/{projectId}/players/{playerId}/results',
    'GET /admin/projects/{projectId}/session-webhooks/deliveries', 'POST /admin/projects/{projectId}/paid-matches/{matchId}/abort',
  ].includes(r),
  finance: (r) => r.startsWith('GET ') && !r.includes('developer-config') && !r.includes('console-users') && !r.includes('session-webhooks'),
};

describe('console roles on the admin API', () => {
  it('when any role calls any admin route the app mounts, then it reaches exactly what the role is meant to', () => {
    expect(adminRoutes.length).toBeGreaterThan(25);
    for (const role of CONSOLE_ROLES) {
      const wrong = adminRoutes.filter((r) => reach(role, r) !== MEANT[role](r));
      expect({ role, wrong }).toEqual({ role, wrong: [] });
    }
  });

  it('when a route is asked with reveal=true or its path differs only in case or a trailing slash, then only an admin reaches it', () => {
    for (const role of ['operator', 'finance'] as const) {
      expect(reach(role, 'GET /admin/projects/{projectId}', { reveal: 'true' })).toBe(false);
      expect(reach(role, 'GET /admin/projects', { reveal: 'true' })).toBe(false);
      expect(reach(role, 'PATCH /admin/PROJECTS/{projectId}')).toBe(false);
      expect(reach(role, 'POST /admin/projects/{projectId}/wallets/{playerId}/credit/')).toBe(false);
    }
    expect(reach('admin', 'GET /admin/projects/{projectId}', { reveal: 'true' })).toBe(true);
  });
});
