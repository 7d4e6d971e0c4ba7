import { signalIfRunning } from '../../core/temporal';
import { Router, type Request } from 'express';
import { findProject } from '../../db/projects';
import { assertServing } from '../../core/projects';
import { liveSessionsOnServer } from '../../db/matchmaking/sessions';
import {
  cancelServerSignal, MATCHMAKING_WORKFLOWS, registerServerSignal, serverWorkflowId, sessionWorkflowId, type ServerRegistration,
} from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { ProjectId, ServerState } from '../../domain/search-attributes';
import { safeEqual } from '../../domain/secrets';
import { resultSchema, serverNameSchema, serverRegisterSchema } from '../../domain/matchmaking/v1a';
import type { serverWorkflow } from '../../workflows/matchmaking/server';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { serverSessionView } from './session-views';
import { reportResult } from './results';

/** `/v1a/server/...`: dedicated servers offer themselves, list their sessions and report results (COMPAT.md §1). */
export function v1aServerRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/match', async (req, res) => {
    const body = parseOr400(serverRegisterSchema, req.body, 'body');
    const project = await authenticServer(deps, req, body.projectId, body.projectServerToken);
    assertServing(project, 'new server offers');
    // Signal-with-start: the first post starts the offer, a re-post refreshes its info and timeout.
    await deps.temporal.workflow.signalWithStart<typeof serverWorkflow, [ServerRegistration]>(MATCHMAKING_WORKFLOWS.server, {
      taskQueue: deps.taskQueue,
      workflowId: serverWorkflowId(project.id, body.name),
      args: [{ projectId: project.id, name: body.name }],
      signal: registerServerSignal,
      signalArgs: [{ serverTag: body.serverTag, info: body.info, timeoutSeconds: body.timeout }],
      typedSearchAttributes: [{ key: ProjectId, value: project.id }, { key: ServerState, value: 'available' }],
    });
    res.json({ status: 'registered' });
  });

  r.delete('/match', async (req, res) => {
    const body = parseOr400(serverNameSchema, req.body, 'body');
    const project = await authenticServer(deps, req, body.projectId, body.projectServerToken);
    await signalIfRunning(deps.temporal.workflow.getHandle(serverWorkflowId(project.id, body.name)), cancelServerSignal);
    res.json({ status: 'cancelled' });
  });

  r.post('/match/sessions', async (req, res) => {
    const body = parseOr400(serverNameSchema, req.body, 'body');
    const project = await authenticServer(deps, req, body.projectId, body.projectServerToken);
    const live = await liveSessionsOnServer(deps.db, project.id, body.name);
    res.json({ sessions: await Promise.all(live.map((s) => serverSessionView(deps, project.id, s))) });
  });

  r.post('/session/:serverSessionToken/result', async (req, res) => {
    const claims = await deps.sealer.openServerSession(req.params.serverSessionToken as string);
    if (!claims) throw new ApiError('notAuthenticated', 'server session token is invalid or expired');
    const body = parseOr400(resultSchema, req.body, 'body');
    await reportResult(deps, sessionWorkflowId(claims.projectId, claims.sessionId), claims.teamCount, { from: 'server', ...body });
    res.json([]);
  });

  return r;
}

/** projectId + projectServerToken, compared in constant time; 401 either way it fails (COMPAT.md §1), 429 when it keeps failing. */
async function authenticServer(deps: ApiDeps, req: Request, projectId: string, token: string): Promise<Project> {
  await deps.limits.guard(req, 'server-token', projectId);
  // A retired project's servers still list their sessions, report results and withdraw; only a new offer is refused.
  const project = await findProject(deps.db, projectId);
  if (!project || !safeEqual(token, project.serverToken)) {
    await deps.limits.failed(req, 'server-token', projectId);
    throw new ApiError('notAuthenticated', 'projectId or projectServerToken is wrong');
  }
  return project;
}
