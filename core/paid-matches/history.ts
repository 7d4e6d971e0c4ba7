import { matchesOfPlayer, playerMoneyByMatch } from '../../db/paid-matches/matches';
import { historyLine } from '../../domain/paid-matches/money';
import type { CoreDeps } from '../deps';

/** A player's paid matches, newest first: team, place, and what the player paid, got back and netted in each. */
export async function playerHistory(deps: Pick<CoreDeps, 'db'>, projectId: string, playerId: string, limit: number) {
  const views = await matchesOfPlayer(deps.db, projectId, playerId, limit);
  const money = await playerMoneyByMatch(deps.db, projectId, playerId, views.map((v) => v.matchId));
  return views.map((view) => historyLine(view, money[view.matchId] ?? { entryFee: 0, refunded: 0, won: 0 }, playerId));
}
