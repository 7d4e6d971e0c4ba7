import {
  allHandlersFinished, condition, getExternalWorkflowHandle, log, patched, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  cancelTicketSignal, cancelTicketUpdate, matcherWorkflowId, ticketMatchedSignal, ticketStatusQuery, ticketWithdrawnSignal, withdrawTicketSignal,
  type Assignment, type CancelReason, type TicketInput, type TicketStatus,
} from '../../domain/matchmaking/contract';
import { TicketState } from '../../domain/search-attributes';
import type { FailureReason } from '../../domain/matchmaking/match-request';

/**
 * Bounded: a few attempts inside ~40 s, then the ticket fails `internalError` rather than retry in place forever.
 * The matcher remembers answered tickets longer than this (REMEMBER_ANSWERED_MS), so a late retry is dropped.
 */
const { joinQueue, recordTicketVerdict } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds', maximumAttempts: 4 },
});

/**
 * How long a ticket waits for its matcher's answer after asking to leave. The matcher answers within a task; only
 * a matcher that cannot run (its workers all down, its announce failing) takes longer, and then the ticket ends
 * on its own instead of searching forever.
 */
const MATCHER_ANSWER_GRACE_MS = 10 * 60_000;
/** Runs started before the grace existed replay without it. */
const TICKET_ANSWER_GRACE = 'ticket-answer-grace';

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
 * A player's request for a match, from the moment the API accepted it to its verdict. The API puts it in line
 * (`queued`); from then on only the matcher answers it (matched or withdrawn), so a cancel or the deadline
 * becomes a request to the matcher.
 */
export async function ticketWorkflow(input: TicketInput): Promise<TicketStatus> {
  const ticket = new Ticket();
  const deadline = Date.now() + input.maxMatchTimeSeconds * 1000;
  setHandler(ticketStatusQuery, () => ticket.status);
  setHandler(cancelTicketSignal, ({ reason }) => ticket.requestCancel(reason));
  setHandler(ticketMatchedSignal, (assignment) => ticket.match(assignment));
  setHandler(ticketWithdrawnSignal, ({ reason }) => ticket.fail(reason));
  // The caller's next status read shows the verdict: the matcher records it before it tells the ticket.
  setHandler(cancelTicketUpdate, async ({ reason }) => {
    ticket.requestCancel(reason);
    await condition(() => ticket.ended);
    return ticket.status;
  });

  if (input.queued) await searchWithMatcher(input, ticket, deadline);
  else await joinAndSearch(input, ticket, deadline);

  upsertSearchAttributes([{ key: TicketState, value: stateOf(ticket.status) }]);
  await condition(allHandlersFinished);
  return ticket.status;
}

/** A ticket started by an older API process puts itself in line first. */
async function joinAndSearch(input: TicketInput, ticket: Ticket, deadline: number): Promise<void> {
  try {
    const joined = await joinQueue({ ticket: input, ticketWorkflowId: workflowInfo().workflowId, deadline });
    if (joined.supersededBy) ticket.fail('cancelled');
    else await searchWithMatcher(input, ticket, deadline);
  } catch (err) {
    log.error('the ticket could not join its queue', { error: String(err) });
    await failOnItsOwn(input, ticket, 'internalError');
  }
}

async function searchWithMatcher(input: TicketInput, ticket: Ticket, deadline: number): Promise<void> {
  const leaving = await condition(() => ticket.ended || !!ticket.cancelRequested, Math.max(deadline - Date.now(), 1));
  if (ticket.ended) return;
  const why = leaving && ticket.cancelRequested ? 'cancelled' : 'deadline';
  // What the ticket says of itself if it must end on its own (no matcher, or one that never answers).
  const ownVerdict = why === 'cancelled' ? 'cancelled' : 'timedOut';
  try {
    await getExternalWorkflowHandle(matcherWorkflowId(input.projectId, input.bucketId)).signal(withdrawTicketSignal, { ticketId: input.ticketId, why });
  } catch (err) {
    // No matcher runs for the bucket, so none has this ticket (the API stopped before putting it in line): it ends on its own.
    log.warn('no matcher to withdraw from; the ticket ends on its own', { error: String(err) });
    if (!ticket.ended) await failOnItsOwn(input, ticket, ownVerdict);
    return;
  }
  // The matcher answers every ticket exactly once: matched (the withdrawal came too late) or withdrawn.
  if (!patched(TICKET_ANSWER_GRACE)) {
    await condition(() => ticket.ended);
    return;
  }
  if (await condition(() => ticket.ended, MATCHER_ANSWER_GRACE_MS)) return;
  log.error('the matcher did not answer; the ticket ends on its own', { matcher: matcherWorkflowId(input.projectId, input.bucketId) });
  await failOnItsOwn(input, ticket, ownVerdict);
}

/** Without its matcher's word: the ticket records its own verdict (the first one recorded stands). */
async function failOnItsOwn(input: TicketInput, ticket: Ticket, reason: FailureReason): Promise<void> {
  ticket.fail(reason);
  try {
    await recordTicketVerdict({ projectId: input.projectId, ticketId: input.ticketId, status: ticket.status });
  } catch (err) {
    // The API reads a ticket past its deadline from the workflow when no verdict was recorded.
    log.error('the ticket could not record its verdict', { error: String(err) });
  }
}

function stateOf(s: TicketStatus): string {
  return s.status === 'failed' ? s.reason : s.status === 'matched' ? 'matched' : 'searching';
}
