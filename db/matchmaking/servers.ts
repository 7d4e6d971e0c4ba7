import type { Db } from '../create-db';
import type { ServersTable } from '../schema';

export interface ServerRow {
  projectId: string;
  name: string;
  serverTag?: string;
  state: ServersTable['state'];
  expiresAt: number;
  registeredAt: number;
  sessionId?: string;
}

/** The server workflow's latest word on itself; writes are idempotent (last state wins). */
export async function upsertServer(db: Db, s: ServerRow): Promise<void> {
  const values = {
    server_tag: s.serverTag ?? null, state: s.state, expires_at: new Date(s.expiresAt), registered_at: new Date(s.registeredAt), session_id: s.sessionId ?? null,
    updated_at: new Date(),
  };
  await db
    .insertInto('servers')
    .values({ project_id: s.projectId, name: s.name, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(values))
    .execute();
}

/** Candidates for a group, longest-waiting first; a claim on the server workflow still decides. */
export async function findAvailableServers(db: Db, projectId: string, serverTag: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('servers')
    .select('name')
    .where('project_id', '=', projectId)
    .where('server_tag', '=', serverTag)
    .where('state', '=', 'available')
    .where('expires_at', '>', new Date())
    .orderBy('registered_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.name);
}

/**
 * Servers already taken by these sessions: a claim whose answer was lost (the worker died before recording it)
 * is found again here, so the group asks that same server (which answers the same) instead of taking another.
 */
export async function serversClaimedBy(db: Db, projectId: string, sessionIds: string[]): Promise<Record<string, string>> {
  if (sessionIds.length === 0) return {};
  const rows = await db.selectFrom('servers').select(['name', 'session_id']).where('project_id', '=', projectId).where('session_id', 'in', sessionIds).execute();
  return Object.fromEntries(rows.map((r) => [r.session_id!, r.name]));
}
