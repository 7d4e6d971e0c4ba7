import type { Db } from '../create-db';

export interface SessionCount {
  projectId: string;
  state: string;
  sessions: number;
}

/** Sessions being played now, per project (the partial index sessions_live holds only them). */
export async function countLiveSessions(db: Db): Promise<SessionCount[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['project_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('state', '=', 'live')
    .groupBy('project_id')
    .execute();
  return rows.map((r) => ({ projectId: r.project_id, state: 'live', sessions: Number(r.n) }));
}

/** Sessions that ended since `since`, per project and how they ended (a range of the index sessions_by_end). */
export async function countSessionsEndedSince(db: Db, since: Date): Promise<SessionCount[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['project_id', 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('ended_at', '>', since)
    .groupBy(['project_id', 'state'])
    .execute();
  return rows.map((r) => ({ projectId: r.project_id, state: r.state, sessions: Number(r.n) }));
}
