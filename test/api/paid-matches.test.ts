import { listTransactions } from '../../db/paid-matches/ledger';
import type { Project } from '../../domain/projects';
import type { FakeGameBackend } from '../fakes/game-backend';
import { call, eventually } from '../helpers/http';
import { admin, balance, expectLedgerSound, fillMatch, fundedPlayers, matchState, paidGame, platform, type Player } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
let game: FakeGameBackend;
beforeAll(async () => {
  stack = await startStack({ env: { PLATFORM_WEBHOOK_WINDOW_SECONDS: '4', PLATFORM_WEBHOOK_ATTEMPT_TIMEOUT_MS: '1000' } });
  ({ project, game } = await paidGame(stack, { rakeBps: 1000, payoutTableBps: [10_000], resultDeadlineSeconds: 60 }));
});
afterAll(async () => {
  await game.stop();
  await stack.stop();
});
// Every money test leaves the ledger sound, whatever it did.
afterEach(() => expectLedgerSound(stack.db));

const live = (v: any) => v.state === 'live';
const ended = (v: any) => ['settled', 'refunded', 'expired', 'cancelled'].includes(v.state);

async function launchToken(player: Player, matchId: string): Promise<string> {
  const launch = await platform(stack, 'GET', `/matches/${matchId}/launch`, player);
  expect(launch.status).toBe(200);
  return new URL(launch.body.url).searchParams.get('token')!;
}

describe('a paid match, end to end', () => {
  it('when two players pay in and the game reports a winner, then the winner gets the pot less the rake, once', async () => {
    const [alice, bob] = await fundedPlayers(stack, project, 2, 5000);
    const matchId = await fillMatch(stack, [alice!, bob!], { entryFee: 1000, teams: 2, teamSize: 1 });
    await matchState(stack, alice!, matchId, live);

    // The game was told, with a bearer it verified against the published key, in the documented shape.
    const [put] = game.callsFor(matchId, 'PUT');
    expect(put).toMatchObject({ verified: true, idempotencyKey: `${matchId}/match-info` });
    expect(put!.body).toEqual({
      match_id: matchId, participants: [{ id: alice!.id, team_id: '1' }, { id: bob!.id, team_id: '2' }], teams: [{ id: '1' }, { id: '2' }],
    });
    expect(await balance(stack, project, alice!.id)).toBe(4000);

    // The player launches the game; the game checks the token.
    const launch = await platform(stack, 'GET', `/matches/${matchId}/launch`, alice!);
    expect(launch.body.url).toMatch(/^https:\/\/play\.example\.com\/game\?token=/);
    const matchToken = await launchToken(alice!, matchId);
    const info = await game.tokenInfo(matchToken);
    expect(info).toEqual({ status: 200, body: { match_id: matchId, user_id: alice!.id, match_status: 'live', submissions_total: 2, submissions_left: 2 } });

    const result = { match_id: matchId, participants: [{ id: alice!.id, score: 10 }, { id: bob!.id, score: 3 }], teams: [{ id: '1', score: 10, ranking: 1 }, { id: '2', score: 3, ranking: 2 }] };
    const finished = await game.finish(result);
    expect(finished).toEqual({ status: 200, body: { match_id: matchId, match_status: 'live', submissions_total: 2, submissions_left: 0 } });
    const settled = await matchState(stack, alice!, matchId, ended);
    expect(settled).toMatchObject({ state: 'settled', payout: { pot: 2000, rake: 200, remainder: 0, payouts: [{ playerId: alice!.id, amount: 1800 }] } });
    expect(await balance(stack, project, alice!.id)).toBe(5800);
    expect(await balance(stack, project, bob!.id)).toBe(4000);

    // Operators find it in the Web UI by its state.
    const listed = await eventually(
      async () => { const found = []; for await (const w of stack.temporal.workflow.list({ query: `WorkflowId = 'platform-match/${matchId}' AND PaidMatchState = 'settled'` })) found.push(w); return found; },
      (found) => found.length === 1,
    );
    expect(listed).toHaveLength(1);

    // The same result again is a harmless replay, on either spelling of the path; a different one is a conflict.
    expect((await game.finish(result, '/api/games/v1/finish')).status).toBe(200);
    const other = await game.finish({ ...result, teams: [{ id: '1', ranking: 2 }, { id: '2', ranking: 1 }] });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatch(/already/);
    expect(await balance(stack, project, alice!.id)).toBe(5800);
    // The token now says the match is over: the game lets no one play it.
    expect((await game.tokenInfo(matchToken)).body).toMatchObject({ match_status: 'settled', submissions_left: 0 });

    // Finance sees the trail beside the result, and the players their history.
    const trail = await admin(stack, 'GET', `/finance/matches/${matchId}`);
    expect(trail.body.money).toEqual({ feesIn: 2000, refunds: 0, rake: 200, remainder: 0, payouts: 1800, escrowBalance: 0 });
    expect(trail.body.match.result.teams).toEqual({ 1: { score: 10, ranking: 1 }, 2: { score: 3, ranking: 2 } });
    expect(trail.body.transactions.map((t: any) => t.kind).sort()).toEqual(['entryFee', 'entryFee', 'payout', 'rake']);
    const history = await platform(stack, 'GET', '/history', alice!);
    expect(history.body.matches[0]).toMatchObject({ matchId, state: 'settled', place: 1, paid: 1000, won: 1800, refunded: 0, net: 800 });
    const inPeriod = await admin(stack, 'GET', `/finance/transactions?projectId=${project.id}&playerId=${encodeURIComponent(alice!.id)}&from=${settled.createdAt}&to=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(inPeriod.body.transactions.map((t: any) => [t.kind, t.amount])).toEqual([['entryFee', 1000], ['payout', 1800]]);
    expect((await admin(stack, 'GET', `/finance/transactions?projectId=${project.id}&from=${new Date(Date.now() + 60_000).toISOString()}`)).body.transactions).toEqual([]);
    expect((await admin(stack, 'GET', '/finance/transactions?from=yesterday')).body.error).toMatch(/query.from/);
    const house = await admin(stack, 'GET', `/finance/balances?projectId=${project.id}&kind=house`);
    expect(house.body.balances).toEqual([expect.objectContaining({ kind: 'house', balance: expect.any(Number) })]);
    expect(house.body.balances[0].balance).toBeGreaterThanOrEqual(200);
    const csv = await call('GET', `${stack.url}/admin/finance/transactions?matchId=${matchId}&format=csv`, { token: stack.config.ADMIN_TOKEN });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body).trim().split('\n')).toHaveLength(5);
  });

  it('when an asynchronous game reports one player at a time, then the count goes down and summed scores decide', async () => {
    const players = await fundedPlayers(stack, project, 4, 1000);
    const [a, b, c, d] = players as [Player, Player, Player, Player];
    const matchId = await fillMatch(stack, players, { entryFee: 500, teams: 2, teamSize: 2 });
    await matchState(stack, a, matchId, live);
    const scores: [Player, number][] = [[a, 4], [b, 4], [c, 9], [d, 0]];
    for (const [i, [p, score]] of scores.entries()) {
      const answer = await game.finish({ match_id: matchId, participants: [{ id: p.id, score }] });
      expect(answer.body.submissions_left).toBe(3 - i);
      if (i === 0) expect((await game.finish({ match_id: matchId, participants: [{ id: p.id, score: 5 }] })).status).toBe(409);
    }
    // Team 1 scored 8, team 2 scored 9: team 2 shares the prize of 1800.
    await matchState(stack, a, matchId, ended);
    expect(await Promise.all(players.map((p) => balance(stack, project, p.id)))).toEqual([500, 500, 1400, 1400]);
  });

  it('when many results for one match arrive at once, then one is accepted and one settlement pays', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 1000);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 100, teams: 2, teamSize: 1 });
    await matchState(stack, a!, matchId, live);
    const result = (winner: Player, loser: Player) => ({ match_id: matchId, participants: [], teams: [{ id: winner === a ? '1' : '2', ranking: 1 }, { id: loser === a ? '1' : '2', ranking: 2 }] });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => game.finish(i % 2 ? result(a!, b!) : result(b!, a!))));
    const accepted = answers.filter((r) => r.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length + answers.filter((r) => r.status === 409).length).toBe(10);
    await matchState(stack, a!, matchId, ended);
    const payouts = await listTransactions(stack.db, { matchId, kind: 'payout', limit: 10 });
    expect(payouts).toHaveLength(1);
    // Every accepted answer was the same result: the one that was paid.
    const winnerIsA = payouts[0]!.playerId === a!.id;
    expect(accepted.length).toBe(5);
    expect(await balance(stack, project, winnerIsA ? a!.id : b!.id)).toBe(1080);
  });
});

describe('finance', () => {
  it('when finance asks for a game\'s totals over a period, then fees in, rake, payouts and deposits add up', async () => {
    const fresh = await paidGame(stack);
    try {
      const since = new Date().toISOString();
      const [a, b] = await fundedPlayers(stack, fresh.project, 2, 300);
      const matchId = await fillMatch(stack, [a!, b!], { entryFee: 250, teams: 2, teamSize: 1 });
      await matchState(stack, a!, matchId, live);
      await fresh.game.finish({ match_id: matchId, participants: [], teams: [{ id: '1', ranking: 2 }, { id: '2', ranking: 1 }] });
      await matchState(stack, a!, matchId, ended);
      const summary = await admin(stack, 'GET', `/finance/summary?projectId=${fresh.project.id}&from=${since}`);
      expect(summary.body).toMatchObject({
        totals: { deposit: { amount: 600, count: 2 }, entryFee: { amount: 500, count: 2 }, rake: { amount: 50, count: 1 }, payout: { amount: 450, count: 1 } },
        houseIncome: 50, escrowNet: 0,
      });
      const matches = await admin(stack, 'GET', `/finance/matches?projectId=${fresh.project.id}&state=settled&from=${since}`);
      expect(matches.body.matches.map((m: any) => m.matchId)).toEqual([matchId]);
      expect((await admin(stack, 'GET', '/finance/matches?state=settled')).body.error).toMatch(/query.projectId/);
      const balances = await call('GET', `${stack.url}/admin/finance/balances?projectId=${fresh.project.id}&format=csv`, { token: stack.config.ADMIN_TOKEN });
      expect(String(balances.body)).toContain(`wallet:${fresh.project.id}:${b!.id},wallet,${fresh.project.id},${b!.id},500`);
    } finally {
      await fresh.game.stop();
    }
  });
});

describe('races around a paid match', () => {
  it('when two players race for the last seat, then one gets it and the other is told the team is full', async () => {
    const [a, b, c] = await fundedPlayers(stack, project, 3, 100);
    const created = await platform(stack, 'POST', '/matches', a!, { entryFee: 100, teams: 2, teamSize: 1 });
    const matchId = created.body.matchId;
    const answers = await Promise.all([b, c].map((p) => platform(stack, 'POST', `/matches/${matchId}/join`, p!, { teamId: '2' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.body.error).toBe('team 2 is full');
    // The loser cannot confirm a seat it does not have; the winner leaves and the seat is free again.
    const [winner, loser] = answers[0]!.status === 200 ? [b!, c!] : [c!, b!];
    expect((await platform(stack, 'POST', `/matches/${matchId}/confirm`, loser)).status).toBe(400);
    expect((await platform(stack, 'POST', `/matches/${matchId}/leave`, winner)).body.teams[1].members).toEqual([]);
    expect((await platform(stack, 'POST', `/matches/${matchId}/join`, loser, { teamId: '2' })).status).toBe(200);
    // A retried join of one's own team keeps the confirmation.
    await platform(stack, 'POST', `/matches/${matchId}/confirm`, a!);
    expect((await platform(stack, 'POST', `/matches/${matchId}/join`, a!, { teamId: '1' })).body.teams[0].members).toEqual([{ playerId: a!.id, confirmed: true }]);
    await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'cleanup' });
    expect(await matchState(stack, a!, matchId, ended)).toMatchObject({ state: 'cancelled' });
  });

  it('when a join, a leave or a confirm answers 200, then the caller\'s very next read of the match shows it', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 100);
    const matchId = (await platform(stack, 'POST', '/matches', a!, { entryFee: 100, teams: 2, teamSize: 1 })).body.matchId;
    const read = async () => (await platform(stack, 'GET', `/matches/${matchId}`, a!)).body;
    expect((await platform(stack, 'POST', `/matches/${matchId}/join`, b!, { teamId: '2' })).status).toBe(200);
    expect((await read()).teams[1].members).toEqual([{ playerId: b!.id, confirmed: false }]);
    expect((await platform(stack, 'POST', `/matches/${matchId}/leave`, b!)).status).toBe(200);
    expect((await read()).teams[1].members).toEqual([]);
    expect((await platform(stack, 'POST', `/matches/${matchId}/confirm`, a!)).status).toBe(200);
    expect((await read()).teams[0].members).toEqual([{ playerId: a!.id, confirmed: true }]);
    await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'cleanup' });
    expect(await matchState(stack, a!, matchId, ended)).toMatchObject({ state: 'cancelled' });
  });

  it('when a create is retried with the same Idempotency-Key, then there is one match, whatever became of it', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 100);
    const create = (body: object, key?: string) => call('POST', `${stack.url}/platform/v1/matches`, { token: a!.token, body, headers: key ? { 'idempotency-key': key } : {} });
    const shape = { entryFee: 100, teams: 2, teamSize: 1 };
    const first = await create(shape, 'tap-1');
    expect(first.status).toBe(201);
    const again = await create(shape, 'tap-1');
    expect([again.status, again.body.matchId]).toEqual([200, first.body.matchId]);
    expect((await create({ ...shape, entryFee: 50 }, 'tap-1')).body.error).toMatch(/Idempotency-Key already made a different match/);
    // Once the lobby has closed, the retry still answers the match it made.
    const matchId = first.body.matchId;
    await platform(stack, 'POST', `/matches/${matchId}/join`, b!, { teamId: '2' });
    await Promise.all([a, b].map((p) => platform(stack, 'POST', `/matches/${matchId}/confirm`, p!)));
    await matchState(stack, a!, matchId, live);
    expect(await create(shape, 'tap-1')).toMatchObject({ status: 200, body: { matchId, state: 'live' } });
    const lobbies = (await admin(stack, 'GET', `/finance/matches?projectId=${project.id}`)).body.matches.filter((m: any) => m.createdBy === a!.id);
    expect(lobbies).toHaveLength(1);
    await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'cleanup' });
    await matchState(stack, a!, matchId, ended);
  });

  it('when an abort and the result arrive together, then the match either pays out or refunds, never both', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 100);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 100, teams: 2, teamSize: 1 });
    await matchState(stack, a!, matchId, live);
    await Promise.all([
      admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'race' }),
      game.finish({ match_id: matchId, participants: [], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] }),
    ]);
    const view = await matchState(stack, a!, matchId, ended);
    const money = (await admin(stack, 'GET', `/finance/matches/${matchId}`)).body.money;
    expect(['settled', 'refunded']).toContain(view.state);
    const expected = view.state === 'settled' ? { payouts: 180, rake: 20, refunds: 0 } : { payouts: 0, rake: 0, refunds: 200 };
    expect(money).toMatchObject({ ...expected, escrowBalance: 0 });
  });
});

describe('when a paid match cannot go ahead, then every fee comes back', () => {
  it('when the game answers 404 to the match-info call, then the match aborts at once, refunds, and the game gets a DELETE', async () => {
    game.answers = [404];
    const [a, b] = await fundedPlayers(stack, project, 2, 300);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 300, teams: 2, teamSize: 1 });
    const view = await matchState(stack, a!, matchId, ended);
    expect(view).toMatchObject({ state: 'refunded', reason: expect.stringMatching(/refused the match: match-info answered 404/) });
    expect(game.callsFor(matchId, 'PUT')).toHaveLength(1);
    expect(game.callsFor(matchId, 'DELETE')).toMatchObject([{ verified: true }]);
    expect([await balance(stack, project, a!.id), await balance(stack, project, b!.id)]).toEqual([300, 300]);
    const trail = await admin(stack, 'GET', `/finance/matches/${matchId}`);
    expect(trail.body.money).toMatchObject({ feesIn: 600, refunds: 600, payouts: 0, escrowBalance: 0 });
  });

  it('when the game answers 500 and then 200, then the call is retried with the same idempotency key and the match goes live', async () => {
    game.answers = [500, 500];
    const [a, b] = await fundedPlayers(stack, project, 2, 300);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 300, teams: 2, teamSize: 1 });
    await matchState(stack, a!, matchId, live);
    const puts = game.callsFor(matchId, 'PUT');
    expect(puts).toHaveLength(3);
    expect(new Set(puts.map((c) => c.idempotencyKey)).size).toBe(1);
    await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'test cleanup' });
    expect(await matchState(stack, a!, matchId, ended)).toMatchObject({ state: 'refunded', reason: /operator: test cleanup/ });
  });

  it('when the game never answers, then the match aborts after the retry window and refunds', async () => {
    game.answers = ['hang', 'hang', 'hang', 'hang', 'hang', 'hang', 'hang', 'hang'];
    const [a, b] = await fundedPlayers(stack, project, 2, 300);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 300, teams: 2, teamSize: 1 });
    const view = await matchState(stack, a!, matchId, ended);
    game.answers = [];
    expect(view).toMatchObject({ state: 'refunded', reason: expect.stringMatching(/could not be reached within 4 s/) });
    expect(game.callsFor(matchId, 'PUT').length).toBeGreaterThanOrEqual(2);
    expect([await balance(stack, project, a!.id), await balance(stack, project, b!.id)]).toEqual([300, 300]);
  });

  it('when the game\'s backend is down (connection refused), then the call is retried for the window, then the match refunds', async () => {
    const down = await paidGame(stack);
    try {
      await down.game.stop();
      const [a, b] = await fundedPlayers(stack, down.project, 2, 100);
      const matchId = await fillMatch(stack, [a!, b!], { entryFee: 100, teams: 2, teamSize: 1 });
      const view = await matchState(stack, a!, matchId, ended);
      expect(view).toMatchObject({ state: 'refunded', reason: expect.stringMatching(/could not be reached within 4 s/) });
      // Retried (0, 0.5 s, 1.5 s, ...) while a retry still fits in the 4 s window; then refunded.
      expect(Date.parse(view.endedAt) - Date.parse(view.createdAt)).toBeGreaterThanOrEqual(1500);
      expect([await balance(stack, down.project, a!.id), await balance(stack, down.project, b!.id)]).toEqual([100, 100]);
    } finally {
      await down.game.stop().catch(() => undefined);
    }
  });

  it('when a player cannot pay by the time the lobby fills, then the match aborts and the fees already taken come back', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 500);
    const created = await platform(stack, 'POST', '/matches', a!, { entryFee: 400, teams: 2, teamSize: 1 });
    const matchId = created.body.matchId;
    await platform(stack, 'POST', `/matches/${matchId}/confirm`, a!);
    await platform(stack, 'POST', `/matches/${matchId}/join`, b!, { teamId: '2' });
    // Alice spends her money elsewhere before the last confirmation.
    expect((await admin(stack, 'POST', `/projects/${project.id}/wallets/${encodeURIComponent(a!.id)}/withdraw`, { amount: 200, reference: `w-${matchId}` })).status).toBe(201);
    await platform(stack, 'POST', `/matches/${matchId}/confirm`, b!);
    const view = await matchState(stack, a!, matchId, ended);
    expect(view).toMatchObject({ state: 'refunded', reason: `player ${a!.id} could not pay the entry fee` });
    expect([await balance(stack, project, a!.id), await balance(stack, project, b!.id)]).toEqual([300, 500]);
    expect(game.callsFor(matchId)).toHaveLength(0);
  });

  it('when an operator aborts a live match, then fees are refunded and a late result is refused', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 100);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 100, teams: 2, teamSize: 1 });
    await matchState(stack, a!, matchId, live);
    expect((await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'cheating reported' })).status).toBe(202);
    await matchState(stack, a!, matchId, ended);
    const late = await game.finish({ match_id: matchId, participants: [], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] });
    expect(late.status).toBe(409);
    expect([await balance(stack, project, a!.id), await balance(stack, project, b!.id)]).toEqual([100, 100]);
    expect((await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'again' })).status).toBe(409);
  });
});

describe('players and games are refused clearly', () => {
  it('when a player sends bad input, then a 4xx names the field and nothing is created', async () => {
    const [a, poor] = await fundedPlayers(stack, project, 2, 100);
    for (const [body, field] of [[{ entryFee: 1.5, teams: 2, teamSize: 1 }, 'body.entryFee'], [{ entryFee: 10, teams: 1, teamSize: 1 }, 'body.teams'], [{ entryFee: 10, teams: 2 }, 'body.teamSize'], [{ entryFee: 10, teams: 2, teamSize: 1, teamId: '3' }, 'body.teamId']] as const) {
      const res = await platform(stack, 'POST', '/matches', a!, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(field);
    }
    expect((await platform(stack, 'POST', '/matches', a!, { entryFee: 101, teams: 2, teamSize: 1 })).body.error).toMatch(/insufficient funds: wallet balance 100, entry fee 101/);
    const created = await platform(stack, 'POST', '/matches', a!, { entryFee: 50, teams: 2, teamSize: 1 });
    const matchId = created.body.matchId;
    expect((await platform(stack, 'POST', `/matches/${matchId}/join`, poor!, { teamId: '7' })).body.error).toMatch(/body.teamId: no team 7/);
    expect((await platform(stack, 'POST', `/matches/${matchId}/join`, poor!, { teamId: '1' })).status).toBe(409);
    expect((await platform(stack, 'POST', `/matches/${matchId}/confirm`, poor!)).body.error).toMatch(/not in this match/);
    expect((await platform(stack, 'GET', `/matches/${matchId}/launch`, a!)).status).toBe(409);
    const early = await game.finish({ match_id: matchId, participants: [{ id: a!.id, score: 1 }] });
    expect(early).toMatchObject({ status: 409, body: { error: expect.stringMatching(/not live yet/) } });
    expect((await game.finish({ match_id: matchId, participants: 'all' })).body.error).toMatch(/body.participants/);
    expect((await platform(stack, 'GET', '/wallet', a!)).body).toEqual({ playerId: a!.id, balance: 100, currency: 'USD' });
    await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'cleanup' });
    expect(await matchState(stack, a!, matchId, ended)).toMatchObject({ state: 'cancelled' });
  });

  it('when another game or another project\'s player reaches for a match, then it does not exist for them', async () => {
    const other = await paidGame(stack);
    try {
      const [a, b] = await fundedPlayers(stack, project, 2, 100);
      const [stranger] = await fundedPlayers(stack, other.project, 1, 100);
      const matchId = await fillMatch(stack, [a!, b!], { entryFee: 100, teams: 2, teamSize: 1 });
      await matchState(stack, a!, matchId, live);
      expect((await platform(stack, 'GET', `/matches/${matchId}`, stranger!)).status).toBe(404);
      expect((await other.game.finish({ match_id: matchId, participants: [{ id: a!.id, score: 1 }] })).status).toBe(404);
      expect((await other.game.tokenInfo(await launchToken(a!, matchId))).status).toBe(404);
      expect((await game.tokenInfo('not-a-token')).status).toBe(404);
      await admin(stack, 'POST', `/projects/${project.id}/paid-matches/${matchId}/abort`, { reason: 'cleanup' });
      await matchState(stack, a!, matchId, ended);
    } finally {
      await other.game.stop();
    }
  });

  it('when an administrator credits a wallet twice with one reference, then it is credited once', async () => {
    const [a] = await fundedPlayers(stack, project, 1, 0);
    const path = `/projects/${project.id}/wallets/${encodeURIComponent(a!.id)}`;
    expect((await admin(stack, 'POST', `${path}/credit`, { amount: 700, reference: `pay-${a!.id}` })).status).toBe(201);
    expect((await admin(stack, 'POST', `${path}/credit`, { amount: 700, reference: `pay-${a!.id}` })).status).toBe(200);
    expect((await admin(stack, 'POST', `${path}/credit`, { amount: 701, reference: `pay-${a!.id}` })).status).toBe(409);
    expect((await admin(stack, 'POST', `${path}/credit`, { amount: -5, reference: 'neg' })).body.error).toMatch(/body.amount/);
    expect((await admin(stack, 'POST', `${path}/withdraw`, { amount: 701, reference: `out-${a!.id}` })).body.error).toMatch(/insufficient funds/);
    expect(await balance(stack, project, a!.id)).toBe(700);
    const own = await platform(stack, 'GET', '/wallet/transactions', a!);
    expect(own.body.transactions).toMatchObject([{ kind: 'deposit', amount: 700 }]);
  });
});
