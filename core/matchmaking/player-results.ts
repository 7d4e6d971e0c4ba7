import { sessionsPlayed } from '../../db/matchmaking/player-results';
import type { Db } from '../../db/create-db';
import { sidesOf, wonOf } from '../../domain/matchmaking/standings';

/**
 * One ended session as a player lived it: their team and its place (0 = first; null when no result decided one),
 * whether they won (first place, alone or shared, of a finished game; null when the session was disputed, abandoned
 * or cancelled), their rating before and after (null when the session moved no rating), and who played with and
 * against them.
 */
export interface PlayerResult {
  sessionId: string;
  endedAt: string;
  state: string;
  team: number;
  rank: number | null;
  won: boolean | null;
  ratingBefore: number | null;
  ratingAfter: number | null;
  teammates: string[];
  opponents: string[][];
}

/** A player's results, newest first; `before` (the previous page's last `endedAt`) pages back in time. */
export async function playerResults(db: Db, projectId: string, playerId: string, page: { limit: number; before?: Date }): Promise<PlayerResult[]> {
  const played = await sessionsPlayed(db, projectId, playerId, page);
  return played.map((s) => ({
    sessionId: s.sessionId, endedAt: s.endedAt.toISOString(), state: s.state, team: s.team, rank: s.rank, won: wonOf(s.state, s.rank),
    ratingBefore: s.ratingBefore, ratingAfter: s.ratingAfter, ...sidesOf(s.seats, playerId, s.team),
  }));
}
