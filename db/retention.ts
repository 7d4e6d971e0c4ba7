import { sql } from 'kysely';
import type { Db } from './create-db';

export interface RetentionCutoffs {
  /** Ticket statuses, idempotency keys, players' ticket claims, tickets left in line. */
  ticketsBefore: Date;
  /** Ticket infos: no earlier than `ticketsBefore`, and never while the ticket's session may still be live. */
  infosBefore: Date;
  /** Ended sessions and server offers that are gone or consumed. */
  sessionsBefore: Date;
}

export type PrunedRows = Record<string, number>;

/** Rows deleted per statement: a large backlog is taken in bites, so no delete holds its locks for long. */
const BATCH = 5_000;

/**
 * Deletes what nobody reads any more. Never the ledger, paid matches or ratings: money and ratings are history
 * finance and players keep. A session goes only once it has ended; a server only once it is not on offer.
 */
export async function pruneExpired(db: Db, c: RetentionCutoffs): Promise<PrunedRows> {
  return {
    ticketStatuses: await inBatches(db, sql`delete from ticket_statuses where ticket_id in (select ticket_id from ticket_statuses where answered_at < ${c.ticketsBefore} limit ${BATCH})`),
    tickets: await inBatches(db, sql`delete from tickets where ticket_id in (select ticket_id from tickets where requested_at < ${c.ticketsBefore} limit ${BATCH})`),
    consoleSessions: await inBatches(db, sql`delete from console_sessions where token_digest in (select token_digest from console_sessions where expires_at < now() limit ${BATCH})`),
    ticketInfos: await inBatches(db, sql`delete from ticket_infos where ticket_id in (select ticket_id from ticket_infos where created_at < ${c.infosBefore} limit ${BATCH})`),
    matchRequests: await inBatches(db, sql`delete from match_requests where (project_id, player_id, idempotency_key) in (select project_id, player_id, idempotency_key from match_requests where created_at < ${c.ticketsBefore} limit ${BATCH})`),
    // A ticket searches an hour at most: one still in line after that lost its verdict (an operator ended it).
    playerTickets: await inBatches(db, sql`delete from player_tickets where (project_id, player_id) in (select project_id, player_id from player_tickets where updated_at < ${c.ticketsBefore} limit ${BATCH})`),
    versusSeeds: await inBatches(db, sql`delete from versus_seeds where token_digest in (select token_digest from versus_seeds where expires_at < now() limit ${BATCH})`),
    sessions: await inBatches(db, sql`delete from sessions where id in (select id from sessions where state <> 'live' and ended_at < ${c.sessionsBefore} limit ${BATCH})`),
    // Session webhook deliveries that have ended (their tries go with them), kept as long as sessions are.
    sessionWebhookDeliveries: await inBatches(db, sql`delete from webhook_deliveries where seq in (select seq from webhook_deliveries where state <> 'pending' and updated_at < ${c.sessionsBefore} limit ${BATCH})`),
    // Still pending long after any delivery window (7 days at most) ended: its workflow was terminated by hand.
    abandonedWebhookDeliveries: await inBatches(db, sql`delete from webhook_deliveries where seq in (select seq from webhook_deliveries where state = 'pending' and updated_at < ${c.sessionsBefore} and updated_at < now() - interval '8 days' limit ${BATCH})`),
    // A session's ask of a server matters only while its matcher may still replay the placement.
    serverClaims: await inBatches(db, sql`delete from server_claims where (project_id, session_id) in (select project_id, session_id from server_claims where claimed_at < ${c.sessionsBefore} limit ${BATCH})`),
    servers: await inBatches(db, sql`delete from servers where (project_id, name) in (select project_id, name from servers where state <> 'available' and updated_at < ${c.sessionsBefore} limit ${BATCH})`),
    padroneSessions: await inBatches(db, sql`delete from padrone_sessions ps where not exists (select 1 from hosts h where h.project_id = ps.project_id and h.endpoint = ps.host_endpoint)`),
    // A claim whose registration never produced a host (the API stopped in between) is given back after a while.
    hostClaims: await inBatches(db, sql`delete from host_claims c where claimed_at < now() - interval '10 minutes' and not exists (select 1 from hosts h where h.project_id = c.project_id and h.endpoint = c.endpoint)`),
  };
}

async function inBatches(db: Db, statement: ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await statement.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}
