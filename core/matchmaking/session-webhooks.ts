import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/create-db';
import type { PlayerOutcome } from '../../db/matchmaking/session-players';
import { attemptsOf, hasSessionWebhook, listDeliveries, queueEvent, type AttemptRecord, type DeliveryFilter, type DeliveryRow } from '../../db/matchmaking/webhook-deliveries';
import type { SessionInput } from '../../domain/matchmaking/contract';
import { sessionStateAfter, type Settlement } from '../../domain/matchmaking/settlement';
import {
  SESSION_EVENTS, sessionEventKey, type DecidedBy, type SessionEndedEvent, type SessionStartedEvent, type SessionWebhookDue, type SessionWebhookPolicy,
} from '../../domain/matchmaking/session-webhooks';

/**
 * Session webhooks' outbox side: the events written beside what they tell of (a session recorded, a settlement
 * recorded), only for projects with a webhook, and read back for operators and the console.
 */

/**
 * Queues `session.started` for sessions a matcher is about to start, when their project has a webhook (asked once
 * for the batch); answers each queued session's delivery, by session id. A repeated call answers the same ones.
 */
export async function queueSessionsStarted(db: Db, projectId: string, sessions: SessionInput[], policy: SessionWebhookPolicy): Promise<Record<string, SessionWebhookDue>> {
  if (sessions.length === 0 || !(await hasSessionWebhook(db, projectId))) return {};
  const startedAt = new Date();
  const dues = await Promise.all(sessions.map(async (s) => {
    const deliveryId = await queueEvent(db, { id: randomUUID(), projectId, sessionId: s.sessionId, event: SESSION_EVENTS.started, body: JSON.stringify(startedEvent(s, startedAt)) });
    return deliveryId ? [[s.sessionId, { deliveryId, event: SESSION_EVENTS.started, ...policy }] as const] : [];
  }));
  return Object.fromEntries(dues.flat());
}

/** Queues `session.ended` in the settlement's own transaction (`db` is it); undefined when the project has no webhook. */
export async function queueSessionEnded(trx: Db, projectId: string, sessionId: string, settlement: Settlement, players: PlayerOutcome[], endedAt: Date): Promise<string | undefined> {
  const event = endedEvent(projectId, sessionId, settlement, players, endedAt);
  return queueEvent(trx, { id: randomUUID(), projectId, sessionId, event: SESSION_EVENTS.ended, body: JSON.stringify(event) });
}

function startedEvent(s: SessionInput, startedAt: Date): SessionStartedEvent {
  return {
    id: sessionEventKey(s.sessionId, SESSION_EVENTS.started), type: SESSION_EVENTS.started, projectId: s.projectId, sessionId: s.sessionId,
    matchTag: s.matchTag ?? null, serverTag: s.serverTag ?? null, teams: s.teams.map((team) => team.map((m) => m.playerId)),
    server: s.server && { name: s.server.name, info: s.server.info ?? null }, startedAt: startedAt.toISOString(),
  };
}

function endedEvent(projectId: string, sessionId: string, s: Settlement, players: PlayerOutcome[], endedAt: Date): SessionEndedEvent {
  const settled = s.outcome === 'settled' ? s : undefined;
  return {
    id: sessionEventKey(sessionId, SESSION_EVENTS.ended), type: SESSION_EVENTS.ended, projectId, sessionId, state: sessionStateAfter(s),
    resultStatus: settled?.status ?? null, ranks: settled?.ranks ?? null, decidedBy: decidedBy(s),
    players: players.map((p) => ({
      playerId: p.playerId, team: p.team, rank: p.rank,
      rating: p.ratingBefore === undefined || p.ratingAfter === undefined ? null : { before: p.ratingBefore, after: p.ratingAfter },
    })),
    endedAt: endedAt.toISOString(),
  };
}

/** Abandoned: nobody reported by the deadline, which decided. Disputed: nothing was decided. */
function decidedBy(s: Settlement): DecidedBy {
  if (s.outcome === 'settled') return s.decidedBy;
  return s.outcome === 'abandoned' ? 'deadline' : null;
}

/** A delivery as operators and the console see it: the event sent, where it stands, and every try. */
export interface SessionWebhookDelivery extends Omit<DeliveryRow, 'createdAt' | 'updatedAt'> {
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  attempts: (Omit<AttemptRecord, 'at'> & { at: string })[];
}

/** A project's session webhook deliveries, newest first, each with its tries (`before`: a delivery id, to page on). */
export async function listSessionWebhookDeliveries(db: Db, projectId: string, filter: DeliveryFilter): Promise<SessionWebhookDelivery[]> {
  const deliveries = await listDeliveries(db, projectId, filter);
  const attempts = await attemptsOf(db, deliveries.map((d) => d.id));
  return deliveries.map((d) => ({
    ...d, idempotencyKey: d.payload.id, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
    attempts: attempts.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _, at, ...a }) => ({ ...a, at: at.toISOString() })),
  }));
}
