import type { Db } from '../create-db';

/** A player's part in a session that ended: the place of their team and, when it moved ratings, the change. */
export interface PlayerOutcome {
  playerId: string;
  team: number;
  rank: number | null;
  ratingBefore?: number;
  ratingAfter?: number;
}

export interface EndedSession {
  projectId: string;
  sessionId: string;
  state: string;
  endedAt: Date;
}

export async function recordSessionPlayers(db: Db, s: EndedSession, players: PlayerOutcome[]): Promise<void> {
  if (players.length === 0) return;
  await db
    .insertInto('session_players')
    .values(players.map((p) => ({
      project_id: s.projectId, session_id: s.sessionId, player_id: p.playerId, team: p.team, rank: p.rank, state: s.state,
      rating_before: p.ratingBefore ?? null, rating_after: p.ratingAfter ?? null, ended_at: s.endedAt,
    })))
    .onConflict((oc) => oc.columns(['session_id', 'player_id']).doNothing())
    .execute();
}

export interface SessionPlayer extends PlayerOutcome {
  state: string;
  endedAt: string;
}

/** One ended session's players, team by team, with their places and rating changes. */
export async function playersOfSession(db: Db, projectId: string, sessionId: string): Promise<SessionPlayer[]> {
  const rows = await db.selectFrom('session_players').selectAll().where('project_id', '=', projectId).where('session_id', '=', sessionId).orderBy('team').orderBy('player_id').execute();
  return rows.map((r) => ({
    playerId: r.player_id, team: r.team, rank: r.rank, state: r.state, ratingBefore: r.rating_before ?? undefined, ratingAfter: r.rating_after ?? undefined, endedAt: new Date(r.ended_at).toISOString(),
  }));
}
