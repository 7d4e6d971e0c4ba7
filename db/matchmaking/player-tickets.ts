import type { Db } from '../create-db';

export interface ClaimTicketInput {
  projectId: string;
  playerId: string;
  ticketId: string;
  requestedAt: number;
}

/** What a ticket learns when it claims its player: whom it replaces, or that a newer request replaced it. */
export interface ClaimTicketResult {
  previousTicketId?: string;
  supersededBy?: string;
}

/**
 * Makes `ticketId` the player's current ticket unless a newer request already holds that place. Idempotent: a
 * retried claim by the current ticket answers what the first one did.
 */
export async function claimPlayerTicket(db: Db, t: ClaimTicketInput): Promise<ClaimTicketResult> {
  const requestedAt = new Date(t.requestedAt);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('player_tickets')
      .values({ project_id: t.projectId, player_id: t.playerId, ticket_id: t.ticketId, previous_ticket_id: null, requested_at: requestedAt })
      .onConflict((oc) => oc.columns(['project_id', 'player_id']).doNothing())
      .returning('ticket_id')
      .executeTakeFirst();
    if (inserted) return {};

    const current = await trx
      .selectFrom('player_tickets')
      .select(['ticket_id', 'previous_ticket_id', 'requested_at'])
      .where('project_id', '=', t.projectId)
      .where('player_id', '=', t.playerId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.ticket_id === t.ticketId) return { previousTicketId: current.previous_ticket_id ?? undefined };
    if (new Date(current.requested_at).getTime() > t.requestedAt) return { supersededBy: current.ticket_id };

    await trx
      .updateTable('player_tickets')
      .set({ ticket_id: t.ticketId, previous_ticket_id: current.ticket_id, requested_at: requestedAt, updated_at: new Date() })
      .where('project_id', '=', t.projectId)
      .where('player_id', '=', t.playerId)
      .execute();
    return { previousTicketId: current.ticket_id };
  });
}

/** The ticket that holds the player's place now (undefined: none). */
export async function currentTicketOf(db: Db, projectId: string, playerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('player_tickets').select('ticket_id').where('project_id', '=', projectId).where('player_id', '=', playerId).executeTakeFirst();
  return row?.ticket_id;
}
