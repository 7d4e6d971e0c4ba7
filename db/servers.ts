import type { Db } from './create-db';
import type { ServersTable } from './schema';

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
