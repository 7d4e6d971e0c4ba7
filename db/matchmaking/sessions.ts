import { type Selectable, sql } from 'kysely';
import { DEFAULT_RATING, type Rating } from '../../domain/matchmaking/glicko2';
import type { SessionInput, SessionMember, SessionServer, SessionState } from '../../domain/matchmaking/contract';
import type { Settlement } from '../../domain/matchmaking/settlement';
import type { Db } from '../create-db';
import type { SessionsTable } from '../schema';
import { withInfos } from './ticket-statuses';

export async function recordSessionStarted(db: Db, s: SessionInput): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.sessionId, project_id: s.projectId, server_name: s.server?.name ?? null, server_info: s.server?.info === undefined ? null : JSON.stringify(s.server.info),
      match_tag: s.matchTag ?? null, server_tag: s.serverTag ?? null, teams: JSON.stringify(s.teams), state: 'live', result_status: null, ranks: null, decided_by: null,
      // To the millisecond, as a JavaScript date is: what lists of live sessions page by comes back exactly.
      started_at: new Date(), ended_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** A session as its players and server see it: members with their infos, the server with its own. */
export interface SessionRecord {
  sessionId: string;
  teams: SessionMember[][];
  server: SessionServer | null;
  matchTag?: string;
  serverTag?: string;
}

export async function findSession(db: Db, projectId: string, sessionId: string): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'teams', 'server_name', 'server_info', 'match_tag', 'server_tag'])
    .where('project_id', '=', projectId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row && toRecord(db, projectId, row);
}

/** Sessions placed on a server that have not ended: what `POST /v1a/server/match/sessions` lists. */
export async function liveSessionsOnServer(db: Db, projectId: string, serverName: string): Promise<SessionRecord[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'teams', 'server_name', 'server_info', 'match_tag', 'server_tag'])
    .where('project_id', '=', projectId)
    .where('server_name', '=', serverName)
    .where('state', '=', 'live')
    .orderBy('started_at')
    .execute();
  return Promise.all(rows.map((r) => toRecord(db, projectId, r)));
}

type SessionRow = Pick<Selectable<SessionsTable>, 'id' | 'teams' | 'server_name' | 'server_info' | 'match_tag' | 'server_tag'>;

async function toRecord(db: Db, projectId: string, r: SessionRow): Promise<SessionRecord> {
  return {
    sessionId: r.id,
    teams: await withInfos(db, projectId, r.teams),
    server: r.server_name === null ? null : { name: r.server_name, info: r.server_info ?? undefined },
    matchTag: r.match_tag ?? undefined,
    serverTag: r.server_tag ?? undefined,
  };
}

/**
 * Ends a session that is still live, with its settlement; answers its teams' player ids, or undefined when it had
 * already ended (a retried activity), so that nothing is done twice.
 */
export async function endLiveSession(db: Db, sessionId: string, state: SessionState, settlement: Settlement, endedAt: Date): Promise<string[][] | undefined> {
  const settled = settlement.outcome === 'settled' ? settlement : undefined;
  const ended = await db
    .updateTable('sessions')
    .set({
      state, result_status: settled?.status ?? null, ranks: settled ? JSON.stringify(settled.ranks) : null, decided_by: settled?.decidedBy ?? null, ended_at: endedAt,
    })
    .where('id', '=', sessionId)
    .where('state', '=', 'live')
    .returning('teams')
    .executeTakeFirst();
  return ended?.teams.map((team) => team.map((m) => m.playerId));
}

/** Gives players who have never been rated the default rating, so their rows can be locked. */
export async function addUnratedPlayers(db: Db, projectId: string, players: string[]): Promise<void> {
  await db
    .insertInto('ratings')
    .values(players.map((p) => ({ project_id: projectId, player_id: p, ...DEFAULT_RATING })))
    .onConflict((oc) => oc.columns(['project_id', 'player_id']).doNothing())
    .execute();
}

/** Locks the players' ratings (in id order, so two sessions sharing players cannot deadlock) and answers them. */
export async function lockRatings(db: Db, projectId: string, players: string[]): Promise<Record<string, Rating>> {
  const rows = await db
    .selectFrom('ratings')
    .select(['player_id', 'rating', 'deviation', 'volatility'])
    .where('project_id', '=', projectId)
    .where('player_id', 'in', players)
    .orderBy('player_id')
    .forUpdate()
    .execute();
  return Object.fromEntries(rows.map((r) => [r.player_id, { rating: r.rating, deviation: r.deviation, volatility: r.volatility }]));
}

/** One more game played, at this rating. */
export async function saveRating(db: Db, projectId: string, playerId: string, rating: Rating): Promise<void> {
  await db
    .updateTable('ratings')
    .set({ ...rating, games: sql`games + 1`, updated_at: new Date() })
    .where('project_id', '=', projectId)
    .where('player_id', '=', playerId)
    .execute();
}

export interface PlayerStats {
  rating: number;
  rank: number;
}

/** A player's rating and rank in the project (1 = best); a player who never finished a session has the default. */
export async function playerStats(db: Db, projectId: string, playerId: string): Promise<PlayerStats> {
  const row = await db.selectFrom('ratings').select('rating').where('project_id', '=', projectId).where('player_id', '=', playerId).executeTakeFirst();
  const rating = row?.rating ?? DEFAULT_RATING.rating;
  const { above } = await db
    .selectFrom('ratings')
    .select((eb) => eb.fn.countAll<string>().as('above'))
    .where('project_id', '=', projectId)
    .where('rating', '>', rating)
    .executeTakeFirstOrThrow();
  return { rating, rank: Number(above) + 1 };
}

export async function ratingOf(db: Db, projectId: string, playerId: string): Promise<number> {
  const row = await db.selectFrom('ratings').select('rating').where('project_id', '=', projectId).where('player_id', '=', playerId).executeTakeFirst();
  return row?.rating ?? DEFAULT_RATING.rating;
}
