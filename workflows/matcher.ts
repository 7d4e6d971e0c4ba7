import {
  allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, ParentClosePolicy, proxyActivities, proxyLocalActivities, setHandler,
  startChild, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  enqueueTicketSignal, matcherStateQuery, sessionWorkflowId, ticketMatchedSignal, ticketWithdrawnSignal, withdrawTicketSignal,
  type Assignment, type MatcherInput, type SessionInput, type WaitingGroup,
} from '../domain/matchmaking';
import { ProjectId, SessionState } from '../domain/search-attributes';
import { MatcherBook, type SessionToStart } from './matcher-state';

const { findAvailableServers, claimServer } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});
/** Local: runs inside the matcher's own workflow task, so players read their verdict one task sooner. */
const { recordTicketStatuses } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});

/** Candidates asked per attempt; more rarely helps, since claims race other buckets of the same tag. */
const SERVER_CANDIDATES = 5;

/**
 * One queue bucket's matcher: takes tickets in by signal, forms groups with the pure rule, puts server groups on
 * servers, starts sessions, and answers every ticket once. Lives forever through continue-as-new.
 */
export async function matcherWorkflow(input: MatcherInput): Promise<void> {
  const book = new MatcherBook(input);
  setHandler(enqueueTicketSignal, (entry) => book.enqueue(entry, Date.now()));
  setHandler(withdrawTicketSignal, (w) => book.withdraw(w, Date.now()));
  setHandler(matcherStateQuery, () => book.state);

  for (;;) {
    book.changed = false;
    book.formGroups(Date.now());
    for (const group of book.dueForServer(Date.now())) void placeOnServer(input, book, group);
    await Promise.all([startSessions(input, book), sendWithdrawals(input, book)]);

    if (workflowInfo().continueAsNewSuggested && book.quiet) {
      book.forgetOldAnswers(Date.now());
      await condition(allHandlersFinished);
      return continueAsNew<typeof matcherWorkflow>({ ...input, state: book.state });
    }
    const wake = book.nextWake(Date.now());
    // Also wake for the server's continue-as-new suggestion: even signals that change nothing grow the history.
    const hasWork = () => book.changed || book.toStart.length > 0 || book.withdrawals.length > 0 || (workflowInfo().continueAsNewSuggested && book.quiet);
    if (wake === undefined) await condition(hasWork);
    else await condition(hasWork, wake);
  }
}

/** Tries the longest-waiting servers of the tag, one claim at a time, so history records who said yes. */
async function placeOnServer(input: MatcherInput, book: MatcherBook, group: WaitingGroup): Promise<void> {
  book.placing.add(group.sessionId);
  let server;
  try {
    const names = await findAvailableServers({ projectId: input.projectId, serverTag: input.serverTag!, limit: SERVER_CANDIDATES });
    for (const name of names) {
      server = await claimServer({ projectId: input.projectId, name, sessionId: group.sessionId });
      if (server) break;
    }
  } finally {
    book.placed(group, server, Date.now());
  }
}

/**
 * Starts each session, then answers its members: first in the status table players poll, then by signal to the
 * tickets. Nobody reads `matched` for a session that does not exist yet.
 */
async function startSessions(input: MatcherInput, book: MatcherBook): Promise<void> {
  const batch = book.toStart.splice(0);
  await Promise.all(batch.map((s) => startChild('sessionWorkflow', {
    workflowId: sessionWorkflowId(input.projectId, s.sessionId),
    args: [sessionInput(input, s)],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [{ key: ProjectId, value: input.projectId }, { key: SessionState, value: 'live' }],
  })));
  const matched = batch.flatMap((s) => s.matched);
  if (matched.length === 0) return;
  await recordTicketStatuses(matched.map((m) => ({ ticketId: ticketIdOf(m.assignment), projectId: input.projectId, status: { status: 'matched', assignment: m.assignment } })));
  await Promise.all(matched.map((m) => signalTicket(m.ticketWorkflowId, (h) => h.signal(ticketMatchedSignal, m.assignment))));
}

async function sendWithdrawals(input: MatcherInput, book: MatcherBook): Promise<void> {
  const batch = book.withdrawals.splice(0);
  if (batch.length === 0) return;
  await recordTicketStatuses(batch.map((w) => ({ ticketId: w.ticketId, projectId: input.projectId, status: { status: 'failed', reason: w.reason } })));
  await Promise.all(batch.map((w) => signalTicket(w.ticketWorkflowId, (h) => h.signal(ticketWithdrawnSignal, { reason: w.reason }))));
}

function ticketIdOf(a: Assignment): string {
  return a.teams[a.teamIndex]![a.mateIndex]!.ticketId;
}

async function signalTicket(id: string, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
  try {
    await send(getExternalWorkflowHandle(id));
  } catch (err) {
    // A ticket only ends after its verdict; one that is gone was terminated by an operator.
    log.warn('ticket not reachable for its verdict', { ticketWorkflowId: id, error: String(err) });
  }
}

function sessionInput(input: MatcherInput, s: SessionToStart): SessionInput {
  return {
    projectId: input.projectId,
    sessionId: s.sessionId,
    teamSizes: input.teamSizes,
    teams: s.teams.map((team) => team.map((t) => ({ playerId: t.playerId, ticketId: t.ticketId, info: t.info }))),
    server: s.server,
    matchTag: input.matchTag,
    serverTag: input.serverTag,
    resultDeadlineSeconds: input.sessionResultDeadlineSeconds,
  };
}
