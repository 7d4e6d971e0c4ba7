import { sql } from 'kysely';
import type { PaidMatchState, PaidMatchView } from '../../domain/paid-matches/contract';
import type { PlayerMatchMoney } from '../../domain/paid-matches/money';
import type { Db } from '../create-db';

/** The paid matches' read model, kept by their workflows: lists, histories, and views of ended matches. */

export async function recordPaidMatch(db: Db, view: PaidMatchView): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
    .insertInto('paid_matches')
    .values({ id: view.matchId, project_id: view.projectId, state: view.state, view: JSON.stringify(view), created_at: new Date(view.createdAt) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ state: view.state, view: JSON.stringify(view), updated_at: sql`now()` }))
    .execute();
    // Who is in the match now: a lobby's teams change until escrow, then stay.
    await trx.deleteFrom('paid_match_players').where('match_id', '=', view.matchId).execute();
    const players = view.teams.flatMap((t) => t.members.map((m) => ({ match_id: view.matchId, project_id: view.projectId, player_id: m.playerId, team_id: t.id })));
    if (players.length) await trx.insertInto('paid_match_players').values(players).execute();
  });
}

export async function findPaidMatch(db: Db, matchId: string): Promise<PaidMatchView | undefined> {
  const row = await db.selectFrom('paid_matches').select('view').where('id', '=', matchId).executeTakeFirst();
  return row?.view;
}

/** A project's matches, newest first, optionally in one state and created within [from, to). */
export async function listPaidMatches(db: Db, f: { projectId: string; state?: PaidMatchState; from?: Date; to?: Date; limit: number }): Promise<PaidMatchView[]> {
  let q = db.selectFrom('paid_matches').select('view').where('project_id', '=', f.projectId);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  const rows = await q.orderBy('created_at', 'desc').limit(f.limit).execute();
  return rows.map((r) => r.view);
}

/** A player's matches, newest first. */
export async function matchesOfPlayer(db: Db, projectId: string, playerId: string, limit: number): Promise<PaidMatchView[]> {
  const rows = await db
    .selectFrom('paid_match_players as p')
    .innerJoin('paid_matches as m', 'm.id', 'p.match_id')
    .select(['m.view'])
    .where('p.project_id', '=', projectId)
    .where('p.player_id', '=', playerId)
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.view);
}

/** What a player paid into and got back from each of these matches (from the ledger). */
export async function playerMoneyByMatch(db: Db, projectId: string, playerId: string, matchIds: string[]): Promise<Record<string, PlayerMatchMoney>> {
  if (!matchIds.length) return {};
  const rows = await db
    .selectFrom('ledger_transactions')
    .select(['match_id', 'kind', sql<string>`sum(amount)`.as('total')])
    .where('project_id', '=', projectId)
    .where('player_id', '=', playerId)
    .where('match_id', 'in', matchIds)
    .groupBy(['match_id', 'kind'])
    .execute();
  const total = (matchId: string, kind: string) => Number(rows.find((m) => m.match_id === matchId && m.kind === kind)?.total ?? 0);
  return Object.fromEntries(matchIds.map((id) => [id, { entryFee: total(id, 'entryFee'), refunded: total(id, 'refund'), won: total(id, 'payout') }]));
}
