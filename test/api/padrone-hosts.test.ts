import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ env: { HOST_PING_TIMEOUT_SECONDS: '2', TRUST_PROXY: 'true' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

/** The C# client's header: base64 of "method:credentials"; here the development method, player N. */
const as = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
const app = (path: string) => `${stack.url}/projects/${project.id}/app${path}`;
const register = (n: number, body: Record<string, unknown>) =>
  call('POST', app('/register-host'), { headers: as(n), body: { hostName: 'Host', isPrivate: false, version: 'v1', maxPlayers: 8, ...body } });
const list = (query: string, headers: Record<string, string> = {}) => call('GET', app(`/list-hosts?${query}`), { headers: { ...as(99), ...headers } });
const peer = (external: string) => ({ external, internal: '192.168.1.10:7777' });
let port = 7000;
const nextEndpoint = (ip = '10.0.0.1') => `${ip}:${++port}`;

describe('Padrone hosts', () => {
  it('when a player registers a host, then it is listed as Padrone lists it, name cut at 100 characters, password never shown', async () => {
    const external = nextEndpoint('145.100.0.1');
    const res = await register(1, { hostName: 'x'.repeat(120), peerInfo: peer(external), version: 'list-1', password: 'secret' });
    expect(res.status).toBe(200);
    const hidden = await list('version=list-1');
    expect(hidden.body).toEqual([]);
    const shown = await eventually(() => list('version=list-1&hidePasswordProtected=false'), (r) => r.body.length === 1);
    expect(shown.body[0]).toMatchObject({
      name: `${'x'.repeat(100)}...`, hostedBy: 'Player 1', peerInfo: peer(external), isPasswordProtected: true, country: 'Netherlands',
      version: 'list-1', playerCount: 1, maxPlayers: 8,
    });
    expect(Date.parse(shown.body[0].onlineSince)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(shown.body)).not.toContain('secret');
  });

  it('when another player registers the same endpoint, then 406; the owner re-registering replaces the host', async () => {
    const external = nextEndpoint();
    await register(1, { hostName: 'First', peerInfo: peer(external), version: 'own-1' });
    const stolen = await register(2, { hostName: 'Thief', peerInfo: peer(external), version: 'own-1' });
    expect(stolen.status).toBe(406);
    await register(1, { hostName: 'Renamed', peerInfo: peer(external), version: 'own-1' });
    const listed = await eventually(() => list('version=own-1'), (r) => r.body[0]?.name === 'Renamed');
    expect(listed.body.map((h: { name: string }) => h.name)).toEqual(['Renamed']);
  });

  it('when private, full or of another version, then a host is not listed (full only with hideFull=true)', async () => {
    await register(3, { hostName: 'Private', peerInfo: peer(nextEndpoint()), version: 'filter-1', isPrivate: true });
    await register(3, { hostName: 'Full', peerInfo: peer(nextEndpoint()), version: 'filter-1', maxPlayers: 1 });
    await register(3, { hostName: 'Other', peerInfo: peer(nextEndpoint()), version: 'filter-2' });
    const all = await eventually(() => list('version=filter-1&hideFull=false'), (r) => r.body.length === 1);
    expect(all.body.map((h: { name: string }) => h.name)).toEqual(['Full']);
    expect((await list('version=filter-1')).body).toEqual([]);
  });

  it('when the owner pings, then 200; a stranger or an unknown host gets 406', async () => {
    const external = nextEndpoint();
    await register(4, { peerInfo: peer(external), version: 'ping-1' });
    const ping = (n: number, hostEndpoint: string) => call('POST', app('/ping'), { headers: as(n), body: { hostEndpoint, connectedClients: [] } });
    expect((await ping(4, external)).status).toBe(200);
    expect((await ping(5, external)).status).toBe(406);
    expect((await ping(4, '10.9.9.9:1')).status).toBe(406);
  });

  it('when a host stops pinging, then it leaves the list after the ping timeout; pinging keeps it', async () => {
    const [quiet, chatty] = [nextEndpoint(), nextEndpoint()];
    await register(6, { hostName: 'quiet', peerInfo: peer(quiet), version: 'timeout-1' });
    await register(6, { hostName: 'chatty', peerInfo: peer(chatty), version: 'timeout-1' });
    const keepAlive = setInterval(() => void call('POST', app('/ping'), { headers: as(6), body: { hostEndpoint: chatty, connectedClients: [] } }), 500);
    try {
      await eventually(() => list('version=timeout-1'), (r) => r.body.length === 2);
      const after = await eventually(() => list('version=timeout-1'), (r) => r.body.length === 1, 10_000);
      expect(after.body.map((h: { name: string }) => h.name)).toEqual(['chatty']);
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('when the owner unregisters, then the host goes; a stranger unregistering changes nothing; both answer 200', async () => {
    const external = nextEndpoint();
    await register(7, { peerInfo: peer(external), version: 'unreg-1' });
    await eventually(() => list('version=unreg-1'), (r) => r.body.length === 1);
    expect((await call('POST', app('/unregister-host'), { headers: as(8), body: { externalEndpoint: external } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await list('version=unreg-1')).body).toHaveLength(1);
    expect((await call('POST', app('/unregister-host'), { headers: as(7), body: { externalEndpoint: external } })).status).toBe(200);
    expect((await eventually(() => list('version=unreg-1'), (r) => r.body.length === 0)).body).toEqual([]);
  });

  it('when the caller is located, then hosts sort by great-circle distance with unknown distance first', async () => {
    await register(9, { hostName: 'unknown', peerInfo: peer(nextEndpoint('10.0.0.1')), version: 'geo-1' });
    await register(9, { hostName: 'far', peerInfo: peer(nextEndpoint('8.8.8.8')), version: 'geo-1' });
    await register(9, { hostName: 'near', peerInfo: peer(nextEndpoint('145.100.0.1')), version: 'geo-1' });
    await register(9, { hostName: 'v6', peerInfo: { external: '[2001:db8::1]:7777', internal: '[fe80::1]:7777' }, version: 'geo-1' });
    const res = await eventually(() => list('version=geo-1', { 'x-forwarded-for': '145.100.0.2' }), (r) => r.body.length === 4);
    const names = res.body.map((h: { name: string }) => h.name);
    expect(names.slice(2)).toEqual(['near', 'far']);
    expect(names.slice(0, 2).sort()).toEqual(['unknown', 'v6']);
    const [near, far] = res.body.slice(2);
    expect(near.distanceInKm).toBeLessThan(100);
    expect(far.distanceInKm).toBeGreaterThan(5000);
    expect(res.body[0].distanceInKm).toBeUndefined();
  });

  it('when limit is out of range, then it is clamped to 0–100', async () => {
    expect((await list('version=geo-1&limit=1')).body).toHaveLength(1);
    expect((await list('version=geo-1&limit=-5')).body).toEqual([]);
    expect((await list('version=geo-1&limit=1000')).body).toHaveLength(4);
  });

  it('when version is missing or the body is malformed, then 400 with a message', async () => {
    const noVersion = await list('hideFull=false');
    expect([noVersion.status, noVersion.body.error]).toEqual([400, 'query.version: version is required']);
    const bad = await register(1, { peerInfo: { external: 'not-an-endpoint', internal: '1.2.3.4:5' }, maxPlayers: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.maxPlayers', 'body.peerInfo.external']);
    expect((await call('GET', app('/list-hosts?version=v1'))).status).toBe(403);
  });
});
