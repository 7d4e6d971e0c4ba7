import { payoutPlan, type RankedTeam } from '../../domain/paid-matches/payouts';

const team = (teamId: string, members: string[], ranking: number, forfeit = false): RankedTeam => ({ teamId, members, ranking, forfeit });
const paid = (plan: ReturnType<typeof payoutPlan>) => Object.fromEntries(plan.payouts.map((p) => [p.playerId, p.amount]));
/** Nothing is created or lost: rake, remainder and payouts add up to the pot. */
const balanced = (plan: ReturnType<typeof payoutPlan>) => plan.rake + plan.remainder + plan.payouts.reduce((n, p) => n + p.amount, 0) === plan.pot;

describe('payout maths', () => {
  it('when one team wins a 1v1, then it takes the pot less a 10% rake', () => {
    const plan = payoutPlan(1000, [team('1', ['a'], 1), team('2', ['b'], 2)], { rakeBps: 1000, payoutTableBps: [10_000] });
    expect(plan).toMatchObject({ pot: 2000, rake: 200, remainder: 0 });
    expect(paid(plan)).toEqual({ a: 1800 });
  });

  it('when a team wins, then its members share its prize equally and the rounding remainder goes to the house', () => {
    const plan = payoutPlan(333, [team('1', ['a', 'b', 'c'], 1), team('2', ['d', 'e', 'f'], 2)], { rakeBps: 1000, payoutTableBps: [10_000] });
    // pot 1998, rake floor(199.8) = 199, prize 1799, each winner floor(1799 / 3) = 599, remainder 2.
    expect(plan).toMatchObject({ pot: 1998, rake: 199, remainder: 2 });
    expect(paid(plan)).toEqual({ a: 599, b: 599, c: 599 });
    expect(balanced(plan)).toBe(true);
  });

  it('when two teams tie for first in winner-takes-all, then they share first and second place equally', () => {
    const plan = payoutPlan(500, [team('1', ['a'], 1), team('2', ['b'], 1), team('3', ['c'], 3)], { rakeBps: 0, payoutTableBps: [10_000] });
    expect(paid(plan)).toEqual({ a: 750, b: 750 });
    expect(plan.places).toEqual([{ teamId: '1', place: 1 }, { teamId: '2', place: 1 }, { teamId: '3', place: 3 }]);
  });

  it('when a payout table pays three places and the second place ties, then the tied teams split places 2 and 3', () => {
    const teams = [team('1', ['a'], 1), team('2', ['b'], 2), team('3', ['c'], 2), team('4', ['d'], 4)];
    const plan = payoutPlan(1000, teams, { rakeBps: 500, payoutTableBps: [5000, 3000, 2000] });
    // pot 4000, rake 200, prize 3800: first 1900, places 2+3 = 1900 shared, 950 each.
    expect(paid(plan)).toEqual({ a: 1900, b: 950, c: 950 });
    expect(plan.remainder).toBe(0);
  });

  it('when a team forfeits, then it ranks last whatever ranking it was given', () => {
    const plan = payoutPlan(100, [team('1', ['a'], 1, true), team('2', ['b'], 2)], { rakeBps: 1000, payoutTableBps: [10_000] });
    expect(paid(plan)).toEqual({ b: 180 });
    expect(plan.places).toEqual([{ teamId: '2', place: 1 }, { teamId: '1', place: 2 }]);
  });

  it('when every team forfeits, then they all tie for first and share the prize', () => {
    const plan = payoutPlan(100, [team('1', ['a'], 1, true), team('2', ['b'], 2, true)], { rakeBps: 1000, payoutTableBps: [10_000] });
    expect(paid(plan)).toEqual({ a: 90, b: 90 });
  });

  it('when the payout table has more places than there are teams, then the unreached places go to the house', () => {
    const plan = payoutPlan(100, [team('1', ['a'], 1), team('2', ['b'], 2)], { rakeBps: 0, payoutTableBps: [6000, 3000, 1000] });
    expect(paid(plan)).toEqual({ a: 120, b: 60 });
    expect(plan.remainder).toBe(20);
  });

  it('when shares are too small to divide, then nobody gets a zero payout and everything still adds up', () => {
    const plan = payoutPlan(1, [team('1', ['a', 'b', 'c'], 1), team('2', ['d'], 2)], { rakeBps: 1000, payoutTableBps: [10_000] });
    // pot 4, rake 0, prize 4, a team share of 4 split three ways: 1 each, 1 left.
    expect(paid(plan)).toEqual({ a: 1, b: 1, c: 1 });
    expect(plan).toMatchObject({ rake: 0, remainder: 1 });
    const tiny = payoutPlan(1, [team('1', ['a', 'b'], 1), team('2', ['c', 'd'], 1)], { rakeBps: 5000, payoutTableBps: [10_000] });
    expect(tiny.payouts).toEqual([]);
    expect(balanced(tiny)).toBe(true);
  });

  it('when amounts are large, then the maths stays exact in integers', () => {
    const members = Array.from({ length: 16 }, (_, i) => `p${i}`);
    const plan = payoutPlan(100_000_000, [team('1', members.slice(0, 8), 1), team('2', members.slice(8), 2)], { rakeBps: 1234, payoutTableBps: [10_000] });
    expect(plan.pot).toBe(1_600_000_000);
    expect(plan.rake).toBe(197_440_000);
    expect(balanced(plan)).toBe(true);
    expect(plan.payouts.every((p) => Number.isInteger(p.amount))).toBe(true);
  });
});
