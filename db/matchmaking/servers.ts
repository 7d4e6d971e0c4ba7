import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../create-db';
import type { ClaimedServer } from '../../domain/matchmaking/contract';
import type { ServersTable } from '../schema';

export interface ServerRow {
  projectId: string;
  name: string;
  serverTag?: string;
  state: ServersTable['state'];
  expiresAt: number;
  registeredAt: number;
  sessionId?: string;
  /** A consumed offer's yes to its session (what the claim was told): kept with the session's ask. */
  answer?: ClaimedServer;
}

/**
 * The server workflow's latest word on itself; writes are idempotent (last state wins). A consumed offer also
 * records its yes with the session's ask, in the same transaction and before its run ends, so before any next offer
 * of the server can begin: a claim whose answer was lost is answered from there (recordServerClaim), never by a
 * newer offer. Refreshes, the frequent writes, stay one statement.
 */
export async function upsertServer(db: Db, s: ServerRow): Promise<void> {
  const values = {
    server_tag: s.serverTag ?? null, state: s.state, expires_at: new Date(s.expiresAt), registered_at: new Date(s.registeredAt), session_id: s.sessionId ?? null,
    updated_at: new Date(),
  };
  const upsert = (q: Db) => q.insertInto('servers').values({ project_id: s.projectId, name: s.name, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(values)).execute();
  const { sessionId, answer } = s;
  if (s.state !== 'consumed' || !sessionId || !answer) return void (await upsert(db));
  await db.transaction().execute(async (trx) => {
    await upsert(trx);
    await recordClaimAnswer(trx, s.projectId, sessionId, s.name, answer);
  });
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
 * The server each of these sessions took or last asked to: a claim whose answer was lost (the worker died before
 * recording it) is found again here, so the group asks that same server (which answers the same) instead of taking
 * another. The offer's row says who took it once its workflow has written it; the ask, recorded before it was
 * made, covers the time before that.
 */
export async function serversClaimedBy(db: Db, projectId: string, sessionIds: string[]): Promise<Record<string, string>> {
  if (sessionIds.length === 0) return {};
  const [asked, taken] = await Promise.all([
    db.selectFrom('server_claims').select(['server_name as name', 'session_id']).where('project_id', '=', projectId).where('session_id', 'in', sessionIds).execute(),
    db.selectFrom('servers').select(['name', 'session_id']).where('project_id', '=', projectId).where('session_id', 'in', sessionIds).execute(),
  ]);
  // The offer's own word comes last, so it wins over an ask.
  return Object.fromEntries([...asked, ...taken].map((r) => [r.session_id!, r.name]));
}

const claimedServerSchema = z.object({ name: z.string(), info: z.unknown().optional() });

/**
 * Recorded before a session asks a server to take it (serversClaimedBy), in one statement with reading the yes that
 * server already gave this session, if it gave one (an ask repeated after a crash is answered from it).
 */
export async function recordServerClaim(db: Db, projectId: string, sessionId: string, name: string): Promise<ClaimedServer | undefined> {
  const row = await db.insertInto('server_claims').values({ project_id: projectId, session_id: sessionId, server_name: name })
    .onConflict((oc) => oc.columns(['project_id', 'session_id']).doUpdateSet({
      server_name: name, claimed_at: new Date(),
      // A yes belongs to the server that gave it: asking another forgets it.
      answer: sql`case when server_claims.server_name = ${name} then server_claims.answer end`,
    }))
    .returning('answer')
    .executeTakeFirstOrThrow();
  return row.answer == null ? undefined : claimedServerSchema.parse(row.answer);
}

/**
 * The server's yes, kept with the session's ask to that server (written by the claim when it hears it, and by the
 * consumed offer itself): asked again, the session hears it from there (recordServerClaim).
 */
export async function recordClaimAnswer(db: Db, projectId: string, sessionId: string, name: string, answer: ClaimedServer): Promise<void> {
  await db.updateTable('server_claims').set({ answer: JSON.stringify(answer) })
    .where('project_id', '=', projectId).where('session_id', '=', sessionId).where('server_name', '=', name)
    .execute();
}

/** The server said no: the session is free to ask others. */
export async function forgetServerClaim(db: Db, projectId: string, sessionId: string, name: string): Promise<void> {
  await db.deleteFrom('server_claims').where('project_id', '=', projectId).where('session_id', '=', sessionId).where('server_name', '=', name).execute();
}
