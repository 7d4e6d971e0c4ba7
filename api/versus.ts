import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import { findProjectByVersusGame } from '../db/projects';
import { forgetSeed, pendingSeed, recordSeed } from '../db/versus-seeds';
import type { Project } from '../domain/projects';
import { ProjectId, TokenState } from '../domain/search-attributes';
import { queryIfExists } from '../core/temporal';
import { isVersusToken, newVersusSeed, secretFingerprint, tokenDigest, versusToken } from '../domain/versus/tokens';
import { versusTokenQuery, versusTokenWorkflowId } from '../domain/versus/contract';
import type { versusTokenWorkflow } from '../workflows/versus-token';
import type { ApiDeps } from './deps';

export interface VersusSettings {
  seedTtlSeconds: number;
  sessionTtlSeconds: number;
}

const SEED_REQUIRED = 'Authentication Seed Required';

/**
 * `/api/v2/games/{game_uuid}/session` (COMPAT.md §4). Every 401 on GET hands out a fresh seed: a row, keyed by a
 * digest of the token the game will compute (the hash cannot be reversed), limited per address. Only an
 * activation, which proves the game knows its secret, starts a workflow: the session, until it expires.
 */
export function versusRouter(deps: ApiDeps, settings: VersusSettings): Router {
  const r = Router({ strict: false });

  r.get('/:gameUuid/session', async (req, res) => {
    const project = await developersGame(req.params.gameUuid, req.query.developer_uuid, res, deps);
    if (!project) return;
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const view = token && isVersusToken(token) ? await readSession(deps, project, token) : undefined;
    const live = view?.state === 'active' && Date.parse(view.expires) > Date.now() && view.secretFingerprint === secretFingerprint(project.versus.apiSecret);
    if (live) return void res.json({ session: { expires: view.expires, state: 'active' } });
    res.status(401).json({ session: { seed: await issueSeed(deps, req, settings, project) } });
  });

  const activate = async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const project = await developersGame(req.params.gameUuid as string, body.developer_uuid, res, deps);
    if (!project) return;
    if (typeof body.token !== 'string' || body.token === '') return void res.status(400).json({ error: 'token is missing' });
    await deps.limits.guard(req, 'versus', project.versus.gameUuid);
    const session = isVersusToken(body.token) ? await startSession(deps, settings, project, body.token) : undefined;
    if (!session) {
      await deps.limits.failed(req, 'versus', project.versus.gameUuid);
      return void res.status(401).json({ error: SEED_REQUIRED });
    }
    res.json({ session });
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

async function issueSeed(deps: ApiDeps, req: Request, s: VersusSettings, project: Project): Promise<string> {
  await deps.limits.takeSeed(req);
  const seed = newVersusSeed();
  const token = versusToken(project.versus.gameUuid, project.versus.apiSecret, seed);
  await recordSeed(deps.db, tokenDigest(token), { projectId: project.id, secretFingerprint: secretFingerprint(project.versus.apiSecret) }, new Date(Date.now() + s.seedTtlSeconds * 1000));
  return seed;
}

/**
 * Activates a pending token: its seed must be unexpired and made under the game's current secret. The workflow
 * id is the token's digest, so a second activation of the same token finds it started and is refused (undefined).
 */
async function startSession(deps: ApiDeps, s: VersusSettings, project: Project, token: string): Promise<{ expires: string; state: 'active' } | undefined> {
  const digest = tokenDigest(token);
  const seed = await pendingSeed(deps.db, digest);
  const fingerprint = secretFingerprint(project.versus.apiSecret);
  if (!seed || seed.projectId !== project.id || seed.secretFingerprint !== fingerprint) return undefined;
  const expires = new Date(Date.now() + s.sessionTtlSeconds * 1000).toISOString();
  try {
    await deps.temporal.workflow.start<typeof versusTokenWorkflow>('versusTokenWorkflow', {
      taskQueue: deps.taskQueue,
      workflowId: versusTokenWorkflowId(project.versus.gameUuid, digest),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ projectId: project.id, gameUuid: project.versus.gameUuid, secretFingerprint: fingerprint, seedTtlSeconds: s.seedTtlSeconds, sessionTtlSeconds: s.sessionTtlSeconds, activeUntil: expires }],
      typedSearchAttributes: [{ key: ProjectId, value: project.id }, { key: TokenState, value: 'active' }],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw err;
  }
  await forgetSeed(deps.db, digest);
  return { expires, state: 'active' };
}

async function readSession(deps: ApiDeps, project: Project, token: string) {
  return queryIfExists(deps.temporal.workflow.getHandle(versusTokenWorkflowId(project.versus.gameUuid, tokenDigest(token))), versusTokenQuery);
}
