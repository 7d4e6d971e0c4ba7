/**
 * Glicko-2 (Glickman, "Example of the Glicko-2 system", 2013). Ratings travel on the familiar Glicko scale
 * (1500 / 350); the maths runs on the Glicko-2 scale (÷ 173.7178).
 */

export interface Rating {
  rating: number;
  deviation: number;
  volatility: number;
}

/** One game's outcome against one opponent: 1 win, 0.5 draw, 0 loss. */
export interface GameResult {
  opponent: Rating;
  score: 0 | 0.5 | 1;
}

export const DEFAULT_RATING: Rating = { rating: 1500, deviation: 350, volatility: 0.06 };
const SCALE = 173.7178;
const TAU = 0.5;
const EPSILON = 0.000001;

const g = (phi: number) => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number) => 1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/** The player's rating after one rating period holding `games`; no games only widens the deviation. */
export function rate(player: Rating, games: GameResult[], tau = TAU): Rating {
  const mu = (player.rating - 1500) / SCALE;
  const phi = player.deviation / SCALE;
  if (games.length === 0) {
    const widened = Math.sqrt(phi * phi + player.volatility * player.volatility);
    return { ...player, deviation: Math.min(widened * SCALE, DEFAULT_RATING.deviation) };
  }
  const opponents = games.map((gm) => ({ mu: (gm.opponent.rating - 1500) / SCALE, phi: gm.opponent.deviation / SCALE, s: gm.score }));
  const v = 1 / opponents.reduce((acc, o) => acc + g(o.phi) ** 2 * expected(mu, o.mu, o.phi) * (1 - expected(mu, o.mu, o.phi)), 0);
  const delta = v * opponents.reduce((acc, o) => acc + g(o.phi) * (o.s - expected(mu, o.mu, o.phi)), 0);
  const sigma = newVolatility(phi, player.volatility, v, delta, tau);
  const phiStar = Math.sqrt(phi * phi + sigma * sigma);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * opponents.reduce((acc, o) => acc + g(o.phi) * (o.s - expected(mu, o.mu, o.phi)), 0);
  return { rating: muNew * SCALE + 1500, deviation: phiNew * SCALE, volatility: sigma };
}

/** Step 5 of the paper: the Illinois algorithm on f(x). */
function newVolatility(phi: number, sigma: number, v: number, delta: number, tau: number): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number) => {
    const ex = Math.exp(x);
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * (phi * phi + v + ex) ** 2) - (x - a) / (tau * tau);
  };
  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) B = Math.log(delta * delta - phi * phi - v);
  else {
    let k = 1;
    while (f(a - k * tau) < 0) k++;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  while (Math.abs(B - A) > EPSILON) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else fA /= 2;
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

/**
 * A settled session's games for each player: every player against every player of every other team, scored
 * by team rank (0 = first, ties allowed). Teammates are not opponents.
 */
export function sessionGames(teams: string[][], ranks: number[], ratings: Record<string, Rating>): Record<string, GameResult[]> {
  const games: Record<string, GameResult[]> = {};
  teams.forEach((team, t) => {
    for (const player of team) {
      games[player] = teams.flatMap((other, o) =>
        o === t ? [] : other.map((opponent) => ({
          opponent: ratings[opponent] ?? DEFAULT_RATING,
          score: (ranks[t]! < ranks[o]! ? 1 : ranks[t] === ranks[o] ? 0.5 : 0) as GameResult['score'],
        })),
      );
    }
  });
  return games;
}
