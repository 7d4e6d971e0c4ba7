import { addUnratedPlayers, endLiveSession, lockRatings, saveRating } from '../../db/matchmaking/sessions';
import { recordSessionPlayers, type PlayerOutcome } from '../../db/matchmaking/session-players';
import type { Db } from '../../db/create-db';
import { DEFAULT_RATING, rate, sessionGames, type Rating } from '../../domain/matchmaking/glicko2';
import { movesRatings, sessionStateAfter, type Settlement } from '../../domain/matchmaking/settlement';

/**
 * Ends a session and, for a finished result, updates every player's rating: in one transaction, and only if the
 * session was still live, so a retried activity can never rate a session twice. Each player's place and rating
 * change is kept beside it (session_players), the history players, support and session webhooks read.
 */
export async function recordSettlement(db: Db, projectId: string, sessionId: string, settlement: Settlement): Promise<{ rated: boolean }> {
  return db.transaction().execute(async (trx) => {
    const state = sessionStateAfter(settlement);
    // One instant for the session and its players' rows: sessions by period and a player's results page by it alike.
    const endedAt = new Date();
    const teams = await endLiveSession(trx, sessionId, state, settlement, endedAt);
    if (!teams) return { rated: false };
    const rated = movesRatings(settlement);
    const changes = rated ? await rateSession(trx, projectId, teams, settlement.ranks) : {};
    const outcomes: PlayerOutcome[] = teams.flatMap((team, t) => team.map((playerId) => ({
      playerId, team: t, rank: settlement.outcome === 'settled' ? settlement.ranks[t] ?? null : null, ...changes[playerId],
    })));
    await recordSessionPlayers(trx, { projectId, sessionId, state, endedAt }, outcomes);
    return { rated };
  });
}

type RatingChanges = Record<string, { ratingBefore: number; ratingAfter: number }>;

async function rateSession(trx: Db, projectId: string, teams: string[][], ranks: number[]): Promise<RatingChanges> {
  const players = teams.flat().sort();
  await addUnratedPlayers(trx, projectId, players);
  const before = await lockRatings(trx, projectId, players);
  const games = sessionGames(teams, ranks, before);
  const changes: RatingChanges = {};
  for (const p of players) {
    const was: Rating = before[p] ?? DEFAULT_RATING;
    const now = rate(was, games[p] ?? []);
    await saveRating(trx, projectId, p, now);
    changes[p] = { ratingBefore: was.rating, ratingAfter: now.rating };
  }
  return changes;
}
