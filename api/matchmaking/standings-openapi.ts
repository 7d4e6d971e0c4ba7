import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { LeaderboardEntry } from '../../core/matchmaking/leaderboard';
import type { PlayerResult } from '../../core/matchmaking/player-results';
import type { SessionResult } from '../../core/matchmaking/session-results';
import { PROJECT_ID, SESSION_ID } from '../openapi-examples';
import { COMMON, json, jsonOrCsv, pathParam, SECURITY, type SameShape } from '../openapi-kit';
import { aroundQuery, clientLeaderboardQuery, clientResultsQuery } from './standings';
import { leaderboardQuery, playerResultsQuery, sessionsQuery } from './standings-admin';

const entry = z.object({
  rank: z.number().int().meta({ description: '1 + the number of players rated strictly higher: ties share a rank (1, 1, 3).' }),
  playerId: z.string(), rating: z.number().meta({ description: 'Glicko-2 rating (players start at 1500).' }),
  deviation: z.number().meta({ description: 'Glicko-2 rating deviation: how unsure the rating still is.' }),
  games: z.number().int().meta({ description: 'Finished sessions that rated the player.' }), updatedAt: z.string().meta({ description: 'When the rating last changed.' }),
}).meta({ id: 'LeaderboardEntry', description: 'A rated player\'s line on the leaderboard, best first.' });
const aroundSchema = z.object({
  player: entry.nullable().meta({ description: 'The player\'s own line; null when no finished session has rated them yet.' }),
  entries: z.array(entry).meta({ description: 'Up to `n` lines above the player, the player, and up to `n` below; empty when the player is not rated.' }),
});
const playerResult = z.object({
  sessionId: z.string(), endedAt: z.string(), state: z.string().meta({ description: '`settled`, `disputed`, `abandoned` or `cancelled`.' }),
  team: z.number().int().meta({ description: 'The player\'s team (0-based, in teamSizes order).' }),
  rank: z.number().int().nullable().meta({ description: 'The team\'s place, 0 = first; null when no result decided places.' }),
  won: z.boolean().nullable().meta({ description: 'First place (alone or shared) of a finished game; null when disputed, abandoned or cancelled.' }),
  ratingBefore: z.number().nullable(), ratingAfter: z.number().nullable().meta({ description: 'Null when the session moved no rating.' }),
  teammates: z.array(z.string()), opponents: z.array(z.array(z.string())).meta({ description: 'The players of every other team, team by team.' }),
}).meta({ id: 'PlayerResult', description: 'An ended session as one player lived it.' });
const resultsPage = z.object({
  results: z.array(playerResult).meta({ description: 'Newest first.' }),
  next: z.string().optional().meta({ description: 'On a full page: pass it as `before` for the next one.' }),
});
const sessionResult = z.object({
  sessionId: z.string(), startedAt: z.string(), endedAt: z.string().nullable(), state: z.string().meta({ description: '`live`, `settled`, `disputed`, `abandoned` or `cancelled`.' }),
  resultStatus: z.string().nullable().meta({ description: 'The result that settled it: `finished` or `cancelled`.' }),
  decidedBy: z.string().nullable().meta({ description: '`server`, `agreement` or `majority`.' }), serverName: z.string().nullable(), matchTag: z.string().nullable(),
  teams: z.array(z.object({
    rank: z.number().int().nullable().meta({ description: 'The team\'s place, 0 = first; null until a result decides places.' }),
    players: z.array(z.object({ playerId: z.string(), ratingBefore: z.number().nullable(), ratingAfter: z.number().nullable() })),
  })),
}).meta({ id: 'SessionResult', description: 'A session: how it ended, who decided, and each team\'s place and players\' rating changes.' });
const sessionsPage = z.object({
  sessions: z.array(sessionResult).meta({ description: 'Newest first.' }),
  next: z.object({ before: z.string(), beforeId: z.string() }).optional().meta({ description: 'On a full page: pass both for the next one.' }),
});
const _sameShapes: [
  SameShape<z.infer<typeof entry>, LeaderboardEntry>, SameShape<z.infer<typeof playerResult>, PlayerResult>, SameShape<z.infer<typeof sessionResult>, SessionResult>,
] = [true, true, true];

const ALICE = 'steam:76561198012345678';
const BOB = 'test:bob';
const top = [
  { rank: 1, playerId: ALICE, rating: 1733.2, deviation: 71.4, games: 48, updatedAt: '2026-03-14T09:26:53.000Z' },
  { rank: 2, playerId: BOB, rating: 1650, deviation: 88.9, games: 17, updatedAt: '2026-03-13T21:04:10.000Z' },
  { rank: 2, playerId: 'test:carol', rating: 1650, deviation: 93.5, games: 12, updatedAt: '2026-03-12T18:40:02.000Z' },
];
const resultExample = {
  sessionId: SESSION_ID, endedAt: '2026-03-14T09:26:53.000Z', state: 'settled', team: 0, rank: 0, won: true, ratingBefore: 1662.3, ratingAfter: 1733.2,
  teammates: [], opponents: [[BOB]],
};
const sessionExample = {
  sessionId: SESSION_ID, startedAt: '2026-03-14T09:12:40.000Z', endedAt: '2026-03-14T09:26:53.000Z', state: 'settled', resultStatus: 'finished', decidedBy: 'agreement',
  serverName: null, matchTag: 'v1.4-eu-ranked',
  teams: [{ rank: 0, players: [{ playerId: ALICE, ratingBefore: 1662.3, ratingAfter: 1733.2 }] }, { rank: 1, players: [{ playerId: BOB, ratingBefore: 1721.6, ratingAfter: 1650 }] }],
};
const LEADERBOARD_CSV = `rank,playerId,rating,deviation,games,updatedAt\n1,${ALICE},1733.2,71.4,48,2026-03-14T09:26:53.000Z\n`;
const RESULTS_CSV = `sessionId,endedAt,state,team,rank,won,ratingBefore,ratingAfter,ratingChange,teammates,opponents\n${SESSION_ID},2026-03-14T09:26:53.000Z,settled,0,0,true,1662.3,1733.2,70.9,,${BOB}\n`;
const SESSIONS_CSV = 'sessionId,startedAt,endedAt,state,resultStatus,decidedBy,serverName,matchTag,team,rank,playerId,won,ratingBefore,ratingAfter,ratingChange,opponents\n'
  + `${SESSION_ID},2026-03-14T09:12:40.000Z,2026-03-14T09:26:53.000Z,settled,finished,agreement,,v1.4-eu-ranked,0,0,${ALICE},true,1662.3,1733.2,70.9,${BOB}\n`
  + `${SESSION_ID},2026-03-14T09:12:40.000Z,2026-03-14T09:26:53.000Z,settled,finished,agreement,,v1.4-eu-ranked,1,1,${BOB},false,1721.6,1650,-71.6,${ALICE}\n`;

const client = { tags: ['v1a client'], security: SECURITY.client };
const clientErrors = { ...COMMON.malformed, ...COMMON.clientToken, ...COMMON.outage };
const admin = { tags: ['results'], security: SECURITY.admin };
const adminErrors = { ...COMMON.malformed, ...COMMON.adminToken, ...COMMON.noProject };
const projectParams = z.object({ projectId: pathParam('The project (game).', PROJECT_ID) });

/** The leaderboard and results: for players on /v1a/client (their project, their own results), for support staff on /admin. */
export function registerStandings(r: OpenAPIRegistry): void {
  registerClientRoutes(r);
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}/leaderboard', ...admin, summary: 'The leaderboard',
    description: 'Lists rated players by Glicko-2 rating, best first, `limit` lines from `offset`; ties share a rank and are listed by player id. With `around=<playerId>` it '
      + 'answers that player\'s line and `n` lines above and below instead (`player` is null, and `entries` empty, for a player no finished session has rated). '
      + '`format=csv` answers the same lines as a CSV download.',
    request: { params: projectParams, query: leaderboardQuery },
    responses: {
      200: jsonOrCsv('The lines (or, with format=csv, the CSV).', aroundSchema.partial({ player: true }), { entries: top }, LEADERBOARD_CSV),
      ...adminErrors,
    },
  });
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}/players/{playerId}/results', ...admin, summary: 'A player\'s results',
    description: 'Lists the sessions a player played that have ended, newest first: team, place, whether they won, rating before and after, teammates and opponents. '
      + 'Disputed, abandoned and cancelled sessions are listed with their state (and no rating change). A full page carries `next`, to pass as `before`; '
      + '`format=csv` answers a CSV download. Kept for ever, also after retention prunes the sessions themselves.',
    request: { params: projectParams.extend({ playerId: pathParam('The player id, e.g. `test:alice` or `steam:7656…`.', ALICE) }), query: playerResultsQuery },
    responses: { 200: jsonOrCsv('Newest first (or, with format=csv, the CSV).', resultsPage, { results: [resultExample] }, RESULTS_CSV), ...adminErrors },
  });
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}/sessions', ...admin, summary: 'Sessions by period',
    description: 'Lists the project\'s ended sessions, newest first by when they ended, within [`from`, `to`), optionally of one `state` and one `player`; `state=live` '
      + 'lists the sessions still being played, by when they started. Each shows how it ended, who decided, and every team\'s place and players\' rating changes. A full page '
      + 'carries `next`, to pass as `before` and `beforeId`. `format=csv` answers one row per player per session: who played whom, who won, the rating change. '
      + 'Sessions are kept SESSION_RETENTION_DAYS (30) after they end.',
    request: { params: projectParams, query: sessionsQuery },
    responses: { 200: jsonOrCsv('Newest first (or, with format=csv, the CSV).', sessionsPage, { sessions: [sessionExample] }, SESSIONS_CSV), ...adminErrors },
  });
}

function registerClientRoutes(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/v1a/client/leaderboard', ...client, summary: 'The leaderboard\'s top',
    description: 'Answers the best `limit` players of the player\'s project by Glicko-2 rating, best first. Ties share a rank (1, 1, 3), as `GET /v1a/client/info/stats` '
      + 'counts it. Only players a finished session has rated are on it.',
    request: { query: clientLeaderboardQuery },
    responses: { 200: json('Best first.', z.object({ entries: z.array(entry) }), { entries: top }), ...clientErrors },
  });
  r.registerPath({
    method: 'get', path: '/v1a/client/leaderboard/around-me', ...client, summary: 'The leaderboard around the player',
    description: 'Answers the player\'s own line with up to `n` players above and `n` below. A player no finished session has rated yet is not on the leaderboard: '
      + '`player` is null and `entries` empty.',
    request: { query: aroundQuery },
    responses: { 200: json('The player and their neighbours, best first.', aroundSchema, { player: top[1], entries: top }), ...clientErrors },
  });
  r.registerPath({
    method: 'get', path: '/v1a/client/results', ...client, summary: 'The player\'s results',
    description: 'Lists the sessions this player played that have ended, newest first: team, place, whether they won, rating before and after, teammates and opponents. '
      + 'A full page carries `next`, to pass as `before` for older ones.',
    request: { query: clientResultsQuery },
    responses: { 200: json('Newest first.', resultsPage, { results: [resultExample], next: '2026-03-14T09:26:53.000Z' }), ...clientErrors },
  });
}
