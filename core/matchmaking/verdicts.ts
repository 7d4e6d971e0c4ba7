import type { Db } from '../../db/create-db';
import { ticketsJoined } from '../../db/matchmaking/tickets';
import { recordTicketStatuses, type AnsweredTicket } from '../../db/matchmaking/ticket-statuses';
import { countTicketVerdict, observeTimeToMatch } from '../metrics';

/**
 * Records tickets' final statuses (the first one stands). Each verdict, and each matched ticket's wait, is counted
 * by the write that recorded it, so a repeated call (a retried activity, an announce replayed after a crash) counts
 * nothing twice.
 */
export async function recordVerdicts(db: Db, answers: AnsweredTicket[]): Promise<void> {
  const recorded = await recordTicketStatuses(db, answers);
  for (const a of recorded) countTicketVerdict(a.projectId, a.status);
  const matched = recorded.filter((a) => a.status.status === 'matched').map((a) => a.ticketId);
  const now = Date.now();
  for (const t of await ticketsJoined(db, matched)) observeTimeToMatch(t.projectId, t.bucket, (now - t.requestedAt.getTime()) / 1000);
}
