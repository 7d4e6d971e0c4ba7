import { allHandlersFinished, condition, continueAsNew, patched, proxyLocalActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { formGroups } from '../../../domain/matchmaking/grouping';
import {
  enqueueTicketSignal, matcherStateQuery, withdrawTicketSignal, type MatcherInput, type SessionServer, type WithdrawTicket,
} from '../../../domain/matchmaking/contract';
import type { FailureReason } from '../../../domain/matchmaking/match-request';
import type { LegacyAnnouncement, LegacyAssignment, LegacyMatcherState, LegacyQueueEntry, LegacyWaitingGroup } from './matcher-v0-types';

/**
 * The matcher as v0.1.0 ran it, kept only so runs that v0.1.0 started replay unchanged: such a run goes on with
 * this code until its first live pass, then continues as new into today's matcher (`MATCHER_V1`). Delete this
 * file once no run without the marker is left (`ExecutionStatus = 'Running' AND WorkflowType = 'matcherWorkflow'`
 * started before the upgrade). Its unawaited placements are the nondeterminism v1 removed.
 */
export const MATCHER_V1 = 'matcher-v1-awaits-placement';

const { findAvailableServers, claimServer, announce } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});

const REMEMBER_ANSWERED_MS = 15 * 60_000;
const SERVER_CANDIDATES = 5;

interface SessionToStart {
  sessionId: string;
  teams: LegacyQueueEntry[][];
  server: SessionServer | null;
  matched: { ticketWorkflowId: string; assignment: LegacyAssignment }[];
}

class LegacyBook {
  readonly state: LegacyMatcherState;
  readonly withdrawals: { ticketId: string; ticketWorkflowId: string; reason: FailureReason }[] = [];
  readonly toStart: SessionToStart[] = [];
  readonly placing = new Set<string>();
  changed = true;

  constructor(private readonly input: MatcherInput) {
    this.state = (input.state as LegacyMatcherState | undefined) ?? { queue: [], waiting: [], answered: [], deferred: [] };
  }

  enqueue(entry: LegacyQueueEntry, now: number): void {
    const known = (t: LegacyQueueEntry) => t.ticketId === entry.ticketId;
    if (this.state.answered.some((a) => a.ticketId === entry.ticketId) || this.state.queue.some(known) || this.state.waiting.some((g) => g.teams.flat().some(known))) return;
    this.state.queue.push({ ...entry, enqueuedAt: now });
    this.changed = true;
  }

  withdraw(w: WithdrawTicket, now: number): void {
    const group = this.state.waiting.find((g) => g.teams.flat().some((t) => t.ticketId === w.ticketId));
    if (group && this.placing.has(group.sessionId)) {
      this.state.deferred.push(w);
      return;
    }
    const queued = this.state.queue.find((t) => t.ticketId === w.ticketId);
    if (queued) {
      this.state.queue = this.state.queue.filter((t) => t !== queued);
      this.answer(queued, w.why === 'cancelled' ? 'cancelled' : queued.waitedForServer ? 'noServer' : 'timedOut', now);
    } else if (group) {
      const leaver = group.teams.flat().find((t) => t.ticketId === w.ticketId)!;
      this.state.waiting = this.state.waiting.filter((g) => g !== group);
      const back = group.teams.flat().filter((t) => t !== leaver).map((t) => ({ ...t, waitedForServer: true }));
      this.state.queue = [...back, ...this.state.queue].sort((a, b) => a.enqueuedAt - b.enqueuedAt);
      this.answer(leaver, w.why === 'cancelled' ? 'cancelled' : 'noServer', now);
    }
    this.changed = true;
  }

  formGroups(now: number): void {
    const { groups, remaining } = formGroups(this.state.queue, this.input.teamSizes, this.input.rule, now);
    this.state.queue = remaining as LegacyQueueEntry[];
    for (const g of groups) {
      const group = { sessionId: uuid4(), teams: g.teams as LegacyQueueEntry[][], lastServerTry: 0 };
      if (this.input.serverTag === undefined) this.start(group, null, now);
      else this.state.waiting.push(group);
    }
  }

  dueForServer(now: number): LegacyWaitingGroup[] {
    return this.state.waiting.filter((g) => !this.placing.has(g.sessionId) && now - g.lastServerTry >= this.input.serverRetryMs);
  }

  placed(group: LegacyWaitingGroup, server: SessionServer | undefined, now: number): void {
    this.placing.delete(group.sessionId);
    if (server) {
      this.state.waiting = this.state.waiting.filter((g) => g !== group);
      this.start(group, server, now);
    } else group.lastServerTry = now;
    const deferred = this.state.deferred;
    this.state.deferred = [];
    for (const w of deferred) this.withdraw(w, now);
    this.changed = true;
  }

  nextWake(now: number): number | undefined {
    const due = this.state.waiting.filter((g) => !this.placing.has(g.sessionId)).map((g) => g.lastServerTry + this.input.serverRetryMs - now);
    return due.length ? Math.max(1, Math.min(...due)) : undefined;
  }

  get quiet(): boolean {
    return this.placing.size === 0 && this.withdrawals.length === 0 && this.toStart.length === 0;
  }

  private start(group: LegacyWaitingGroup, server: SessionServer | null, now: number): void {
    const teams = group.teams.map((team) => team.map((t) => ({ playerId: t.playerId, ticketId: t.ticketId, info: t.info })));
    const matched = group.teams.flatMap((team, teamIndex) =>
      team.map((t, mateIndex) => {
        this.state.answered.push({ ticketId: t.ticketId, until: now + REMEMBER_ANSWERED_MS });
        const assignment = { sessionId: group.sessionId, teams, teamIndex, mateIndex, server, matchTag: this.input.matchTag, serverTag: this.input.serverTag };
        return { ticketWorkflowId: t.ticketWorkflowId, assignment };
      }),
    );
    this.toStart.push({ sessionId: group.sessionId, teams: group.teams, server, matched });
    this.changed = true;
  }

  private answer(t: LegacyQueueEntry, reason: FailureReason, now: number): void {
    this.withdrawals.push({ ticketId: t.ticketId, ticketWorkflowId: t.ticketWorkflowId, reason });
    this.state.answered.push({ ticketId: t.ticketId, until: now + REMEMBER_ANSWERED_MS });
  }
}

/** v0.1.0's loop, plus one check on each live pass: once past the recorded history, hand over to v1. */
export async function legacyMatcherV0(input: MatcherInput): Promise<void> {
  const book = new LegacyBook(input);
  setHandler(enqueueTicketSignal, (entry) => book.enqueue(entry as LegacyQueueEntry, Date.now()));
  setHandler(withdrawTicketSignal, (w) => book.withdraw(w, Date.now()));
  setHandler(matcherStateQuery, () => book.state as never);

  for (;;) {
    if (book.quiet && patched(MATCHER_V1)) {
      await condition(allHandlersFinished);
      return continueAsNew<(i: MatcherInput) => Promise<void>>({ ...input, state: book.state as never });
    }
    book.changed = false;
    book.formGroups(Date.now());
    for (const group of book.dueForServer(Date.now())) void placeOnServer(input, book, group);
    await announceVerdicts(input, book);

    if (workflowInfo().continueAsNewSuggested && book.quiet) {
      book.state.answered = book.state.answered.filter((a) => a.until > Date.now());
      await condition(allHandlersFinished);
      return continueAsNew<(i: MatcherInput) => Promise<void>>({ ...input, state: book.state as never });
    }
    const wake = book.nextWake(Date.now());
    const hasWork = () => book.changed || book.toStart.length > 0 || book.withdrawals.length > 0 || (workflowInfo().continueAsNewSuggested && book.quiet);
    if (wake === undefined) await condition(hasWork);
    else await condition(hasWork, wake);
  }
}

async function placeOnServer(input: MatcherInput, book: LegacyBook, group: LegacyWaitingGroup): Promise<void> {
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

async function announceVerdicts(input: MatcherInput, book: LegacyBook): Promise<void> {
  const sessions = book.toStart.splice(0);
  const withdrawals = book.withdrawals.splice(0);
  if (sessions.length === 0 && withdrawals.length === 0) return;
  const announcement: LegacyAnnouncement = {
    projectId: input.projectId,
    sessions: sessions.map((s) => ({
      session: {
        projectId: input.projectId, sessionId: s.sessionId, teamSizes: input.teamSizes,
        teams: s.teams.map((team) => team.map((t) => ({ playerId: t.playerId, ticketId: t.ticketId, info: t.info }))),
        server: s.server, matchTag: input.matchTag, serverTag: input.serverTag, resultDeadlineSeconds: input.sessionResultDeadlineSeconds,
      },
      matched: s.matched.map((m) => ({
        ticketId: m.assignment.teams[m.assignment.teamIndex]![m.assignment.mateIndex]!.ticketId, ticketWorkflowId: m.ticketWorkflowId, assignment: m.assignment,
      })),
    })),
    withdrawals,
  };
  await announce(announcement);
}
