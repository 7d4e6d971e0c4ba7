import { startApiServer } from '../../api/server';
import { createLogger } from '../../core/log';
import type { Project } from '../../domain/projects';
import { startFakeItch, type FakeItch } from '../fakes/itch';
import { startFakeOculus } from '../fakes/oculus';
import { startFakeSteam, type FakeSteam } from '../fakes/steam-web-api';
import { call } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let steam: FakeSteam;
let itch: FakeItch;
let oculus: Awaited<ReturnType<typeof startFakeOculus>>;
let project: Project;

beforeAll(async () => {
  [stack, steam, itch, oculus] = await Promise.all([startStack({ worker: false }), startFakeSteam(480), startFakeItch(), startFakeOculus('oc-app', 'oc-secret')]);
  project = await stack.createProject({
    steam: { appId: 480 },
    itch: { apiBaseUrl: itch.url, serverKey: itch.serverKey, gameId: itch.gameId },
    padrone: {
      steam: { webApiKey: steam.webApiKey, apiBaseUrl: steam.url },
      oculus: { appId: 'oc-app', appSecret: 'oc-secret', apiBaseUrl: oculus.url },
      admins: [{ username: 'ops', password: 'correct horse battery' }],
      developers: ['steam:76561197960287930'],
    },
  });
  steam.tickets.set('deadbeef', '76561197960287930');
  steam.owners.add('76561197960287930');
  steam.names.set('76561197960287930', { personaname: 'Dev Dana', avatarfull: 'https://avatars/dana.jpg' });
  steam.tickets.set('cafe', '76561197960287931');
  itch.users.set('itch-key', { id: 42, username: 'ivy', display_name: 'Ivy', cover_url: 'https://img/ivy.png' });
  itch.owners.add(42);
  oculus.nonces.set('1234', 'n0nce');
});
afterAll(async () => {
  await Promise.all([stack.stop(), steam.close(), itch.close(), oculus.close()]);
});
beforeEach(() => {
  steam.failWith = undefined;
});

const auth = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const me = (header?: string, base = `${stack.url}/projects/${project.id}/app`) =>
  call('GET', `${base}/me`, { headers: header === undefined ? {} : { 'x-padrone-auth': header } });

describe('Padrone login (X-Padrone-Auth)', () => {
  it('when the health check is called, then it answers 200 without any login', async () => {
    expect((await call('GET', `${stack.url}/projects/${project.id}/app/health-check`)).status).toBe(200);
    expect((await call('GET', `${stack.url}/app/health-check`)).status).toBe(200);
  });

  it('when a Steam ticket is valid and the game owned, then /me has the Steam name, avatar and developer flag', async () => {
    const res = await me(auth('steam:DEADBEEF'));
    expect([res.status, res.body]).toEqual([200, { name: 'Dev Dana', avatarUrl: 'https://avatars/dana.jpg', isAdmin: false, isDeveloper: true }]);
  });

  it('when a successful login repeats, then it comes from the cache; a failure is never cached', async () => {
    await me(auth('steam:deadbeef'));
    const calls = steam.calls;
    expect((await me(auth('steam:deadbeef'))).status).toBe(200);
    expect(steam.calls).toBe(calls);

    steam.tickets.delete('f00d');
    expect((await me(auth('steam:f00d'))).status).toBe(403);
    steam.tickets.set('f00d', '76561197960287930');
    expect((await me(auth('steam:f00d'))).status).toBe(200);
  });

  it('when the Steam player does not own the game, the ticket is unknown, or the header is not hex, then 403', async () => {
    for (const header of ['steam:cafe', 'steam:abad1dea', 'steam:not-hex']) expect((await me(auth(header))).status).toBe(403);
  });

  it('when Steam is down, then 503 (try again), not 403', async () => {
    steam.failWith = 503;
    const res = await me(auth('steam:0123abcd'));
    expect([res.status, res.body.code]).toEqual([503, 'providerUnavailable']);
  });

  it('when itch.io vouches for an API key or a download key, then the player is its itch account', async () => {
    const byKey = await me(auth('itch.apikey:itch-key'));
    expect(byKey.body).toEqual({ name: 'Ivy', avatarUrl: 'https://img/ivy.png', isAdmin: false, isDeveloper: false });
    itch.downloadKeys.set('dl-key', { id: 42, username: 'ivy', display_name: 'Ivy' });
    expect((await me(auth('itch.downloadkey:dl-key'))).body.name).toBe('Ivy');
    expect((await me(auth('itch.downloadkey:stolen'))).status).toBe(403);
  });

  it('when Oculus validates the user nonce, then the player is in; a wrong nonce is 403', async () => {
    expect((await me(auth('oculus:1234,n0nce'))).body).toEqual({ isAdmin: false, isDeveloper: false });
    expect((await me(auth('oculus:1234,replayed'))).status).toBe(403);
    expect((await me(auth('oculus:1234'))).status).toBe(403);
  });

  it('when an admin logs in with the right password, then isAdmin; a wrong password or unknown admin is 403', async () => {
    expect((await me(auth('admin:ops,correct horse battery'))).body).toMatchObject({ name: 'ops', isAdmin: true });
    expect((await me(auth('admin:ops,wrong'))).status).toBe(403);
    expect((await me(auth('admin:nobody,correct horse battery'))).status).toBe(403);
  });

  it('when the development test method carries the project test key, then player N is in', async () => {
    expect((await me(auth(`test:${project.testKey},7`))).body).toMatchObject({ name: 'Player 7', isAdmin: false });
    expect((await me(auth('test:wrong-key,7'))).status).toBe(403);
  });

  it('when the header is missing, not base64, has no method or an unknown one, then 403', async () => {
    for (const header of [undefined, '%%%', auth('steam'), auth(':abc'), auth('facebook:abc'), auth('steam:')]) {
      const res = await me(header);
      expect(res.status).toBe(403);
    }
  });

  it('when PADRONE_DEFAULT_PROJECT names a project, then /app serves that project', async () => {
    const api = await startApiServer({ ...stack.config, PORT: 0, PADRONE_DEFAULT_PROJECT: project.id }, createLogger('silent'));
    try {
      expect((await me(auth(`test:${project.testKey},3`), `${api.url}/app`)).body).toEqual({ name: 'Player 3', isAdmin: false, isDeveloper: false });
    } finally {
      await api.stop();
    }
  });

  it('when /app has no default project configured, then it says how to reach a project', async () => {
    const res = await me(auth('steam:deadbeef'), `${stack.url}/app`);
    expect([res.status, res.body.error]).toEqual([404, 'no default Padrone project: set PADRONE_DEFAULT_PROJECT or use /projects/{projectId}/app']);
  });
});
