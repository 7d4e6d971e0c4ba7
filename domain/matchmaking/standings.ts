/**
 * Leaderboard ranks and a player's side of a result. Pure: the repositories read a run of the leaderboard and
 * each session's players; these turn them into what players and support staff read.
 */

/** How many players are rated above a run's best rating, and how many at or above it (the run's own ties included). */
export interface RunCounts {
  higher: number;
  atOrAbove: number;
}

/**
 * Competition ranks ("1, 1, 3") of a contiguous run of the leaderboard, best first: a player's rank is 1 + the number
 * of players rated strictly higher. Inside the run that is counted from the run's position; only the players tied
 * with its best rating may have ties above the run, which is why `counts` knows both numbers.
 */
export function competitionRanks(ratingsBestFirst: number[], counts: RunCounts): number[] {
  const best = ratingsBestFirst[0];
  const tiedWithBest = ratingsBestFirst.filter((r) => r === best).length;
  const ranks: number[] = [];
  ratingsBestFirst.forEach((rating, i) => {
    if (rating === best) ranks.push(counts.higher + 1);
    else if (rating === ratingsBestFirst[i - 1]) ranks.push(ranks[i - 1]!);
    // Everyone before it in the run is rated higher, and so is everyone at or above the run's best.
    else ranks.push(counts.atOrAbove + (i - tiedWithBest) + 1);
  });
  return ranks;
}

/** Won: first place (alone or shared) of a finished game; null when the session decided no places that count. */
export function wonOf(state: string, rank: number | null): boolean | null {
  return state === 'settled' && rank !== null ? rank === 0 : null;
}

/** One player of a session, by team. */
export interface SessionSeat {
  playerId: string;
  team: number;
}

/** The player's teammates, and the players of every other team, team by team in team order. */
export function sidesOf(seats: SessionSeat[], me: string, myTeam: number): { teammates: string[]; opponents: string[][] } {
  const teams = new Map<number, string[]>();
  for (const s of [...seats].sort((a, b) => a.team - b.team)) {
    if (s.playerId !== me) teams.set(s.team, [...(teams.get(s.team) ?? []), s.playerId]);
  }
  return { teammates: teams.get(myTeam) ?? [], opponents: [...teams].filter(([team]) => team !== myTeam).map(([, players]) => players) };
}
