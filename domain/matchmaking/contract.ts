import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { entityWorkflowId, parseEntityWorkflowId } from '../ids';
import type { GroupingRule } from './grouping';
import type { FailureReason } from './match-request';
import type { ResultReport, Settlement } from './settlement';
import type { SessionWebhookDue } from './session-webhooks';

/**
 * Matchmaking's contract (COMPAT.md §1): workflow ids, messages, inputs and results of the ticket, matcher,
 * session and server workflows, shared by them, their activities, the API and tests. All run on the worker's task
 * queue (`domain/ids.ts`). Once a ticket is enqueued its matcher is the only authority over it: a cancel or a
 * deadline asks the matcher to withdraw the ticket, and the matcher answers every ticket exactly once, matched or
 * withdrawn, in the order it sees events. That one ordering is what resolves cancel-vs-match and deadline-vs-match.
 */

export const MATCHMAKING_WORKFLOWS = {
  ticket: 'ticketWorkflow', matcher: 'matcherWorkflow', session: 'sessionWorkflow', server: 'serverWorkflow',
} as const;

export const ticketWorkflowId = (projectId: string, ticketId: string) => entityWorkflowId('ticket', projectId, ticketId);
export const parseTicketWorkflowId = (workflowId: string) => named('ticketId', parseEntityWorkflowId('ticket', workflowId));
export const matcherWorkflowId = (projectId: string, bucketId: string) => entityWorkflowId('matcher', projectId, bucketId);
export const parseMatcherWorkflowId = (workflowId: string) => named('bucketId', parseEntityWorkflowId('matcher', workflowId));
export const sessionWorkflowId = (projectId: string, sessionId: string) => entityWorkflowId('session', projectId, sessionId);
export const parseSessionWorkflowId = (workflowId: string) => named('sessionId', parseEntityWorkflowId('session', workflowId));
export const serverWorkflowId = (projectId: string, name: string) => entityWorkflowId('server', projectId, name);
export const parseServerWorkflowId = (workflowId: string) => named('name', parseEntityWorkflowId('server', workflowId));

function named<K extends string>(key: K, parsed: { projectId: string; id: string } | undefined) {
  return parsed && ({ projectId: parsed.projectId, [key]: parsed.id } as { projectId: string } & Record<K, string>);
}

// ---- Tickets -------------------------------------------------------------------------------------------------

/** What the ticket workflow starts from: the request, plus who asked and when. */
export interface TicketInput {
  projectId: string;
  ticketId: string;
  playerId: string;
  playerName?: string;
  teamSizes: number[];
  maxMatchTimeSeconds: number;
  matchTag?: string;
  serverTag?: string;
  info?: unknown;
  /** Epoch ms at the API; orders two requests of one player (the later one wins). */
  requestedAt: number;
  /** queueBucket(...) and its short hash, which names the bucket's matcher workflow. */
  bucketKey: string;
  bucketId: string;
  /**
   * The API put the ticket in line before answering its request, so a bucket groups players in the order their
   * requests were accepted. Absent: the ticket joins the queue itself (tickets started by older API processes).
   */
  queued?: boolean;
}

/** Where a matched ticket sits: its session and its seat. The view (teams, infos, peer tickets) is built when read. */
export interface Assignment {
  sessionId: string;
  teamIndex: number;
  mateIndex: number;
}

/** A ticket's state as the workflow knows it. `notFound` is only ever an API answer. */
export type TicketStatus =
  | { status: 'inProgress' }
  | { status: 'matched'; assignment: Assignment }
  | { status: 'failed'; reason: FailureReason };

/** Why a ticket was cancelled: by its player, or by the same player's newer request. */
export type CancelReason = 'cancelled' | 'replaced';
export interface CancelTicket {
  reason: CancelReason;
}

/** A signal, not an update: DELETE answers `[]` whatever the ticket's state, so no caller waits on it. */
export const cancelTicketSignal = defineSignal<[CancelTicket]>('cancelTicket');
/** As the signal, answered with the ticket's verdict once its matcher gave it (the status row is written by then). */
export const cancelTicketUpdate = defineUpdate<TicketStatus, [CancelTicket]>('cancelTicketAndWait');
export const ticketStatusQuery = defineQuery<TicketStatus>('ticketStatus');
export const ticketMatchedSignal = defineSignal<[Assignment]>('ticketMatched');
export const ticketWithdrawnSignal = defineSignal<[{ reason: FailureReason }]>('ticketWithdrawn');

// ---- Matchers ------------------------------------------------------------------------------------------------

export interface MatcherInput {
  projectId: string;
  bucketId: string;
  bucketKey: string;
  teamSizes: number[];
  matchTag?: string;
  serverTag?: string;
  rule: GroupingRule;
  /** The project revision `rule` is from (absent: started before rules could change, counts as 0). */
  ruleRevision?: number;
  /** How long a full group waits before asking for a server again. */
  serverRetryMs: number;
  sessionResultDeadlineSeconds: number;
  /** An empty matcher ends after this long without a ticket; the next ticket's signal-with-start begins a new run. */
  idleSeconds?: number;
  /** Carried through continue-as-new: plain JSON only. */
  state?: MatcherState;
}

/* What a matcher holds, carried through continue-as-new as plain JSON: its queue, the full groups waiting for a
 * server, the answers it remembers and the verdicts it has yet to announce. */

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

/** A project's grouping rule as of one revision of its settings: a matcher keeps the highest revision it has seen. */
export interface RuleRevision {
  rule: GroupingRule;
  revision: number;
}

/** A ticket put in line, with its project's grouping rule as the API read it (older APIs send none). */
export interface EnqueueTicket extends QueueEntry {
  groupingRule?: RuleRevision;
}

export const enqueueTicketSignal = defineSignal<[EnqueueTicket]>('enqueueTicket');
/** Sent to a project's running matchers when its grouping rule changes, so waiting tickets are grouped by the new one. */
export const groupingRuleSignal = defineSignal<[RuleRevision]>('groupingRule');
export const withdrawTicketSignal = defineSignal<[WithdrawTicket]>('withdrawTicket');
export const matcherStateQuery = defineQuery<MatcherState>('matcherState');

// ---- Sessions ------------------------------------------------------------------------------------------------

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

export interface SessionInput {
  projectId: string;
  sessionId: string;
  teamSizes: number[];
  teams: SessionMember[][];
  server: SessionServer | null;
  matchTag?: string;
  serverTag?: string;
  resultDeadlineSeconds: number;
  /** `session.started`, queued by the announce that started the session when its project has a webhook: the session hands it on. */
  startedWebhook?: SessionWebhookDue;
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

// ---- Dedicated servers ---------------------------------------------------------------------------------------

export interface ServerRegistration {
  serverTag?: string;
  info?: unknown;
  timeoutSeconds: number;
}

export interface ServerInput {
  projectId: string;
  name: string;
  /** A registration that arrived while the previous one was being consumed (carried by continue-as-new). */
  next?: ServerRegistration;
  /** An offer still standing, carried through continue-as-new (a server refreshing for hours outgrows one run). */
  carried?: { registration: ServerRegistration; registeredAt: number; expiresAt: number };
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
/** Why an offer refuses a claim: it is taken, cancelled or expired; the matcher tries the next one. */
export const SERVER_REFUSAL = { notAvailable: 'ServerNotAvailable' } as const;
