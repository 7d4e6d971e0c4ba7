import { Router } from 'express';
import { z } from 'zod';
import { leaderboardAround, leaderboardTop } from '../../core/matchmaking/leaderboard';
import { playerResults, type PlayerResult } from '../../core/matchmaking/player-results';
import { clientOf, requireClient } from '../auth/client-token';
import type { ApiDeps } from '../deps';
import { parseOr400 } from '../errors';
import { instant } from '../listing';

/** The queries of the players' leaderboard and results, exported for the API reference (standings-openapi.ts). */
export const clientLeaderboardQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: 'How many of the best (1–100, default 10).' }) });
export const aroundQuery = z.object({ n: z.coerce.number().int().min(0).max(50).default(5).meta({ description: 'Players shown above and below (0–50, default 5).' }) });
export const beforeQuery = instant.optional().meta({ description: 'Only sessions that ended before this instant: the `next` of the previous page.' });
export const clientResultsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: '1–100, default 20.' }), before: beforeQuery });

/** A full page may have more behind it: the instant to ask `before` next. */
export function nextResults(results: PlayerResult[], limit: number): string | undefined {
  return results.length === limit ? results.at(-1)!.endedAt : undefined;
}

/** `/v1a/client/...`: the project's leaderboard and the player's own results (additions to BattlePlace's API). */
export function clientStandingsRouter(deps: ApiDeps): Router {
  const r = Router();
  const client = requireClient(deps.sealer);

  r.get('/leaderboard', client, async (req, res) => {
    const { limit } = parseOr400(clientLeaderboardQuery, req.query, 'query');
    res.json({ entries: await leaderboardTop(deps.db, clientOf(res).projectId, { limit }) });
  });

  r.get('/leaderboard/around-me', client, async (req, res) => {
    const { n } = parseOr400(aroundQuery, req.query, 'query');
    const me = clientOf(res);
    res.json(await leaderboardAround(deps.db, me.projectId, me.playerId, { n }));
  });

  r.get('/results', client, async (req, res) => {
    const { limit, before } = parseOr400(clientResultsQuery, req.query, 'query');
    const me = clientOf(res);
    const results = await playerResults(deps.db, me.projectId, me.playerId, { limit, before });
    res.json({ results, next: nextResults(results, limit) });
  });

  return r;
}
