import type { TicketStatus } from '../domain/tickets';
import type { Db } from './create-db';

export interface AnsweredTicket {
  ticketId: string;
  projectId: string;
  status: TicketStatus;
}

/** Records final statuses; the first answer for a ticket stands (a retried write changes nothing). */
export async function recordTicketStatuses(db: Db, answers: AnsweredTicket[]): Promise<void> {
  if (answers.length === 0) return;
  await db
    .insertInto('ticket_statuses')
    .values(answers.map((a) => ({ ticket_id: a.ticketId, project_id: a.projectId, status: JSON.stringify(a.status) })))
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .execute();
}

/** undefined: not answered yet (still searching). */
export async function readTicketStatus(db: Db, projectId: string, ticketId: string): Promise<TicketStatus | undefined> {
  const row = await db.selectFrom('ticket_statuses').select('status').where('ticket_id', '=', ticketId).where('project_id', '=', projectId).executeTakeFirst();
  return row?.status;
}
