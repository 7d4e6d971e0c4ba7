import { uuid4 } from '@temporalio/workflow';
import { formGroups } from '../domain/grouping';
import type { Assignment, MatcherInput, MatcherState, QueueEntry, SessionServer, WaitingGroup, WithdrawTicket } from '../domain/matchmaking';
import type { FailureReason } from '../domain/tickets';

/** How long a ticket id is remembered after its answer, to drop a late duplicate enqueue. */
const REMEMBER_ANSWERED_MS = 15 * 60_000;

export interface Withdrawal {
  ticketId: string;
  ticketWorkflowId: string;
  reason: FailureReason;
}

/** A session to start, with the matched verdicts that may only go out once it exists. */
export interface SessionToStart {
  sessionId: string;
  teams: QueueEntry[][];
  server: SessionServer | null;
  matched: { ticketWorkflowId: string; assignment: Assignment }[];
}

/**
 * One bucket's matcher, as plain state: the signal handlers call enqueue and withdraw, the workflow loop drains
 * the sessions to start and the verdicts to send. Every ticket gets exactly one verdict.
 */
export class MatcherBook {
  readonly state: MatcherState;
  readonly withdrawals: Withdrawal[] = [];
  readonly toStart: SessionToStart[] = [];
  readonly placing = new Set<string>();
  changed = true;

  constructor(private readonly input: MatcherInput) {
    this.state = input.state ?? { queue: [], waiting: [], answered: [], deferred: [] };
  }

  enqueue(entry: QueueEntry, now: number): void {
    const known = (t: QueueEntry) => t.ticketId === entry.ticketId;
    if (this.state.answered.some((a) => a.ticketId === entry.ticketId) || this.state.queue.some(known) || this.state.waiting.some((g) => g.teams.flat().some(known))) return;
    this.state.queue.push({ ...entry, enqueuedAt: now });
    this.changed = true;
  }

  withdraw(w: WithdrawTicket, now: number): void {
    const group = this.state.waiting.find((g) => g.teams.flat().some((t) => t.ticketId === w.ticketId));
    if (group && this.placing.has(group.sessionId)) {
      // The group is being put on a server right now: decide once that attempt is over.
      this.state.deferred.push(w);
      return;
    }
    const queued = this.state.queue.find((t) => t.ticketId === w.ticketId);
    if (queued) {
      this.state.queue = this.state.queue.filter((t) => t !== queued);
      this.answer(queued, w.why === 'cancelled' ? 'cancelled' : queued.waitedForServer ? 'noServer' : 'timedOut', now);
    } else if (group) {
      const leaver = group.teams.flat().find((t) => t.ticketId === w.ticketId)!;
      this.breakUp(group, leaver);
      // A full group was waiting for a server when this ticket's time ran out: that is noServer, not timedOut.
      this.answer(leaver, w.why === 'cancelled' ? 'cancelled' : 'noServer', now);
    }
    // Otherwise the ticket was already answered (matched): that verdict is on its way and stands.
    this.changed = true;
  }

  /** Forms every complete group the rule allows; peer-to-peer groups start at once, the rest wait for a server. */
  formGroups(now: number): void {
    const { groups, remaining } = formGroups(this.state.queue, this.input.teamSizes, this.input.rule, now);
    this.state.queue = remaining as QueueEntry[];
    for (const g of groups) {
      const group = { sessionId: uuid4(), teams: g.teams as QueueEntry[][], lastServerTry: 0 };
      if (this.input.serverTag === undefined) this.start(group, null, now);
      else this.state.waiting.push(group);
    }
  }

  /** Groups due for a server attempt (not already placing, retry interval passed). */
  dueForServer(now: number): WaitingGroup[] {
    return this.state.waiting.filter((g) => !this.placing.has(g.sessionId) && now - g.lastServerTry >= this.input.serverRetryMs);
  }

  placed(group: WaitingGroup, server: SessionServer | undefined, now: number): void {
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

  /** Milliseconds until a waiting group is due for another server attempt; undefined when none waits. */
  nextWake(now: number): number | undefined {
    const due = this.state.waiting.filter((g) => !this.placing.has(g.sessionId)).map((g) => g.lastServerTry + this.input.serverRetryMs - now);
    return due.length ? Math.max(1, Math.min(...due)) : undefined;
  }

  /** Nothing in flight that continue-as-new would lose. */
  get quiet(): boolean {
    return this.placing.size === 0 && this.withdrawals.length === 0 && this.toStart.length === 0;
  }

  forgetOldAnswers(now: number): void {
    this.state.answered = this.state.answered.filter((a) => a.until > now);
  }

  private start(group: WaitingGroup, server: SessionServer | null, now: number): void {
    const teams = group.teams.map((team) => team.map((t) => ({ playerId: t.playerId, ticketId: t.ticketId, info: t.info })));
    const matched = group.teams.flatMap((team, teamIndex) =>
      team.map((t, mateIndex) => {
        this.state.answered.push({ ticketId: t.ticketId, until: now + REMEMBER_ANSWERED_MS });
        const assignment: Assignment = {
          sessionId: group.sessionId, teams, teamIndex, mateIndex, server, matchTag: this.input.matchTag, serverTag: this.input.serverTag,
        };
        return { ticketWorkflowId: t.ticketWorkflowId, assignment };
      }),
    );
    this.toStart.push({ sessionId: group.sessionId, teams: group.teams, server, matched });
    this.changed = true;
  }

  private answer(t: QueueEntry, reason: FailureReason, now: number): void {
    this.withdrawals.push({ ticketId: t.ticketId, ticketWorkflowId: t.ticketWorkflowId, reason });
    this.state.answered.push({ ticketId: t.ticketId, until: now + REMEMBER_ANSWERED_MS });
  }

  /** The rest of a broken group go back to the queue in their original arrival order. */
  private breakUp(group: WaitingGroup, leaver: QueueEntry): void {
    this.state.waiting = this.state.waiting.filter((g) => g !== group);
    const back = group.teams.flat().filter((t) => t !== leaver).map((t) => ({ ...t, waitedForServer: true }));
    this.state.queue = [...back, ...this.state.queue].sort((a, b) => a.enqueuedAt - b.enqueuedAt);
  }
}
