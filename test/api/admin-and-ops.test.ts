import { call } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());

const admin = (method: string, path: string, body?: unknown, token = stack.config.ADMIN_TOKEN) =>
  call(method, `${stack.url}/admin${path}`, { body, token });

describe('admin projects API', () => {
  it('when an admin creates a project, then its credentials are shown once and masked afterwards unless revealed', async () => {
    const created = await admin('POST', '/projects', { name: 'Volo', steam: { appId: 480, ticketKey: 'ab'.repeat(32) } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Volo', steam: { appId: 480, ticketKey: 'ab'.repeat(32) } });
    expect(created.body.testKey).toHaveLength(32);
    expect(created.body.serverToken).toHaveLength(32);

    const shown = await admin('GET', `/projects/${created.body.id}`);
    expect(shown.body).toMatchObject({ id: created.body.id, testKey: '********', serverToken: '********', steam: { ticketKey: '********' } });
    const revealed = await admin('GET', `/projects/${created.body.id}?reveal=true`);
    expect(revealed.body).toEqual(created.body);
    const listed = await admin('GET', '/projects');
    expect(listed.body.map((p: { id: string }) => p.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.serverToken);
  });

  it('when the admin token is missing or wrong, then 401 and nothing is created', async () => {
    const name = `refused-${Date.now()}`;
    const answers = await Promise.all([
      call('POST', `${stack.url}/admin/projects`, { body: { name } }),
      admin('POST', '/projects', { name }, 'wrong-token-wrong-token'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    // By name: other test files create projects in the same database meanwhile.
    expect((await admin('GET', '/projects')).body.filter((p: { name: string }) => p.name === name)).toEqual([]);
  });

  it('when the project input is bad, then 400 names the field; an unknown project is 404', async () => {
    const bad = await admin('POST', '/projects', { name: '', steam: { ticketKey: 'xyz' }, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body', 'body.name', 'body.steam.ticketKey']);
    expect((await admin('GET', '/projects/nope')).status).toBe(404);
    expect((await admin('GET', '/projects?reveal=maybe')).status).toBe(400);
  });
});

describe('operations endpoints', () => {
  it('when Temporal and the database answer, then /healthz and /readyz say so', async () => {
    expect((await call('GET', `${stack.url}/healthz`)).body).toEqual({ status: 'ok' });
    expect((await call('GET', `${stack.url}/readyz`)).body).toEqual({ status: 'ready', checks: { temporal: 'ok', database: 'ok' } });
  });

  it('when a request carries X-Request-Id, then the answer echoes it; otherwise one is made', async () => {
    expect((await call('GET', `${stack.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    expect((await call('GET', `${stack.url}/healthz`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when the OpenAPI document is fetched, then it describes every route with the schemas the handlers use', async () => {
    const doc = (await call('GET', `${stack.url}/openapi.json`)).body;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/', '/admin/console-users', '/admin/console-users/{username}', '/admin/projects', '/admin/projects/{projectId}', '/admin/projects/{projectId}/versus/rotate-secret', '/api/v2/games/{game_uuid}/session',
      ...['/health-check', '/me', '/register-host', '/unregister-host', '/ping', '/list-hosts', '/join', '/leave', '/report-leave', '/player-info']
        .flatMap((route) => [`/app${route}`, `/projects/{projectId}/app${route}`]),
      '/healthz', '/readyz', '/metrics', '/v1a/client/auth', '/v1a/client/info/stats', '/v1a/client/match', '/v1a/client/match/{matchToken}',
      '/v1a/client/leaderboard', '/v1a/client/leaderboard/around-me', '/v1a/client/results',
      '/v1a/client/session/{sessionToken}/result', '/v1a/server/match', '/v1a/server/match/sessions', '/v1a/server/session/{serverSessionToken}/result',
      ...['/balances', '/check', '/matches', '/matches/{matchId}', '/summary', '/transactions'].map((route) => `/admin/finance${route}`),
      ...['/developer-config.json', '/paid-matches/{matchId}/abort', '/platform', '/platform/rotate-secret', '/wallets/{playerId}', '/wallets/{playerId}/credit', '/wallets/{playerId}/withdraw',
        '/leaderboard', '/players/{playerId}/results', '/sessions', '/session-webhooks/deliveries']
        .map((route) => `/admin/projects/{projectId}${route}`),
      '/api/game/v1/finish', '/api/game/v1/token-info', '/api/games/v1/finish',
      '/auth/realms/{realm}', '/auth/realms/{realm}/protocol/openid-connect/certs', '/auth/realms/{realm}/protocol/openid-connect/token',
      '/auth/realms/{realm}/.well-known/openid-configuration', '/.well-known/jwks.json',
      ...['/history', '/matches', '/matches/{matchId}', '/matches/{matchId}/confirm', '/matches/{matchId}/join', '/matches/{matchId}/launch', '/matches/{matchId}/leave',
        '/wallet', '/wallet/transactions'].map((route) => `/platform/v1${route}`),
    ].sort());
    expect(doc.components.schemas.CreatePaidMatch.required).toEqual(['entryFee', 'teams', 'teamSize']);
    expect(doc.components.schemas.MatchRequest.required).toEqual(['teamSizes', 'maxMatchTime']);
    const docs = await call('GET', `${stack.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger-ui');
  });

  it('when a wallet of a project that does not exist is read, then 404, as credit and withdraw answer', async () => {
    const wallet = '/projects/00000000-0000-4000-8000-000000000000/wallets/test:alice';
    const answers = await Promise.all([
      admin('GET', wallet), admin('POST', `${wallet}/credit`, { amount: 1, reference: 'r' }), admin('POST', `${wallet}/withdraw`, { amount: 1, reference: 'r' }),
    ]);
    expect(answers.map((a) => [a.status, a.body.error])).toEqual([[404, 'no such project'], [404, 'no such project'], [404, 'no such project']]);
  });

  it('when games fetch the signing keys at /.well-known/jwks.json, then the answer may be cached for 5 minutes, as the realm\'s certs', async () => {
    const answers = await Promise.all([fetch(`${stack.url}/.well-known/jwks.json`), fetch(`${stack.url}/auth/realms/${stack.config.PLATFORM_REALM}/protocol/openid-connect/certs`)]);
    expect(answers.map((res) => [res.status, res.headers.get('cache-control')])).toEqual([[200, 'public, max-age=300'], [200, 'public, max-age=300']]);
  });

  it('when the bare address is opened, then it points to the API reference', async () => {
    const root = await call('GET', `${stack.url}/`);
    expect([root.status, root.body]).toEqual([200, { service: 'Matchflow', docs: `${stack.url}/docs`, openapi: `${stack.url}/openapi.json`, health: `${stack.url}/readyz` }]);
  });

  it('when a route does not exist, then 404 with a JSON error', async () => {
    expect((await call('GET', `${stack.url}/v1a/nothing`)).body).toEqual({ error: 'no route for GET /v1a/nothing', code: 'notFound' });
  });
});
