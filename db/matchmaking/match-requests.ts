import type { Db } from '../create-db';

export interface KeyedMatchRequest {
  projectId: string;
  playerId: string;
  key: string;
  fingerprint: string;
  ticketId: string;
  matchToken: string;
  /** When the first request under the key came (absent on a claim not yet recorded). */
  createdAt?: Date;
}

/** Records the first request under a key; answers whichever request holds the key (this one, or an earlier one). */
export async function claimMatchRequest(db: Db, r: KeyedMatchRequest): Promise<KeyedMatchRequest> {
  await db
    .insertInto('match_requests')
    .values({
      project_id: r.projectId, player_id: r.playerId, idempotency_key: r.key, request_fingerprint: r.fingerprint, ticket_id: r.ticketId, match_token: r.matchToken,
    })
    .onConflict((oc) => oc.columns(['project_id', 'player_id', 'idempotency_key']).doNothing())
    .execute();
  return (await findMatchRequest(db, r.projectId, r.playerId, r.key))!;
}

export async function findMatchRequest(db: Db, projectId: string, playerId: string, key: string): Promise<KeyedMatchRequest | undefined> {
  const row = await db.selectFrom('match_requests').selectAll()
    .where('project_id', '=', projectId).where('player_id', '=', playerId).where('idempotency_key', '=', key).executeTakeFirst();
  return row && {
    projectId: row.project_id, playerId: row.player_id, key: row.idempotency_key, fingerprint: row.request_fingerprint, ticketId: row.ticket_id, matchToken: row.match_token,
    createdAt: new Date(row.created_at),
  };
}
