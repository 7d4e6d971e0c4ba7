import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PayoutPlan, PayoutRules } from './payouts';
import type { ResultBook, Submission } from './results';
import type { NoResultPolicy } from './settings';

/**
 * Paid matches' contract (COMPAT.md §3, served as the OkLetsPlay-style platform API): the paid-match workflow's
 * id, states, input, view, messages and failure types, shared by the workflow, its activities, the API and tests.
 * It runs on the worker's task queue (`domain/ids.ts`).
 */

export const PAID_MATCH_WORKFLOW = 'paidMatchWorkflow';
/** The prefix predates the name "paid match"; ids of matches already made must keep finding them. */
export const paidMatchWorkflowId = (matchId: string) => `platform-match/${matchId}`;
export const parsePaidMatchWorkflowId = (workflowId: string) =>
  workflowId.startsWith('platform-match/') && workflowId.length > 15 ? { matchId: workflowId.slice(15) } : undefined;

/** lobby → escrow → starting (webhook) → live → settling → settled; or refunding → refunded; a lobby ends expired or cancelled. */
export const PAID_MATCH_STATES = ['lobby', 'escrow', 'starting', 'live', 'settling', 'settled', 'refunding', 'refunded', 'expired', 'cancelled'] as const;
export type PaidMatchState = (typeof PAID_MATCH_STATES)[number];
export const FINAL_STATES: readonly PaidMatchState[] = ['settled', 'refunded', 'expired', 'cancelled'];

/** Everything a match needs, fixed when it is created: the game's rules then are the rules it settles by. */
export interface PaidMatchInput {
  matchId: string;
  projectId: string;
  entryFee: number;
  currency: string;
  teamCount: number;
  teamSize: number;
  createdBy: string;
  rules: PayoutRules;
  matchInfoUrl: string;
  /** The realm URL the webhook's bearer token names as its issuer. */
  issuer: string;
  lobbyTimeoutSeconds: number;
  resultDeadlineSeconds: number;
  noResultPolicy: NoResultPolicy;
  webhook: { attemptTimeoutMs: number; windowSeconds: number };
  createdAt: string;
  /** A lobby carried through continue-as-new (a busy lobby's updates outgrow one run). */
  lobby?: CarriedLobby;
}

export interface CarriedLobby {
  teams: TeamView[];
  /** Epoch ms the lobby expires: fixed when the match was created, kept across runs. */
  expiresAt: number;
  /** Seats each player took (joins and switches), against LOBBY_CHANGES_PER_PLAYER. */
  changes: Record<string, number>;
  abortRequested?: string;
}

/** Seats one player may take in one match (joining, switching team): past it, 429. A real player needs a handful. */
export const LOBBY_CHANGES_PER_PLAYER = 30;

export interface TeamView {
  id: string;
  members: { playerId: string; confirmed: boolean }[];
}

/** A match as players, the game and finance see it. */
export interface PaidMatchView {
  matchId: string;
  projectId: string;
  state: PaidMatchState;
  entryFee: number;
  currency: string;
  teamSize: number;
  teams: TeamView[];
  createdBy: string;
  createdAt: string;
  liveAt?: string;
  endedAt?: string;
  /** Why the match refunded or expired. */
  reason?: string;
  result: ResultBook;
  submissionsTotal: number;
  submissionsLeft: number;
  payout?: PayoutPlan;
}

/** What the game's match-info webhook receives (COMPAT.md §3). */
export function matchInfoBody(view: Pick<PaidMatchView, 'matchId' | 'teams'>) {
  return {
    match_id: view.matchId,
    participants: view.teams.flatMap((t) => t.members.map((m) => ({ id: m.playerId, team_id: t.id }))),
    teams: view.teams.map((t) => ({ id: t.id })),
  };
}

export interface SubmitResult {
  matchStatus: PaidMatchState;
  submissionsTotal: number;
  submissionsLeft: number;
}

/** Failure types of the paid-match activities that a paid match acts on. */
export const PAID_MATCH_FAILURE = {
  insufficientFunds: 'InsufficientFunds',
  keyReused: 'IdempotencyKeyReused',
  matchInfoRefused: 'MatchInfoRefused',
  noSigningKey: 'NoSigningKey',
} as const;

/** Failure types the match's update validators reject with; the API maps them to 4xx answers. */
export const PAID_MATCH_REFUSAL = {
  notInLobby: 'NotInLobby', invalid: 'InvalidRequest', conflict: 'ResultConflict', notLive: 'NotLive', tooManyChanges: 'TooManyLobbyChanges',
  /** A result already accepted, sent again: answered from the read model, so replays never grow the history. */
  replay: 'ResultReplay',
  /** A join to one's own team or a second confirm: changes nothing, answered from the read model. */
  unchanged: 'Unchanged',
} as const;

export const joinTeamUpdate = defineUpdate<PaidMatchView, [{ playerId: string; teamId: string }]>('joinTeam');
export const leaveMatchUpdate = defineUpdate<PaidMatchView, [{ playerId: string }]>('leaveMatch');
export const confirmEntryUpdate = defineUpdate<PaidMatchView, [{ playerId: string }]>('confirmEntry');
export const submitResultUpdate = defineUpdate<SubmitResult, [Submission]>('submitResult');
export const abortMatchSignal = defineSignal<[{ reason: string }]>('abortMatch');
export const paidMatchViewQuery = defineQuery<PaidMatchView>('paidMatchView');

