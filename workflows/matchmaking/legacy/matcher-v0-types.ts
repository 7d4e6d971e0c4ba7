import type { SessionInput, SessionMember, SessionServer, WithdrawTicket } from '../../../domain/matchmaking/contract';
import type { FailureReason } from '../../../domain/matchmaking/match-request';

/** The shapes v0.1.0's matcher carried and announced (see matcher-v0.ts); only its runs and `announce` use them. */

export interface LegacyQueueEntry {
  ticketId: string;
  ticketWorkflowId: string;
  playerId: string;
  rating: number;
  info?: unknown;
  enqueuedAt: number;
  waitedForServer?: boolean;
}

export interface LegacyWaitingGroup {
  sessionId: string;
  teams: LegacyQueueEntry[][];
  lastServerTry: number;
}

export interface LegacyMatcherState {
  queue: LegacyQueueEntry[];
  waiting: LegacyWaitingGroup[];
  answered: { ticketId: string; until: number }[];
  deferred: WithdrawTicket[];
}

export interface LegacyAssignment {
  sessionId: string;
  teams: SessionMember[][];
  teamIndex: number;
  mateIndex: number;
  server: SessionServer | null;
  matchTag?: string;
  serverTag?: string;
}

export interface LegacyAnnouncement {
  projectId: string;
  sessions: { session: SessionInput; matched: { ticketId: string; ticketWorkflowId: string; assignment: LegacyAssignment }[] }[];
  withdrawals: { ticketId: string; ticketWorkflowId: string; reason: FailureReason }[];
}
