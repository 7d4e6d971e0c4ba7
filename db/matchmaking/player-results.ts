import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { SessionSeat } from '../../domain/matchmaking/standings';
import type { Db } from '../create-db';

/** A player's part in one ended session, with everyone who played in it. */
export interface PlayedSession {
  sessionId: string;
  endedAt: Date;
  state: string;
  team: number;
  rank: number | null;
  ratingBefore: number | null;
  ratingAfter: number | null;
  seats: SessionSeat[];
}

/**
 * A player's ended sessions, newest first, only those that ended before `before` (the previous page's last): by
 * session_players_by_player, and the session's other players by its primary key. Kept when retention prunes sessions.
 */
export async function sessionsPlayed(db: Db, projectId: string, playerId: string, page: { limit: number; before?: Date }): Promise<PlayedSession[]> {
  let q = db
    .selectFrom('session_players as me')
    .select((eb) => [
      'me.session_id', 'me.ended_at', 'me.state', 'me.team', 'me.rank', 'me.rating_before', 'me.rating_after',
      jsonArrayFrom(eb.selectFrom('session_players as p').select(['p.player_id as playerId', 'p.team']).whereRef('p.session_id', '=', 'me.session_id')).as('seats'),
    ])
    .where('me.project_id', '=', projectId)
    .where('me.player_id', '=', playerId);
  if (page.before) q = q.where('me.ended_at', '<', page.before);
  const rows = await q.orderBy('me.ended_at', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({
    sessionId: r.session_id, endedAt: r.ended_at, state: r.state, team: r.team, rank: r.rank, ratingBefore: r.rating_before, ratingAfter: r.rating_after, seats: r.seats,
  }));
}
