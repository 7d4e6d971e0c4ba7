import { addUnratedPlayers, endLiveSession, lockRatings, saveRating } from '../../db/matchmaking/sessions';
import { recordSessionPlayers, type PlayerOutcome } from '../../db/matchmaking/session-players';
import type { Db } from '../../db/create-db';
import { DEFAULT_RATING, rate, sessionGames, type Rating } from '../../domain/matchmaking/glicko2';
import { movesRatings, sessionStateAfter, type Settlement } from '../../domain/matchmaking/settlement';
import { countSessionResult } from '../metrics';

/**
 * Ends a session and, for a finished result, updates every player's rating: in one transaction, and only if the
 * session was still live, so a retried activity can never rate a session twice. Each player's place and rating
 * change is kept beside it (session_players), the history players, support and session webhooks read.
 */
export async function recordSettlement(db: Db, projectId: string, sessionId: string, settlement: Settlement): Promise<{ rated: boolean }> {
  const ended = await db.transaction().execute(async (trx) => {
    const state = sessionStateAfter(settlement);
    const teams = await endLiveSession(trx, sessionId, state, settlement);
    if (!teams) return undefined;
    const rated = movesRatings(settlement);
    const changes = rated ? await rateSession(trx, projectId, teams, settlement.ranks) : {};
    const outcomes: PlayerOutcome[] = teams.flatMap((team, t) => team.map((playerId) => ({
      playerId, team: t, rank: settlement.outcome === 'settled' ? settlement.ranks[t] ?? null : null, ...changes[playerId],
    })));
    await recordSessionPlayers(trx, { projectId, sessionId, state, endedAt: new Date() }, outcomes);
    return { rated };
  });
  // Counted once committed, and only by the call that ended the session (a retry finds it ended).
  if (ended) countSessionResult(projectId, settlement);
  return { rated: ended?.rated ?? false };
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
