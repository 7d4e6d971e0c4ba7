import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(() => stack.stop());

let n = 0;
const newPlayer = () => loginTestPlayer(stack.url, project, `player-${++n}`);

describe('/v1a/client/match', () => {
  it('when a player asks for a match, then the ticket searches and fails timedOut at maxMatchTime', async () => {
    const token = await newPlayer();
    const started = Date.now();
    const matchToken = await requestMatch(stack.url, token, { maxMatchTime: '2' });
    expect(await matchStatus(stack.url, token, matchToken)).toEqual({ status: 'inProgress' });
    const final = await eventually(() => matchStatus(stack.url, token, matchToken), (s) => s.status !== 'inProgress');
    expect(final).toEqual({ status: 'failed', reason: 'timedOut' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('when a player deletes the ticket, then it reads failed/cancelled and stays so past its deadline', async () => {
    const token = await newPlayer();
    const matchToken = await requestMatch(stack.url, token, { maxMatchTime: 2 });
    const del = await call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token });
    expect([del.status, del.body]).toEqual([200, []]);
    expect(await eventually(() => matchStatus(stack.url, token, matchToken), (s) => s.status !== 'inProgress')).toEqual({ status: 'failed', reason: 'cancelled' });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await matchStatus(stack.url, token, matchToken)).toEqual({ status: 'failed', reason: 'cancelled' });
    const again = await call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token });
    expect([again.status, again.body]).toEqual([200, []]);
  });

  it('when a player asks again while searching, then the earlier ticket reads failed/cancelled and the new one searches', async () => {
    const token = await newPlayer();
    const first = await requestMatch(stack.url, token, { maxMatchTime: 60 });
    const second = await requestMatch(stack.url, token, { maxMatchTime: 60 });
    const firstStatus = await eventually(() => matchStatus(stack.url, token, first), (s) => s.status !== 'inProgress');
    expect(firstStatus).toEqual({ status: 'failed', reason: 'cancelled' });
    expect(await matchStatus(stack.url, token, second)).toEqual({ status: 'inProgress' });
    await call('DELETE', `${stack.url}/v1a/client/match/${second}`, { token });
  });

  it('when another player reads or deletes my match token, then it is notFound to them and mine is untouched', async () => {
    const [mine, theirs] = await Promise.all([newPlayer(), newPlayer()]);
    const matchToken = await requestMatch(stack.url, mine, { maxMatchTime: 60 });
    expect(await matchStatus(stack.url, theirs, matchToken)).toEqual({ status: 'notFound' });
    expect((await call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token: theirs })).body).toEqual([]);
    expect(await matchStatus(stack.url, mine, matchToken)).toEqual({ status: 'inProgress' });
    await call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token: mine });
  });

  it('when the match token is garbage or from another project, then notFound', async () => {
    const token = await newPlayer();
    const other = await stack.createProject();
    const stranger = await loginTestPlayer(stack.url, other, 'player-1');
    const theirTicket = await requestMatch(stack.url, stranger, { maxMatchTime: 5 });
    expect(await matchStatus(stack.url, token, 'garbage')).toEqual({ status: 'notFound' });
    expect(await matchStatus(stack.url, token, theirTicket)).toEqual({ status: 'notFound' });
  });

  it('when the Bearer is missing, malformed, or a match token, then 401 with a JSON error', async () => {
    const token = await newPlayer();
    const matchToken = await requestMatch(stack.url, token, { maxMatchTime: 5 });
    const answers = await Promise.all([
      call('POST', `${stack.url}/v1a/client/match`, { body: { teamSizes: [1, 1], maxMatchTime: 5 } }),
      call('POST', `${stack.url}/v1a/client/match`, { body: { teamSizes: [1, 1], maxMatchTime: 5 }, headers: { authorization: 'Basic abc' } }),
      call('GET', `${stack.url}/v1a/client/match/${matchToken}`, { token: matchToken }),
      call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token: 'forged.token' }),
    ]);
    for (const a of answers) expect([a.status, a.body.code]).toEqual([401, 'notAuthenticated']);
  });

  it('when the request is malformed, then 400 names each wrong field', async () => {
    const token = await newPlayer();
    const bad = await call('POST', `${stack.url}/v1a/client/match`, { token, body: { teamSizes: [1, 0], maxMatchTime: 99999, serverTag: 7 } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path)).toEqual(['body.teamSizes[1]', 'body.maxMatchTime', 'body.serverTag']);
    const notJson = await call('POST', `${stack.url}/v1a/client/match`, { token, raw: '{teamSizes' });
    expect(notJson.status).toBe(400);
    const missing = await call('POST', `${stack.url}/v1a/client/match`, { token });
    expect([missing.status, missing.body.error]).toEqual([400, 'body: is required']);
  });

  it('when a ticket is created, then operators can find it by project, player and state in Temporal', async () => {
    const token = await newPlayer();
    const matchToken = await requestMatch(stack.url, token, { maxMatchTime: 1 });
    await eventually(() => matchStatus(stack.url, token, matchToken), (s) => s.status !== 'inProgress');
    const query = `ProjectId = '${project.id}' AND PlayerId = 'test:player-${n}' AND TicketState = 'timedOut'`;
    const found = await eventually(async () => {
      const list = [];
      for await (const wf of stack.temporal.workflow.list({ query })) list.push(wf);
      return list;
    }, (l) => l.length === 1);
    expect(found).toHaveLength(1);
  });
});
