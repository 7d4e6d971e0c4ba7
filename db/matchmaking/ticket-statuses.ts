import type { SessionMember, TicketInput, TicketStatus } from '../../domain/matchmaking/contract';
import type { Db } from '../create-db';

export interface AnsweredTicket {
  ticketId: string;
  projectId: string;
  status: TicketStatus;
}

/**
 * Records final statuses; the first answer for a ticket stands (a retried write changes nothing). Answers the ones
 * this call recorded: each verdict is recorded, and so counted, once.
 */
export async function recordTicketStatuses(db: Db, answers: AnsweredTicket[]): Promise<AnsweredTicket[]> {
  if (answers.length === 0) return [];
  const recorded = await db
    .insertInto('ticket_statuses')
    .values(answers.map((a) => ({ ticket_id: a.ticketId, project_id: a.projectId, status: JSON.stringify(a.status) })))
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .returning('ticket_id')
    .execute();
  const ids = new Set(recorded.map((r) => r.ticket_id));
  // delete: a ticket named twice in one batch was recorded once.
  return answers.filter((a) => ids.delete(a.ticketId));
}

/** undefined: not answered yet (still searching). */
export async function readTicketStatus(db: Db, projectId: string, ticketId: string): Promise<TicketStatus | undefined> {
  const row = await db.selectFrom('ticket_statuses').select('status').where('ticket_id', '=', ticketId).where('project_id', '=', projectId).executeTakeFirst();
  return row?.status;
}

/** Keeps the ticket's `info` where its session will show it (idempotent; a ticket without info writes nothing). */
export async function recordTicketInfo(db: Db, t: Pick<TicketInput, 'ticketId' | 'projectId' | 'info'>): Promise<void> {
  if (t.info === undefined) return;
  await db
    .insertInto('ticket_infos')
    .values({ ticket_id: t.ticketId, project_id: t.projectId, info: JSON.stringify(t.info) })
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .execute();
}

/** The members with each one's `info` (from its ticket; sessions recorded by v0.1.0 carry their own). */
export async function withInfos(db: Db, projectId: string, teams: SessionMember[][]): Promise<SessionMember[][]> {
  const ids = teams.flat().filter((m) => m.info === undefined).map((m) => m.ticketId);
  const rows = ids.length
    ? await db.selectFrom('ticket_infos').select(['ticket_id', 'info']).where('project_id', '=', projectId).where('ticket_id', 'in', ids).execute()
    : [];
  const infos = new Map(rows.map((r) => [r.ticket_id, r.info]));
  return teams.map((team) => team.map((m) => ({ ...m, info: m.info ?? infos.get(m.ticketId) })));
}
