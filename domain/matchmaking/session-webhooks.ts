import { entityWorkflowId, parseEntityWorkflowId } from '../ids';
import type { SessionState } from './contract';
import type { ResultStatus } from './settlement';

/**
 * Session webhooks' contract: what a game backend hears of its `/v1a` sessions, and how the session workflow hands
 * a delivery to the workflow that makes it. Workflow-safe (no Node, no zod): the session workflow imports it.
 */

export const SESSION_EVENTS = { started: 'session.started', ended: 'session.ended' } as const;
export type SessionEventType = (typeof SESSION_EVENTS)[keyof typeof SESSION_EVENTS];

export const SESSION_WEBHOOK_WORKFLOW = 'sessionWebhookWorkflow';

/**
 * The event's id and the `Idempotency-Key` of every try to deliver it (`<sessionId>:started`, `<sessionId>:ended`):
 * derived, never drawn, so a retried activity or a replayed workflow can only ever send the same one.
 */
export function sessionEventKey(sessionId: string, event: SessionEventType): string {
  return `${sessionId}:${event.slice('session.'.length)}`;
}

/** `session-webhook/{projectId}/{sessionId}:{started|ended}`: one delivering workflow per event, named by its key. */
export const sessionWebhookWorkflowId = (projectId: string, key: string) => entityWorkflowId('session-webhook', projectId, key);

export function parseSessionWebhookWorkflowId(workflowId: string): { projectId: string; sessionId: string; event: SessionEventType } | undefined {
  const parsed = parseEntityWorkflowId('session-webhook', workflowId);
  const key = parsed?.id.match(/^(.+):(started|ended)$/);
  return parsed && key ? { projectId: parsed.projectId, sessionId: key[1]!, event: `session.${key[2] as 'started' | 'ended'}` } : undefined;
}

/** `session.started`: the session as the matcher formed it. Teams hold player ids, in team and seat order. */
export interface SessionStartedEvent {
  id: string;
  type: typeof SESSION_EVENTS.started;
  projectId: string;
  sessionId: string;
  matchTag: string | null;
  serverTag: string | null;
  teams: string[][];
  server: { name: string; info: unknown } | null;
  startedAt: string;
}

/** How an ended session was decided; null when it was not (disputed: conflicting reports, no majority). */
export type DecidedBy = 'server' | 'agreement' | 'majority' | 'deadline' | null;

export interface EndedPlayer {
  playerId: string;
  team: number;
  /** The team's place (0 = first); null when the session settled no result. */
  rank: number | null;
  /** Null when ratings did not move (only a finished result moves them). */
  rating: { before: number; after: number } | null;
}

/** `session.ended`: how it ended, how that was decided, and what it did to each player's rating. */
export interface SessionEndedEvent {
  id: string;
  type: typeof SESSION_EVENTS.ended;
  projectId: string;
  sessionId: string;
  state: Exclude<SessionState, 'live'>;
  resultStatus: ResultStatus | null;
  ranks: number[] | null;
  decidedBy: DecidedBy;
  players: EndedPlayer[];
  endedAt: string;
}

export type SessionEvent = SessionStartedEvent | SessionEndedEvent;

/** How deliveries are tried (from configuration): each try's time limit, and the window retries must fit in. */
export interface SessionWebhookPolicy {
  attemptTimeoutMs: number;
  windowSeconds: number;
}

/** An event written to the outbox (webhook_deliveries) for the session to hand on; absent when the project has no webhook. */
export interface SessionWebhookDue extends SessionWebhookPolicy {
  deliveryId: string;
  event: SessionEventType;
}

export interface SessionWebhookInput {
  projectId: string;
  sessionId: string;
  due: SessionWebhookDue;
  /** Derived by the session workflow (sessionEventKey): the same on every try. */
  idempotencyKey: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface SessionWebhookResult {
  state: Exclude<DeliveryState, 'pending'>;
  /** Why it failed for good: the receiver's refusal, or the retry window spent. */
  reason?: string;
}

/** A receiver's answer that no retry can change (a 4xx other than 408 and 429, a redirect, or no webhook any more). */
export const SESSION_WEBHOOK_REFUSED = 'SessionWebhookRefused';
