import { sql } from 'kysely';
import type { Db } from '../create-db';

/** Read-only views the console shows, one indexed query each (the tables' own repositories serve the APIs). */

export interface ConsoleHost {
  endpoint: string;
  name: string;
  owner: string;
  ownerName: string | null;
  country: string | null;
  version: string;
  playerCount: number;
  maxPlayers: number;
  passwordProtected: boolean;
  isPrivate: boolean;
  onlineSince: string;
  lastPing: string | null;
}

export interface HostFilter {
  projectId: string;
  search?: string;
  country?: string;
  version?: string;
  hideFull?: boolean;
  limit: number;
}

/** The live host list as operators see it: private and password-protected hosts included, newest first. */
export async function consoleHosts(db: Db, f: HostFilter): Promise<ConsoleHost[]> {
  let q = db
    .selectFrom('hosts')
    .select(['endpoint', 'name', 'owner', 'owner_name', 'country', 'version', 'player_count', 'max_players', 'password_protected', 'is_private', 'online_since', 'last_ping'])
    .where('project_id', '=', f.projectId);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.version) q = q.where('version', '=', f.version);
  if (f.hideFull) q = q.whereRef('player_count', '<', 'max_players');
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('endpoint', 'ilike', like), eb('owner', 'ilike', like), eb('owner_name', 'ilike', like)]));
  }
  const rows = await q.orderBy('online_since', 'desc').limit(f.limit).execute();
  return rows.map((h) => ({
    endpoint: h.endpoint, name: h.name, owner: h.owner, ownerName: h.owner_name, country: h.country, version: h.version, playerCount: h.player_count, maxPlayers: h.max_players,
    passwordProtected: h.password_protected, isPrivate: h.is_private, onlineSince: new Date(h.online_since).toISOString(), lastPing: h.last_ping ? new Date(h.last_ping).toISOString() : null,
  }));
}

export async function hostsByCountry(db: Db, projectId: string): Promise<{ country: string | null; hosts: number; players: number }[]> {
  const rows = await db
    .selectFrom('hosts')
    .select(['country', (eb) => eb.fn.countAll<string>().as('hosts'), (eb) => eb.fn.sum<string>('player_count').as('players')])
    .where('project_id', '=', projectId)
    .groupBy('country')
    .orderBy('hosts', 'desc')
    .execute();
  return rows.map((r) => ({ country: r.country, hosts: Number(r.hosts), players: Number(r.players ?? 0) }));
}

export async function hostPlayers(db: Db, projectId: string, endpoint: string): Promise<{ playerId: string; sessionId: string }[]> {
  const rows = await db.selectFrom('padrone_sessions').select(['player_id', 'session_id']).where('project_id', '=', projectId).where('host_endpoint', '=', endpoint).execute();
  return rows.map((r) => ({ playerId: r.player_id, sessionId: r.session_id }));
}

export async function hostOwner(db: Db, projectId: string, endpoint: string): Promise<string | undefined> {
  return (await db.selectFrom('hosts').select('owner').where('project_id', '=', projectId).where('endpoint', '=', endpoint).executeTakeFirst())?.owner;
}

export async function serversOnOffer(db: Db, projectId: string, limit: number): Promise<{ name: string; serverTag: string | null; registeredAt: string; expiresAt: string }[]> {
  const rows = await db
    .selectFrom('servers')
    .select(['name', 'server_tag', 'registered_at', 'expires_at'])
    .where('project_id', '=', projectId)
    .where('state', '=', 'available')
    .orderBy('registered_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: r.name, serverTag: r.server_tag, registeredAt: new Date(r.registered_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString() }));
}

export interface MoneyDay {
  day: string;
  kind: string;
  amount: number;
  count: number;
}

/** Money moved per UTC day and kind (fees in, payouts, rake, refunds…) over a period, from the ledger's time index. */
export async function moneyByDay(db: Db, projectId: string, from: Date, to: Date): Promise<MoneyDay[]> {
  const { rows } = await sql<{ day: Date; kind: string; amount: string; count: string }>`
    select date_trunc('day', posted_at at time zone 'UTC') as day, kind, sum(amount) as amount, count(*) as count
      from ledger_transactions
     where project_id = ${projectId} and posted_at >= ${from} and posted_at < ${to}
     group by 1, 2 order by 1, 2`.execute(db);
  return rows.map((r) => ({ day: new Date(r.day).toISOString().slice(0, 10), kind: r.kind, amount: Number(r.amount), count: Number(r.count) }));
}

export async function sessionsByState(db: Db, projectId: string, since: Date): Promise<{ state: string; sessions: number }[]> {
  const { rows } = await sql<{ state: string; sessions: string }>`
    select state, count(*) as sessions from sessions where project_id = ${projectId} and started_at >= ${since} group by state order by state`.execute(db);
  return rows.map((r) => ({ state: r.state, sessions: Number(r.sessions) }));
}

export interface RecentSession {
  sessionId: string;
  state: string;
  serverName: string | null;
  matchTag: string | null;
  startedAt: string;
  endedAt: string | null;
  players: string[][];
  ranks: number[] | null;
  decidedBy: string | null;
}

/** The newest sessions of a project, live ones included (what just happened on the live page). */
export async function recentSessions(db: Db, projectId: string, limit: number): Promise<RecentSession[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'state', 'server_name', 'match_tag', 'started_at', 'ended_at', 'teams', 'ranks', 'decided_by'])
    .where('project_id', '=', projectId)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    sessionId: r.id, state: r.state, serverName: r.server_name, matchTag: r.match_tag, startedAt: new Date(r.started_at).toISOString(),
    endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null, players: r.teams.map((t) => t.map((m) => m.playerId)), ranks: r.ranks, decidedBy: r.decided_by,
  }));
}
