import { Gauge, Registry } from 'prom-client';
import type { Db } from '../db/create-db';
import { countSearchingTickets } from '../db/matchmaking/tickets';
import { countLiveSessions, countSessionsEndedSince } from '../db/matchmaking/session-counts';
import type { Logger } from './log';

/** How far back `matchflow_sessions` counts ended sessions: a gauge of what just happened, not of what retention keeps. */
const ENDED_WINDOW_MS = 3600_000;

/**
 * What the database says at scrape time: queue depth and sessions. Read there, not kept by the matchers' activities,
 * because a matcher moves between worker processes and each process would hold its own stale number; the database is
 * the one truth every replica reads alike (so aggregate replicas with max, not sum). Each is one indexed query. A
 * database that does not answer leaves these out of the scrape; the events in core/metrics.ts are still served.
 */
export function databaseGauges(deps: { db: Db; log: Logger }): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'matchflow_queue_depth', help: 'Tickets searching, by project and queue bucket (`1v1 eu -`), from the database.',
    labelNames: ['project', 'bucket'] as const, registers,
    async collect() {
      const rows = await readOrNothing(deps.log, 'queue depth', () => countSearchingTickets(deps.db));
      this.reset();
      for (const r of rows) this.set({ project: r.projectId, bucket: r.bucket }, r.tickets);
    },
  });
  new Gauge({
    name: 'matchflow_sessions', help: 'Sessions live now, and sessions that ended in the last hour by how (settled, cancelled, disputed, abandoned), by project, from the database.',
    labelNames: ['project', 'state'] as const, registers,
    async collect() {
      const rows = await readOrNothing(deps.log, 'sessions', async () => (await Promise.all([
        countLiveSessions(deps.db), countSessionsEndedSince(deps.db, new Date(Date.now() - ENDED_WINDOW_MS)),
      ])).flat());
      this.reset();
      for (const r of rows) this.set({ project: r.projectId, state: r.state }, r.sessions);
    },
  });
  return registry;
}

async function readOrNothing<T>(log: Logger, what: string, read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (err) {
    log.warn({ err }, `metrics: ${what} could not be read from the database`);
    return [];
  }
}
