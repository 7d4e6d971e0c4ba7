import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { createProject, findProject, listProjects, rotateVersusSecret } from '../db/projects';
import { createProjectSchema, presentProject } from '../domain/projects';
import { safeEqual } from '../domain/secrets';
import type { ApiDeps } from './deps';
import { ApiError, parseOr400 } from './errors';

const revealQuery = z.object({ reveal: z.enum(['true', 'false']).default('false') });

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
function requireAdmin(adminToken: string): RequestHandler {
  return (req, _res, next) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    next(m && safeEqual(m[1]!, adminToken) ? undefined : new ApiError('notAuthenticated', 'admin token required'));
  };
}

/** `/admin/...`: what the project CLI does, over HTTP. Secrets show only when created or asked for with ?reveal=true. */
export function adminRouter(deps: ApiDeps): Router {
  const r = Router();
  r.use(requireAdmin(deps.config.ADMIN_TOKEN));

  r.post('/projects', async (req, res) => {
    const input = parseOr400(createProjectSchema, req.body ?? {}, 'body');
    res.status(201).json(presentProject(await createProject(deps.db, input), true));
  });

  r.get('/projects', async (req, res) => {
    const { reveal } = parseOr400(revealQuery, req.query, 'query');
    res.json((await listProjects(deps.db)).map((p) => presentProject(p, reveal === 'true')));
  });

  r.get('/projects/:projectId', async (req, res) => {
    const { reveal } = parseOr400(revealQuery, req.query, 'query');
    const project = await findProject(deps.db, req.params.projectId as string);
    if (!project) throw new ApiError('notFound', 'no such project');
    res.json(presentProject(project, reveal === 'true'));
  });

  r.post('/projects/:projectId/versus/rotate-secret', async (req, res) => {
    const project = await rotateVersusSecret(deps.db, req.params.projectId as string);
    if (!project) throw new ApiError('notFound', 'no such project');
    req.log.info({ projectId: project.id }, 'versus secret rotated');
    res.json(presentProject(project, true));
  });

  return r;
}
