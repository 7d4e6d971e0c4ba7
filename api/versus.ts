import { Router, type Response } from 'express';
import { findProjectByVersusGame } from '../db/projects';
import type { Project } from '../domain/projects';
import { ProjectId, TokenState } from '../domain/search-attributes';
import { isNoSuchUpdateTarget, queryIfExists } from '../domain/temporal-errors';
import { isVersusToken, newVersusSeed, secretFingerprint, versusToken } from '../domain/versus';
import { activateVersusTokenUpdate, versusTokenQuery, versusTokenWorkflowId, type VersusTokenView } from '../domain/versus-session';
import type { versusTokenWorkflow } from '../workflows/versus-token';
import type { ApiDeps } from './deps';

export interface VersusSettings {
  seedTtlSeconds: number;
  sessionTtlSeconds: number;
}

const SEED_REQUIRED = 'Authentication Seed Required';

/**
 * `/api/v2/games/{game_uuid}/session` (COMPAT.md §4). Every 401 on GET hands out a fresh seed; each seed is a
 * pending token workflow keyed by the token the game will compute, since the hash cannot be reversed.
 */
export function versusRouter(deps: ApiDeps, settings: VersusSettings): Router {
  const r = Router({ strict: false });

  r.get('/:gameUuid/session', async (req, res) => {
    const project = await developersGame(req.params.gameUuid, req.query.developer_uuid, res, deps);
    if (!project) return;
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const view = token && isVersusToken(token) ? await readToken(deps, project, token) : undefined;
    const live = view?.state === 'active' && Date.parse(view.expires) > Date.now() && view.secretFingerprint === secretFingerprint(project.versus.apiSecret);
    if (live) return void res.json({ session: { expires: view.expires, state: 'active' } });
    res.status(401).json({ session: { seed: await issueSeed(deps, settings, project) } });
  });

  const activate = async (req: Parameters<Parameters<typeof r.put>[1]>[0], res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const project = await developersGame(req.params.gameUuid as string, body.developer_uuid, res, deps);
    if (!project) return;
    if (typeof body.token !== 'string' || body.token === '') return void res.status(400).json({ error: 'token is missing' });
    if (!isVersusToken(body.token)) return void res.status(401).json({ error: SEED_REQUIRED });
    try {
      const handle = deps.temporal.workflow.getHandle(versusTokenWorkflowId(project.versus.gameUuid, body.token));
      const session = await handle.executeUpdate(activateVersusTokenUpdate, { args: [{ secretFingerprint: secretFingerprint(project.versus.apiSecret) }] });
      res.json({ session });
    } catch (err) {
      // Unknown token, a seed that expired (workflow closed), or the validator refusing a token not pending.
      if (!isNoSuchUpdateTarget(err)) throw err;
      res.status(401).json({ error: SEED_REQUIRED });
    }
  };
  r.put('/:gameUuid/session', activate);
  r.post('/:gameUuid/session', activate);
  return r;
}

/** 400 without a developer uuid; 404 "Invalid Developer" for an unknown game or a game of another developer. */
async function developersGame(gameUuid: string | undefined, developerUuid: unknown, res: Response, deps: ApiDeps): Promise<Project | undefined> {
  if (typeof developerUuid !== 'string' || developerUuid === '') return void res.status(400).json({ error: 'developer_uuid is missing' });
  const project = gameUuid && gameUuid.length <= 64 ? await findProjectByVersusGame(deps.db, gameUuid) : undefined;
  if (!project || project.versus.developerUuid !== developerUuid) return void res.status(404).json({ error: 'Invalid Developer' });
  return project;
}

async function issueSeed(deps: ApiDeps, s: VersusSettings, project: Project): Promise<string> {
  const seed = newVersusSeed();
  const token = versusToken(project.versus.gameUuid, project.versus.apiSecret, seed);
  await deps.temporal.workflow.start<typeof versusTokenWorkflow>('versusTokenWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: versusTokenWorkflowId(project.versus.gameUuid, token),
    args: [{
      projectId: project.id, gameUuid: project.versus.gameUuid, token, secretFingerprint: secretFingerprint(project.versus.apiSecret),
      seedTtlSeconds: s.seedTtlSeconds, sessionTtlSeconds: s.sessionTtlSeconds,
    }],
    typedSearchAttributes: [{ key: ProjectId, value: project.id }, { key: TokenState, value: 'pending' }],
  });
  return seed;
}

async function readToken(deps: ApiDeps, project: Project, token: string): Promise<VersusTokenView | undefined> {
  return queryIfExists(deps.temporal.workflow.getHandle(versusTokenWorkflowId(project.versus.gameUuid, token)), versusTokenQuery);
}

