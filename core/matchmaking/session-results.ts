import { listSessions, type SessionFilter, type SessionRecordRow } from '../../db/matchmaking/session-results';
import type { Db } from '../../db/create-db';

/** A session as support reads it: how it ended and who decided, and each team's place and players' rating changes. */
export interface SessionResult {
  sessionId: string;
  startedAt: string;
  endedAt: string | null;
  state: string;
  resultStatus: string | null;
  decidedBy: string | null;
  serverName: string | null;
  matchTag: string | null;
  teams: { rank: number | null; players: { playerId: string; ratingBefore: number | null; ratingAfter: number | null }[] }[];
}

export type { SessionFilter };

/**
 * A project's sessions, newest first by when they ended (live ones, with `state: 'live'`, by when they started),
 * filtered by period, state and player; `before` and `beforeId` (the previous page's last) page back in time.
 */
export async function sessionResults(db: Db, projectId: string, filter: SessionFilter): Promise<SessionResult[]> {
  return (await listSessions(db, projectId, filter)).map(resultOf);
}

function resultOf(s: SessionRecordRow): SessionResult {
  const change = new Map(s.ratings.map((r) => [r.playerId, r]));
  return {
    sessionId: s.sessionId, startedAt: s.startedAt.toISOString(), endedAt: s.endedAt?.toISOString() ?? null, state: s.state, resultStatus: s.resultStatus,
    decidedBy: s.decidedBy, serverName: s.serverName, matchTag: s.matchTag,
    teams: s.teams.map((players, t) => ({
      rank: s.ranks?.[t] ?? null,
      players: players.map((playerId) => ({ playerId, ratingBefore: change.get(playerId)?.ratingBefore ?? null, ratingAfter: change.get(playerId)?.ratingAfter ?? null })),
    })),
  };
}
