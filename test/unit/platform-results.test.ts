import {
  anyReported, EMPTY_RESULT, forfeitSilentTeams, judgeSubmission, rankTeams, recordSubmission, submissionsLeft, type Roster,
} from '../../domain/paid-matches/results';

const roster: Roster = { teams: [{ id: '1', members: ['a', 'b'] }, { id: '2', members: ['c', 'd'] }] };

describe('paid match results', () => {
  it('when a synchronous game sends the whole result, then nothing is left to submit and its rankings decide', () => {
    const sub = { participants: [{ id: 'a', score: 3 }, { id: 'b', score: 1 }, { id: 'c', score: 9 }, { id: 'd', score: 9 }], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] };
    expect(judgeSubmission(EMPTY_RESULT, sub, roster)).toEqual({ kind: 'new' });
    const book = recordSubmission(EMPTY_RESULT, sub);
    expect(submissionsLeft(book, roster)).toBe(0);
    // The game's rankings win over the scores.
    expect(rankTeams(book, roster).map((t) => [t.teamId, t.ranking])).toEqual([['1', 1], ['2', 2]]);
  });

  it('when an asynchronous game reports player by player, then the count goes down and summed scores rank the teams', () => {
    let book = EMPTY_RESULT;
    for (const [id, score] of [['a', 5], ['b', 5], ['c', 7]] as const) book = recordSubmission(book, { participants: [{ id, score }], teams: [] });
    expect(submissionsLeft(book, roster)).toBe(1);
    book = recordSubmission(book, { participants: [{ id: 'd', score: 2 }], teams: [] });
    expect(submissionsLeft(book, roster)).toBe(0);
    expect(rankTeams(book, roster).map((t) => t.ranking)).toEqual([1, 2]);
  });

  it('when equal summed scores, then the teams tie', () => {
    const book = recordSubmission(EMPTY_RESULT, { participants: [{ id: 'a', score: 1 }, { id: 'b', score: 1 }, { id: 'c', score: 2 }, { id: 'd', score: 0 }], teams: [] });
    expect(rankTeams(book, roster).map((t) => t.ranking)).toEqual([1, 1]);
  });

  it('when a submission restates what was accepted, then it is a replay; when it contradicts it, a conflict', () => {
    const book = recordSubmission(EMPTY_RESULT, { participants: [{ id: 'a', score: 5 }], teams: [{ id: '1', forfeit: false }] });
    expect(judgeSubmission(book, { participants: [{ id: 'a', score: 5 }], teams: [] }, roster)).toEqual({ kind: 'replay' });
    expect(judgeSubmission(book, { participants: [{ id: 'a', score: 6 }], teams: [] }, roster)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/a already has score 5/) });
    expect(judgeSubmission(book, { participants: [], teams: [{ id: '1', forfeit: true }] }, roster)).toMatchObject({ kind: 'conflict' });
    expect(judgeSubmission(book, { participants: [{ id: 'a', score: 5 }, { id: 'b', score: 1 }], teams: [] }, roster)).toEqual({ kind: 'new' });
  });

  it('when a submission names strangers, repeats itself or names nothing, then it is invalid and says where', () => {
    expect(judgeSubmission(EMPTY_RESULT, { participants: [{ id: 'z', score: 1 }], teams: [] }, roster)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^participants\[0\]\.id: z/) });
    expect(judgeSubmission(EMPTY_RESULT, { participants: [], teams: [{ id: '3' }] }, roster)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^teams\[0\]\.id/) });
    expect(judgeSubmission(EMPTY_RESULT, { participants: [{ id: 'a', score: 1 }, { id: 'a', score: 1 }], teams: [] }, roster)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/twice/) });
    expect(judgeSubmission(EMPTY_RESULT, { participants: [], teams: [] }, roster)).toMatchObject({ kind: 'invalid' });
  });

  it('when a player id is an object key such as __proto__, then it is still just a stranger', () => {
    expect(judgeSubmission(EMPTY_RESULT, { participants: [{ id: '__proto__', score: 1 }], teams: [] }, roster)).toMatchObject({ kind: 'invalid' });
  });

  it('when every team forfeits or is ranked, then the result is complete without player scores', () => {
    const book = recordSubmission(EMPTY_RESULT, { participants: [], teams: [{ id: '1', forfeit: true }, { id: '2', ranking: 1 }] });
    expect(submissionsLeft(book, roster)).toBe(0);
    expect(rankTeams(book, roster).find((t) => t.teamId === '1')!.forfeit).toBe(true);
  });

  it('when the deadline settles what was reported, then a team that said nothing forfeits and the other ranks first', () => {
    const book = recordSubmission(EMPTY_RESULT, { participants: [{ id: 'c', score: 1 }], teams: [] });
    expect(anyReported(EMPTY_RESULT)).toBe(false);
    expect(anyReported(book)).toBe(true);
    const ranked = rankTeams(forfeitSilentTeams(book, roster), roster);
    expect(ranked.map((t) => [t.teamId, t.forfeit])).toEqual([['1', true], ['2', false]]);
  });
});
