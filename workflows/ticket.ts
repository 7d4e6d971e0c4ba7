import {
  condition, getExternalWorkflowHandle, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  matcherWorkflowId, ticketMatchedSignal, ticketWithdrawnSignal, withdrawTicketSignal, type Assignment,
} from '../domain/matchmaking';
import { cancelTicketSignal, ticketStatusQuery } from '../domain/messages';
import { TicketState } from '../domain/search-attributes';
import type { CancelReason, FailureReason, TicketInput, TicketStatus } from '../domain/tickets';

const { joinQueue } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});

/** The ticket's state; its methods are the handlers. The first verdict wins, later ones change nothing. */
class Ticket {
  status: TicketStatus = { status: 'inProgress' };
  cancelRequested?: CancelReason;

  get ended(): boolean {
    return this.status.status !== 'inProgress';
  }

  requestCancel(reason: CancelReason): void {
    this.cancelRequested ??= reason;
  }

  match(assignment: Assignment): void {
    if (!this.ended) this.status = { status: 'matched', assignment };
  }

  fail(reason: FailureReason): void {
    if (!this.ended) this.status = { status: 'failed', reason };
  }
}

/**
 * A player's request for a match. A newer request of the same player ends it before it reaches a matcher; once
 * enqueued, only the matcher answers it (matched or withdrawn), so a cancel or the deadline becomes a request
 * to the matcher.
 */
export async function ticketWorkflow(input: TicketInput): Promise<TicketStatus> {
  const ticket = new Ticket();
  const deadline = Date.now() + input.maxMatchTimeSeconds * 1000;
  setHandler(ticketStatusQuery, () => ticket.status);
  setHandler(cancelTicketSignal, ({ reason }) => ticket.requestCancel(reason));
  setHandler(ticketMatchedSignal, (assignment) => ticket.match(assignment));
  setHandler(ticketWithdrawnSignal, ({ reason }) => ticket.fail(reason));

  const joined = await joinQueue({ ticket: input, ticketWorkflowId: workflowInfo().workflowId });
  if (joined.supersededBy) ticket.fail('cancelled');
  else await searchWithMatcher(input, ticket, deadline);

  upsertSearchAttributes([{ key: TicketState, value: stateOf(ticket.status) }]);
  return ticket.status;
}

async function searchWithMatcher(input: TicketInput, ticket: Ticket, deadline: number): Promise<void> {
  const leaving = await condition(() => ticket.ended || !!ticket.cancelRequested, Math.max(deadline - Date.now(), 1));
  if (ticket.ended) return;
  const why = leaving && ticket.cancelRequested ? 'cancelled' : 'deadline';
  await getExternalWorkflowHandle(matcherWorkflowId(input.projectId, input.bucketId)).signal(withdrawTicketSignal, { ticketId: input.ticketId, why });
  // The matcher answers every ticket exactly once: matched (the withdrawal came too late) or withdrawn.
  await condition(() => ticket.ended);
}

function stateOf(s: TicketStatus): string {
  return s.status === 'failed' ? s.reason : s.status === 'matched' ? 'matched' : 'searching';
}
