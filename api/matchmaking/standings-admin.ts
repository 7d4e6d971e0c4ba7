import { Router, type Response } from 'express';
import { z } from 'zod';
import { leaderboardAround, leaderboardTop, type LeaderboardEntry } from '../../core/matchmaking/leaderboard';
import { playerResults, type PlayerResult } from '../../core/matchmaking/player-results';
import { sessionResults, type SessionResult } from '../../core/matchmaking/session-results';
import { findProject } from '../../db/projects';
import { wonOf } from '../../domain/matchmaking/standings';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { format, instant, sendCsv } from '../listing';
import { beforeQuery, nextResults } from './standings';

/** JSON answers hold at most this many rows; a CSV download up to CSV_ROWS. */
const JSON_ROWS = 1000;
const CSV_ROWS = 10_000;
const SESSION_STATES = ['live', 'settled', 'disputed', 'abandoned', 'cancelled'] as const;
const id = z.string().min(1).max(200);
const limit = (fallback: number) => z.coerce.number().int().min(1).max(CSV_ROWS).default(fallback)
  .meta({ description: `1–${JSON_ROWS} (up to ${CSV_ROWS} with format=csv), default ${fallback}.` });
const csv = format.meta({ description: '`csv`: the same rows as a CSV download.' });

/** A JSON page holds at most JSON_ROWS: more is for a CSV download. */
function jsonRows(q: { limit: number; format: string }, ctx: z.RefinementCtx): void {
  if (q.format === 'json' && q.limit > JSON_ROWS) ctx.addIssue({ code: 'custom', path: ['limit'], message: `must be at most ${JSON_ROWS} (${CSV_ROWS} with format=csv)` });
}

/** The admin queries, exported for the API reference (standings-openapi.ts). */
export const leaderboardQuery = z.object({
  limit: limit(100), offset: z.coerce.number().int().min(0).max(1_000_000).optional().meta({ description: 'Lines skipped from the top (default 0).' }),
  around: id.optional().meta({ description: 'A player id: that player\'s line with `n` lines above and below, instead of the top.' }),
  n: z.coerce.number().int().min(0).max(50).optional().meta({ description: 'With `around`: lines shown above and below (0–50, default 5).' }), format: csv,
}).superRefine((q, ctx) => {
  jsonRows(q, ctx);
  if (q.around === undefined && q.n !== undefined) ctx.addIssue({ code: 'custom', path: ['n'], message: 'goes with around' });
  if (q.around !== undefined && q.offset !== undefined) ctx.addIssue({ code: 'custom', path: ['offset'], message: 'does not go with around' });
});
export const playerResultsQuery = z.object({ limit: limit(100), before: beforeQuery, format: csv }).superRefine(jsonRows);
export const sessionsQuery = z.object({
  from: instant.optional().meta({ description: 'Ended at or after (started, for live sessions).' }), to: instant.optional().meta({ description: 'Ended before (started, for live sessions).' }),
  state: z.enum(SESSION_STATES).optional().meta({ description: 'Only sessions in this state; without it, every session that has ended.' }),
  player: id.optional().meta({ description: 'Only sessions this player played in.' }),
  limit: limit(100),
  before: instant.optional().meta({ description: 'With `beforeId`: the `next` of the previous page (`endedAt`, or `startedAt` of live sessions).' }),
  beforeId: id.optional().meta({ description: 'The session id of the previous page\'s `next`: sessions that ended in the same millisecond are not skipped.' }),
  format: csv,
}).superRefine((q, ctx) => {
  jsonRows(q, ctx);
  if (q.beforeId !== undefined && q.before === undefined) ctx.addIssue({ code: 'custom', path: ['beforeId'], message: 'goes with before' });
});
export const projectParams = z.object({ projectId: id });
export const playerParams = projectParams.extend({ playerId: id });

/** Results and ratings for support staff (admin token): the leaderboard, a player's results, sessions by period; JSON or CSV. */
export function standingsAdminRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/projects/:projectId/leaderboard', async (req, res) => {
    const q = parseOr400(leaderboardQuery, req.query, 'query');
    const { projectId } = await pathOf(deps, projectParams, req.params);
    const answer = q.around === undefined
      ? { entries: await leaderboardTop(deps.db, projectId, q) }
      : await leaderboardAround(deps.db, projectId, q.around, { n: q.n ?? 5 });
    if (q.format === 'csv') return sendCsv(res, 'leaderboard.csv', answer.entries, LEADERBOARD_COLUMNS);
    res.json(answer);
  });

  r.get('/projects/:projectId/players/:playerId/results', async (req, res) => {
    const q = parseOr400(playerResultsQuery, req.query, 'query');
    const { projectId, playerId } = await pathOf(deps, playerParams, req.params);
    const results = await playerResults(deps.db, projectId, playerId, q);
    if (q.format === 'csv') return sendCsv(res, 'results.csv', results.map(resultLine), RESULT_COLUMNS);
    res.json({ results, next: nextResults(results, q.limit) });
  });

  r.get('/projects/:projectId/sessions', async (req, res) => {
    const q = parseOr400(sessionsQuery, req.query, 'query');
    const { projectId } = await pathOf(deps, projectParams, req.params);
    const sessions = await sessionResults(deps.db, projectId, { ...q, playerId: q.player });
    if (q.format === 'csv') return sendSessionsCsv(res, sessions);
    res.json({ sessions, next: nextSessions(sessions, q.limit, q.state) });
  });

  return r;
}

/** As the wallets answer: a project that does not exist has no leaderboard, not an empty one. */
async function pathOf<T extends typeof projectParams>(deps: ApiDeps, schema: T, params: unknown): Promise<z.output<T>> {
  const path = parseOr400(schema, params, 'path');
  if (!(await findProject(deps.db, path.projectId))) throw new ApiError('notFound', 'no such project');
  return path;
}

function nextSessions(sessions: SessionResult[], limit: number, state: string | undefined): { before: string; beforeId: string } | undefined {
  const last = sessions.at(-1);
  if (!last || sessions.length < limit) return undefined;
  return { before: (state === 'live' ? last.startedAt : last.endedAt) ?? last.startedAt, beforeId: last.sessionId };
}

const LEADERBOARD_COLUMNS = ['rank', 'playerId', 'rating', 'deviation', 'games', 'updatedAt'] satisfies (keyof LeaderboardEntry)[];
const RESULT_COLUMNS = ['sessionId', 'endedAt', 'state', 'team', 'rank', 'won', 'ratingBefore', 'ratingAfter', 'ratingChange', 'teammates', 'opponents'];
const SESSION_COLUMNS = [
  'sessionId', 'startedAt', 'endedAt', 'state', 'resultStatus', 'decidedBy', 'serverName', 'matchTag', 'team', 'rank', 'playerId', 'won', 'ratingBefore', 'ratingAfter',
  'ratingChange', 'opponents',
];

/** In a cell: players of a team by "; ", teams by " | ". */
const players = (ids: string[]) => ids.join('; ');
const teamsCell = (teams: string[][]) => teams.map(players).join(' | ');
/** To the hundredth: a difference of two ratings would show float noise (70.89999999999986). */
const change = (before: number | null, after: number | null) => (before === null || after === null ? null : Math.round((after - before) * 100) / 100);

function resultLine(r: PlayerResult) {
  return { ...r, ratingChange: change(r.ratingBefore, r.ratingAfter), teammates: players(r.teammates), opponents: teamsCell(r.opponents) };
}

/** One row per player per session: who played whom, who won, and each rating change. */
function sendSessionsCsv(res: Response, sessions: SessionResult[]): void {
  const rows = sessions.flatMap(({ teams, ...s }) => teams.flatMap((team, t) => team.players.map((p) => ({
    ...s, team: t, rank: team.rank, playerId: p.playerId, won: wonOf(s.state, team.rank), ratingBefore: p.ratingBefore, ratingAfter: p.ratingAfter,
    ratingChange: change(p.ratingBefore, p.ratingAfter), opponents: teamsCell(teams.filter((_, o) => o !== t).map((o) => o.players.map((q) => q.playerId))),
  }))));
  sendCsv(res, 'sessions.csv', rows, SESSION_COLUMNS);
}
