import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { createProject, rotateVersusSecret, updatePaidMatchSettings } from '../core/projects';
import { findProject, listProjects, retireProject } from '../db/projects';
import { changeProject } from '../core/project-changes';
import { tellMatchersSoon } from '../core/matchmaking/rule-change';
import { projectChangesSchema } from '../domain/project-changes';
import { abortMatchSignal, FINAL_STATES, paidMatchWorkflowId } from '../domain/paid-matches/contract';
import { developerConfig } from '../domain/paid-matches/realm';
import { paidMatchSettingsSchema } from '../domain/paid-matches/settings';
import { createProjectSchema, presentChangedProject, presentProject } from '../domain/projects';
import { safeEqual } from '../domain/secrets';
import { signalIfRunning } from '../core/temporal';
import type { ApiDeps } from './deps';
import { bearerToken } from './auth/bearer';
import { ApiError, parseOr400 } from './errors';
import { financeRouter } from './paid-matches/finance';
import { standingsAdminRouter } from './matchmaking/standings-admin';
import { sessionWebhooksRouter } from './matchmaking/session-webhooks';
import { readMatch } from '../core/paid-matches/matches';
import { consoleUsersRouter } from './console-users';

/** Exported for the API reference (api/admin-openapi.ts), as is the abort body. */
export const revealQuery = z.object({ reveal: z.enum(['true', 'false']).default('false').meta({ description: '`true` shows every secret in clear.' }) });
export const listQuery = revealQuery.extend({ retired: z.enum(['true', 'false']).default('false').meta({ description: '`true` includes retired projects.' }) });

export const abortBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; an address that keeps failing gets 429. */
function requireAdmin(deps: ApiDeps): RequestHandler {
  return async (req, _res, next) => {
    await deps.limits.guard(req, 'admin', 'admin');
    const token = bearerToken(req);
    if (token && safeEqual(token, deps.config.ADMIN_TOKEN)) return next();
    await deps.limits.failed(req, 'admin', 'admin');
    next(new ApiError('notAuthenticated', 'admin token required'));
  };
}

/** `/admin/...`: what the project CLI does, over HTTP. Secrets show only when created or asked for with ?reveal=true. */
export function adminRouter(deps: ApiDeps): Router {
  return Router().use(requireAdmin(deps), adminRoutes(deps));
}

/** The admin routes without their credential: the console serves the same routes behind its sign-in and roles. */
export function adminRoutes(deps: ApiDeps): Router {
  const r = Router();

  r.post('/projects', async (req, res) => {
    const input = parseOr400(createProjectSchema, req.body ?? {}, 'body');
    res.status(201).json(presentProject(await createProject(deps.db, input), true));
  });

  r.get('/projects', async (req, res) => {
    const { reveal, retired } = parseOr400(listQuery, req.query, 'query');
    res.json((await listProjects(deps.db, { includeRetired: retired === 'true' })).map((p) => presentProject(p, reveal === 'true')));
  });

  r.get('/projects/:projectId', async (req, res) => {
    const { reveal } = parseOr400(revealQuery, req.query, 'query');
    const project = await findProject(deps.db, req.params.projectId as string);
    if (!project) throw new ApiError('notFound', 'no such project');
    res.json(presentProject(project, reveal === 'true'));
  });

  // Settings that change: only the fields given; running matchers of the project hear of a new grouping rule at once.
  r.patch('/projects/:projectId', async (req, res) => {
    const changes = parseOr400(projectChangesSchema, req.body ?? {}, 'body');
    const changed = await changeProject(deps.db, req.params.projectId as string, changes);
    if (!changed) throw new ApiError('notFound', 'no such project (or it is retired)');
    const { project, made } = changed;
    req.log.info({ projectId: project.id, fields: Object.keys(changes), revision: project.revision }, 'project settings changed');
    if (changes.groupingRule) tellMatchersSoon(deps, project, req.log);
    // A secret the change made is shown once, as at creation; the others stay masked.
    res.json(presentChangedProject(project, made));
  });

  // Retired, not deleted: its sessions, ratings and money trail name it. What runs ends as usual.
  r.delete('/projects/:projectId', async (req, res) => {
    const project = await retireProject(deps.db, req.params.projectId as string);
    if (!project) throw new ApiError('notFound', 'no such project');
    req.log.info({ projectId: project.id }, 'project retired');
    res.json(presentProject(project, false));
  });

  r.post('/projects/:projectId/versus/rotate-secret', async (req, res) => {
    const project = await rotateVersusSecret(deps.db, req.params.projectId as string);
    if (!project) throw new ApiError('notFound', 'no such project');
    req.log.info({ projectId: project.id }, 'versus secret rotated');
    res.json(presentProject(project, true));
  });

  // Paid matches (COMPAT.md §3): the game's settings and the file its developers configure their backend with.
  r.put('/projects/:projectId/platform', async (req, res) => {
    const input = parseOr400(paidMatchSettingsSchema, req.body ?? {}, 'body');
    const project = await updatePaidMatchSettings(deps.db, req.params.projectId as string, input);
    if (!project) throw new ApiError('notFound', 'no such project');
    req.log.info({ projectId: project.id, fields: Object.keys(input) }, 'platform settings changed');
    res.json(presentProject(project, false));
  });

  r.get('/projects/:projectId/developer-config.json', async (req, res) => {
    // Projects made before paid matches get their client secret on first download.
    const project = await updatePaidMatchSettings(deps.db, req.params.projectId as string, {});
    if (!project) throw new ApiError('notFound', 'no such project');
    res.set('content-disposition', 'attachment; filename="developer-config.json"')
      .json(developerConfig(deps.publicUrl, deps.config.PLATFORM_REALM, project.id, project.platform!.clientSecret));
  });

  r.post('/projects/:projectId/platform/rotate-secret', async (req, res) => {
    const project = await updatePaidMatchSettings(deps.db, req.params.projectId as string, {}, { rotateSecret: true });
    if (!project) throw new ApiError('notFound', 'no such project');
    req.log.info({ projectId: project.id }, 'platform client secret rotated');
    res.json(developerConfig(deps.publicUrl, deps.config.PLATFORM_REALM, project.id, project.platform!.clientSecret));
  });

  r.post('/projects/:projectId/paid-matches/:matchId/abort', async (req, res) => {
    const { reason } = parseOr400(abortBody, req.body ?? {}, 'body');
    const match = await readMatch(deps, req.params.projectId as string, req.params.matchId as string);
    if (FINAL_STATES.includes(match.state)) throw new ApiError('conflict', `the match has ended (${match.state})`);
    const told = await signalIfRunning(deps.temporal.workflow.getHandle(paidMatchWorkflowId(match.matchId)), abortMatchSignal, { reason: `aborted by an operator: ${reason}` });
    if (!told) throw new ApiError('conflict', 'the match has ended');
    req.log.info({ matchId: match.matchId, reason }, 'paid match abort requested');
    res.status(202).json({ matchId: match.matchId, state: match.state });
  });

  r.use(financeRouter(deps), standingsAdminRouter(deps), sessionWebhooksRouter(deps), consoleUsersRouter(deps));
  return r;
}
