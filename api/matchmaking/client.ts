import { Router } from 'express';
import { findProject } from '../../db/projects';
import { playerId } from '../../domain/ids';
import { matchRequestSchema } from '../../domain/matchmaking/match-request';
import { sessionWorkflowId } from '../../domain/matchmaking/contract';
import { authRequestSchema, resultSchema } from '../../domain/matchmaking/v1a';
import { playerStats } from '../../db/matchmaking/sessions';
import { reportResult } from './results';
import { authenticate } from '../auth/authenticate';
import { rejected, type AuthOutcome } from '../auth/identity';
import { clientOf, requireClient } from '../auth/client-token';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { idempotencyKey } from '../idempotency';
import { cancelTicket, readTicket, requestTicket } from './tickets';
import { clientStandingsRouter } from './standings';

/** `/v1a/client/...`: BattlePlace's client endpoints (COMPAT.md §1). */
export function v1aClientRouter(deps: ApiDeps): Router {
  const r = Router();
  const client = requireClient(deps.sealer);

  r.post('/auth', async (req, res) => {
    const body = parseOr400(authRequestSchema, req.body, 'body');
    // The credential guessed at is the project's secret of that backend (its test key, say), not the player.
    const backend = Object.entries(body.auth).find(([k, v]) => v !== undefined && k !== 'testId')?.[0];
    const credential = `${body.projectId}:${backend}`;
    await deps.limits.guard(req, 'v1a-auth', credential);
    const project = await findProject(deps.db, body.projectId);
    const outcome: AuthOutcome = !project ? rejected(`unknown project ${body.projectId}: \`npm run project -- list\` shows this server's projects`)
      : project.retiredAt ? rejected(`project ${project.id} is retired: it takes no new logins`)
        : await authenticate(project, body.auth, { steamTicketMaxAgeSeconds: deps.config.STEAM_TICKET_MAX_AGE_SECONDS, providerTimeoutMs: deps.config.PROVIDER_TIMEOUT_MS });
    // API-level failures are HTTP 200 with status notAuthenticated, as BattlePlace answered them.
    if (!outcome.ok) {
      await deps.limits.failed(req, 'v1a-auth', credential);
      return void res.json({ status: 'notAuthenticated', error: outcome.error });
    }
    await deps.limits.succeeded(req, 'v1a-auth', credential);
    const { identity } = outcome;
    const clientToken = await deps.sealer.sealClient(
      { projectId: body.projectId, playerId: playerId(identity.backend, identity.externalId), name: identity.name },
      deps.config.CLIENT_TOKEN_TTL_SECONDS,
    );
    res.json({ status: 'authenticated', clientToken, name: identity.name, pictureUrl: identity.pictureUrl });
  });

  r.post('/match', client, async (req, res) => {
    const body = parseOr400(matchRequestSchema, req.body, 'body');
    res.json({ matchToken: await requestTicket(deps, clientOf(res), body, idempotencyKey(req)) });
  });

  r.get('/match/:matchToken', client, async (req, res) => {
    res.json(await readTicket(deps, clientOf(res), req.params.matchToken as string));
  });

  r.delete('/match/:matchToken', client, async (req, res) => {
    await cancelTicket(deps, clientOf(res), req.params.matchToken as string);
    res.json([]);
  });

  r.post('/session/:sessionToken/result', client, async (req, res) => {
    const me = clientOf(res);
    const claims = await deps.sealer.openSession(req.params.sessionToken as string);
    if (!claims || claims.projectId !== me.projectId || claims.playerId !== me.playerId) throw new ApiError('notFound', 'no such session for this player');
    const body = parseOr400(resultSchema, req.body, 'body');
    await reportResult(deps, sessionWorkflowId(claims.projectId, claims.sessionId), claims.teamCount, { from: me.playerId, ...body });
    res.json([]);
  });

  r.get('/info/stats', client, async (_req, res) => {
    const me = clientOf(res);
    res.json(await playerStats(deps.db, me.projectId, me.playerId));
  });

  r.use(clientStandingsRouter(deps));
  return r;
}
