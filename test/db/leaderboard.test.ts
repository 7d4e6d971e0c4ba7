import { leaderboardAround, leaderboardTop } from '../../core/matchmaking/leaderboard';
import { playerStats } from '../../db/matchmaking/sessions';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());

/** Rated players straight into the table: ties are what this is about, and real games rarely tie to the last bit. */
async function ratedProject(ratings: Record<string, number>): Promise<string> {
  const { id } = await stack.createProject();
  await stack.db.insertInto('ratings')
    .values(Object.entries(ratings).map(([player, rating]) => ({ project_id: id, player_id: player, rating, deviation: 80, volatility: 0.06, games: 3 })))
    .execute();
  return id;
}

describe('leaderboard ranks in the database', () => {
  const board = { a: 1800, b: 1700, c: 1700, d: 1700, e: 1600, f: 1600, g: 1500 };

  it('when players tie, then they share a competition rank on every page, and /info/stats counts the same rank', async () => {
    const projectId = await ratedProject(board);
    const top = await leaderboardTop(stack.db, projectId, { limit: 10 });
    expect(top.map((e) => [e.playerId, e.rank])).toEqual([['a', 1], ['d', 2], ['c', 2], ['b', 2], ['f', 5], ['e', 5], ['g', 7]]);
    // A page that starts inside the tie.
    expect((await leaderboardTop(stack.db, projectId, { limit: 3, offset: 2 })).map((e) => [e.playerId, e.rank])).toEqual([['c', 2], ['b', 2], ['f', 5]]);
    for (const e of top) expect((await playerStats(stack.db, projectId, e.playerId)).rank).toBe(e.rank);
  });

  it('when asked around a tied player, then the window keeps the ranks, and an unrated player has no place', async () => {
    const projectId = await ratedProject(board);
    const around = await leaderboardAround(stack.db, projectId, 'b', { n: 2 });
    expect(around.player).toMatchObject({ playerId: 'b', rank: 2, rating: 1700, games: 3 });
    expect(around.entries.map((e) => [e.playerId, e.rank])).toEqual([['d', 2], ['c', 2], ['b', 2], ['f', 5], ['e', 5]]);
    expect((await leaderboardAround(stack.db, projectId, 'a', { n: 1 })).entries.map((e) => e.playerId)).toEqual(['a', 'd']);
    expect(await leaderboardAround(stack.db, projectId, 'nobody', { n: 5 })).toEqual({ player: null, entries: [] });
  });
});
