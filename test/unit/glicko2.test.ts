import { DEFAULT_RATING, rate, sessionGames } from '../../domain/matchmaking/glicko2';

describe('Glicko-2', () => {
  // The paper rounds its intermediate steps and prints 1464.06 / 151.52 / 0.05999; exact arithmetic (as in the
  // widely used reference implementation) gives 1464.05067 / 151.51652 / 0.0599960.
  it('when the paper\'s example player (1500/200/0.06) plays 1400/30 (win), 1550/100 and 1700/300 (losses), then it matches the published values', () => {
    const after = rate({ rating: 1500, deviation: 200, volatility: 0.06 }, [
      { opponent: { rating: 1400, deviation: 30, volatility: 0.06 }, score: 1 },
      { opponent: { rating: 1550, deviation: 100, volatility: 0.06 }, score: 0 },
      { opponent: { rating: 1700, deviation: 300, volatility: 0.06 }, score: 0 },
    ]);
    expect(Math.abs(after.rating - 1464.06)).toBeLessThan(0.01);
    expect(Math.abs(after.deviation - 151.52)).toBeLessThan(0.01);
    expect(after.rating).toBeCloseTo(1464.05067, 4);
    expect(after.deviation).toBeCloseTo(151.51652, 4);
    expect(after.volatility).toBeCloseTo(0.059996, 6);
  });

  it('when a player sits out a period, then only the deviation widens, never past the default', () => {
    const after = rate({ rating: 1600, deviation: 50, volatility: 0.06 }, []);
    expect(after.rating).toBe(1600);
    expect(after.deviation).toBeGreaterThan(50);
    expect(rate(DEFAULT_RATING, []).deviation).toBe(350);
  });

  it('when equal players draw, then ratings stay put; when one wins, ratings move by the same amount both ways', () => {
    const draw = rate(DEFAULT_RATING, [{ opponent: DEFAULT_RATING, score: 0.5 }]);
    expect(draw.rating).toBeCloseTo(1500, 6);
    const win = rate(DEFAULT_RATING, [{ opponent: DEFAULT_RATING, score: 1 }]);
    const loss = rate(DEFAULT_RATING, [{ opponent: DEFAULT_RATING, score: 0 }]);
    expect(win.rating - 1500).toBeCloseTo(1500 - loss.rating, 6);
    expect(win.rating).toBeGreaterThan(1500);
  });

  it('when a 2v1v1 session settles with ranks [1,0,1], then each player meets every player of the other teams, scored by rank', () => {
    const games = sessionGames([['a', 'b'], ['c'], ['d']], [1, 0, 1], {});
    expect(games.a!.map((g) => g.score)).toEqual([0, 0.5]);
    expect(games.c!.map((g) => g.score)).toEqual([1, 1, 1]);
    expect(games.d!.map((g) => g.score)).toEqual([0.5, 0.5, 0]);
    expect(games.a).toHaveLength(2);
  });
});
