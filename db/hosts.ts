import { sql } from 'kysely';
import { displayName, distanceKm, unitVector, type HostListFilter, type ListedHost } from '../domain/hosts/host-list';
import type { HostRegistration, SeatTimes } from '../domain/hosts/contract';
import type { Db } from './create-db';

export interface HostRow {
  projectId: string;
  endpoint: string;
  registration: HostRegistration;
  playerCount: number;
  onlineSince: number;
  /** When each seat was taken (absent: written by an older worker, which did not keep them here). */
  seats?: SeatTimes;
}

/** The host workflow's latest word on itself (idempotent). */
export async function upsertHost(db: Db, h: HostRow): Promise<void> {
  const r = h.registration;
  const values = {
    owner: r.owner, owner_name: r.ownerName ?? null, name: displayName(r.hostName), peer_info: JSON.stringify(r.peerInfo),
    password_protected: !!r.passwordHash, password_hash: r.passwordHash ?? null, is_private: r.isPrivate, version: r.version, max_players: r.maxPlayers, player_count: h.playerCount,
    online_since: new Date(h.onlineSince), lat: r.location?.lat ?? null, lon: r.location?.lon ?? null, country: r.location?.country ?? null, updated_at: new Date(),
    seats: h.seats ? JSON.stringify(h.seats) : null,
    ...(r.location ? unitVector(r.location) : { x: null, y: null, z: null }),
  };
  await db.insertInto('hosts').values({ project_id: h.projectId, endpoint: h.endpoint, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'endpoint']).doUpdateSet(values)).execute();
}

/**
 * A ping from the host's owner, kept in its row: the seats it holds, or undefined when the row is missing, not the
 * owner's, kept by an older worker, or not read by its workflow for `staleAfterSeconds` (a host workflow reads its
 * row once per ping timeout; one that stopped, say terminated by an operator, is asked directly and found gone).
 */
export async function recordPing(db: Db, ping: { projectId: string; endpoint: string; owner: string; staleAfterSeconds: number }): Promise<SeatTimes | undefined> {
  const row = await db.updateTable('hosts').set({ last_ping: sql`now()` })
    .where('project_id', '=', ping.projectId).where('endpoint', '=', ping.endpoint).where('owner', '=', ping.owner).where('seats', 'is not', null)
    .where(sql<Date>`coalesce(checked_at, updated_at)`, '>', sql<Date>`now() - make_interval(secs => ${ping.staleAfterSeconds})`)
    .returning('seats').executeTakeFirst();
  return row?.seats ?? undefined;
}

/** The host workflow checks its row: when its owner last pinged (ms since the epoch; undefined when no ping reached it). */
export async function checkLastPing(db: Db, projectId: string, endpoint: string): Promise<number | undefined> {
  const row = await db.updateTable('hosts').set({ checked_at: sql`now()` }).where('project_id', '=', projectId).where('endpoint', '=', endpoint)
    .returning('last_ping').executeTakeFirst();
  return row?.last_ping ? row.last_ping.getTime() : undefined;
}

/** The host ended: off the list, and its owner's slot given back. */
export async function removeHost(db: Db, projectId: string, endpoint: string): Promise<void> {
  await db.deleteFrom('hosts').where('project_id', '=', projectId).where('endpoint', '=', endpoint).execute();
  await releaseHostSlot(db, projectId, endpoint);
}

/**
 * Takes one of the player's host slots for this endpoint. Full: the player already holds `limit` others (the
 * claim is given back at once). `mine` is whether this call took the claim (a re-registration already held it;
 * another player's claim is left for the host workflow to refuse).
 */
export async function claimHostSlot(db: Db, projectId: string, owner: string, endpoint: string, limit: number): Promise<{ full: boolean; mine: boolean }> {
  const taken = await db.insertInto('host_claims').values({ project_id: projectId, endpoint, owner })
    .onConflict((oc) => oc.columns(['project_id', 'endpoint']).doNothing()).returning('owner').executeTakeFirst();
  const { n } = await db.selectFrom('host_claims').select((eb) => eb.fn.countAll<string>().as('n')).where('project_id', '=', projectId).where('owner', '=', owner)
    .executeTakeFirstOrThrow();
  if (Number(n) <= limit) return { full: false, mine: !!taken };
  if (taken) await releaseHostSlot(db, projectId, endpoint, owner);
  return { full: true, mine: false };
}

/** Gives a host slot back (the host ended, or its registration never went through). */
export async function releaseHostSlot(db: Db, projectId: string, endpoint: string, owner?: string): Promise<void> {
  let q = db.deleteFrom('host_claims').where('project_id', '=', projectId).where('endpoint', '=', endpoint);
  if (owner !== undefined) q = q.where('owner', '=', owner);
  await q.execute();
}

/** undefined: no such host; otherwise its password hash (null: no password). */
export async function hostPasswordHash(db: Db, projectId: string, endpoint: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('hosts').select('password_hash').where('project_id', '=', projectId).where('endpoint', '=', endpoint).executeTakeFirst();
  return row ? row.password_hash : undefined;
}

/** Makes this the player's one seat (Padrone's session) and answers the one it replaces, if any. */
export async function takeSeat(db: Db, projectId: string, playerId: string, hostEndpoint: string, sessionId: string) {
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('padrone_sessions').select(['host_endpoint', 'session_id'])
      .where('project_id', '=', projectId).where('player_id', '=', playerId).forUpdate().executeTakeFirst();
    await trx.insertInto('padrone_sessions').values({ project_id: projectId, player_id: playerId, host_endpoint: hostEndpoint, session_id: sessionId })
      .onConflict((oc) => oc.columns(['project_id', 'player_id']).doUpdateSet({ host_endpoint: hostEndpoint, session_id: sessionId })).execute();
    return previous && previous.session_id !== sessionId ? { hostEndpoint: previous.host_endpoint, sessionId: previous.session_id } : undefined;
  });
}

/** The player gave up its seat: answers where it was, if anywhere. */
export async function dropSeat(db: Db, projectId: string, playerId: string) {
  const row = await db.deleteFrom('padrone_sessions').where('project_id', '=', projectId).where('player_id', '=', playerId)
    .returning(['host_endpoint', 'session_id']).executeTakeFirst();
  return row && { hostEndpoint: row.host_endpoint, sessionId: row.session_id };
}

/**
 * One query: filters, then hosts of unknown distance first and the rest nearest first (by their place on the unit
 * sphere: see unitVector), `limit` of them; the distance is computed for those alone.
 */
export async function listHosts(db: Db, q: HostListFilter): Promise<ListedHost[]> {
  let query = db
    .selectFrom('hosts')
    .select(['name', 'owner_name', 'peer_info', 'password_protected', 'online_since', 'country', 'version', 'player_count', 'max_players', 'lat', 'lon'])
    .where('project_id', '=', q.projectId)
    .where('version', '=', q.version)
    .where('is_private', '=', false);
  if (q.hideFull) query = query.whereRef('player_count', '<', 'max_players');
  if (q.hidePasswordProtected) query = query.where('password_protected', '=', false);
  if (q.caller) {
    const c = unitVector(q.caller);
    query = query.orderBy(sql`x is not null`).orderBy(sql`x * ${c.x} + y * ${c.y} + z * ${c.z}`, 'desc');
  }
  const rows = await query.orderBy('online_since').limit(q.limit).execute();
  return rows.map((h) => ({
    name: h.name, hostedBy: h.owner_name ?? undefined, peerInfo: h.peer_info, isPasswordProtected: h.password_protected,
    onlineSince: new Date(h.online_since).toISOString(),
    distanceInKm: q.caller && h.lat !== null && h.lon !== null ? distanceKm(q.caller, { lat: h.lat, lon: h.lon }) : undefined,
    country: h.country ?? undefined, version: h.version, playerCount: h.player_count, maxPlayers: h.max_players,
  }));
}
