import { addUnratedPlayers, endLiveSession, lockRatings, saveRating } from '../../db/matchmaking/sessions';
import type { Db } from '../../db/create-db';
import { DEFAULT_RATING, rate, sessionGames } from '../../domain/matchmaking/glicko2';
import { movesRatings, sessionStateAfter, type Settlement } from '../../domain/matchmaking/settlement';

/**
 * Ends a session and, for a finished result, updates every player's rating: in one transaction, and only if the
 * session was still live, so a retried activity can never rate a session twice.
 */
export async function recordSettlement(db: Db, projectId: string, sessionId: string, settlement: Settlement): Promise<{ rated: boolean }> {
  return db.transaction().execute(async (trx) => {
    const teams = await endLiveSession(trx, sessionId, sessionStateAfter(settlement), settlement);
    if (!teams || !movesRatings(settlement)) return { rated: false };
    const players = teams.flat().sort();
    await addUnratedPlayers(trx, projectId, players);
    const before = await lockRatings(trx, projectId, players);
    const games = sessionGames(teams, settlement.ranks, before);
    for (const p of players) await saveRating(trx, projectId, p, rate(before[p] ?? DEFAULT_RATING, games[p] ?? []));
    return { rated: true };
  });
}
