import { addUnratedPlayers, endLiveSession, lockRatings, saveRating } from '../../db/matchmaking/sessions';
import { recordSessionPlayers, type PlayerOutcome } from '../../db/matchmaking/session-players';
import type { Db } from '../../db/create-db';
import { DEFAULT_RATING, rate, sessionGames, type Rating } from '../../domain/matchmaking/glicko2';
import { movesRatings, sessionStateAfter, type Settlement } from '../../domain/matchmaking/settlement';
import { SESSION_EVENTS } from '../../domain/matchmaking/session-webhooks';
import { findDelivery } from '../../db/matchmaking/webhook-deliveries';
import { countSessionResult } from '../metrics';
import { queueSessionEnded } from './session-webhooks';

/** Whether ratings moved, and the `session.ended` delivery queued with the settlement (absent: the project has no webhook). */
export interface RecordedSettlement {
  rated: boolean;
  endedDelivery?: string;
}

/**
 * Ends a session and, for a finished result, updates every player's rating: in one transaction, and only if the
 * session was still live, so a retried activity can never rate a session twice. Each player's place and rating
 * change is kept beside it (session_players), the history players, support and session webhooks read.
 */
export async function recordSettlement(db: Db, projectId: string, sessionId: string, settlement: Settlement): Promise<RecordedSettlement> {
  const recorded = await db.transaction().execute(async (trx) => {
    const state = sessionStateAfter(settlement);
    // One instant for the session and its players' rows: sessions by period and a player's results page by it alike.
    const endedAt = new Date();
    const teams = await endLiveSession(trx, sessionId, state, settlement, endedAt);
    // Ended by an earlier try whose answer was lost: its event was queued with it, if there was one to queue.
    if (!teams) return { ended: false, rated: false, endedDelivery: await findDelivery(trx, sessionId, SESSION_EVENTS.ended) };
    const rated = movesRatings(settlement);
    const changes = rated ? await rateSession(trx, projectId, teams, settlement.ranks) : {};
    const outcomes: PlayerOutcome[] = teams.flatMap((team, t) => team.map((playerId) => ({
      playerId, team: t, rank: settlement.outcome === 'settled' ? settlement.ranks[t] ?? null : null, ...changes[playerId],
    })));
    await recordSessionPlayers(trx, { projectId, sessionId, state, endedAt }, outcomes);
    // The outbox: the event is written with what it tells of, or not at all.
    return { ended: true, rated, endedDelivery: await queueSessionEnded(trx, projectId, sessionId, settlement, outcomes, endedAt) };
  });
  // Counted once committed, and only by the call that ended the session (a retry finds it ended).
  if (recorded.ended) countSessionResult(projectId, settlement);
  return { rated: recorded.rated, endedDelivery: recorded.endedDelivery };
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
