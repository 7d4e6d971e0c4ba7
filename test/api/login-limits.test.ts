import type { Project } from '../../domain/projects';
import { call, type Answer } from '../helpers/http';
import { paidGame } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';

const PER_CREDENTIAL = 5;
const PER_IP = 12;
let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({
    env: { TRUST_PROXY: 'true', LOGIN_FAILURES_PER_IP: String(PER_IP), LOGIN_FAILURES_PER_CREDENTIAL: String(PER_CREDENTIAL), VERSUS_SEEDS_PER_IP_PER_MINUTE: '10' },
  });
  project = await stack.createProject({ padrone: { admins: [{ username: 'ops', password: 'correct horse' }], developers: [] } });
});
afterAll(() => stack.stop());

/** Each case attacks from an address of its own: the per-address limit counts every route together. */
let nextAddress = 10;
const address = () => `203.0.113.${nextAddress++}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });

/** Sends `attempt` until it answers 429; how many failures went before, and the 429 itself. */
async function attackUntilRefused(attempt: () => Promise<Answer>, max = 40): Promise<{ failures: number; refusal: Answer }> {
  for (let i = 0; i < max; i++) {
    const res = await attempt();
    if (res.status === 429) return { failures: i, refusal: res };
  }
  throw new Error(`no 429 after ${max} attempts`);
}

function expectRetryAfter(res: Answer): void {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('login and token routes refuse an address that keeps failing (429, Retry-After), while real users keep working', () => {
  it('when test keys are guessed for a project, then that address is refused after the limit, and a player elsewhere still logs in', async () => {
    const attacker = address();
    const auth = (testKey: string, ip: string) => call('POST', `${stack.url}/v1a/client/auth`, { headers: from(ip), body: { projectId: project.id, auth: { testKey, testId: 'p' } } });
    const { failures, refusal } = await attackUntilRefused(() => auth('wrong', attacker));
    expect(failures).toBe(PER_CREDENTIAL);
    expectRetryAfter(refusal);
    expect((await auth(project.testKey!, attacker)).status).toBe(429);
    expect((await auth(project.testKey!, address())).body.status).toBe('authenticated');
  });

  it('when client secrets are guessed at the realm token endpoint, then 429 in the OAuth shape, and the game elsewhere still gets its token', async () => {
    // Set up from an address of its own: 127.0.0.1's failures from the rest of the suite share this database's counts.
    const { project: game, game: backend } = await paidGame(stack, {}, from(address()));
    backend.forwardedFor = address();
    try {
      const token = (secret: string, ip: string) => fetch(`${stack.url}/auth/realms/letsbet/protocol/openid-connect/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(ip) },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: game.id, client_secret: secret }),
      }).then(async (r) => ({ status: r.status, body: await r.json(), headers: r.headers }));
      const attacker = address();
      const { failures, refusal } = await attackUntilRefused(() => token('guess', attacker));
      expect(failures).toBe(PER_CREDENTIAL);
      expectRetryAfter(refusal);
      expect(refusal.body.error).toBe('too_many_requests');
      expect((await backend.login()).length).toBeGreaterThan(20);
    } finally {
      await backend.stop();
    }
  });

  it('when the admin token is guessed, then that address is refused, and the administrator elsewhere is not', async () => {
    const attacker = address();
    const { failures, refusal } = await attackUntilRefused(() => call('GET', `${stack.url}/admin/projects`, { headers: from(attacker), token: 'x'.repeat(32) }));
    expect(failures).toBe(PER_CREDENTIAL);
    expectRetryAfter(refusal);
    expect((await call('GET', `${stack.url}/admin/projects`, { headers: from(address()), token: stack.config.ADMIN_TOKEN })).status).toBe(200);
  });

  it('when server tokens are guessed, then that address is refused, and the real server elsewhere still registers', async () => {
    const attacker = address();
    const post = (token: string, ip: string) => call('POST', `${stack.url}/v1a/server/match`, { headers: from(ip), body: { projectId: project.id, projectServerToken: token, name: 'srv' } });
    const { failures, refusal } = await attackUntilRefused(() => post('guess', attacker));
    expect(failures).toBe(PER_CREDENTIAL);
    expectRetryAfter(refusal);
    expect((await post(project.serverToken, address())).body).toEqual({ status: 'registered' });
  });

  it('when a Padrone admin password is guessed, then that address is refused, and the admin elsewhere logs in', async () => {
    const me = (password: string, ip: string) => call('GET', `${stack.url}/projects/${project.id}/app/me`, {
      headers: { ...from(ip), 'x-padrone-auth': Buffer.from(`admin:ops,${password}`).toString('base64') },
    });
    const attacker = address();
    const { failures, refusal } = await attackUntilRefused(() => me('guess', attacker));
    expect(failures).toBe(PER_CREDENTIAL);
    expectRetryAfter(refusal);
    expect((await me('correct horse', address())).body).toMatchObject({ isAdmin: true });
  });

  it('when a host password is guessed, then that address is refused, and a player elsewhere with the password joins', async () => {
    const padrone = (n: number, ip: string) => ({ ...from(ip), 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
    const app = (path: string) => `${stack.url}/projects/${project.id}/app${path}`;
    const hostEndpoint = '10.20.0.1:7777';
    const body = { hostName: 'Locked', peerInfo: { external: hostEndpoint, internal: hostEndpoint }, isPrivate: false, version: 'v', maxPlayers: 8, password: 'letmein!' };
    expect((await call('POST', app('/register-host'), { headers: padrone(1, address()), body })).status).toBe(200);
    const attacker = address();
    const { failures, refusal } = await attackUntilRefused(() => call('POST', app('/join'), { headers: padrone(2, attacker), body: { hostEndpoint, password: 'guess' } }));
    expect(failures).toBe(PER_CREDENTIAL);
    expectRetryAfter(refusal);
    expect((await call('POST', app('/join'), { headers: padrone(3, address()), body: { hostEndpoint, password: 'letmein!' } })).status).toBe(200);
  });

  it('when 20 Padrone admin guesses from one address arrive at once, then no more than the limit are checked, and the right password from there is refused too', async () => {
    const attacker = address();
    const me = (password: string) => call('GET', `${stack.url}/projects/${project.id}/app/me`, {
      headers: { ...from(attacker), 'x-padrone-auth': Buffer.from(`admin:ops,${password}`).toString('base64') },
    });
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => me('guess')))).map((r) => r.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(PER_CREDENTIAL);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - PER_CREDENTIAL);
    expect((await me('correct horse')).status).toBe(429);
  });

  it('when client credentials arrive by HTTP Basic with a NUL inside, then 400 invalid_request, not a 500', async () => {
    const basic = Buffer.from(`a%00b:secret`).toString('base64');
    const res = await fetch(`${stack.url}/auth/realms/letsbet/protocol/openid-connect/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, ...from(address()) },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('NUL') });
  });

  it('when 60 Padrone admin guesses from 60 addresses arrive at once, then the password checks past what runs at once are refused 503 at once, and every guess is answered', async () => {
    const guesses = await Promise.all(Array.from({ length: 60 }, () => call('GET', `${stack.url}/projects/${project.id}/app/me`, {
      headers: { ...from(address()), 'x-padrone-auth': Buffer.from('admin:ops,guess').toString('base64') },
    })));
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s !== 403 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(guesses.find((g) => g.status === 503)!.headers.get('retry-after')).toBe('1');
  });

  it('when one address tries many different credentials, then its failures add up and it is refused everywhere, the right credentials included', async () => {
    const attacker = address();
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP; i++) {
      const guess = { projectId: `project-${i}`, projectServerToken: 'guess', name: 'srv' };
      statuses.push((await call('POST', `${stack.url}/v1a/server/match`, { headers: from(attacker), body: guess })).status);
    }
    expect(statuses).toEqual([...Array(PER_IP).fill(401), 429]);
    expectRetryAfter(await call('GET', `${stack.url}/admin/projects`, { headers: from(attacker), token: stack.config.ADMIN_TOKEN }));
  });

  it('when Versus tokens are guessed or seeds flooded, then that address is refused, and the game elsewhere completes its handshake', async () => {
    const attacker = address();
    const session = `${stack.url}/api/v2/games/${project.versus.gameUuid}/session`;
    const { failures, refusal } = await attackUntilRefused(() => call('PUT', session, { headers: from(attacker), body: { developer_uuid: project.versus.developerUuid, token: 'a'.repeat(40) } }));
    expect(failures).toBe(PER_CREDENTIAL);
    expectRetryAfter(refusal);

    const flooder = address();
    const seeds = await attackUntilRefused(() => call('GET', `${session}?developer_uuid=${project.versus.developerUuid}`, { headers: from(flooder) }));
    expect(seeds.failures).toBe(10);
    expectRetryAfter(seeds.refusal);
    expect((await call('GET', `${session}?developer_uuid=${project.versus.developerUuid}`, { headers: from(address()) })).body.session.seed).toMatch(/^[0-9a-f]{40}$/);
  });
});
