import { call, eventually } from '../helpers/http';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const admin = (method: string, path: string, body?: unknown) => call(method, `${stack.url}/admin${path}`, { body, token: stack.config.ADMIN_TOKEN });
const auth = (projectId: string, testKey: string, testId = 'alice') =>
  call('POST', `${stack.url}/v1a/client/auth`, { body: { projectId, auth: { testKey, testId } } });
const padroneAuth = (credentials: string) => ({ 'x-padrone-auth': Buffer.from(credentials).toString('base64') });

describe('PATCH /admin/projects/{id}: settings that change after creation', () => {
  it('when settings are patched, then only those change, null takes one away, and each change counts a revision', async () => {
    const project = await stack.createProject({ itch: { apiBaseUrl: 'https://itch.io', serverKey: 'itch-key', gameId: '7' }, steam: { appId: 480 } });
    const renamed = await admin('PATCH', `/projects/${project.id}`, { name: 'Volo 2', itch: { serverKey: null }, steam: { appId: 481 } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Volo 2', itch: { apiBaseUrl: 'https://itch.io', gameId: '7' }, steam: { appId: 481 }, revision: 1, testKey: '********' });
    expect(renamed.body.itch.serverKey).toBeUndefined();
    const again = await admin('PATCH', `/projects/${project.id}`, { platform: { rakeBps: 500 } });
    expect(again.body).toMatchObject({ name: 'Volo 2', revision: 2, platform: { rakeBps: 500, payoutTableBps: [10000] } });
  });

  it('when Padrone admins and developers are patched, then the new admin logs in at /app and the developer is reported', async () => {
    const project = await stack.createProject();
    const patched = await admin('PATCH', `/projects/${project.id}`, { padrone: { admins: [{ username: 'ops', password: 'correct horse' }], developers: ['test:1'] } });
    expect(patched.body.padrone).toEqual({ admins: ['ops'], developers: ['test:1'] });
    const me = (credentials: string) => call('GET', `${stack.url}/projects/${project.id}/app/me`, { headers: padroneAuth(credentials) });
    expect((await me('admin:ops,correct horse')).body).toMatchObject({ isAdmin: true });
    expect((await me(`test:${project.testKey},1`)).body).toMatchObject({ isDeveloper: true });
    expect((await me('admin:ops,wrong password')).status).toBe(403);
  });

  it('when the server token is rotated and test logins turned off, then the old credentials stop working and the answer shows the new token once', async () => {
    const project = await stack.createProject();
    const rotated = await admin('PATCH', `/projects/${project.id}`, { rotate: ['serverToken'], testKey: false });
    expect(rotated.body.serverToken).toHaveLength(32);
    expect(rotated.body.serverToken).not.toBe(project.serverToken);
    expect(rotated.body.testKey).toBeUndefined();
    expect([rotated.body.versus.apiSecret, rotated.body.platform.clientSecret]).toEqual(['********', '********']);
    expect((await admin('GET', `/projects/${project.id}`)).body.serverToken).toBe('********');
    const offer = (token: string) => call('POST', `${stack.url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: token, serverTag: 'x', name: 's1', timeout: 30 } });
    expect((await offer(project.serverToken)).status).toBe(401);
    expect((await offer(rotated.body.serverToken)).status).toBe(200);
    expect((await auth(project.id, project.testKey!)).body).toMatchObject({ status: 'notAuthenticated', error: expect.stringMatching(/^test keys are disabled/) });
    const back = await admin('PATCH', `/projects/${project.id}`, { testKey: true });
    expect([back.body.testKey, back.body.serverToken]).toEqual([expect.stringMatching(/^[\w-]{32}$/), '********']);
    expect((await auth(project.id, back.body.testKey)).body.status).toBe('authenticated');
    const refused = await admin('PATCH', `/projects/${project.id}`, { rotate: ['testKey'], testKey: false });
    expect([refused.status, refused.body.error]).toEqual([400, 'rotate: testKey cannot be rotated while testKey: false turns test logins off']);
  });

  it('when the change is malformed, empty or for an unknown project, then 400 names the field, or 404', async () => {
    const project = await stack.createProject();
    const answers = await Promise.all([
      admin('PATCH', `/projects/${project.id}`, { groupingRule: { kind: 'rating', tolerance: -1, widenPerSecond: 0, maxTolerance: 0 } }),
      admin('PATCH', `/projects/${project.id}`, {}),
      admin('PATCH', `/projects/${project.id}`, { serverToken: 'mine' }),
      admin('PATCH', '/projects/00000000-0000-4000-8000-000000000000', { name: 'x' }),
    ]);
    expect(answers.map((a) => [a.status, a.body.error])).toEqual([
      [400, expect.stringContaining('body.groupingRule.tolerance')],
      [400, 'body: name at least one setting to change'],
      [400, expect.stringContaining('body: Unrecognized key: "serverToken"')],
      [404, 'no such project (or it is retired)'],
    ]);
    expect((await admin('GET', `/projects/${project.id}`)).body.revision).toBe(0);
  });
});

describe('a project\'s grouping rule, changed while its matcher runs', () => {
  it('when the rule that kept two waiting players apart is replaced, then the running matcher groups them at once', async () => {
    const project = await stack.createProject({ groupingRule: { kind: 'rating', tolerance: 50, widenPerSecond: 0, maxTolerance: 50 } });
    const names = ['far-low', 'far-high'];
    const tokens = await Promise.all(names.map((n) => loginTestPlayer(stack.url, project, n)));
    await stack.db.insertInto('ratings').values(names.map((n, i) => ({
      project_id: project.id, player_id: `test:${n}`, rating: [1000, 1600][i]!, deviation: 100, volatility: 0.06,
    }))).execute();
    const ask = { maxMatchTime: 60, matchTag: 'one-pool' };
    const matchTokens = [await requestMatch(stack.url, tokens[0]!, ask), await requestMatch(stack.url, tokens[1]!, ask)];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await matchStatus(stack.url, tokens[0]!, matchTokens[0]!)).toEqual({ status: 'inProgress' });

    const changedAt = Date.now();
    expect((await admin('PATCH', `/projects/${project.id}`, { groupingRule: { kind: 'arrival' } })).status).toBe(200);
    const statuses = await Promise.all(tokens.map((t, i) => eventually(() => matchStatus(stack.url, t, matchTokens[i]!), (s) => s.status !== 'inProgress')));
    expect(statuses.map((s) => s.status)).toEqual(['matched', 'matched']);
    expect(statuses[0].session.externalSessionId).toBe(statuses[1].session.externalSessionId);
    // Long before the tickets' 60 s: the matcher took the rule now, not at its next continue-as-new or restart.
    expect(Date.now() - changedAt).toBeLessThan(20_000);
  });
});

describe('DELETE /admin/projects/{id}: retiring a project', () => {
  it('when a project is retired, then its running host still pings, its server still lists sessions and players can be paid out; nothing new starts', async () => {
    const project = await stack.createProject();
    const host = { 'x-padrone-auth': Buffer.from(`test:${project.testKey},1`).toString('base64') };
    const app = `${stack.url}/projects/${project.id}/app`;
    const endpoint = '198.51.100.4:7777';
    const registration = { hostName: 'h', peerInfo: { external: endpoint, internal: '10.0.0.4:7777' }, isPrivate: false, version: 'r1', maxPlayers: 4 };
    expect((await call('POST', `${app}/register-host`, { headers: host, body: registration })).status).toBe(200);
    const server = { projectId: project.id, projectServerToken: project.serverToken, name: 'retiring', serverTag: 'r' };
    expect((await call('POST', `${stack.url}/v1a/server/match`, { body: { ...server, timeout: 30 } })).status).toBe(200);
    const wallet = `/projects/${project.id}/wallets/test:payee`;
    expect((await admin('POST', `${wallet}/credit`, { amount: 500, reference: 'before' })).status).toBe(201);

    await admin('DELETE', `/projects/${project.id}`);
    expect((await call('POST', `${app}/ping`, { headers: host, body: { hostEndpoint: endpoint, connectedClients: [] } })).status).toBe(200);
    expect((await call('POST', `${app}/register-host`, { headers: host, body: { ...registration, peerInfo: { ...registration.peerInfo, external: '198.51.100.4:7778' } } })).status).toBe(404);
    expect((await call('POST', `${stack.url}/v1a/server/match/sessions`, { body: server })).body).toEqual({ sessions: [] });
    expect((await call('POST', `${stack.url}/v1a/server/match`, { body: { ...server, timeout: 30 } })).status).toBe(404);
    expect((await admin('POST', `${wallet}/withdraw`, { amount: 500, reference: 'payout' })).status).toBe(201);
    expect((await admin('POST', `${wallet}/credit`, { amount: 1, reference: 'after' })).body.error).toBe('this project is retired: it takes no deposits');
  });

  it('when a project is retired, then logins and match requests are refused, lists leave it out, and it can still be shown', async () => {
    const project = await stack.createProject();
    const token = await loginTestPlayer(stack.url, project, 'before-retirement');
    const retired = await admin('DELETE', `/projects/${project.id}`);
    expect(retired.status).toBe(200);
    expect(retired.body.retiredAt).toEqual(expect.any(String));
    expect((await admin('DELETE', `/projects/${project.id}`)).body.retiredAt).toBe(retired.body.retiredAt);

    expect((await auth(project.id, project.testKey!)).body).toEqual({ status: 'notAuthenticated', error: `project ${project.id} is retired: it takes no new logins` });
    const ask = await call('POST', `${stack.url}/v1a/client/match`, { token, body: { teamSizes: [1, 1], maxMatchTime: 5 } });
    expect([ask.status, ask.body.error]).toEqual([404, 'this project is retired: it takes no new match requests']);
    expect((await admin('GET', '/projects')).body.map((p: { id: string }) => p.id)).not.toContain(project.id);
    expect((await admin('GET', '/projects?retired=true')).body.map((p: { id: string }) => p.id)).toContain(project.id);
    expect((await admin('GET', `/projects/${project.id}`)).body.retiredAt).toBe(retired.body.retiredAt);
    expect((await admin('PATCH', `/projects/${project.id}`, { name: 'back' })).status).toBe(404);
  });
});
