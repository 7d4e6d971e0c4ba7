import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { pauseWorker, startStack, type Stack } from '../helpers/stack';
import { startApiServer } from '../../api/server';
import { createLogger } from '../../core/log';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ env: { HOST_JOIN_TIMEOUT_SECONDS: '1' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const as = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
const app = (path: string, base = stack.url) => `${base}/projects/${project.id}/app${path}`;
let port = 9000;
async function host(owner: number, body: Record<string, unknown> = {}): Promise<string> {
  const external = `10.1.0.1:${++port}`;
  const res = await call('POST', app('/register-host'), {
    headers: as(owner), body: { hostName: `h${port}`, peerInfo: { external, internal: '192.168.0.2:1' }, isPrivate: false, version: 'sess', maxPlayers: 4, ...body },
  });
  if (res.status !== 200) throw new Error(`register failed ${res.status}`);
  return external;
}
const join = (n: number, hostEndpoint: string, password?: string) => call('POST', app('/join'), { headers: as(n), body: { hostEndpoint, password } });
const info = (owner: number, hostEndpoint: string, sessionId: string, base = stack.url) =>
  call('GET', app(`/player-info?sessionId=${sessionId}&hostEndpoint=${hostEndpoint}`, base), { headers: as(owner) });
const playerCount = async (endpoint: string) => (await stack.db.selectFrom('hosts').select('player_count').where('endpoint', '=', endpoint).executeTakeFirst())?.player_count;

describe('Padrone joins', () => {
  it('when a player joins, then it gets a UUIDv4 session and secret that only the host owner can read back', async () => {
    const h = await host(1);
    const joined = await join(2, h);
    expect(joined.status).toBe(200);
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(joined.body.sessionId).toMatch(v4);
    expect(joined.body.secret).toMatch(v4);
    const read = await info(1, h, joined.body.sessionId);
    expect(read.body).toEqual({ sessionId: joined.body.sessionId, secret: joined.body.secret, playerInfo: { playerId: 'test:2', name: 'Player 2' } });
    expect((await info(3, h, joined.body.sessionId)).status).toBe(404);
    expect(await eventually(() => playerCount(h), (c) => c === 2)).toBe(2);
  });

  it('when the password is wrong or missing, or the host unknown, then 406 with a reason', async () => {
    const h = await host(1, { password: 'letmein' });
    expect((await join(2, h, 'nope')).body).toEqual({ error: 'wrong password' });
    expect((await join(2, h)).status).toBe(406);
    expect((await join(2, '10.9.9.9:9')).body).toEqual({ error: 'unknown host' });
    expect((await join(2, h, 'letmein')).status).toBe(200);
  });

  it('when two players race for the last slot, then one gets 200 and the other 406', async () => {
    const h = await host(1, { maxPlayers: 2 });
    const [a, b] = await Promise.all([join(2, h), join(3, h)]);
    expect([a.status, b.status].sort()).toEqual([200, 406]);
    expect([a, b].find((r) => r.status === 406)!.body).toEqual({ error: 'host is full' });
  });

  it('when a player joins a second host, then the first session ends; leave ends the second (200 even when not joined)', async () => {
    const [first, second] = [await host(1), await host(1)];
    const s1 = (await join(4, first)).body.sessionId;
    const s2 = (await join(4, second)).body.sessionId;
    await eventually(() => info(1, first, s1), (r) => r.status === 404);
    expect((await info(1, second, s2)).status).toBe(200);
    expect((await call('POST', app('/leave'), { headers: as(4) })).status).toBe(200);
    await eventually(() => info(1, second, s2), (r) => r.status === 404);
    expect((await call('POST', app('/leave'), { headers: as(4) })).status).toBe(200);
  });

  it('when the owner reports a leave, then the session ends; a stranger reporting changes nothing', async () => {
    const h = await host(1);
    const s = (await join(5, h)).body.sessionId;
    await call('POST', app('/report-leave'), { headers: as(6), body: { hostEndpoint: h, sessionId: s } });
    expect((await info(1, h, s)).status).toBe(200);
    await call('POST', app('/report-leave'), { headers: as(1), body: { hostEndpoint: h, sessionId: s } });
    expect((await eventually(() => info(1, h, s), (r) => r.status === 404)).status).toBe(404);
  });

  it('when pings stop listing a player whose join is older than the join timeout, then it is dropped', async () => {
    const h = await host(1);
    const s = (await join(7, h)).body.sessionId;
    await call('POST', app('/ping'), { headers: as(1), body: { hostEndpoint: h, connectedClients: [s] } });
    await new Promise((r) => setTimeout(r, 1200));
    await call('POST', app('/ping'), { headers: as(1), body: { hostEndpoint: h, connectedClients: [s] } });
    expect((await info(1, h, s)).status).toBe(200);
    await call('POST', app('/ping'), { headers: as(1), body: { hostEndpoint: h, connectedClients: [] } });
    expect((await info(1, h, s)).status).toBe(404);
  });

  it('when the worker and the API restart mid-session, then the host list and the session are unchanged', async () => {
    const h = await host(1);
    const s = (await join(8, h)).body;
    const before = (await call('GET', app('/list-hosts?version=sess&hideFull=false'), { headers: as(1) })).body;
    const resume = await pauseWorker(stack);
    const api = await startApiServer({ ...stack.config, PORT: 0 }, createLogger('silent'));
    await resume();
    try {
      const after = (await call('GET', app('/list-hosts?version=sess&hideFull=false', api.url), { headers: as(1) })).body;
      expect(after).toEqual(before);
      expect((await info(1, h, s.sessionId, api.url)).body).toMatchObject({ sessionId: s.sessionId, secret: s.secret });
    } finally {
      await api.stop();
    }
  });
});
