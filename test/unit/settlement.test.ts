import { settle, validRanks, type ResultReport } from '../../domain/matchmaking/settlement';

const players = ['a', 'b', 'c'];
const report = (from: string, ranks: number[], status: 'finished' | 'cancelled' = 'finished'): ResultReport => ({ from, status, ranks });

describe('result settlement', () => {
  it('when the server reports, then its result is final whatever the clients said', () => {
    const s = settle({ hasServer: true, players, deadlinePassed: false, reports: [report('a', [0, 1]), report('server', [1, 0])] });
    expect(s).toEqual({ outcome: 'settled', status: 'finished', ranks: [1, 0], decidedBy: 'server' });
  });

  it('when a server session has only client reports, then it waits for the server until the deadline, then uses them', () => {
    const reports = [report('a', [0, 1]), report('b', [0, 1]), report('c', [0, 1])];
    expect(settle({ hasServer: true, players, deadlinePassed: false, reports })).toBeUndefined();
    expect(settle({ hasServer: true, players, deadlinePassed: true, reports })).toMatchObject({ outcome: 'settled', decidedBy: 'agreement' });
  });

  it('when every client agrees, then it settles by agreement at once', () => {
    const reports = players.map((p) => report(p, [1, 0]));
    expect(settle({ hasServer: false, players, deadlinePassed: false, reports })).toEqual({ outcome: 'settled', status: 'finished', ranks: [1, 0], decidedBy: 'agreement' });
  });

  it('when a strict majority of all players agree, then it settles at once; a minority alone waits', () => {
    expect(settle({ hasServer: false, players, deadlinePassed: false, reports: [report('a', [0, 1])] })).toBeUndefined();
    const two = [report('a', [0, 1]), report('b', [0, 1])];
    expect(settle({ hasServer: false, players, deadlinePassed: false, reports: two })).toMatchObject({ outcome: 'settled', ranks: [0, 1], decidedBy: 'majority' });
  });

  it('when reports conflict with no majority, then the session is disputed', () => {
    const reports = [report('a', [0, 1, 2]), report('b', [1, 0, 2]), report('c', [2, 1, 0])];
    expect(settle({ hasServer: false, players, deadlinePassed: false, reports })).toEqual({ outcome: 'disputed', reports: 3 });
    const fourPlayers = ['a', 'b', 'c', 'd'];
    const split = [report('a', [0, 1]), report('b', [0, 1]), report('c', [1, 0]), report('d', [1, 0])];
    expect(settle({ hasServer: false, players: fourPlayers, deadlinePassed: false, reports: split })).toEqual({ outcome: 'disputed', reports: 4 });
  });

  it('when the deadline passes, then a majority of the reports received decides, and none at all is abandoned', () => {
    const reports = [report('a', [0, 1]), report('b', [0, 1]), report('c', [1, 0])];
    const fivePlayers = [...players, 'd', 'e'];
    expect(settle({ hasServer: false, players: fivePlayers, deadlinePassed: false, reports })).toBeUndefined();
    expect(settle({ hasServer: false, players: fivePlayers, deadlinePassed: true, reports })).toMatchObject({ decidedBy: 'majority', ranks: [0, 1] });
    expect(settle({ hasServer: false, players, deadlinePassed: true, reports: [] })).toEqual({ outcome: 'abandoned' });
  });

  it('when a player reports twice or a stranger reports, then only each player\'s first report counts', () => {
    const reports = [report('a', [0, 1]), report('a', [1, 0]), report('a', [1, 0]), report('mallory', [1, 0]), report('b', [0, 1])];
    expect(settle({ hasServer: false, players, deadlinePassed: false, reports })).toMatchObject({ outcome: 'settled', ranks: [0, 1] });
  });

  it('when everyone reports cancelled, then the session settles as cancelled', () => {
    const reports = players.map((p) => report(p, [0, 0], 'cancelled'));
    expect(settle({ hasServer: false, players, deadlinePassed: false, reports })).toMatchObject({ outcome: 'settled', status: 'cancelled' });
  });

  it('when ranks do not give one place per team from 0, then they are invalid', () => {
    expect(validRanks([0, 1, 1], 3)).toBe(true);
    expect(validRanks([0, 1], 3)).toBe(false);
    expect(validRanks([0, 3, 1], 3)).toBe(false);
    expect(validRanks([0, -1], 2)).toBe(false);
    expect(validRanks([0, 0.5], 2)).toBe(false);
  });
});
