import { sql } from 'kysely';
import type { Db } from '../create-db';

/** A ticket as the API put it in line (the live queue's read model). */
export interface QueuedTicket {
  ticketId: string;
  projectId: string;
  playerId: string;
  bucketLabel: string;
  requestedAt: Date;
  deadlineAt: Date;
}

export async function recordTicketQueued(db: Db, t: QueuedTicket): Promise<void> {
  await db
    .insertInto('tickets')
    .values({ ticket_id: t.ticketId, project_id: t.projectId, player_id: t.playerId, bucket_label: t.bucketLabel, requested_at: t.requestedAt, deadline_at: t.deadlineAt })
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .execute();
}

export interface BucketDepth {
  bucketLabel: string;
  searching: number;
  oldestRequestedAt: string;
}

/** Tickets still searching, per bucket: in line, before their deadline, with no verdict yet. */
export async function searchingByBucket(db: Db, projectId: string, now = new Date()): Promise<BucketDepth[]> {
  const rows = await db
    .selectFrom('tickets as t')
    .select(['t.bucket_label', (eb) => eb.fn.countAll<string>().as('searching'), (eb) => eb.fn.min('t.requested_at').as('oldest')])
    .where('t.project_id', '=', projectId)
    .where('t.deadline_at', '>', now)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ticket_statuses as s').select('s.ticket_id').whereRef('s.ticket_id', '=', 't.ticket_id'))))
    .groupBy('t.bucket_label')
    .orderBy('t.bucket_label')
    .execute();
  return rows.map((r) => ({ bucketLabel: r.bucket_label, searching: Number(r.searching), oldestRequestedAt: new Date(r.oldest as Date).toISOString() }));
}

export interface TicketRow extends QueuedTicket {
  status: unknown;
  answeredAt: Date | null;
}

/** The newest tickets of a project (optionally one player's or one bucket's), with their verdicts if given. */
export async function recentTickets(db: Db, f: { projectId: string; playerId?: string; searchingOnly?: boolean; limit: number }, now = new Date()): Promise<TicketRow[]> {
  let q = db
    .selectFrom('tickets as t')
    .leftJoin('ticket_statuses as s', 's.ticket_id', 't.ticket_id')
    .select(['t.ticket_id', 't.project_id', 't.player_id', 't.bucket_label', 't.requested_at', 't.deadline_at', 's.status', 's.answered_at'])
    .where('t.project_id', '=', f.projectId);
  if (f.playerId) q = q.where('t.player_id', '=', f.playerId).orderBy('t.requested_at', 'desc');
  if (f.searchingOnly) q = q.where('t.deadline_at', '>', now).where('s.ticket_id', 'is', null).orderBy('t.deadline_at', 'desc');
  const rows = await q.orderBy('t.requested_at', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    ticketId: r.ticket_id, projectId: r.project_id, playerId: r.player_id, bucketLabel: r.bucket_label, requestedAt: r.requested_at, deadlineAt: r.deadline_at,
    status: r.status ?? null, answeredAt: r.answered_at ?? null,
  }));
}

export async function findTicket(db: Db, projectId: string, ticketId: string): Promise<TicketRow | undefined> {
  const row = await db
    .selectFrom('tickets as t')
    .leftJoin('ticket_statuses as s', 's.ticket_id', 't.ticket_id')
    .select(['t.ticket_id', 't.project_id', 't.player_id', 't.bucket_label', 't.requested_at', 't.deadline_at', 's.status', 's.answered_at'])
    .where('t.project_id', '=', projectId)
    .where('t.ticket_id', '=', ticketId)
    .executeTakeFirst();
  return row && {
    ticketId: row.ticket_id, projectId: row.project_id, playerId: row.player_id, bucketLabel: row.bucket_label, requestedAt: row.requested_at, deadlineAt: row.deadline_at,
    status: row.status ?? null, answeredAt: row.answered_at ?? null,
  };
}

export interface MatchTimes {
  bucketLabel: string;
  /** Start of the 5-minute slot. */
  slot: string;
  matched: number;
  p50Seconds: number;
  p95Seconds: number;
}

/** Time from request to `matched`, per bucket and 5-minute slot, over the last `minutes` (from the verdicts' index). */
export async function timeToMatch(db: Db, projectId: string, minutes: number, now = new Date()): Promise<MatchTimes[]> {
  const since = new Date(now.getTime() - minutes * 60_000);
  const { rows } = await sql<{ bucket_label: string; slot: Date; matched: string; p50: number; p95: number }>`
    select t.bucket_label, to_timestamp(floor(extract(epoch from s.answered_at) / 300) * 300) as slot, count(*) as matched,
           percentile_cont(0.5) within group (order by extract(epoch from s.answered_at - t.requested_at)) as p50,
           percentile_cont(0.95) within group (order by extract(epoch from s.answered_at - t.requested_at)) as p95
      from ticket_statuses s join tickets t on t.ticket_id = s.ticket_id
     where s.project_id = ${projectId} and s.answered_at >= ${since} and s.status->>'status' = 'matched'
     group by 1, 2 order by 2, 1`.execute(db);
  return rows.map((r) => ({ bucketLabel: r.bucket_label, slot: new Date(r.slot).toISOString(), matched: Number(r.matched), p50Seconds: Number(r.p50), p95Seconds: Number(r.p95) }));
}

/** Tickets searching now, per project and bucket, across every project (queue depth for the metrics). */
export async function countSearchingTickets(db: Db, now = new Date()): Promise<{ projectId: string; bucket: string; tickets: number }[]> {
  const rows = await db
    .selectFrom('tickets as t')
    .select(['t.project_id', 't.bucket_label', (eb) => eb.fn.countAll<string>().as('n')])
    .where('t.deadline_at', '>', now)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ticket_statuses as s').select('s.ticket_id').whereRef('s.ticket_id', '=', 't.ticket_id'))))
    .groupBy(['t.project_id', 't.bucket_label'])
    .execute();
  return rows.map((r) => ({ projectId: r.project_id, bucket: r.bucket_label, tickets: Number(r.n) }));
}

/** Where and when these tickets joined the line (the verdicts' time to match). */
export async function ticketsJoined(db: Db, ticketIds: string[]): Promise<{ ticketId: string; projectId: string; bucket: string; requestedAt: Date }[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db.selectFrom('tickets').select(['ticket_id', 'project_id', 'bucket_label', 'requested_at']).where('ticket_id', 'in', ticketIds).execute();
  return rows.map((r) => ({ ticketId: r.ticket_id, projectId: r.project_id, bucket: r.bucket_label, requestedAt: new Date(r.requested_at) }));
}
