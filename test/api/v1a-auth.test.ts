import { randomBytes } from 'node:crypto';
import type { Project } from '../../domain/projects';
import { startFakeItch, type FakeItch } from '../fakes/itch';
import { buildEncryptedAppTicket } from '../fakes/steam-ticket';
import { call } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let itch: FakeItch;
let project: Project;
const steamKey = randomBytes(32);

beforeAll(async () => {
  [stack, itch] = await Promise.all([startStack({ worker: false }), startFakeItch()]);
  project = await stack.createProject({
    itch: { apiBaseUrl: itch.url, serverKey: itch.serverKey, gameId: itch.gameId },
    steam: { appId: 480, ticketKey: steamKey.toString('hex') },
  });
  itch.users.set('jwt-of-bob', { id: 7, username: 'bob', display_name: 'Bob B', cover_url: 'https://img/bob.png' });
  itch.users.set('key-of-carol', { id: 8, username: 'carol' });
  itch.users.set('jwt-of-pirate', { id: 9, username: 'pirate' });
  itch.owners.add(7).add(8);
});
afterAll(async () => {
  await Promise.all([stack.stop(), itch.close()]);
});
beforeEach(() => {
  itch.failWith = undefined;
});

const auth = (body: unknown) => call('POST', `${stack.url}/v1a/client/auth`, { body });

describe('POST /v1a/client/auth', () => {
  it('when a test key and id are right, then the player gets a client token naming them', async () => {
    const res = await auth({ projectId: project.id, auth: { testKey: project.testKey, testId: 'alice' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'authenticated', name: 'alice' });
    expect(await stack.sealer.openClient(res.body.clientToken)).toEqual({ projectId: project.id, playerId: 'test:alice', name: 'alice' });
  });

  it('when the test key is wrong, the project unknown or test keys disabled, then notAuthenticated with HTTP 200', async () => {
    const noTestKeys = await stack.createProject({ testKey: false });
    const answers = await Promise.all([
      auth({ projectId: project.id, auth: { testKey: 'wrong', testId: 'alice' } }),
      auth({ projectId: 'no-such-project', auth: { testKey: project.testKey, testId: 'alice' } }),
      auth({ projectId: noTestKeys.id, auth: { testKey: 'anything', testId: 'alice' } }),
    ]);
    expect(answers.map((a) => [a.status, a.body.status, a.body.error])).toEqual([
      [200, 'notAuthenticated', expect.stringMatching(/^wrong test key for this project: use the testKey that .*show <projectId> --reveal/)],
      [200, 'notAuthenticated', expect.stringMatching(/^unknown project no-such-project: .*project -- list/)],
      [200, 'notAuthenticated', expect.stringMatching(/^test keys are disabled for this project/)],
    ]);
    expect(JSON.stringify(answers.map((a) => a.body))).not.toContain(project.testKey);
  });

  it('when testId is a JSON integer, as the seed types it, then the player logs in under its decimal string', async () => {
    const res = await auth({ projectId: project.id, auth: { testKey: project.testKey, testId: 42 } });
    expect(res.body).toMatchObject({ status: 'authenticated', name: '42' });
    expect((await stack.sealer.openClient(res.body.clientToken))?.playerId).toBe('test:42');
  });

  it('when projectId is missing, then 400 says body.projectId is required', async () => {
    const res = await auth({ auth: { testKey: project.testKey, testId: 'alice' } });
    expect([res.status, res.body.error]).toEqual([400, 'body.projectId: is required']);
  });

  it('when an itch.io JWT belongs to an owner of the game, then name and picture come from itch.io', async () => {
    const res = await auth({ projectId: project.id, auth: { itchJwtToken: 'jwt-of-bob' } });
    expect(res.body).toMatchObject({ status: 'authenticated', name: 'Bob B', pictureUrl: 'https://img/bob.png' });
    expect((await stack.sealer.openClient(res.body.clientToken))?.playerId).toBe('itch:7');
  });

  it('when an itch.io API key is valid, then the player is authenticated by its itch id', async () => {
    const res = await auth({ projectId: project.id, auth: { itchApiKey: 'key-of-carol' } });
    expect(res.body).toMatchObject({ status: 'authenticated', name: 'carol' });
    expect(itch.calls).toContain('/api/1/key/me');
  });

  it('when itch.io rejects the key or the player does not own the game, then notAuthenticated', async () => {
    const [bad, pirate] = await Promise.all([
      auth({ projectId: project.id, auth: { itchJwtToken: 'forged' } }),
      auth({ projectId: project.id, auth: { itchJwtToken: 'jwt-of-pirate' } }),
    ]);
    expect(bad.body).toEqual({ status: 'notAuthenticated', error: 'itch.io did not accept the credentials' });
    expect(pirate.body).toEqual({ status: 'notAuthenticated', error: 'the itch.io account does not own this game' });
  });

  it('when itch.io fails with a 5xx, then 503 says to try again (it is not the player\'s fault)', async () => {
    itch.failWith = 502;
    const res = await auth({ projectId: project.id, auth: { itchApiKey: 'key-of-carol' } });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'providerUnavailable' });
  });

  it('when a Steam encrypted ticket is valid for the project\'s app, then the player is its Steam id', async () => {
    const ticket = buildEncryptedAppTicket({ key: steamKey, appId: 480, steamId64: '76561197960287930' });
    const res = await auth({ projectId: project.id, auth: { steamEncryptedTicket: ticket.toString('hex') } });
    expect(res.body.status).toBe('authenticated');
    expect((await stack.sealer.openClient(res.body.clientToken))?.playerId).toBe('steam:76561197960287930');
  });

  it('when a Steam ticket is for another app, expired or forged, then notAuthenticated and the API lives on', async () => {
    const tickets = [
      buildEncryptedAppTicket({ key: steamKey, appId: 999, steamId64: '76561197960287930' }),
      buildEncryptedAppTicket({ key: steamKey, appId: 480, steamId64: '76561197960287930', issuedAt: new Date(Date.now() - 86_400_000) }),
      buildEncryptedAppTicket({ key: randomBytes(32), appId: 480, steamId64: '76561197960287930' }),
    ];
    const answers = await Promise.all(tickets.map((t) => auth({ projectId: project.id, auth: { steamEncryptedTicket: t.toString('hex') } })));
    expect(answers.map((a) => a.body.error)).toEqual([
      'the Steam ticket is for another app', 'the Steam ticket has expired', 'the Steam ticket could not be decrypted',
    ]);
    expect((await call('GET', `${stack.url}/healthz`)).status).toBe(200);
  });

  it.each([
    [{ projectId: 'p', auth: {} }, "body.auth: must hold exactly one backend's credentials"],
    [{ projectId: 'p', auth: { itchApiKey: 'a', testKey: 'k', testId: 'i' } }, 'got 2'],
    [{ projectId: 'p', auth: { testKey: 'k' } }, 'body.auth.testId: is required with testKey'],
    [{ auth: { itchApiKey: 'a' } }, 'body.projectId'],
    [{ projectId: 5, auth: { itchApiKey: 'a' } }, 'body.projectId'],
    [{ projectId: 'p', auth: 'itch' }, 'body.auth'],
    [[], 'body'],
  ])('when the body is %j, then 400 names %s', async (body, named) => {
    const res = await auth(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('badRequest');
    expect(res.body.error).toContain(named);
  });

  it('when the body is not JSON or too large, then 400 or 413, never 500', async () => {
    const notJson = await call('POST', `${stack.url}/v1a/client/auth`, { raw: '{"projectId":' });
    const huge = await call('POST', `${stack.url}/v1a/client/auth`, { raw: JSON.stringify({ projectId: 'x'.repeat(100_000) }) });
    expect([notJson.status, notJson.body.error]).toEqual([400, 'body is not valid JSON']);
    expect(huge.status).toBe(413);
  });
});
