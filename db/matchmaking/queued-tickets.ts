import type { Db } from '../create-db';

export interface QueuedTicket {
  ticketId: string;
  projectId: string;
  /** queueBucketLabel(...), as operators query buckets. */
  bucket: string;
  /** Epoch ms the API accepted the request. */
  queuedAt: number;
}

/**
 * The ticket is in line. A ticket already answered is not (a keyed retry racing its verdict), so no row outlives
 * its ticket; a repeated join changes nothing.
 */
export async function recordTicketQueued(db: Db, t: QueuedTicket): Promise<void> {
  await db
    .insertInto('queued_tickets')
    .columns(['ticket_id', 'project_id', 'bucket', 'queued_at'])
    .expression(db
      .selectNoFrom((eb) => [
        eb.val(t.ticketId).as('ticket_id'), eb.val(t.projectId).as('project_id'), eb.val(t.bucket).as('bucket'), eb.cast(eb.val(new Date(t.queuedAt)), 'timestamptz').as('queued_at'),
      ])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ticket_statuses').select('ticket_id').where('ticket_id', '=', t.ticketId)))))
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .execute();
}

/** Takes answered tickets out of line; answers the ones this call took (a repeated call takes none). */
export async function removeQueuedTickets(db: Db, ticketIds: string[]): Promise<QueuedTicket[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db.deleteFrom('queued_tickets').where('ticket_id', 'in', ticketIds).returningAll().execute();
  return rows.map((r) => ({ ticketId: r.ticket_id, projectId: r.project_id, bucket: r.bucket, queuedAt: new Date(r.queued_at).getTime() }));
}

/** Tickets in line per project and bucket: one scan of the index over what is searching now. */
export async function countQueuedTickets(db: Db): Promise<{ projectId: string; bucket: string; tickets: number }[]> {
  const rows = await db
    .selectFrom('queued_tickets')
    .select(['project_id', 'bucket', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['project_id', 'bucket'])
    .execute();
  return rows.map((r) => ({ projectId: r.project_id, bucket: r.bucket, tickets: Number(r.n) }));
}
