import { Client as PgClient } from 'pg';
import { listTransactions } from '../../db/paid-matches/ledger';
import { accountId, accounts } from '../../domain/paid-matches/ledger';
import type { Project } from '../../domain/projects';
import type { FakeGameBackend } from '../fakes/game-backend';
import { eventually } from '../helpers/http';
import { balance, expectLedgerSound, fillMatch, fundedPlayers, matchState, paidGame, platform } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';
import { killHard, spawnWorkerProcess, workerEnvOf } from '../helpers/worker-process';

let stack: Stack;
let project: Project;
let game: FakeGameBackend;
let worker: ReturnType<typeof spawnWorkerProcess>;
beforeAll(async () => {
  // No in-process worker: the only workers are child processes, which the crash test kills like a machine dying.
  stack = await startStack({ worker: false, env: { PLATFORM_LOBBY_TIMEOUT_SECONDS: '6' } });
  ({ project, game } = await paidGame(stack, { rakeBps: 1000, resultDeadlineSeconds: 5 }));
  worker = spawnWorkerProcess(workerEnv());
});
afterAll(async () => {
  await killHard(worker);
  await game.stop();
  await stack.stop();
});
afterEach(() => expectLedgerSound(stack.db));

const workerEnv = () => workerEnvOf(stack.config);
const ended = (v: any) => ['settled', 'refunded', 'expired', 'cancelled'].includes(v.state);

describe('a paid match and its clocks and crashes', () => {
  it('when the worker is killed between two payouts and a new one starts, then every winner is paid exactly once', async () => {
    const players = await fundedPlayers(stack, project, 4, 1000);
    const [w1, w2] = players;
    // Hold the second winner's wallet row: their payout blocks inside PostgreSQL, after the first one committed.
    const blocker = new PgClient({ connectionString: stack.config.DATABASE_URL });
    await blocker.connect();
    try {
      const matchId = await fillMatch(stack, players, { entryFee: 500, teams: 2, teamSize: 2 });
      expect(await matchState(stack, w1!, matchId, (v) => v.state === 'live')).toMatchObject({ state: 'live' });
      await blocker.query('begin');
      await blocker.query('select balance from ledger_accounts where id = $1 for update', [accountId(accounts.wallet(project.id, w2!.id))]);
      expect(await game.finish({ match_id: matchId, participants: [], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] })).toMatchObject({ status: 200 });

      const payouts = () => listTransactions(stack.db, { matchId, kind: 'payout', limit: 10 });
      expect(await eventually(payouts, (p) => p.length === 1)).toMatchObject([{ playerId: w1!.id }]);
      await new Promise((r) => setTimeout(r, 500));
      await killHard(worker);
      expect(await payouts()).toHaveLength(1);
      await blocker.query('rollback');
      worker = spawnWorkerProcess(workerEnv());

      // The lost attempt times out on the server and runs again on the new worker.
      await matchState(stack, w1!, matchId, ended, 60_000);
      const paid = await payouts();
      expect(paid.map((p) => [p.playerId, p.amount]).sort()).toEqual([[w1!.id, 900], [w2!.id, 900]].sort());
      expect(await Promise.all(players.map((p) => balance(stack, project, p.id)))).toEqual([1400, 1400, 500, 500]);
    } finally {
      await blocker.end();
    }
  }, 90_000);

  it('when no result arrives by the deadline, then every fee is refunded, the game is told, and a late result is refused', async () => {
    const [a, b] = await fundedPlayers(stack, project, 2, 200);
    const matchId = await fillMatch(stack, [a!, b!], { entryFee: 200, teams: 2, teamSize: 1 });
    const live = await matchState(stack, a!, matchId, (v) => v.state === 'live');
    const view = await matchState(stack, a!, matchId, ended);
    expect(view).toMatchObject({ state: 'refunded', reason: 'no result by the deadline' });
    expect(Date.parse(view.endedAt) - Date.parse(live.liveAt)).toBeGreaterThanOrEqual(5000);
    expect(game.callsFor(matchId, 'DELETE')).toHaveLength(1);
    expect([await balance(stack, project, a!.id), await balance(stack, project, b!.id)]).toEqual([200, 200]);
    expect((await game.finish({ match_id: matchId, participants: [{ id: a!.id, score: 1 }] })).status).toBe(409);
  });

  it('when a game settles by what was reported at the deadline, then the team that reported wins and the silent one forfeits', async () => {
    const lenient = await paidGame(stack, { resultDeadlineSeconds: 5, noResultPolicy: 'settleReported' });
    try {
      const [a, b] = await fundedPlayers(stack, lenient.project, 2, 100);
      const matchId = await fillMatch(stack, [a!, b!], { entryFee: 100, teams: 2, teamSize: 1 });
      expect(await matchState(stack, a!, matchId, (v) => v.state === 'live')).toMatchObject({ state: 'live' });
      // Only Bob's client reports; Alice's never does.
      expect((await lenient.game.finish({ match_id: matchId, participants: [{ id: b!.id, score: 3 }] })).body.submissions_left).toBe(1);
      const view = await matchState(stack, a!, matchId, ended);
      expect(view).toMatchObject({ state: 'settled', reason: expect.stringMatching(/deadline came first/), payout: { places: [{ teamId: '2', place: 1 }, { teamId: '1', place: 2 }] } });
      expect([await balance(stack, lenient.project, a!.id), await balance(stack, lenient.project, b!.id)]).toEqual([0, 180]);
    } finally {
      await lenient.game.stop();
    }
  });

  it('when a lobby does not fill in time, then it expires and no money moves', async () => {
    const [a] = await fundedPlayers(stack, project, 1, 200);
    const created = await platform(stack, 'POST', '/matches', a!, { entryFee: 200, teams: 2, teamSize: 1 });
    await platform(stack, 'POST', `/matches/${created.body.matchId}/confirm`, a!);
    const view = await matchState(stack, a!, created.body.matchId, ended);
    expect(view).toMatchObject({ state: 'expired', reason: 'the lobby did not fill in time' });
    expect(await listTransactions(stack.db, { matchId: created.body.matchId, limit: 10 })).toEqual([]);
    expect(await balance(stack, project, a!.id)).toBe(200);
  });
});
