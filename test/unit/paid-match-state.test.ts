import { ApplicationFailure } from '@temporalio/common';
import { LOBBY_CHANGES_PER_PLAYER, PAID_MATCH_REFUSAL, type PaidMatchInput } from '../../domain/paid-matches/contract';
import { DEFAULT_PAYOUT_RULES } from '../../domain/paid-matches/payouts';
import type { Submission } from '../../domain/paid-matches/results';
import { PaidMatch } from '../../workflows/paid-matches/paid-match-state';

const input = (over: Partial<PaidMatchInput> = {}): PaidMatchInput => ({
  matchId: 'm', projectId: 'p', entryFee: 100, currency: 'USD', teamCount: 2, teamSize: 1, createdBy: 'a', rules: DEFAULT_PAYOUT_RULES,
  matchInfoUrl: 'http://game.test/match-info', issuer: 'http://realm.test', lobbyTimeoutSeconds: 60, resultDeadlineSeconds: 60,
  noResultPolicy: 'refund', webhook: { attemptTimeoutMs: 1000, windowSeconds: 10 }, createdAt: new Date(0).toISOString(), ...over,
});

// Each step runs as Temporal runs an update: the validator first, and the handler only for what it let through.
const join = (m: PaidMatch, playerId: string, teamId: string) => (m.assertJoinable(playerId, teamId), m.join(playerId, teamId));
const leave = (m: PaidMatch, playerId: string) => (m.assertLeavable(playerId), m.leave(playerId));
const confirm = (m: PaidMatch, playerId: string) => (m.assertConfirmable(playerId), m.confirm(playerId));
const submit = (m: PaidMatch, sub: Submission) => (m.assertSubmittable(sub), m.submit(sub));

/** The refusal's type, or undefined when the step went through. */
function refusal(step: () => unknown): string | undefined {
  try {
    step();
    return undefined;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err.type ?? undefined;
    throw err;
  }
}

const seats = (m: PaidMatch) => m.view().teams.map((t) => t.members.map((s) => `${s.playerId}${s.confirmed ? '✓' : ''}`));
const scores = (...pairs: [string, number][]): Submission => ({ participants: pairs.map(([id, score]) => ({ id, score })), teams: [] });

/** A 1v1 (a in team 1, b in team 2) that has gone live. */
function liveMatch(): PaidMatch {
  const m = new PaidMatch(input());
  join(m, 'a', '1');
  join(m, 'b', '2');
  for (const state of ['escrow', 'starting', 'live'] as const) m.moveTo(state, 1000);
  return m;
}

describe('the paid match lobby, driven one update at a time', () => {
  it('when a player joins, confirms, then switches team, then the new seat is unconfirmed and the old one is free', () => {
    const m = new PaidMatch(input({ teamSize: 2 }));
    join(m, 'a', '1');
    confirm(m, 'a');
    expect(seats(m)).toEqual([['a✓'], []]);
    const before = m.version;
    join(m, 'a', '2');
    expect(seats(m)).toEqual([[], ['a']]);
    expect(m.version).toBeGreaterThan(before);
  });

  it('when a player joins the team they are in or confirms twice, then it is refused Unchanged and nothing changes', () => {
    const m = new PaidMatch(input());
    join(m, 'a', '1');
    expect(refusal(() => join(m, 'a', '1'))).toBe(PAID_MATCH_REFUSAL.unchanged);
    confirm(m, 'a');
    const before = m.version;
    expect(refusal(() => confirm(m, 'a'))).toBe(PAID_MATCH_REFUSAL.unchanged);
    expect([m.version, seats(m)]).toEqual([before, [['a✓'], []]]);
  });

  it('when a team is full or does not exist, then a join to it is refused NotInLobby or InvalidRequest', () => {
    const m = new PaidMatch(input());
    join(m, 'a', '1');
    expect(refusal(() => join(m, 'b', '1'))).toBe(PAID_MATCH_REFUSAL.notInLobby);
    expect(refusal(() => join(m, 'b', '3'))).toBe(PAID_MATCH_REFUSAL.invalid);
    expect(seats(m)).toEqual([['a'], []]);
  });

  it('when a player leaves, then the seat is free; a leave or a confirm by someone not in the match is refused Unchanged or InvalidRequest', () => {
    const m = new PaidMatch(input());
    join(m, 'a', '1');
    leave(m, 'a');
    expect(seats(m)).toEqual([[], []]);
    expect(refusal(() => leave(m, 'a'))).toBe(PAID_MATCH_REFUSAL.unchanged);
    expect(refusal(() => confirm(m, 'a'))).toBe(PAID_MATCH_REFUSAL.invalid);
  });

  it(`when a player has taken ${LOBBY_CHANGES_PER_PLAYER} seats, then a further join or switch is refused TooManyLobbyChanges, while they may still confirm and leave and others may still join`, () => {
    const m = new PaidMatch(input());
    // Refused joins (to one's own team) are never recorded, so they do not count against the cap.
    join(m, 'a', '1');
    expect(refusal(() => join(m, 'a', '1'))).toBe(PAID_MATCH_REFUSAL.unchanged);
    for (let i = 1; i < LOBBY_CHANGES_PER_PLAYER; i++) join(m, 'a', i % 2 ? '2' : '1');
    const lastTeam = m.teams.find((t) => t.members.length > 0)!.id;
    const otherTeam = lastTeam === '1' ? '2' : '1';
    expect(refusal(() => join(m, 'a', otherTeam))).toBe(PAID_MATCH_REFUSAL.tooManyChanges);
    expect(refusal(() => confirm(m, 'a'))).toBeUndefined();
    expect(refusal(() => leave(m, 'a'))).toBeUndefined();
    expect(refusal(() => join(m, 'a', lastTeam))).toBe(PAID_MATCH_REFUSAL.tooManyChanges);
    expect(refusal(() => join(m, 'b', otherTeam))).toBeUndefined();
  });

  it('when every seat is taken and confirmed, then the lobby is ready for escrow; an empty or unconfirmed seat keeps it waiting', () => {
    const m = new PaidMatch(input({ teamSize: 2 }));
    for (const [p, team] of [['a', '1'], ['b', '1'], ['c', '2']] as const) {
      join(m, p, team);
      confirm(m, p);
    }
    expect(m.ready()).toBe(false);
    join(m, 'd', '2');
    expect(m.ready()).toBe(false);
    confirm(m, 'd');
    expect(m.ready()).toBe(true);
    expect(m.players().sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('when the lobby has closed, then joins, leaves and confirms are refused NotInLobby', () => {
    const m = new PaidMatch(input());
    join(m, 'a', '1');
    m.moveTo('escrow', 1000);
    expect([refusal(() => join(m, 'b', '2')), refusal(() => leave(m, 'a')), refusal(() => confirm(m, 'a'))]).toEqual([PAID_MATCH_REFUSAL.notInLobby, PAID_MATCH_REFUSAL.notInLobby, PAID_MATCH_REFUSAL.notInLobby]);
  });

  it('when a lobby continues as new, then seats, confirmations, each player\'s seat count and a requested abort carry over', () => {
    const m = new PaidMatch(input());
    for (let i = 0; i < LOBBY_CHANGES_PER_PLAYER; i++) join(m, 'a', i % 2 ? '2' : '1');
    confirm(m, 'a');
    m.requestAbort('operator');
    // Through JSON, as Temporal carries it to the next run.
    const next = new PaidMatch(input({ lobby: JSON.parse(JSON.stringify(m.carryLobby(5000))) }));
    expect(seats(next)).toEqual(seats(m));
    expect(refusal(() => join(next, 'a', next.teams.find((t) => t.members.length === 0)!.id))).toBe(PAID_MATCH_REFUSAL.tooManyChanges);
    expect(next.abortRequested).toBe('operator');
  });

  it('when two aborts are requested, then the first reason stands', () => {
    const m = new PaidMatch(input());
    m.requestAbort('first');
    m.requestAbort('second');
    expect(m.abortRequested).toBe('first');
  });
});

describe('the paid match result, driven one submission at a time', () => {
  it('when a result arrives before the match is live, then it is refused NotLive, even one naming a stranger', () => {
    const m = new PaidMatch(input());
    join(m, 'a', '1');
    join(m, 'b', '2');
    const refusals = (['lobby', 'escrow', 'starting'] as const).flatMap((state) => {
      if (state !== 'lobby') m.moveTo(state, 1000);
      return [refusal(() => submit(m, scores(['a', 1]))), refusal(() => submit(m, scores(['z', 1])))];
    });
    expect(refusals).toEqual(Array(6).fill(PAID_MATCH_REFUSAL.notLive));
  });

  it('when players report one by one, then each is counted and the result is complete after the last', () => {
    const m = liveMatch();
    expect(submit(m, scores(['a', 3]))).toEqual({ matchStatus: 'live', submissionsTotal: 2, submissionsLeft: 1 });
    expect(m.resultComplete()).toBe(false);
    expect(submit(m, scores(['b', 5]))).toMatchObject({ submissionsLeft: 0 });
    expect(m.resultComplete()).toBe(true);
    expect(m.view().result.scores).toEqual({ a: 3, b: 5 });
  });

  it('when the game ranks every team at once, then the result is complete without player scores', () => {
    const m = liveMatch();
    submit(m, { participants: [], teams: [{ id: '1', ranking: 2 }, { id: '2', ranking: 1 }] });
    expect(m.resultComplete()).toBe(true);
  });

  it('when an accepted result is sent again, then it is refused ResultReplay; when it contradicts it, ResultConflict; either way the first value stands', () => {
    const m = liveMatch();
    submit(m, { participants: [{ id: 'a', score: 3 }], teams: [{ id: '1', ranking: 1 }] });
    const before = { version: m.version, result: m.view().result };
    expect(refusal(() => submit(m, scores(['a', 3])))).toBe(PAID_MATCH_REFUSAL.replay);
    expect(refusal(() => submit(m, scores(['a', 4])))).toBe(PAID_MATCH_REFUSAL.conflict);
    expect(refusal(() => submit(m, { participants: [], teams: [{ id: '1', ranking: 2 }] }))).toBe(PAID_MATCH_REFUSAL.conflict);
    // A conflict anywhere refuses the whole submission: b's new score is not taken either.
    expect(refusal(() => submit(m, scores(['a', 4], ['b', 1])))).toBe(PAID_MATCH_REFUSAL.conflict);
    expect({ version: m.version, result: m.view().result }).toEqual(before);
    // Restating an accepted value alongside a new one is new: accepted.
    expect(submit(m, scores(['a', 3], ['b', 1]))).toMatchObject({ submissionsLeft: 0 });
  });

  it('when a result names a stranger, an unknown team, someone twice or nobody, then it is refused InvalidRequest', () => {
    const m = liveMatch();
    const invalid = [scores(['z', 1]), { participants: [], teams: [{ id: '3', ranking: 1 }] }, scores(['a', 1], ['a', 1]), { participants: [], teams: [] }];
    expect(invalid.map((sub) => refusal(() => submit(m, sub)))).toEqual(invalid.map(() => PAID_MATCH_REFUSAL.invalid));
    expect(m.view().result).toEqual({ scores: {}, teams: {} });
  });

  it('when the match is no longer live, then a new result is refused NotLive while a replay is still answered ResultReplay and a contradiction ResultConflict', () => {
    const m = liveMatch();
    submit(m, scores(['a', 3]));
    m.moveTo('refunding', 2000);
    expect(refusal(() => submit(m, scores(['b', 1])))).toBe(PAID_MATCH_REFUSAL.notLive);
    expect(refusal(() => submit(m, scores(['a', 3])))).toBe(PAID_MATCH_REFUSAL.replay);
    expect(refusal(() => submit(m, scores(['a', 9])))).toBe(PAID_MATCH_REFUSAL.conflict);
  });
});

describe('the paid match\'s read model', () => {
  it('when the match goes live and ends, then the view is stamped with when, and only a final state sets endedAt', () => {
    const m = liveMatch();
    expect(m.view()).toMatchObject({ state: 'live', liveAt: new Date(1000).toISOString(), endedAt: undefined });
    m.moveTo('settling', 2000);
    expect(m.view().endedAt).toBeUndefined();
    m.moveTo('settled', 3000);
    expect(m.view()).toMatchObject({ state: 'settled', liveAt: new Date(1000).toISOString(), endedAt: new Date(3000).toISOString() });
  });

  it('when a view is changed by its reader, then the match\'s own seats are not', () => {
    const m = new PaidMatch(input());
    join(m, 'a', '1');
    const view = m.view();
    view.teams[0]!.members[0]!.confirmed = true;
    view.teams[1]!.members.push({ playerId: 'x', confirmed: true });
    expect(seats(m)).toEqual([['a'], []]);
  });
});
