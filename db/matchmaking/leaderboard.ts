import { sql, type RawBuilder } from 'kysely';
import type { RunCounts } from '../../domain/matchmaking/standings';
import type { Db } from '../create-db';

/**
 * Runs of a project's leaderboard: rated players by rating, best first, ties by player id (descending, so that one
 * index, ratings_by_rating_player, serves every direction). A ratings row exists only for a player a finished
 * session rated: it is made and rated in that settlement's one transaction.
 */

export interface RatedPlayer {
  playerId: string;
  rating: number;
  deviation: number;
  games: number;
  updatedAt: Date;
}

/** Players in leaderboard order, with what their ranks are counted from (domain/matchmaking/standings.ts). */
export interface LeaderboardRun extends RunCounts {
  players: RatedPlayer[];
}

/** `limit` players from the `offset`-th best. */
export async function leaderboardPage(db: Db, projectId: string, page: { limit: number; offset: number }): Promise<LeaderboardRun> {
  return runOf(db, projectId, sql`
    select player_id, rating, deviation, games, updated_at from ratings
     where project_id = ${projectId}
     order by rating desc, player_id desc limit ${page.limit} offset ${page.offset}`);
}

/** The player and up to `n` players on each side of them; no one when the player is not rated. */
export async function leaderboardAround(db: Db, projectId: string, playerId: string, n: number): Promise<LeaderboardRun> {
  // The neighbours are found by keyset from the player's own (rating, player id), read once: a few index entries each way.
  return runOf(db, projectId, sql`
    with me as (select rating, player_id from ratings where project_id = ${projectId} and player_id = ${playerId})
    (select player_id, rating, deviation, games, updated_at from ratings
      where project_id = ${projectId} and (rating, player_id) > (select rating, player_id from me)
      order by rating, player_id limit ${n})
    union all
    (select player_id, rating, deviation, games, updated_at from ratings where project_id = ${projectId} and player_id = ${playerId})
    union all
    (select player_id, rating, deviation, games, updated_at from ratings
      where project_id = ${projectId} and (rating, player_id) < (select rating, player_id from me)
      order by rating desc, player_id desc limit ${n})`);
}

interface RunRow {
  player_id: string;
  rating: number;
  deviation: number;
  games: number;
  updated_at: Date;
  higher: string;
  at_or_above: string;
}

/** The run, best first, with the players rated above and at or above its best rating: one index range, counted once. */
async function runOf(db: Db, projectId: string, run: RawBuilder<unknown>): Promise<LeaderboardRun> {
  const { rows } = await sql<RunRow>`
    with run as (${run}),
         best as (select max(rating) as rating from run),
         head as (select count(*) filter (where rating > (select rating from best)) as higher, count(*) as at_or_above
                    from ratings where project_id = ${projectId} and rating >= (select rating from best))
    select run.*, head.higher, head.at_or_above from run, head order by run.rating desc, run.player_id desc`.execute(db);
  return {
    players: rows.map((r) => ({ playerId: r.player_id, rating: r.rating, deviation: r.deviation, games: r.games, updatedAt: r.updated_at })),
    higher: Number(rows[0]?.higher ?? 0),
    atOrAbove: Number(rows[0]?.at_or_above ?? 0),
  };
}
