import { sql } from 'kysely';
import type { SessionWebhookSettings } from '../../domain/matchmaking/session-webhook-settings';
import type { DeliveryState, SessionEvent, SessionEventType } from '../../domain/matchmaking/session-webhooks';
import type { Db } from '../create-db';

/** The session webhooks' outbox (016_session_webhooks): events due, and every try to deliver them. */

export interface QueuedEvent {
  id: string;
  projectId: string;
  sessionId: string;
  event: SessionEventType;
  body: string;
}

/**
 * Writes the event to the outbox if, and only if, the project has a session webhook; answers the delivery's id
 * (a repeated write answers the first one's), or undefined when there is nothing to deliver. One statement, so a
 * project without a webhook pays one index probe, and it runs inside the caller's transaction when given one.
 */
export async function queueEvent(db: Db, e: QueuedEvent): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    with queued as (
      insert into webhook_deliveries (id, project_id, session_id, event, body)
      select ${e.id}, p.id, ${e.sessionId}, ${e.event}, ${e.body} from projects p where p.id = ${e.projectId} and p.session_webhook is not null
      on conflict (session_id, event) do nothing
      returning id)
    select id from queued
    union all
    select id from webhook_deliveries where session_id = ${e.sessionId} and event = ${e.event}
    limit 1`.execute(db);
  return rows[0]?.id;
}

export async function findDelivery(db: Db, sessionId: string, event: SessionEventType): Promise<string | undefined> {
  const row = await db.selectFrom('webhook_deliveries').select('id').where('session_id', '=', sessionId).where('event', '=', event).executeTakeFirst();
  return row?.id;
}

/** Whether the project has a session webhook now: a look-up a batch of new sessions makes once. */
export async function hasSessionWebhook(db: Db, projectId: string): Promise<boolean> {
  const row = await db.selectFrom('projects').select('id').where('id', '=', projectId).where('session_webhook', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

/** A delivery as a try sends it: its body and state, and the project's webhook as it is now (null: removed). */
export interface DeliveryToSend {
  body: string;
  state: DeliveryState;
  webhook: SessionWebhookSettings | null;
}

export async function deliveryToSend(db: Db, id: string): Promise<DeliveryToSend | undefined> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .select(['d.body', 'd.state', 'p.session_webhook as webhook'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export interface AttemptRecord {
  attempt: number;
  at: Date;
  url: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One try and the delivery after it (its state, and why it failed if it did), together; a try recorded already (a
 * retried write) changes nothing.
 */
export async function recordAttempt(db: Db, deliveryId: string, a: AttemptRecord, after: { state: DeliveryState; lastError: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto('webhook_attempts')
      .values({ delivery_id: deliveryId, attempt: a.attempt, at: a.at, url: a.url, status: a.status, error: a.error, duration_ms: a.durationMs })
      .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await trx
      .updateTable('webhook_deliveries')
      .set({ state: after.state, attempts: sql`greatest(attempts, ${a.attempt})`, last_status: a.status, last_error: after.lastError, updated_at: new Date() })
      .where('id', '=', deliveryId)
      .where('state', '=', 'pending')
      .execute();
  });
}

/** The defined end of a delivery no try could make: `failed`, with why, unless it already ended. */
export async function markFailed(db: Db, deliveryId: string, reason: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ state: 'failed', last_error: reason, updated_at: new Date() })
    .where('id', '=', deliveryId)
    .where('state', '=', 'pending')
    .execute();
}

export interface DeliveryFilter {
  sessionId?: string;
  state?: DeliveryState;
  limit: number;
  /** A delivery id: the page continues with older ones. */
  before?: string;
}

export interface DeliveryRow {
  id: string;
  sessionId: string;
  event: SessionEventType;
  state: DeliveryState;
  payload: SessionEvent;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A project's deliveries, newest first. */
export async function listDeliveries(db: Db, projectId: string, f: DeliveryFilter): Promise<DeliveryRow[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(['id', 'session_id', 'event', 'state', 'body', 'last_status', 'last_error', 'created_at', 'updated_at'])
    .where('project_id', '=', projectId)
    .$if(f.sessionId !== undefined, (q) => q.where('session_id', '=', f.sessionId!))
    .$if(f.state !== undefined, (q) => q.where('state', '=', f.state!))
    .$if(f.before !== undefined, (q) => q.where('seq', '<', (eb) => eb.selectFrom('webhook_deliveries').select('seq').where('id', '=', f.before!)))
    .orderBy('seq', 'desc')
    .limit(f.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id, sessionId: r.session_id, event: r.event, state: r.state, payload: JSON.parse(r.body) as SessionEvent, lastStatus: r.last_status,
    lastError: r.last_error, createdAt: r.created_at, updatedAt: r.updated_at,
  }));
}

/** The tries of these deliveries, in order. */
export async function attemptsOf(db: Db, deliveryIds: string[]): Promise<(AttemptRecord & { deliveryId: string })[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('attempt').execute();
  return rows.map((r) => ({ deliveryId: r.delivery_id, attempt: r.attempt, at: r.at, url: r.url, status: r.status, error: r.error, durationMs: r.duration_ms }));
}
