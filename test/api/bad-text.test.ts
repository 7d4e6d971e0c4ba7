import type { Project } from '../../domain/projects';
import { call, type Answer } from '../helpers/http';
import { matchAll, players, reportAsClient } from '../helpers/matchmaking';
import { fundedPlayers, paidGame, platform } from '../helpers/paid-matches';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
let client: string;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject({ padrone: { admins: [], developers: [] } });
  client = await loginTestPlayer(stack.url, project, 'clean');
});
afterAll(() => stack.stop());

const NUL = 'x\u0000y';
const SURROGATE = 'x\ud800y';
/** 40 levels of nesting: past the 32 any body may have. */
const deep = Array.from({ length: 40 }).reduce<unknown>((inner) => ({ a: inner }), 'bottom');

const padrone = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
const app = (path: string) => `${stack.url}/projects/${project.id}/app${path}`;

/** A refusal that names the field, never a 5xx. */
function expectRefused(res: Pick<Answer, 'status' | 'body'>, field: string): void {
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).toContain(field);
}

describe('bad text is refused at the edge, on every surface, naming the field', () => {
  const cases: [string, () => Promise<Answer>, string][] = [
    ['v1a auth: testId with a NUL', () => call('POST', `${stack.url}/v1a/client/auth`, { body: { projectId: project.id, auth: { testKey: project.testKey, testId: NUL } } }), 'body.auth.testId'],
    ['v1a match: matchTag with a NUL', () => call('POST', `${stack.url}/v1a/client/match`, { token: client, body: { teamSizes: [1, 1], maxMatchTime: 5, matchTag: NUL } }), 'body.matchTag'],
    ['v1a match: serverTag with a lone surrogate', () => call('POST', `${stack.url}/v1a/client/match`, { token: client, body: { teamSizes: [1, 1], maxMatchTime: 5, serverTag: SURROGATE } }), 'body.serverTag'],
    ['v1a match: a NUL deep in info', () => call('POST', `${stack.url}/v1a/client/match`, { token: client, body: { teamSizes: [1, 1], maxMatchTime: 5, info: { team: { name: NUL } } } }), 'body.info.team.name'],
    ['v1a match: a lone surrogate as an info key', () => call('POST', `${stack.url}/v1a/client/match`, { token: client, body: { teamSizes: [1, 1], maxMatchTime: 5, info: { [SURROGATE]: 1 } } }), 'body.info'],
    ['v1a match: info nested 40 levels', () => call('POST', `${stack.url}/v1a/client/match`, { token: client, body: { teamSizes: [1, 1], maxMatchTime: 5, info: deep } }), 'body.info'],
    ['v1a match status: a NUL in the path', () => call('GET', `${stack.url}/v1a/client/match/abc%00def`, { token: client }), 'path'],
    ['v1a match status: bytes that are not UTF-8 in the path', () => call('GET', `${stack.url}/v1a/client/match/abc%ED%A0%80`, { token: client }), 'path'],
    ['v1a server: name with a NUL', () => call('POST', `${stack.url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, name: NUL } }), 'body.name'],
    ['v1a server: info with a lone surrogate', () => call('POST', `${stack.url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, name: 's', info: { ip: SURROGATE } } }), 'body.info.ip'],
    ['v1a server cancel: name with a lone surrogate', () => call('DELETE', `${stack.url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, name: SURROGATE } }), 'body.name'],
    ['Padrone register-host: hostName with a NUL', () => call('POST', app('/register-host'), { headers: padrone(1), body: { hostName: NUL, peerInfo: { external: '10.9.0.1:1', internal: '10.9.0.1:1' }, isPrivate: false, version: 'v', maxPlayers: 4 } }), 'body.hostName'],
    ['Padrone register-host: version with a lone surrogate', () => call('POST', app('/register-host'), { headers: padrone(1), body: { hostName: 'h', peerInfo: { external: '10.9.0.1:1', internal: '10.9.0.1:1' }, isPrivate: false, version: SURROGATE, maxPlayers: 4 } }), 'body.version'],
    ['Padrone ping: a connected client with a NUL', () => call('POST', app('/ping'), { headers: padrone(1), body: { hostEndpoint: '10.9.0.1:1', connectedClients: [NUL] } }), 'body.connectedClients[0]'],
    ['Padrone join: password with a NUL', () => call('POST', app('/join'), { headers: padrone(2), body: { hostEndpoint: '10.9.0.1:1', password: NUL } }), 'body.password'],
    ['Padrone list-hosts: version with a NUL', () => call('GET', app('/list-hosts?version=a%00b'), { headers: padrone(2) }), 'query.version'],
    ['Versus seed: developer_uuid with a NUL', () => call('GET', `${stack.url}/api/v2/games/${project.versus.gameUuid}/session?developer_uuid=%00`), 'query.developer_uuid'],
    ['Versus activation: token with a lone surrogate', () => call('PUT', `${stack.url}/api/v2/games/${project.versus.gameUuid}/session`, { body: { developer_uuid: project.versus.developerUuid, token: SURROGATE } }), 'body.token'],
    ['admin: project name with a NUL', () => call('POST', `${stack.url}/admin/projects`, { token: stack.config.ADMIN_TOKEN, body: { name: NUL } }), 'body.name'],
    ['admin: a platform URL with a lone surrogate', () => call('PUT', `${stack.url}/admin/projects/${project.id}/platform`, { token: stack.config.ADMIN_TOKEN, body: { gameUrl: `https://x/${SURROGATE}` } }), 'body.gameUrl'],
  ];

  it.each(cases)('when %s, then 400 names the field', async (_name, send, field) => {
    expectRefused(await send(), field);
  });

  it('when a paid match is created or joined with bad text, or the game sends a bad finish or token form, then 400 names the field', async () => {
    const { project: game, game: backend } = await paidGame(stack);
    try {
      const [p] = await fundedPlayers(stack, game, 1, 5000);
      expectRefused(await platform(stack, 'POST', '/matches', p!, { entryFee: 100, teams: 2, teamSize: 1, teamId: NUL }), 'body.teamId');
      expectRefused(await platform(stack, 'POST', '/matches/00000000-0000-4000-8000-000000000000/join', p!, { teamId: SURROGATE }), 'body.teamId');
      expectRefused(await backend.finish({ match_id: NUL, participants: [] }), 'body.match_id');
      const form = await fetch(`${stack.url}/auth/realms/letsbet/protocol/openid-connect/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
      });
      expect(form.status).toBe(400);
      expect(await form.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('body.client_id') });
    } finally {
      await backend.stop();
    }
  });

  it('when a result report carries bad text, then 400, and a Padrone header hiding a NUL is refused as malformed (403)', async () => {
    const [a, b] = await players(stack.url, project, 2);
    const [ma] = await matchAll(stack.url, [a!, b!], { teamSizes: [1, 1] });
    expectRefused(await reportAsClient(stack.url, a!, ma.session.sessionToken, { status: NUL, ranks: [0, 1] }), 'body.status');
    const hidden = await call('GET', app('/me'), { headers: { 'x-padrone-auth': Buffer.from(`test:${project.testKey}\u0000,1`).toString('base64') } });
    expect([hidden.status, hidden.body.error]).toEqual([403, 'missing or malformed X-Padrone-Auth header']);
  });

  it('when every refused request has been sent, then the bucket they aimed at still matches its next players', async () => {
    const tokens = await players(stack.url, project, 2);
    const tickets: string[] = [];
    for (const t of tokens) tickets.push(await requestMatch(stack.url, t, { teamSizes: [1, 1], maxMatchTime: 20, matchTag: 'after-bad-text' }));
    const [x, y] = await Promise.all(tokens.map((t, i) => (async () => {
      for (;;) {
        const s = await matchStatus(stack.url, t, tickets[i]!);
        if (s.status !== 'inProgress') return s;
        await new Promise((r) => setTimeout(r, 200));
      }
    })()));
    expect([x.status, y.status]).toEqual(['matched', 'matched']);
  });
});
