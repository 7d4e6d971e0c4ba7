import { ARRIVAL_ORDER, formGroups, type GroupingRule, type QueuedTicket } from '../../domain/matchmaking/grouping';

let seq = 0;
function ticket(rating = 1500, playerId?: string, enqueuedAt?: number): QueuedTicket {
  seq += 1;
  return { ticketId: `t${seq}`, playerId: playerId ?? `p${seq}`, rating, enqueuedAt: enqueuedAt ?? seq };
}
const ids = (teams: QueuedTicket[][]) => teams.map((team) => team.map((t) => t.playerId));
const ratingRule: GroupingRule = { kind: 'rating', tolerance: 100, widenPerSecond: 10, maxTolerance: 1000 };

describe('arrival-order grouping', () => {
  it('when five players queue for 1v1, then the first four form two groups in arrival order and the fifth waits', () => {
    const queue = [1, 2, 3, 4, 5].map(() => ticket());
    const { groups, remaining } = formGroups(queue, [1, 1], ARRIVAL_ORDER, 0);
    expect(groups.map((g) => ids(g.teams))).toEqual([[[queue[0]!.playerId], [queue[1]!.playerId]], [[queue[2]!.playerId], [queue[3]!.playerId]]]);
    expect(remaining).toEqual([queue[4]]);
  });

  it('when teams are [2,3,2], then seven players fill the teams in order', () => {
    const queue = Array.from({ length: 7 }, () => ticket());
    const [group] = formGroups(queue, [2, 3, 2], ARRIVAL_ORDER, 0).groups;
    expect(group!.teams.map((t) => t.length)).toEqual([2, 3, 2]);
    expect(group!.teams.flat()).toEqual(queue);
  });

  it('when one player has two tickets queued, then they never land in one group together', () => {
    const a1 = ticket(1500, 'alice');
    const a2 = ticket(1500, 'alice');
    const b = ticket(1500, 'bob');
    const { groups, remaining } = formGroups([a1, a2, b], [1, 1], ARRIVAL_ORDER, 0);
    expect(groups.map((g) => ids(g.teams))).toEqual([[['alice'], ['bob']]]);
    expect(remaining).toEqual([a2]);
  });

  it('when too few players queue, then no group forms and nobody is lost', () => {
    const queue = [ticket(), ticket(), ticket()];
    expect(formGroups(queue, [2, 2], ARRIVAL_ORDER, 0)).toEqual({ groups: [], remaining: queue });
  });
});

describe('rating-aware grouping', () => {
  it('when ratings are far apart, then only players within the tolerance group', () => {
    const [low, high, near] = [ticket(1000, 'low', 0), ticket(1600, 'high', 1), ticket(1050, 'near', 2)];
    const { groups, remaining } = formGroups([low, high, near], [1, 1], ratingRule, 0);
    expect(groups.map((g) => ids(g.teams).flat().sort())).toEqual([['low', 'near']]);
    expect(remaining).toEqual([high]);
  });

  it('when the oldest ticket has waited long enough, then the tolerance widens until it matches', () => {
    const [low, high] = [ticket(1000, 'low', 0), ticket(1600, 'high', 1)];
    expect(formGroups([low, high], [1, 1], ratingRule, 49_000).groups).toHaveLength(0);
    expect(formGroups([low, high], [1, 1], ratingRule, 50_000).groups).toHaveLength(1);
  });

  it('when widening is capped, then it never passes maxTolerance', () => {
    const capped: GroupingRule = { ...ratingRule, maxTolerance: 300 };
    expect(formGroups([ticket(1000, 'a', 0), ticket(1400, 'b', 0)], [1, 1], capped, 3_600_000).groups).toHaveLength(0);
  });

  it('when four players form a 2v2, then teams are balanced by rating', () => {
    const queue = [ticket(2000, 'ace', 0), ticket(1000, 'rookie', 1), ticket(1900, 'pro', 2), ticket(1100, 'novice', 3)];
    const [group] = formGroups(queue, [2, 2], { ...ratingRule, tolerance: 2000 }, 0).groups;
    const sums = group!.teams.map((team) => team.reduce((s, t) => s + t.rating, 0));
    expect(Math.abs(sums[0]! - sums[1]!)).toBeLessThanOrEqual(100);
    expect(ids(group!.teams).map((t) => t.sort())).toEqual([['ace', 'rookie'], ['novice', 'pro']]);
  });

  it('when the nearest candidates are picked, then the anchor is the oldest ticket and players are distinct', () => {
    const queue = [ticket(1500, 'old', 0), ticket(1500, 'dup', 1), ticket(1500, 'dup', 2), ticket(1510, 'x', 3)];
    const [group] = formGroups(queue, [1, 1, 1], ratingRule, 0).groups;
    expect(ids(group!.teams).flat().sort()).toEqual(['dup', 'old', 'x']);
  });
});
