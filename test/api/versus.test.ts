import { activate, handshake, requestSeed, tokenForSeed, verify, type VersusGame } from '../../clients/versus-handshake';
import type { Project } from '../../domain/projects';
import { tokenDigest } from '../../domain/versus/tokens';
import { versusTokenWorkflowId } from '../../domain/versus/contract';
import { call, eventually } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
let game: VersusGame;
// Short enough to watch expire, long enough that an activation is verified before it ends on a loaded machine or the
// cluster (a 3 s session expired between a handshake and its verification in CI: the query waits for the worker's first task).
const SEED_TTL = 4;
const SESSION_TTL = 10;

beforeAll(async () => {
  stack = await startStack({ env: { VERSUS_SEED_TTL_SECONDS: String(SEED_TTL), VERSUS_SESSION_TTL_SECONDS: String(SESSION_TTL) } });
  project = await stack.createProject();
  game = { baseUrl: stack.url, gameUuid: project.versus.gameUuid, developerUuid: project.versus.developerUuid, apiSecret: project.versus.apiSecret };
});
afterAll(() => stack.stop());

const sessionPath = (g = game, query = '') => `${stack.url}/api/v2/games/${g.gameUuid}/session?developer_uuid=${g.developerUuid}${query}`;
const put = (body: unknown, path = `${stack.url}/api/v2/games/${game.gameUuid}/session`) => call('PUT', path, { body });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Versus session tokens', () => {
  it('when a game asks without a token, then 401 carries a fresh 40-hex seed each time', async () => {
    const [a, b] = await Promise.all([call('GET', sessionPath()), call('GET', sessionPath())]);
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body.session.seed).toMatch(/^[0-9a-f]{40}$/);
    expect(a.body.session.seed).not.toBe(b.body.session.seed);
  });

  it('when the game activates the hashed seed, then the token verifies with the same expiry until it expires', async () => {
    const session = await handshake(game);
    const expires = Date.parse(session.expires);
    expect(expires - Date.now()).toBeGreaterThan((SESSION_TTL - 3) * 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(SESSION_TTL * 1000);
    const verified = await call('GET', sessionPath(game, `&token=${session.token}`));
    expect([verified.status, verified.body]).toEqual([200, { session: { expires: session.expires, state: 'active' } }]);

    await sleep(expires - Date.now() + 300);
    const after = await call('GET', sessionPath(game, `&token=${session.token}`));
    expect(after.status).toBe(401);
    expect(after.body.session.seed).toMatch(/^[0-9a-f]{40}$/);
  });

  it('when seeds are asked for without authentication, then no workflow starts; only an activation starts one, named without the token', async () => {
    const count = async () => (await stack.temporal.workflow.count(`WorkflowType = 'versusTokenWorkflow' AND ProjectId = '${project.id}'`)).count;
    const before = await count();
    for (let i = 0; i < 10; i++) expect((await call('GET', sessionPath())).status).toBe(401);
    const session = await handshake(game);
    // Visibility lags a moment behind a start: once the activation's own workflow shows, the ten seeds' would have too.
    const workflowId = versusTokenWorkflowId(game.gameUuid, tokenDigest(session.token));
    const shown = async () => (await stack.temporal.workflow.count(`WorkflowId = '${workflowId}'`)).count;
    expect(await eventually(shown, (n) => n === 1)).toBe(1);
    expect(await count()).toBe(before + 1);
    expect(workflowId).not.toContain(session.token);
    expect(JSON.stringify(await stack.temporal.workflow.getHandle(workflowId).fetchHistory())).not.toContain(session.token);
  });

  const SEED_REQUIRED = { error: 'Authentication Seed Required', hint: expect.stringContaining('GET this URL with developer_uuid for a fresh seed') };

  it('when a token is activated twice, then the second answers 401 Authentication Seed Required', async () => {
    const session = await handshake(game);
    const again = await put({ developer_uuid: game.developerUuid, token: session.token });
    expect([again.status, again.body]).toEqual([401, SEED_REQUIRED]);
  });

  it('when the seed expired before activation, then activation answers 401', async () => {
    const seed = await requestSeed(game);
    await sleep(SEED_TTL * 1000 + 500);
    const late = await put({ developer_uuid: game.developerUuid, token: tokenForSeed(game.gameUuid, game.apiSecret, seed) });
    expect([late.status, late.body]).toEqual([401, SEED_REQUIRED]);
  });

  it('when the token is wrong, unknown or malformed, then GET answers 401 with a fresh seed and PUT 401', async () => {
    for (const token of ['0'.repeat(40), 'not-hex', '']) {
      const get = await call('GET', sessionPath(game, `&token=${token}`));
      expect(get.status).toBe(401);
      expect(get.body.session.seed).toMatch(/^[0-9a-f]{40}$/);
    }
    expect((await put({ developer_uuid: game.developerUuid, token: 'f'.repeat(40) })).body).toEqual(SEED_REQUIRED);
    expect((await put({ developer_uuid: game.developerUuid, token: 'xyz' })).status).toBe(401);
  });

  it('when developer_uuid or token is missing, then 400 with the documented message', async () => {
    const noDev = await call('GET', `${stack.url}/api/v2/games/${game.gameUuid}/session`);
    expect([noDev.status, noDev.body]).toEqual([400, { error: 'developer_uuid is missing' }]);
    expect((await put({ token: 'a'.repeat(40) })).body).toEqual({ error: 'developer_uuid is missing' });
    expect((await put(undefined)).body).toEqual({ error: 'developer_uuid is missing' });
    const noToken = await put({ developer_uuid: game.developerUuid });
    expect([noToken.status, noToken.body]).toEqual([400, { error: 'token is missing' }]);
  });

  it('when the developer is unknown, or the game belongs to another developer, then 404 Invalid Developer', async () => {
    const other = await stack.createProject();
    const answers = await Promise.all([
      call('GET', sessionPath({ ...game, developerUuid: 'someone-else' })),
      call('GET', sessionPath({ ...game, developerUuid: other.versus.developerUuid })),
      call('GET', sessionPath({ ...game, gameUuid: 'no-such-game' })),
      put({ developer_uuid: other.versus.developerUuid, token: 'a'.repeat(40) }),
    ]);
    for (const a of answers) expect([a.status, a.body]).toEqual([404, { error: 'Invalid Developer' }]);
  });

  it('when the paths end with a slash, then they answer the same', async () => {
    const seedRes = await call('GET', `${stack.url}/api/v2/games/${game.gameUuid}/session/?developer_uuid=${game.developerUuid}`);
    expect(seedRes.status).toBe(401);
    const token = tokenForSeed(game.gameUuid, game.apiSecret, seedRes.body.session.seed);
    const activated = await put({ developer_uuid: game.developerUuid, token }, `${stack.url}/api/v2/games/${game.gameUuid}/session/`);
    expect(activated.status).toBe(200);
    expect(await verify(game, token)).toBe(true);
  });

  it('when one developer has two games, then each game verifies only its own tokens', async () => {
    const second = await stack.createProject({ versus: { developerUuid: game.developerUuid } });
    const secondGame = { ...game, gameUuid: second.versus.gameUuid, apiSecret: second.versus.apiSecret };
    const session = await handshake(secondGame);
    expect(await verify(secondGame, session.token)).toBe(true);
    expect(await verify(game, session.token)).toBe(false);
  });

  it('when the secret is rotated, then tokens made with the old one stop verifying and cannot be activated', async () => {
    const rotating = await stack.createProject();
    const g = { ...game, gameUuid: rotating.versus.gameUuid, developerUuid: rotating.versus.developerUuid, apiSecret: rotating.versus.apiSecret };
    const active = await handshake(g);
    const pendingSeed = await requestSeed(g);
    const rotated = await call('POST', `${stack.url}/admin/projects/${rotating.id}/versus/rotate-secret`, { token: stack.config.ADMIN_TOKEN });
    expect(rotated.body.versus.apiSecret).not.toBe(g.apiSecret);

    expect(await verify(g, active.token)).toBe(false);
    await expect(activate(g, tokenForSeed(g.gameUuid, g.apiSecret, pendingSeed))).rejects.toThrow('401');
    const fresh = await handshake({ ...g, apiSecret: rotated.body.versus.apiSecret });
    expect(await verify(g, fresh.token)).toBe(true);
  });
});
