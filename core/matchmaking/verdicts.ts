import type { Db } from '../../db/create-db';
import { removeQueuedTickets } from '../../db/matchmaking/queued-tickets';
import { recordTicketStatuses, type AnsweredTicket } from '../../db/matchmaking/ticket-statuses';
import { countTicketVerdict, observeTimeToMatch } from '../metrics';

/**
 * Records tickets' final statuses (the first one stands) and takes them out of line. Each verdict is counted by the
 * write that recorded it and each wait by the delete that ended it, so a repeated call (a retried activity, an
 * announce replayed after a crash) counts nothing twice.
 */
export async function recordVerdicts(db: Db, answers: AnsweredTicket[]): Promise<void> {
  const [recorded, left] = await Promise.all([recordTicketStatuses(db, answers), removeQueuedTickets(db, answers.map((a) => a.ticketId))]);
  for (const a of recorded) countTicketVerdict(a.projectId, a.status);
  const matched = new Set(answers.filter((a) => a.status.status === 'matched').map((a) => a.ticketId));
  const now = Date.now();
  for (const t of left) if (matched.has(t.ticketId)) observeTimeToMatch(t.projectId, t.bucket, (now - t.queuedAt) / 1000);
}
