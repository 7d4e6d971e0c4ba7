import { competitionRanks, sidesOf, wonOf } from '../../domain/matchmaking/standings';

describe('leaderboard ranks', () => {
  it('when players tie, then they share a rank and the next rank counts everyone above (1, 2, 2, 4)', () => {
    expect(competitionRanks([1700, 1600, 1600, 1500], { higher: 0, atOrAbove: 1 })).toEqual([1, 2, 2, 4]);
  });

  it('when a run starts inside a tie that began above it, then its first players keep the tie\'s rank', () => {
    // The whole board: 1800, 1700, 1700, 1700, 1600, 1600, 1500; the run starts at the third line.
    expect(competitionRanks([1700, 1700, 1600, 1600, 1500], { higher: 1, atOrAbove: 4 })).toEqual([2, 2, 5, 5, 7]);
  });

  it('when a run is empty, then there are no ranks', () => {
    expect(competitionRanks([], { higher: 0, atOrAbove: 0 })).toEqual([]);
  });
});

describe('a player\'s side of a result', () => {
  it('when a finished game ranks the team first (alone or tied), then it is won; otherwise lost; without places, neither', () => {
    expect([wonOf('settled', 0), wonOf('settled', 1), wonOf('disputed', null), wonOf('abandoned', null), wonOf('cancelled', 0)]).toEqual([true, false, null, null, null]);
  });

  it('when a session has three teams, then teammates exclude the player and opponents come team by team', () => {
    const seats = [{ playerId: 'c', team: 2 }, { playerId: 'a', team: 0 }, { playerId: 'b', team: 0 }, { playerId: 'd', team: 1 }, { playerId: 'e', team: 2 }];
    expect(sidesOf(seats, 'a', 0)).toEqual({ teammates: ['b'], opponents: [['d'], ['c', 'e']] });
  });
});
