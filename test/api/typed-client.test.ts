import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { playOneMatch } from '../../clients/examples/player';
import { hostOneSession } from '../../clients/examples/dedicated-server';
import { gameBackend, reportScores } from '../../clients/examples/game-backend';
import { playPaidDuel } from '../../clients/examples/paid-match-player';
import { versusSession } from '../../clients/examples/versus';
import { startFakeGame, type DeveloperConfig, type FakeGame } from '../../clients/fake-game';
import { matchflowClient } from '../../clients/matchflow-client';
import { serve } from '../fakes/serve';
import { call, eventually } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

const ROOT = join(__dirname, '..', '..');
/** scripts/generate-client.ts's output (openapi-typescript is ESM-only: the script runs in a process of its own). */
const GENERATED = join(ROOT, 'clients', 'generated', 'matchflow-openapi.ts');
let stack: Stack;
let fakeGame: FakeGame | undefined;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await fakeGame?.close();
  await stack.stop();
});

const adminClient = () => matchflowClient(stack.url, { bearer: stack.config.ADMIN_TOKEN });

/** `npm run client:generate -- --check --from <url>`, as CI runs it; answers the exit code and what it said. */
async function checkGenerated(documentUrl: string): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'generate-client.ts'), '--check', '--from', documentUrl], { cwd: ROOT });
    return { code: 0, stderr: '' };
  } catch (err) {
    return { code: (err as { code: number }).code, stderr: (err as { stderr: string }).stderr };
  }
}

describe('the typed client\'s generated types', () => {
  it('when checked against the document the running API serves, then the committed file is exactly what it generates', async () => {
    expect(await checkGenerated(`${stack.url}/openapi.json`)).toEqual({ code: 0, stderr: '' });
  });

  it('when the API serves a route the committed file lacks, then the check fails and says to regenerate', async () => {
    const live = await (await fetch(`${stack.url}/openapi.json`)).json() as { paths: Record<string, unknown> };
    const grown = { ...live, paths: { ...live.paths, '/v1a/client/new-route': live.paths['/healthz'] } };
    const app = express().get('/openapi.json', (_req, res) => void res.json(grown));
    const server = await serve(app);
    try {
      const { code, stderr } = await checkGenerated(`${server.url}/openapi.json`);
      expect(code).toBe(1);
      expect(stderr).toContain('run npm run client:generate');
    } finally {
      await server.close();
    }
    expect(readFileSync(GENERATED, 'utf8')).not.toContain('/v1a/client/new-route');
  });
});

describe('the typed client against the real stack, one example per surface', () => {
  it('when two game clients play through it (/v1a), then both are matched into one session, report, and the winner\'s rating rises', async () => {
    const project = await stack.createProject();
    const login = (testId: string) => ({ projectId: project.id, auth: { testKey: project.testKey!, testId } });
    const ask = { teamSizes: [1, 1], maxMatchTime: 30, matchTag: 'typed-client' };
    const [winner, loser] = await Promise.all([playOneMatch(stack.url, login('typed-a'), ask, [0, 1]), playOneMatch(stack.url, login('typed-b'), ask, [0, 1])]);
    expect([winner.status.status, loser.status.status]).toEqual(['matched', 'matched']);
    if (winner.status.status !== 'matched' || loser.status.status !== 'matched') throw new Error('not matched');
    expect(winner.status.session.externalSessionId).toBe(loser.status.session.externalSessionId);
    const first = winner.status.session.teamIndex === 0 ? winner : loser;
    const stats = await eventually(async () => (await first.player!.GET('/v1a/client/info/stats')).data, (s) => s !== undefined && s.rating > 1500);
    expect(stats!.rating).toBeGreaterThan(1500);
    expect(stats!.rank).toBe(1);
  });

  it('when a dedicated server hosts through it (/v1a/server), then the players\' session is placed on it and its report settles the session', async () => {
    const project = await stack.createProject();
    const credentials = { projectId: project.id, projectServerToken: project.serverToken };
    const hosted = hostOneSession(stack.url, credentials, 'typed-server-1', 'typed-tag', [1, 0]);
    const login = (testId: string) => ({ projectId: project.id, auth: { testKey: project.testKey!, testId } });
    const ask = { teamSizes: [1, 1], maxMatchTime: 30, serverTag: 'typed-tag' };
    const players = await Promise.all([playOneMatch(stack.url, login('srv-a'), ask, [1, 0]), playOneMatch(stack.url, login('srv-b'), ask, [1, 0])]);
    const session = await hosted;
    expect(players.map((p) => p.status.status)).toEqual(['matched', 'matched']);
    if (players[0]!.status.status !== 'matched') throw new Error('not matched');
    expect(players[0]!.status.session.server).toMatchObject({ info: { address: '203.0.113.9:7777' } });
    expect(session.externalSessionId).toBe(players[0]!.status.session.externalSessionId);
    // The server's ranks [1, 0]: the second team won, and the session settled on that.
    const second = players.find((p) => p.status.status === 'matched' && p.status.session.teamIndex === 1)!;
    const stats = await eventually(async () => (await second.player!.GET('/v1a/client/info/stats')).data, (s) => s !== undefined && s.rating > 1500);
    expect(stats!.rating).toBeGreaterThan(1500);
  });

  it('when a game backend does the Versus handshake through it, then the token it activated verifies', async () => {
    const project = await stack.createProject();
    const session = await versusSession({ baseUrl: stack.url, gameUuid: project.versus.gameUuid, developerUuid: project.versus.developerUuid, apiSecret: project.versus.apiSecret });
    expect(session.token).toMatch(/^[0-9a-f]{40}$/);
    expect(Date.parse(session.expires)).toBeGreaterThan(Date.now());
    const verified = await call('GET', `${stack.url}/api/v2/games/${project.versus.gameUuid}/session?developer_uuid=${project.versus.developerUuid}&token=${session.token}`);
    expect([verified.status, verified.body.session.state]).toEqual([200, 'active']);
  });

  it('when players pay into a duel and the game reports through it (/platform/v1, the game API), then the match settles and the winner is paid', async () => {
    const project = await stack.createProject();
    const admin = adminClient();
    const config = (await admin.GET('/admin/projects/{projectId}/developer-config.json', { params: { path: { projectId: project.id } } })).data as DeveloperConfig;
    fakeGame = await startFakeGame(config, 0);
    await admin.PUT('/admin/projects/{projectId}/platform', { params: { path: { projectId: project.id } }, body: { matchInfoUrl: fakeGame.matchInfoUrl, gameUrl: 'https://play.example.com/game' } });
    const players = await Promise.all(['duel-host', 'duel-guest'].map(async (testId) => {
      const auth = await matchflowClient(stack.url).POST('/v1a/client/auth', { body: { projectId: project.id, auth: { testKey: project.testKey!, testId } } });
      await admin.POST('/admin/projects/{projectId}/wallets/{playerId}/credit', { params: { path: { projectId: project.id, playerId: `test:${testId}` } }, body: { amount: 5000, reference: `seed-${testId}` } });
      return matchflowClient(stack.url, { bearer: auth.data!.status === 'authenticated' ? auth.data!.clientToken : '' });
    }));

    const { matchId, launches } = await playPaidDuel(players[0]!, players[1]!, 1000);
    expect(fakeGame.calls.filter((c) => c.matchId === matchId).map((c) => [c.method, c.verified])).toEqual([['PUT', true]]);
    const { player, result } = await reportScores(gameBackend(config), launches[0]!.token, { 'test:duel-host': 3, 'test:duel-guest': 1 });
    expect(player).toMatchObject({ match_id: matchId, user_id: 'test:duel-host' });
    expect(result).toMatchObject({ match_id: matchId, submissions_left: 0 });
    const settled = await eventually(async () => (await players[0]!.GET('/platform/v1/matches/{matchId}', { params: { path: { matchId } } })).data, (m) => m?.state === 'settled');
    expect(settled?.payout?.payouts).toEqual([{ playerId: 'test:duel-host', teamId: '1', amount: 1800 }]);
  });
});
