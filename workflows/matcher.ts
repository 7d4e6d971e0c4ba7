import { allHandlersFinished, condition, continueAsNew, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  enqueueTicketSignal, matcherStateQuery, withdrawTicketSignal, type Assignment, type MatcherInput, type SessionInput, type WaitingGroup,
} from '../domain/matchmaking';
import { MatcherBook, type SessionToStart } from './matcher-state';

/** Local: they run inside the matcher's own workflow task, adding no tasks of their own. */
const { findAvailableServers, claimServer, announce } = proxyLocalActivities<Activities>({
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
    await announceVerdicts(input, book);

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

/** Hands every decided group and withdrawal to one local activity: sessions start before anyone reads `matched`. */
async function announceVerdicts(input: MatcherInput, book: MatcherBook): Promise<void> {
  const sessions = book.toStart.splice(0);
  const withdrawals = book.withdrawals.splice(0);
  if (sessions.length === 0 && withdrawals.length === 0) return;
  await announce({
    projectId: input.projectId,
    sessions: sessions.map((s) => ({
      session: sessionInput(input, s),
      matched: s.matched.map((m) => ({ ticketId: ticketIdOf(m.assignment), ticketWorkflowId: m.ticketWorkflowId, assignment: m.assignment })),
    })),
    withdrawals,
  });
}

function ticketIdOf(a: Assignment): string {
  return a.teams[a.teamIndex]![a.mateIndex]!.ticketId;
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
