import { leaderboardAround as runAround, leaderboardPage, type LeaderboardRun } from '../../db/matchmaking/leaderboard';
import type { Db } from '../../db/create-db';
import { competitionRanks } from '../../domain/matchmaking/standings';

/** One rated player's line on the leaderboard. `rank`: 1 + the number of players rated strictly higher (ties share it). */
export interface LeaderboardEntry {
  rank: number;
  playerId: string;
  rating: number;
  deviation: number;
  games: number;
  updatedAt: string;
}

/** The leaderboard from its `offset`-th best player: `limit` lines, best first. */
export async function leaderboardTop(db: Db, projectId: string, page: { limit: number; offset?: number }): Promise<LeaderboardEntry[]> {
  return entriesOf(await leaderboardPage(db, projectId, { limit: page.limit, offset: page.offset ?? 0 }));
}

/**
 * A player's place with `n` players above and `n` below (fewer at either end). A player no finished session has rated
 * is not on the leaderboard: `player` is null and there is no one around.
 */
export async function leaderboardAround(db: Db, projectId: string, playerId: string, opts: { n: number }): Promise<{ player: LeaderboardEntry | null; entries: LeaderboardEntry[] }> {
  const entries = entriesOf(await runAround(db, projectId, playerId, opts.n));
  return { player: entries.find((e) => e.playerId === playerId) ?? null, entries };
}

function entriesOf(run: LeaderboardRun): LeaderboardEntry[] {
  const ranks = competitionRanks(run.players.map((p) => p.rating), run);
  return run.players.map((p, i) => ({ rank: ranks[i]!, playerId: p.playerId, rating: p.rating, deviation: p.deviation, games: p.games, updatedAt: p.updatedAt.toISOString() }));
}
