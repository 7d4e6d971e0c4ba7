import { Router, type RequestHandler } from 'express';
import { findProject } from '../../db/projects';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { padronePlayer, padroneProject, requirePadronePlayer, type PadroneLogins } from './auth';
import { hostRoutes } from './hosts';
import { seatRoutes } from './seats';

/**
 * Padrone's `/app/...` (COMPAT.md §2), for the default project at `/app` and for any project at
 * `/projects/{projectId}/app`. Hosts are workflows; the host list is a read model they keep.
 */
export function padroneRouter(deps: ApiDeps, logins: PadroneLogins, defaultProjectId: string | undefined): Router {
  const r = Router({ mergeParams: true });
  r.get('/health-check', (_req, res) => void res.status(200).end());
  r.use(resolveProject(deps, defaultProjectId));
  r.use(requirePadronePlayer(logins));

  r.get('/me', (_req, res) => {
    const player = padronePlayer(res);
    res.json({
      name: player.name,
      avatarUrl: player.avatarUrl,
      isAdmin: player.isAdmin,
      isDeveloper: padroneProject(res).padrone.developers.includes(player.playerId),
    });
  });
  hostRoutes(r, deps);
  seatRoutes(r, deps);
  return r;
}

function resolveProject(deps: ApiDeps, defaultProjectId: string | undefined): RequestHandler {
  return async (req, res, next) => {
    const id = (req.params as { projectId?: string }).projectId ?? defaultProjectId;
    if (!id) return next(new ApiError('notFound', 'no default Padrone project: set PADRONE_DEFAULT_PROJECT or use /projects/{projectId}/app'));
    // A retired project's hosts and seats run to their end (pings, leaves, unregister); register and join refuse it.
    const project = await findProject(deps.db, id);
    if (!project) return next(new ApiError('notFound', 'no such project'));
    res.locals.padroneProject = project;
    next();
  };
}
