import { randomUUID } from 'node:crypto';
import { serverWorkflowId } from '../../domain/matchmaking/contract';
import { call, eventually } from '../helpers/http';
import { matchAll, players, registerServer, reportAsClient, serverSessions, stats } from '../helpers/matchmaking';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { SERVER_RETRY_MS: '200', SESSION_RESULT_DEADLINE_SECONDS: '4' } });
});
afterAll(() => stack.stop());

const tag = () => randomUUID();

describe('peer-to-peer matches', () => {
  it('when two players ask for a 1v1 in one bucket, then both are matched into one session with symmetric peer tickets', async () => {
    const project = await stack.createProject();
    const [a, b] = await matchAll(stack.url, await players(stack.url, project, 2), { matchTag: tag() });
    expect(a.status).toBe('matched');
    expect(a.session.externalSessionId).toBe(b.session.externalSessionId);
    expect(a.session.server).toBeNull();
    const seat = (s: any) => [s.teamIndex, s.mateIndex];
    expect([seat(a.session), seat(b.session)].sort()).toEqual([[0, 0], [1, 0]]);
    const at = (s: any, team: number) => s.teams[team][0];
    // What a presents to b is exactly what b expects from a, and the reverse; a's own entry has no tickets.
    const [ai, bi] = [a.session.teamIndex, b.session.teamIndex];
    expect(at(a.session, bi).ourTicket).toBe(at(b.session, ai).theirTicket);
    expect(at(a.session, bi).theirTicket).toBe(at(b.session, ai).ourTicket);
    expect(at(a.session, ai)).toEqual({ info: { seat: 0 }, ourTicket: null, theirTicket: null });
    expect(at(b.session, ai).info).toEqual({ seat: 0 });
    expect(a.session.sessionToken).not.toBe(b.session.sessionToken);
  });

  it('when four players ask for 2v2, then teams of two form and every seat is taken once', async () => {
    const project = await stack.createProject();
    const all = await matchAll(stack.url, await players(stack.url, project, 4), { teamSizes: [2, 2], matchTag: tag() });
    expect(new Set(all.map((s) => s.session.externalSessionId)).size).toBe(1);
    expect(all[0].session.teams.map((t: unknown[]) => t.length)).toEqual([2, 2]);
    expect(all.map((s) => `${s.session.teamIndex}:${s.session.mateIndex}`).sort()).toEqual(['0:0', '0:1', '1:0', '1:1']);
  });

  it('when one player waits alone, then it times out; players of other buckets never meet it', async () => {
    const project = await stack.createProject();
    const [alone, other] = await players(stack.url, project, 2);
    const [a, b] = await Promise.all([
      matchAll(stack.url, [alone!], { matchTag: tag(), maxMatchTime: 2 }),
      matchAll(stack.url, [other!], { matchTag: tag(), maxMatchTime: 2 }),
    ]);
    expect([a[0], b[0]]).toEqual([{ status: 'failed', reason: 'timedOut' }, { status: 'failed', reason: 'timedOut' }]);
  });
});

describe('results and ratings', () => {
  it('when both players report the same result, then the session settles and the ratings move once', async () => {
    const project = await stack.createProject();
    const tokens = await players(stack.url, project, 2);
    const [a, b] = await matchAll(stack.url, tokens, { matchTag: tag() });
    const winner = a.session.teamIndex === 0 ? 0 : 1;
    const ranks = [0, 1];
    expect((await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'finished', ranks })).body).toEqual([]);
    expect((await reportAsClient(stack.url, tokens[1]!, b.session.sessionToken, { status: 'finished', ranks: ['0', '1'] })).body).toEqual([]);
    const [sa, sb] = await eventually(() => Promise.all(tokens.map((t) => stats(stack.url, t))), (s) => s[0]!.rating !== 1500);
    const [won, lost] = winner === 0 ? [sa!, sb!] : [sb!, sa!];
    expect(won.rating).toBeGreaterThan(1500);
    expect(lost.rating).toBeLessThan(1500);
    expect([won.rank, lost.rank]).toEqual([1, 2]);
    // A replayed report after settlement changes nothing.
    await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'finished', ranks: [1, 0] });
    await new Promise((r) => setTimeout(r, 500));
    expect((await stats(stack.url, winner === 0 ? tokens[0]! : tokens[1]!)).rating).toBe(won.rating);
  });

  it('when the players disagree with no majority, then the session is disputed and no rating changes', async () => {
    const project = await stack.createProject();
    const tokens = await players(stack.url, project, 2);
    const [a, b] = await matchAll(stack.url, tokens, { matchTag: tag() });
    await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'finished', ranks: [0, 1] });
    await reportAsClient(stack.url, tokens[1]!, b.session.sessionToken, { status: 'finished', ranks: [1, 0] });
    const sessionId = a.session.externalSessionId;
    const row = await eventually(() => stack.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst(), (r) => r?.state !== 'live');
    expect(row?.state).toBe('disputed');
    expect(await stats(stack.url, tokens[0]!)).toEqual({ rating: 1500, rank: 1 });
  });

  it('when nobody reports before the deadline, then the session is abandoned', async () => {
    const project = await stack.createProject();
    const [a] = await matchAll(stack.url, await players(stack.url, project, 2), { matchTag: tag() });
    const row = await eventually(() => stack.db.selectFrom('sessions').selectAll().where('id', '=', a.session.externalSessionId).executeTakeFirst(), (r) => r?.state !== 'live', 10_000);
    expect(row?.state).toBe('abandoned');
  });

  it('when a report is malformed or for another player\'s session, then 400 or 404 and nothing is recorded', async () => {
    const project = await stack.createProject();
    const tokens = await players(stack.url, project, 3);
    const [a] = await matchAll(stack.url, tokens.slice(0, 2), { matchTag: tag() });
    const wrongLength = await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'finished', ranks: [0, 1, 2] });
    expect([wrongLength.status, wrongLength.body.fields[0].path]).toEqual([400, 'body.ranks']);
    const badStatus = await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'won', ranks: [0, 1] });
    expect([badStatus.status, badStatus.body.fields[0].path]).toEqual([400, 'body.status']);
    const foreign = await reportAsClient(stack.url, tokens[2]!, a.session.sessionToken, { status: 'finished', ranks: [0, 1] });
    expect(foreign.status).toBe(404);
    expect((await call('GET', `${stack.url}/v1a/client/info/stats`)).status).toBe(401);
  });
});

describe('dedicated servers', () => {
  it('when a server of the tag is offered, then the group is placed on it, it lists the session, and its result is final', async () => {
    const project = await stack.createProject();
    const serverTag = tag();
    const name = `srv-${serverTag.slice(0, 6)}`;
    expect((await registerServer(stack.url, project, { serverTag, name, info: { ip: '10.0.0.7' }, timeout: 30 })).body).toEqual({ status: 'registered' });
    const tokens = await players(stack.url, project, 2);
    const [a, b] = await matchAll(stack.url, tokens, { serverTag, matchTag: null });
    expect(a.session.server.info).toEqual({ ip: '10.0.0.7' });
    expect(a.session.externalSessionId).toBe(b.session.externalSessionId);

    const listed = (await serverSessions(stack.url, project, name)).body.sessions;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ externalSessionId: a.session.externalSessionId, serverTag, matchTag: null });
    // The server's tickets and each player's tickets toward the server mirror each other.
    const entry = listed[0].teams[a.session.teamIndex][a.session.mateIndex];
    expect(entry.ourTicket).toBe(a.session.server.theirTicket);
    expect(entry.theirTicket).toBe(a.session.server.ourTicket);

    // Clients claim one thing, the server another: the server wins.
    await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'finished', ranks: [0, 1] });
    const res = await call('POST', `${stack.url}/v1a/server/session/${listed[0].serverSessionToken}/result`, { body: { status: 'finished', ranks: [1, 0] } });
    expect([res.status, res.body]).toEqual([200, []]);
    const row = await eventually(() => stack.db.selectFrom('sessions').selectAll().where('id', '=', a.session.externalSessionId).executeTakeFirst(), (r) => r?.state !== 'live');
    expect(row).toMatchObject({ state: 'settled', decided_by: 'server', ranks: [1, 0] });
    expect((await serverSessions(stack.url, project, name)).body.sessions).toEqual([]);
  });

  it('when one server is offered and two groups form, then it takes one session only and the other group fails noServer', async () => {
    const project = await stack.createProject();
    const serverTag = tag();
    await registerServer(stack.url, project, { serverTag, name: 'only-one', timeout: 30 });
    const results = await matchAll(stack.url, await players(stack.url, project, 4), { serverTag, maxMatchTime: 3 }, 20_000);
    expect(results.filter((s) => s.status === 'matched')).toHaveLength(2);
    expect(results.filter((s) => s.status === 'failed').map((s) => s.reason)).toEqual(['noServer', 'noServer']);
  });

  it('when no server comes, then a full group fails noServer while a lone ticket fails timedOut', async () => {
    const project = await stack.createProject();
    const serverTag = tag();
    const [pair, lone] = await Promise.all([
      matchAll(stack.url, await players(stack.url, project, 2), { serverTag, maxMatchTime: 2 }),
      matchAll(stack.url, await players(stack.url, project, 1), { serverTag: tag(), maxMatchTime: 2 }),
    ]);
    expect(pair.map((s) => s.reason)).toEqual(['noServer', 'noServer']);
    expect(lone[0]).toEqual({ status: 'failed', reason: 'timedOut' });
  });

  it('when a server registration expired or was cancelled, then it is never assigned; a late offer still places the group', async () => {
    const project = await stack.createProject();
    const serverTag = tag();
    await registerServer(stack.url, project, { serverTag, name: 'expired', timeout: 1 });
    await registerServer(stack.url, project, { serverTag, name: 'cancelled', timeout: 60 });
    const del = await call('DELETE', `${stack.url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, name: 'cancelled' } });
    expect(del.body).toEqual({ status: 'cancelled' });
    await new Promise((r) => setTimeout(r, 1500));
    const tokens = await players(stack.url, project, 2);
    const pending = matchAll(stack.url, tokens, { serverTag, maxMatchTime: 10 });
    await new Promise((r) => setTimeout(r, 1000));
    await registerServer(stack.url, project, { serverTag, name: 'late', info: { late: true }, timeout: 30 });
    const [a] = await pending;
    expect(a.session.server.info).toEqual({ late: true });
  });

  it('when a server re-posts, then its info and timeout refresh (a heartbeat) without a second offer', async () => {
    const project = await stack.createProject();
    const serverTag = tag();
    const offer = () => stack.db.selectFrom('servers').selectAll().where('project_id', '=', project.id).where('name', '=', 'beat').executeTakeFirst();
    await registerServer(stack.url, project, { serverTag, name: 'beat', info: { v: 1 }, timeout: 6 });
    const first = (await eventually(offer, (r) => r?.state === 'available'))!;
    await new Promise((r) => setTimeout(r, 3000));
    await registerServer(stack.url, project, { serverTag, name: 'beat', info: { v: 2 }, timeout: 6 });
    const refreshed = (await eventually(offer, (r) => r!.expires_at > first.expires_at))!;
    // Its timeout moved on; a new offer would have started its own registration, the refreshed one keeps the first one's.
    expect([refreshed.state, refreshed.expires_at > first.expires_at, refreshed.registered_at]).toEqual(['available', true, first.registered_at]);
    // Players come once the first timeout has passed: only the refresh keeps the offer for them. The refresh moved it
    // about 3 s on, room for a match on a loaded machine or the cluster (npm run test:cluster).
    await new Promise((r) => setTimeout(r, Math.max(0, first.expires_at.getTime() - Date.now()) + 300));
    const [a] = await matchAll(stack.url, await players(stack.url, project, 2), { serverTag, maxMatchTime: 10 });
    expect(a.session.server.info).toEqual({ v: 2 });
    // Every offer is one server workflow run: one in all, and the match consumed it.
    const offers = () => stack.temporal.workflow.count(`WorkflowType = 'serverWorkflow' AND ProjectId = '${project.id}'`);
    expect((await eventually(offers, (c) => c.count > 0)).count).toBe(1);
    expect(await stack.temporal.workflow.getHandle(serverWorkflowId(project.id, 'beat')).result()).toBe('consumed');
  });

  it('when server credentials or bodies are wrong, then 401 or 400 naming the field', async () => {
    const project = await stack.createProject();
    const bad = await call('POST', `${stack.url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: 'nope', name: 's' } });
    expect(bad.status).toBe(401);
    const unknown = await call('POST', `${stack.url}/v1a/server/match/sessions`, { body: { projectId: 'nope', projectServerToken: 'x', name: 's' } });
    expect(unknown.status).toBe(401);
    const noName = await registerServer(stack.url, project, { timeout: 99999 });
    expect(noName.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.name', 'body.timeout']);
    const forged = await call('POST', `${stack.url}/v1a/server/session/forged/result`, { body: { status: 'finished', ranks: [0] } });
    expect(forged.status).toBe(401);
  });
});

describe('cancel and replacement with a matcher', () => {
  it('when six players ask for 2v2 one after another, then the first four requests accepted form the match and the last two keep searching', async () => {
    const project = await stack.createProject();
    const tokens = await players(stack.url, project, 6);
    const matchTag = tag();
    const matchTokens: string[] = [];
    for (const t of tokens) matchTokens.push(await requestMatch(stack.url, t, { teamSizes: [2, 2], matchTag }));
    const firstFour = await Promise.all(tokens.slice(0, 4).map((t, i) => eventually(() => matchStatus(stack.url, t, matchTokens[i]!), (s) => s.status !== 'inProgress')));
    expect(firstFour.map((s) => s.status)).toEqual(['matched', 'matched', 'matched', 'matched']);
    expect(new Set(firstFour.map((s) => s.session.externalSessionId)).size).toBe(1);
    const lastTwo = await Promise.all(tokens.slice(4).map((t, i) => matchStatus(stack.url, t, matchTokens[i + 4]!)));
    expect(lastTwo.map((s) => s.status)).toEqual(['inProgress', 'inProgress']);
  });

  it('when a searching player cancels, then its very next status read says cancelled', async () => {
    const project = await stack.createProject();
    const [token] = await players(stack.url, project, 1);
    const matchToken = await requestMatch(stack.url, token!);
    expect((await call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token })).status).toBe(200);
    expect(await matchStatus(stack.url, token!, matchToken)).toEqual({ status: 'failed', reason: 'cancelled' });
  });

  it('when a matched player deletes its ticket, then it stays matched', async () => {
    const project = await stack.createProject();
    const tokens = await players(stack.url, project, 2);
    const matchTag = tag();
    const first = await requestMatch(stack.url, tokens[0]!, { matchTag });
    await requestMatch(stack.url, tokens[1]!, { matchTag });
    const matched = await eventually(() => matchStatus(stack.url, tokens[0]!, first), (s) => s.status !== 'inProgress');
    expect(matched.status).toBe('matched');
    await call('DELETE', `${stack.url}/v1a/client/match/${first}`, { token: tokens[0] });
    await new Promise((r) => setTimeout(r, 300));
    expect((await matchStatus(stack.url, tokens[0]!, first)).status).toBe('matched');
  });
});

describe('a project with the rating rule', () => {
  it('when players far apart in rating queue together, then only the close ones are grouped', async () => {
    const project = await stack.createProject({ groupingRule: { kind: 'rating', tolerance: 100, widenPerSecond: 0, maxTolerance: 100 } });
    const names = ['low', 'high', 'near'];
    const tokens = await Promise.all(names.map((n) => loginTestPlayer(stack.url, project, n)));
    await stack.db.insertInto('ratings').values(names.map((n, i) => ({
      project_id: project.id, player_id: `test:${n}`, rating: [1000, 1600, 1050][i]!, deviation: 100, volatility: 0.06,
    }))).execute();
    const [low, high, near] = await matchAll(stack.url, tokens, { maxMatchTime: 3 });
    expect(low.session.externalSessionId).toBe(near.session.externalSessionId);
    expect(high).toEqual({ status: 'failed', reason: 'timedOut' });
  });
});
