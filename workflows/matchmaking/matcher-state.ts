import { uuid4 } from '@temporalio/workflow';
import { formGroups, type GroupingRule } from '../../domain/matchmaking/grouping';
import { Backoff } from '../../domain/patience';
import type {
  MatcherInput, MatcherState, QueueEntry, RuleRevision, SessionServer, Verdicts, WaitingGroup, WithdrawTicket,
} from '../../domain/matchmaking/contract';
import type { FailureReason } from '../../domain/matchmaking/match-request';

/**
 * How long a ticket id is remembered once its verdict went out, to drop a late duplicate of its enqueue. A
 * duplicate can only come from the ticket's own enqueue activity running again (a retry, or a new worker taking
 * over its task), which happens within seconds of the first. Until the verdict goes out, the ticket is known
 * by the unannounced verdict itself, however long the database keeps it waiting.
 */
const REMEMBER_ANSWERED_MS = 3 * 60_000;
/** A hot bucket answers thousands a minute: past this many, the oldest memories go first (state stays small). */
const MAX_ANSWERED = 5_000;

/**
 * One bucket's matcher, as plain state: the signal handlers call enqueue and withdraw, the workflow loop drains
 * the verdicts to announce. Every ticket gets exactly one verdict; every verdict stays in the state until it is
 * announced, through continue-as-new included.
 */
export class MatcherBook {
  readonly state: MatcherState & { unannounced: Verdicts };
  readonly placing = new Set<string>();
  changed = true;
  /** While a failed announce waits for its retry, verdicts wait: 1 s, doubling, to a minute (the database or Temporal down). */
  private readonly announceRetry = new Backoff(1_000, 60_000);
  /** The verdicts whose announce is running now (taken out of the state, not yet remembered as answered). */
  private announcing?: Verdicts;

  /** The project's grouping rule: the input's, until a higher revision of the project's settings arrives. */
  rule: GroupingRule;
  ruleRevision: number;

  constructor(private readonly input: MatcherInput) {
    this.rule = input.rule;
    this.ruleRevision = input.ruleRevision ?? 0;
    const s = input.state;
    this.state = { queue: [], waiting: [], answered: [], deferred: [], ...s, unannounced: s?.unannounced ?? { sessions: [], withdrawals: [] } };
  }

  /** Two changes may reach the matcher in either order (each with a ticket or by signal): the later revision wins. */
  adoptRule(change: RuleRevision): void {
    if (change.revision <= this.ruleRevision) return;
    // A change of another setting counts a revision too: only a different rule is worth a pass.
    if (JSON.stringify(change.rule) !== JSON.stringify(this.rule)) this.changed = true;
    this.rule = change.rule;
    this.ruleRevision = change.revision;
  }

  enqueue(entry: QueueEntry, now: number): void {
    const known = (t: QueueEntry) => t.ticketId === entry.ticketId;
    if (entry.deadline !== undefined && entry.deadline <= now) return; // a retried delivery of a ticket that has stopped searching
    if (this.answered(entry.ticketId) || this.state.queue.some(known) || this.state.waiting.some((g) => g.teams.flat().some(known))) return;
    this.state.queue.push({ ...entry, enqueuedAt: now });
    this.changed = true;
  }

  withdraw(w: WithdrawTicket): void {
    const group = this.state.waiting.find((g) => g.teams.flat().some((t) => t.ticketId === w.ticketId));
    if (group && this.placing.has(group.sessionId)) {
      // The group is being put on a server right now: decide once that attempt is over.
      this.state.deferred.push(w);
      return;
    }
    const queued = this.state.queue.find((t) => t.ticketId === w.ticketId);
    if (queued) {
      this.state.queue = this.state.queue.filter((t) => t !== queued);
      this.answer(queued.ticketId, w.why === 'cancelled' ? 'cancelled' : queued.waitedForServer ? 'noServer' : 'timedOut');
    } else if (group) {
      const leaver = group.teams.flat().find((t) => t.ticketId === w.ticketId)!;
      this.breakUp(group, leaver);
      // A full group was waiting for a server when this ticket's time ran out: that is noServer, not timedOut.
      this.answer(leaver.ticketId, w.why === 'cancelled' ? 'cancelled' : 'noServer');
    } else if (!this.answered(w.ticketId)) {
      // Never enqueued here (its enqueue came after its deadline and was dropped): answered all the same.
      this.answer(w.ticketId, w.why === 'cancelled' ? 'cancelled' : 'timedOut');
    }
    // Otherwise the ticket was already answered (matched): that verdict is on its way and stands.
    this.changed = true;
  }

  /** Forms every complete group the rule allows; peer-to-peer groups start at once, the rest wait for a server. */
  formGroups(now: number): void {
    const { groups, remaining } = formGroups(this.state.queue, this.input.teamSizes, this.rule, now);
    this.state.queue = remaining as QueueEntry[];
    for (const g of groups) {
      const group = { sessionId: uuid4(), teams: g.teams as QueueEntry[][], lastServerTry: 0 };
      if (this.input.serverTag === undefined) this.start(group, null);
      else this.state.waiting.push(group);
    }
  }

  /** Groups due for a server attempt (retry interval passed), longest-waiting first. */
  dueForServer(now: number): WaitingGroup[] {
    return this.state.waiting.filter((g) => now - g.lastServerTry >= this.input.serverRetryMs);
  }

  placed(group: WaitingGroup, server: SessionServer | undefined, now: number): void {
    this.placing.delete(group.sessionId);
    // Withdrawals wait while their group is placed (see withdraw), so the group is still whole and waiting here.
    if (server) {
      this.state.waiting = this.state.waiting.filter((g) => g !== group);
      this.start(group, server);
    } else group.lastServerTry = now;
    const deferred = this.state.deferred;
    this.state.deferred = [];
    for (const w of deferred) this.withdraw(w);
    this.changed = true;
  }

  /**
   * The verdicts to announce now, taken out of the state (they count as answered while their announce runs);
   * none while a failed announce waits for its retry.
   */
  takeVerdicts(now: number): Verdicts | undefined {
    if (!this.readyToAnnounce(now)) return undefined;
    this.announcing = this.state.unannounced;
    this.state.unannounced = { sessions: [], withdrawals: [] };
    return this.announcing;
  }

  /** These verdicts went out: their tickets are remembered a while longer, to drop a late duplicate enqueue. */
  announced(v: Verdicts, now: number): void {
    for (const s of v.sessions) for (const m of s.matched) this.remember(m.ticketId, now);
    for (const w of v.withdrawals) this.remember(w.ticketId, now);
    this.settle(v);
    this.announceRetry.succeeded();
  }

  /** An announce failed for a passing cause: its verdicts go back first in line and wait, backing off. */
  announceLater(v: Verdicts, now: number): void {
    this.announcing = undefined;
    const u = this.state.unannounced;
    this.state.unannounced = { sessions: [...v.sessions, ...u.sessions], withdrawals: [...v.withdrawals, ...u.withdrawals] };
    this.announceRetry.failed(now);
  }

  /**
   * Verdicts the database refused for good. A refused session's players are told `internalError` instead of
   * waiting forever (if the session itself was already started, it ends `abandoned` at its deadline). A refused
   * withdrawal cannot be told again: its ticket ends on its own (workflows/matchmaking/ticket.ts), and is remembered here.
   */
  refuse(v: Verdicts, now: number): void {
    this.settle(v);
    for (const s of v.sessions) for (const m of s.matched) this.state.unannounced.withdrawals.push({ ticketId: m.ticketId, reason: 'internalError' });
    for (const w of v.withdrawals) this.remember(w.ticketId, now);
    this.changed = true;
  }

  /** Milliseconds until a waiting group or a held announce is due; undefined when nothing is. */
  nextWake(now: number): number | undefined {
    const due = this.state.waiting.map((g) => g.lastServerTry + this.input.serverRetryMs - now);
    if (this.announceRetry.at !== undefined && this.hasVerdicts) due.push(this.announceRetry.at - now);
    return due.length ? Math.max(1, Math.min(...due)) : undefined;
  }

  get hasVerdicts(): boolean {
    return this.state.unannounced.sessions.length > 0 || this.state.unannounced.withdrawals.length > 0;
  }

  /** Verdicts ready to go out now (not held back by a failed announce's backoff). */
  readyToAnnounce(now: number): boolean {
    return this.hasVerdicts && this.announceRetry.ready(now);
  }

  /** Nobody waits here: the matcher may end, and the next ticket's signal-with-start begins a new run. */
  get idle(): boolean {
    const s = this.state;
    return s.queue.length === 0 && s.waiting.length === 0 && s.deferred.length === 0 && !this.hasVerdicts;
  }

  /** The state a new run continues from: answered memory trimmed to what can still matter. */
  snapshot(now: number): MatcherState {
    this.forgetOldAnswers(now);
    return this.state;
  }

  forgetOldAnswers(now: number): void {
    const kept = this.state.answered.filter((a) => a.until > now);
    this.state.answered = kept.length > MAX_ANSWERED ? kept.slice(-MAX_ANSWERED) : kept;
  }

  /** These verdicts' announce is over (one by one, after a refusal, it is over for some before the others). */
  private settle(v: Verdicts): void {
    const a = this.announcing;
    if (!a) return;
    const rest = { sessions: a.sessions.filter((s) => !v.sessions.includes(s)), withdrawals: a.withdrawals.filter((w) => !v.withdrawals.includes(w)) };
    this.announcing = rest.sessions.length || rest.withdrawals.length ? rest : undefined;
  }

  /** Answered: a verdict decided (waiting to be announced, or being announced), or announced a short while ago. */
  private answered(ticketId: string): boolean {
    const has = (v: Verdicts | undefined) => !!v && (v.withdrawals.some((w) => w.ticketId === ticketId) || v.sessions.some((s) => s.matched.some((m) => m.ticketId === ticketId)));
    return this.state.answered.some((a) => a.ticketId === ticketId) || has(this.state.unannounced) || has(this.announcing);
  }

  private start(group: WaitingGroup, server: SessionServer | null): void {
    // v0.1.0 carried each ticket's info in the queue; such a ticket keeps it (no other copy exists).
    const teams = group.teams.map((team) => team.map((t) => ({ playerId: t.playerId, ticketId: t.ticketId, ...legacyInfo(t) })));
    const matched = group.teams.flatMap((team, teamIndex) => team.map((t, mateIndex) => ({ ticketId: t.ticketId, assignment: { sessionId: group.sessionId, teamIndex, mateIndex } })));
    const i = this.input;
    this.state.unannounced.sessions.push({
      session: {
        projectId: i.projectId, sessionId: group.sessionId, teamSizes: i.teamSizes, teams, server, matchTag: i.matchTag, serverTag: i.serverTag,
        resultDeadlineSeconds: i.sessionResultDeadlineSeconds,
      },
      matched,
    });
    this.changed = true;
  }

  private answer(ticketId: string, reason: FailureReason): void {
    this.state.unannounced.withdrawals.push({ ticketId, reason });
  }

  private remember(ticketId: string, now: number): void {
    this.state.answered.push({ ticketId, until: now + REMEMBER_ANSWERED_MS });
  }

  /** The rest of a broken group go back to the queue in their original arrival order. */
  private breakUp(group: WaitingGroup, leaver: QueueEntry): void {
    this.state.waiting = this.state.waiting.filter((g) => g !== group);
    const back = group.teams.flat().filter((t) => t !== leaver).map((t) => ({ ...t, waitedForServer: true }));
    this.state.queue = [...back, ...this.state.queue].sort((a, b) => a.enqueuedAt - b.enqueuedAt);
  }
}

function legacyInfo(t: QueueEntry): { info?: unknown } {
  const info = (t as { info?: unknown }).info;
  return info === undefined ? {} : { info };
}
