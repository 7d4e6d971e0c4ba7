import {
  condition, getExternalWorkflowHandle, log, proxyActivities, setHandler, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ticketWorkflowId } from '../domain/ids';
import { cancelTicketSignal, ticketStatusQuery } from '../domain/messages';
import { TicketState } from '../domain/search-attributes';
import type { CancelReason, FailureReason, TicketInput, TicketStatus } from '../domain/tickets';

const { claimPlayerTicket } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});

/** The ticket's state; its methods are the handlers. The first terminal event wins, later ones change nothing. */
class Ticket {
  status: TicketStatus = { status: 'inProgress' };

  get ended(): boolean {
    return this.status.status !== 'inProgress';
  }

  fail(reason: FailureReason): void {
    if (!this.ended) this.status = { status: 'failed', reason };
  }

  cancel(reason: CancelReason): void {
    if (!this.ended) log.info('ticket cancelled', { reason });
    this.fail('cancelled');
  }
}

/**
 * A player's request for a match: searching until matched, cancelled or `maxMatchTime`. A cancel and the
 * deadline arriving in one workflow task resolve to `cancelled`, because signals are applied before timers.
 */
export async function ticketWorkflow(input: TicketInput): Promise<TicketStatus> {
  const ticket = new Ticket();
  const startedAt = Date.now();
  setHandler(ticketStatusQuery, () => ticket.status);
  setHandler(cancelTicketSignal, ({ reason }) => ticket.cancel(reason));

  await takePlayersPlace(input, ticket);
  const remainingMs = input.maxMatchTimeSeconds * 1000 - (Date.now() - startedAt);
  if (!(await condition(() => ticket.ended, Math.max(remainingMs, 1)))) ticket.fail('timedOut');

  upsertSearchAttributes([{ key: TicketState, value: stateOf(ticket.status) }]);
  return ticket.status;
}

/** One searching ticket per player: the newer request cancels the older one, whichever claims first. */
async function takePlayersPlace(input: TicketInput, ticket: Ticket): Promise<void> {
  const claim = await claimPlayerTicket({
    projectId: input.projectId, playerId: input.playerId, ticketId: input.ticketId, requestedAt: input.requestedAt,
  });
  if (claim.supersededBy) return ticket.cancel('replaced');
  if (!claim.previousTicketId) return;
  try {
    await getExternalWorkflowHandle(ticketWorkflowId(input.projectId, claim.previousTicketId)).signal(cancelTicketSignal, { reason: 'replaced' });
  } catch (err) {
    // The previous ticket already ended: there is nothing left to cancel.
    log.debug('previous ticket not running', { previousTicketId: claim.previousTicketId, error: String(err) });
  }
}

function stateOf(s: TicketStatus): string {
  return s.status === 'failed' ? s.reason : s.status === 'matched' ? 'matched' : 'searching';
}
