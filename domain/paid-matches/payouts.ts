/**
 * Who is paid what when a paid match settles (COMPAT.md §3). Pure and integer-only: every amount is in minor
 * units, every share is rounded down, and what rounding leaves over goes to the house with the rake.
 */

/** A game's split rules, fixed into each match when it is created (what the players agreed to). */
export interface PayoutRules {
  /** The house's cut of the pot, in basis points (1000 = 10%). */
  rakeBps: number;
  /** The prize pool's split by place, in basis points; place 1 first (default `[10000]`: winner takes all). */
  payoutTableBps: number[];
}

export const DEFAULT_PAYOUT_RULES: PayoutRules = { rakeBps: 1000, payoutTableBps: [10_000] };

export interface RankedTeam {
  teamId: string;
  members: string[];
  /** 1 = best; equal rankings tie. Ignored for a forfeiting team. */
  ranking: number;
  forfeit: boolean;
}

export interface Payout {
  playerId: string;
  teamId: string;
  amount: number;
}

export interface PayoutPlan {
  pot: number;
  rake: number;
  /** Left over by rounding down the shares (and by paid places no team reached); goes to the house. */
  remainder: number;
  payouts: Payout[];
  /** Each team's place after ties and forfeits (1 = first; tied teams share the best of their places). */
  places: { teamId: string; place: number }[];
}

const BPS = 10_000;

export function payoutPlan(entryFee: number, teams: RankedTeam[], rules: PayoutRules): PayoutPlan {
  const pot = entryFee * teams.reduce((n, t) => n + t.members.length, 0);
  const rake = Math.floor((pot * rules.rakeBps) / BPS);
  const prizePool = pot - rake;
  const payouts: Payout[] = [];
  const places: PayoutPlan['places'] = [];
  let position = 0;
  for (const tied of standings(teams)) {
    // Tied teams share the places they occupy together: two teams tied first split places 1 and 2.
    const shareBps = rules.payoutTableBps.slice(position, position + tied.length).reduce((a, b) => a + b, 0);
    const perTeam = Math.floor(Math.floor((prizePool * shareBps) / BPS) / tied.length);
    for (const team of tied) {
      places.push({ teamId: team.teamId, place: position + 1 });
      const perMember = Math.floor(perTeam / team.members.length);
      if (perMember > 0) for (const playerId of team.members) payouts.push({ playerId, teamId: team.teamId, amount: perMember });
    }
    position += tied.length;
  }
  const paid = payouts.reduce((n, p) => n + p.amount, 0);
  return { pot, rake, remainder: prizePool - paid, payouts, places };
}

/** Teams best first, grouped by tie; every forfeiting team ties for last. */
function standings(teams: RankedTeam[]): RankedTeam[][] {
  const key = (t: RankedTeam) => (t.forfeit ? Number.POSITIVE_INFINITY : t.ranking);
  const sorted = [...teams].sort((a, b) => key(a) - key(b) || a.teamId.localeCompare(b.teamId));
  const groups: RankedTeam[][] = [];
  for (const team of sorted) {
    const last = groups.at(-1);
    if (last && key(last[0]!) === key(team)) last.push(team);
    else groups.push([team]);
  }
  return groups;
}
