import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { GroupingRule } from './grouping';
import type { FailureReason } from './tickets';
import type { ResultReport, Settlement } from './settlement';

/**
 * The matchmaking protocol, shared by workflows, activities, the API and tests (no Node built-ins: workflows
 * import it). Once a ticket is enqueued its matcher is the only authority over it: a cancel or a deadline
 * asks the matcher to withdraw the ticket, and the matcher answers every ticket exactly once, matched or
 * withdrawn, in the order it sees events. That one ordering is what resolves cancel-vs-match and
 * deadline-vs-match.
 */

export function matcherWorkflowId(projectId: string, bucketId: string): string {
  return `matcher/${projectId}/${bucketId}`;
}
export function serverWorkflowId(projectId: string, name: string): string {
  return `server/${projectId}/${name}`;
}
export function sessionWorkflowId(projectId: string, sessionId: string): string {
  return `session/${projectId}/${sessionId}`;
}

/**
 * A ticket as its matcher holds it: no `info` (it waits in the database, written once by the ticket), so a hot
 * bucket's state stays small through continue-as-new.
 */
export interface QueueEntry {
  ticketId: string;
  playerId: string;
  rating: number;
  enqueuedAt: number;
  /** Epoch ms the ticket stops searching; an enqueue arriving later (a retried delivery) is dropped. */
  deadline?: number;
  /** It sat in a full group that found no server: if its time runs out now, that is why (noServer). */
  waitedForServer?: boolean;
}

export interface MatcherInput {
  projectId: string;
  bucketId: string;
  bucketKey: string;
  teamSizes: number[];
  matchTag?: string;
  serverTag?: string;
  rule: GroupingRule;
  /** How long a full group waits before asking for a server again. */
  serverRetryMs: number;
  sessionResultDeadlineSeconds: number;
  /** An empty matcher ends after this long without a ticket; the next ticket's signal-with-start begins a new run. */
  idleSeconds?: number;
  /** Carried through continue-as-new: plain JSON only. */
  state?: MatcherState;
}

export interface WaitingGroup {
  sessionId: string;
  teams: QueueEntry[][];
  lastServerTry: number;
}

export interface MatcherState {
  queue: QueueEntry[];
  waiting: WaitingGroup[];
  /** Tickets answered in the last few minutes (bounded), so a late duplicate enqueue (an activity retry) is ignored. */
  answered: { ticketId: string; until: number }[];
  /** Withdrawals that arrived while their group was being placed on a server. */
  deferred: WithdrawTicket[];
  /** Verdicts decided but not yet announced (the database or Temporal did not answer): carried, never dropped. */
  unannounced?: Verdicts;
}

/** What one announce hands on: sessions to record and start with their matched tickets, and tickets withdrawn. */
export interface Verdicts {
  sessions: SessionToStart[];
  withdrawals: Withdrawal[];
}

export interface SessionToStart {
  session: SessionInput;
  matched: { ticketId: string; assignment: Assignment }[];
}

export interface Withdrawal {
  ticketId: string;
  reason: FailureReason;
}

export interface WithdrawTicket {
  ticketId: string;
  /** A cancel by the player, or the ticket's own deadline. */
  why: 'cancelled' | 'deadline';
}

export const enqueueTicketSignal = defineSignal<[QueueEntry]>('enqueueTicket');
export const withdrawTicketSignal = defineSignal<[WithdrawTicket]>('withdrawTicket');
export const matcherStateQuery = defineQuery<MatcherState>('matcherState');

/** A member of a session; the `info` everyone in it sees is read from the member's ticket when the session is shown. */
export interface SessionMember {
  playerId: string;
  ticketId: string;
  /** Only in sessions recorded before infos moved to their tickets (v0.1.0). */
  info?: unknown;
}

export interface SessionServer {
  name: string;
  info?: unknown;
}

/** Where a matched ticket sits: its session and its seat. The view (teams, infos, peer tickets) is built when read. */
export interface Assignment {
  sessionId: string;
  teamIndex: number;
  mateIndex: number;
}

export const ticketMatchedSignal = defineSignal<[Assignment]>('ticketMatched');
export const ticketWithdrawnSignal = defineSignal<[{ reason: FailureReason }]>('ticketWithdrawn');

export interface SessionInput {
  projectId: string;
  sessionId: string;
  teamSizes: number[];
  teams: SessionMember[][];
  server: SessionServer | null;
  matchTag?: string;
  serverTag?: string;
  resultDeadlineSeconds: number;
}

export type SessionState = 'live' | 'settled' | 'disputed' | 'abandoned' | 'cancelled';

export interface SessionView {
  state: SessionState;
  settlement?: Settlement;
}

/** Kept for sessions started before reports became updates (v0.1.0): their histories replay it. */
export const reportResultSignal = defineSignal<[ResultReport]>('reportResult');
/**
 * An update, not a signal: each reporter's first report counts and a second one is refused in the validator,
 * so a flood of reports answers 409 and never reaches the session's history or its per-run limits.
 */
export const submitReportUpdate = defineUpdate<void, [ResultReport]>('submitReport');

/** Why a session refuses a report (the API maps each to an answer: ended and repeated reports change nothing). */
export const REPORT_REFUSAL = {
  ended: 'SessionEnded', repeated: 'ReportRepeated', conflict: 'ReportConflict', notInSession: 'NotInSession', invalid: 'InvalidReport',
} as const;
export const sessionViewQuery = defineQuery<SessionView>('sessionView');

export interface ServerRegistration {
  serverTag?: string;
  info?: unknown;
  timeoutSeconds: number;
}

export const registerServerSignal = defineSignal<[ServerRegistration]>('registerServer');
export const cancelServerSignal = defineSignal('cancelServer');

export interface ClaimServer {
  sessionId: string;
}
export interface ClaimedServer {
  name: string;
  info?: unknown;
}
/** What a matcher may try for its waiting groups: servers on offer, and the ones a group already took (by session id). */
export interface ServerCandidates {
  claimed: Record<string, string>;
  available: string[];
}

/** An update, not a signal: the matcher must know whether it got the server before it starts a session. */
export const claimServerUpdate = defineUpdate<ClaimedServer, [ClaimServer]>('claimServer');
