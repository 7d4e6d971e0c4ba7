import { bucketOf } from '../../domain/matchmaking/buckets';
import { hostWorkflowId } from '../../domain/hosts/contract';
import { matcherWorkflowId, serverWorkflowId, sessionWorkflowId } from '../../domain/matchmaking/contract';
import { paidMatchWorkflowId } from '../../domain/paid-matches/contract';
import type { Project } from '../../domain/projects';
import type { DevServer } from '../../scripts/dev-server';
import { ownDevServer, stopRecording } from '../helpers/dev-server';
import { call } from '../helpers/http';
import { matchAll, players, registerServer, reportAsClient } from '../helpers/matchmaking';
import { expectLedgerSound, fundedPlayers, matchState, paidGame, platform } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Temporal's per-run limits, lowered so each entity is driven past them in seconds: 2,000 updates become 40
 * (continue-as-new suggested at 36), 10,000 signals become 100, and the suggestion at 4,096 events comes at 80.
 */
const LIMITS = { 'history.maxTotalUpdates': 40, 'history.maximumSignalsPerExecution': 100, 'limit.historyCount.suggestContinueAsNew': 80 };
let devServer: DevServer;
let stack: Stack;
let project: Project;

beforeAll(async () => {
  devServer = await ownDevServer({ dynamicConfig: LIMITS });
  stack = await startStack({ env: { TEMPORAL_ADDRESS: devServer.address } });
  project = await stack.createProject();
}, 200_000);
afterAll(async () => {
  await stack.stop();
  await stopRecording(devServer);
});

/** Every run of one workflow id, oldest first. */
async function runs(workflowId: string) {
  const found = [];
  for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) found.push(run);
  return found.reverse();
}

describe('entities driven past Temporal\'s per-run limits', () => {
  it('when players join and leave a host three times the update limit, then every join and leave answers 200, pings stay 200 without updates, and the host spans several runs', async () => {
    const auth = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
    const app = (path: string) => `${stack.url}/projects/${project.id}/app${path}`;
    const endpoint = '10.1.0.1:7777';
    const registered = await call('POST', app('/register-host'), {
      headers: auth(1), body: { hostName: 'Long-lived', peerInfo: { external: endpoint, internal: '192.168.0.2:7777' }, isPrivate: false, version: 'lim', maxPlayers: 8 },
    });
    expect(registered.status).toBe(200);
    const answers = [];
    for (let i = 0; i < 60; i++) {
      answers.push((await call('POST', app('/join'), { headers: auth(2), body: { hostEndpoint: endpoint } })).status);
      answers.push((await call('POST', app('/leave'), { headers: auth(2), body: {} })).status);
      answers.push((await call('POST', app('/ping'), { headers: auth(1), body: { hostEndpoint: endpoint, connectedClients: [] } })).status);
    }
    expect(answers.filter((s) => s !== 200)).toEqual([]);
    const joined = await call('POST', app('/join'), { headers: auth(2), body: { hostEndpoint: endpoint } });
    expect(joined.status).toBe(200);
    const listed = await call('GET', app('/list-hosts?version=lim'), { headers: auth(3) });
    expect(listed.body.map((h: { name: string; playerCount: number }) => [h.name, h.playerCount])).toEqual([['Long-lived', 2]]);
    const hostRuns = await runs(hostWorkflowId(project.id, endpoint));
    expect(hostRuns.length).toBeGreaterThan(2);
    // The registration, 60 joins, 60 leaves and the last join: the pings never reached the workflow.
    let updates = 0;
    for (const run of hostRuns) {
      const history = await stack.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      updates += history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    }
    expect(updates).toBe(122);
  }, 120_000);

  it('when a player floods a session with reports, then only its first counts, repeats change nothing, a different one is 409, and the opponent\'s report still decides', async () => {
    const [a, b] = await players(stack.url, project, 2);
    const [ma, mb] = await matchAll(stack.url, [a!, b!], { teamSizes: [1, 1] });
    const flood = [];
    for (let i = 0; i < 120; i++) flood.push((await reportAsClient(stack.url, a!, ma.session.sessionToken, { status: 'finished', ranks: [0, 1] })).status);
    expect(new Set(flood)).toEqual(new Set([200]));
    expect((await reportAsClient(stack.url, a!, ma.session.sessionToken, { status: 'finished', ranks: [1, 0] })).status).toBe(409);
    expect((await reportAsClient(stack.url, b!, mb.session.sessionToken, { status: 'finished', ranks: [1, 0] })).status).toBe(200);

    const session = stack.temporal.workflow.getHandle(sessionWorkflowId(project.id, ma.session.externalSessionId));
    // Two reports that disagree, one each: no majority, so disputed (the flood never outvoted the opponent).
    expect(await session.result()).toMatchObject({ state: 'disputed', settlement: { outcome: 'disputed', reports: 2 } });
    const accepted = (await session.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(2);
  }, 120_000);

  it('when two players switch seats in a paid lobby past the update limit, then their seat changes are capped (429), the lobby continues as new, and the match still settles', async () => {
    const { project: game, game: backend } = await paidGame(stack);
    try {
      const [a, c, b, d] = await fundedPlayers(stack, game, 4, 5000);
      const created = await platform(stack, 'POST', '/matches', a!, { entryFee: 1000, teams: 2, teamSize: 2 });
      const matchId = created.body.matchId as string;
      const switches: number[] = [];
      for (let i = 0; i < 31; i++) {
        switches.push((await platform(stack, 'POST', `/matches/${matchId}/join`, a!, { teamId: i % 2 ? '1' : '2' })).status);
        switches.push((await platform(stack, 'POST', `/matches/${matchId}/join`, c!, { teamId: i % 2 ? '2' : '1' })).status);
      }
      // 30 seats each (A's seat at creation is its first): A's 30th switch and C's 31st are refused; A's 31st asks
      // for the seat it kept, which changes nothing and is answered as the lobby is.
      expect(switches.map((s, i) => [i, s]).filter(([, s]) => s === 429)).toEqual([[58, 429], [61, 429]]);
      expect(switches.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      expect((await runs(paidMatchWorkflowId(matchId))).length).toBeGreaterThan(1);

      // The carried lobby still fills, confirms (capped players may still confirm), escrows, goes live and settles.
      const lobby = (await platform(stack, 'GET', `/matches/${matchId}`, b!)).body;
      const free = lobby.teams.flatMap((t: any) => Array(2 - t.members.length).fill(t.id as string));
      for (const [i, p] of [b!, d!].entries()) expect((await platform(stack, 'POST', `/matches/${matchId}/join`, p, { teamId: free[i] })).status).toBe(200);
      for (const p of [a!, c!, b!, d!]) expect((await platform(stack, 'POST', `/matches/${matchId}/confirm`, p)).status).toBe(200);
      await matchState(stack, a!, matchId, (v) => v.state === 'live');
      expect((await backend.finish({ match_id: matchId, participants: [], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] })).status).toBe(200);
      const settled = await matchState(stack, a!, matchId, (v) => v.state === 'settled');
      expect(settled.payout.payouts.map((p: { amount: number }) => p.amount)).toEqual([1800, 1800]);
      await expectLedgerSound(stack.db);
    } finally {
      await backend.stop();
    }
  }, 180_000);

  it('when a dedicated server refreshes its offer past the signal limit, then every refresh answers, and a group is still placed on it', async () => {
    const serverTag = 'refreshing';
    const statuses = [];
    for (let i = 0; i < 130; i++) statuses.push((await registerServer(stack.url, project, { serverTag, name: 'refresher', info: { n: i }, timeout: 120 })).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await runs(serverWorkflowId(project.id, 'refresher'))).length).toBeGreaterThan(1);
    const [x, y] = await matchAll(stack.url, await players(stack.url, project, 2), { teamSizes: [1, 1], serverTag, matchTag: null });
    expect([x.status, y.status]).toEqual(['matched', 'matched']);
    expect(x.session.server.info).toEqual({ n: 129 });
  }, 120_000);

  it('when a bucket takes more tickets than one run may receive signals, then every player is matched across runs', async () => {
    const matchTag = 'busy-bucket';
    const results = [];
    for (let wave = 0; wave < 6; wave++) results.push(...(await matchAll(stack.url, await players(stack.url, project, 20), { teamSizes: [1, 1], matchTag }, 30_000)));
    expect(results.filter((r) => r.status !== 'matched')).toEqual([]);
    expect((await runs(matcherWorkflowId(project.id, bucketOf({ teamSizes: [1, 1], matchTag }).bucketId))).length).toBeGreaterThan(1);
  }, 180_000);
});
