import { Router, type Request, type Response } from 'express';
import { activateToken, issueSeed, liveSession, type VersusSettings } from '../core/versus';
import { findProjectByVersusGame } from '../db/projects';
import type { Project } from '../domain/projects';
import { isVersusToken } from '../domain/versus/tokens';
import type { ApiDeps } from './deps';

const SEED_REQUIRED = 'Authentication Seed Required';
/** Beside Versus's own message (its clients match on it), what to do about it. */
const SEED_REQUIRED_HINT = 'this token matches no pending seed: it was already activated, its seed expired, or the hash is wrong. '
  + 'GET this URL with developer_uuid for a fresh seed, then send the lowercase hex SHA1 of '
  + '{"uuid":"<game_uuid>","secret_key":"<api secret>","seed":"<seed>"} (exactly that JSON: this key order, no spaces)';

/**
 * `/api/v2/games/{game_uuid}/session` (COMPAT.md §4). Every 401 on GET hands out a fresh seed, limited per
 * address; only an activation, which proves the game knows its secret, starts a workflow (core/versus.ts).
 */
export function versusRouter(deps: ApiDeps, settings: VersusSettings): Router {
  const r = Router({ strict: false });

  r.get('/:gameUuid/session', async (req, res) => {
    const project = await developersGame(req.params.gameUuid, req.query.developer_uuid, res, deps);
    if (!project) return;
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const session = token && isVersusToken(token) ? await liveSession(deps, project, token) : undefined;
    if (session) return void res.json({ session });
    await deps.limits.takeSeed(req);
    res.status(401).json({ session: { seed: await issueSeed(deps, settings, project) } });
  });

  const activate = async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const project = await developersGame(req.params.gameUuid as string, body.developer_uuid, res, deps);
    if (!project) return;
    if (typeof body.token !== 'string' || body.token === '') return void res.status(400).json({ error: 'token is missing' });
    await deps.limits.guard(req, 'versus', project.versus.gameUuid);
    const session = isVersusToken(body.token) ? await activateToken(deps, settings, project, body.token) : undefined;
    if (!session) {
      await deps.limits.failed(req, 'versus', project.versus.gameUuid);
      return void res.status(401).json({ error: SEED_REQUIRED, hint: SEED_REQUIRED_HINT });
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
