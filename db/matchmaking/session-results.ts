import { sql, type ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../create-db';
import type { Database } from '../schema';

/** Which sessions, and which page of them. Without `state`, the sessions that have ended (every state but live). */
export interface SessionFilter {
  from?: Date;
  to?: Date;
  state?: string;
  playerId?: string;
  limit: number;
  /** The previous page's last `endedAt` (`startedAt` for live sessions) ... */
  before?: Date;
  /** ... and its session id: sessions that ended in that same millisecond are not skipped. */
  beforeId?: string;
}

/** A session as support reads it: its players in their teams, places, and each player's rating change once it settled. */
export interface SessionRecordRow {
  sessionId: string;
  startedAt: Date;
  endedAt: Date | null;
  state: string;
  resultStatus: string | null;
  decidedBy: string | null;
  serverName: string | null;
  matchTag: string | null;
  teams: string[][];
  ranks: number[] | null;
  ratings: { playerId: string; ratingBefore: number | null; ratingAfter: number | null }[];
}

type From = Database & { s: Database['sessions']; sp: Database['session_players']; r: Database['session_players'] };

/**
 * A page of a project's sessions, newest first: ended sessions by when they ended (sessions_by_project_end, or
 * sessions_by_state_end for one state), live ones by when they started (sessions_live), one player's through
 * session_players_by_player. Sessions retention has pruned are gone from here; their players' results are not.
 */
export async function listSessions(db: Db, projectId: string, f: SessionFilter): Promise<SessionRecordRow[]> {
  const page = f.state === 'live' ? liveSessions(db, projectId, f) : f.playerId ? endedSessionsOf(db, projectId, f.playerId, f) : endedSessions(db, projectId, f);
  return (await page).map((r) => ({
    sessionId: r.id, startedAt: r.started_at, endedAt: r.ended_at, state: r.state, resultStatus: r.result_status, decidedBy: r.decided_by, serverName: r.server_name,
    matchTag: r.match_tag, teams: r.teams.map((team) => team.map((m) => m.playerId)), ranks: r.ranks, ratings: r.ratings,
  }));
}

/** What a listed session shows, its players' rating changes by its session_players rows (primary key). */
function record(eb: ExpressionBuilder<From, 's'>) {
  return [
    's.id', 's.started_at', 's.ended_at', 's.state', 's.result_status', 's.decided_by', 's.server_name', 's.match_tag', 's.teams', 's.ranks',
    jsonArrayFrom(eb.selectFrom('session_players as r').select(['r.player_id as playerId', 'r.rating_before as ratingBefore', 'r.rating_after as ratingAfter'])
      .whereRef('r.session_id', '=', 's.id')).as('ratings'),
  ] as const;
}

function endedSessions(db: Db, projectId: string, f: SessionFilter) {
  let q = db.selectFrom('sessions as s').where('s.project_id', '=', projectId).where('s.ended_at', 'is not', null);
  if (f.state) q = q.where('s.state', '=', f.state);
  if (f.from) q = q.where('s.ended_at', '>=', f.from);
  if (f.to) q = q.where('s.ended_at', '<', f.to);
  if (f.before) q = q.where(keyset('s.ended_at', 's.id', f.before, f.beforeId));
  return q.select(record).orderBy('s.ended_at', 'desc').orderBy('s.id', 'desc').limit(f.limit).execute();
}

/** A player's sessions: by the player's rows, which carry the session's end and state too. */
function endedSessionsOf(db: Db, projectId: string, playerId: string, f: SessionFilter) {
  let q = db.selectFrom('session_players as sp').innerJoin('sessions as s', 's.id', 'sp.session_id')
    .where('sp.project_id', '=', projectId).where('sp.player_id', '=', playerId);
  if (f.state) q = q.where('sp.state', '=', f.state);
  if (f.from) q = q.where('sp.ended_at', '>=', f.from);
  if (f.to) q = q.where('sp.ended_at', '<', f.to);
  if (f.before) q = q.where(keyset('sp.ended_at', 'sp.session_id', f.before, f.beforeId));
  return q.select(record).orderBy('sp.ended_at', 'desc').orderBy('sp.session_id', 'desc').limit(f.limit).execute();
}

/** Live sessions are few at any moment: a player's are found among them by their teams. */
function liveSessions(db: Db, projectId: string, f: SessionFilter) {
  let q = db.selectFrom('sessions as s').where('s.project_id', '=', projectId).where('s.state', '=', 'live');
  if (f.playerId) q = q.where(sql<boolean>`s.teams @> ${JSON.stringify([[{ playerId: f.playerId }]])}::jsonb`);
  if (f.from) q = q.where('s.started_at', '>=', f.from);
  if (f.to) q = q.where('s.started_at', '<', f.to);
  if (f.before) q = q.where(keyset('s.started_at', 's.id', f.before, f.beforeId));
  return q.select(record).orderBy('s.started_at', 'desc').orderBy('s.id', 'desc').limit(f.limit).execute();
}

/** Strictly after the previous page's last row in (time, id) descending order; the plain bound keeps it an index range. */
function keyset(at: string, id: string, before: Date, beforeId: string | undefined) {
  if (beforeId === undefined) return sql<boolean>`${sql.ref(at)} < ${before}`;
  return sql<boolean>`${sql.ref(at)} <= ${before} and (${sql.ref(at)}, ${sql.ref(id)}) < (${before}, ${beforeId})`;
}
