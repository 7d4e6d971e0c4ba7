import { randomUUID } from 'node:crypto';
import { signatureProblem } from '../../core/matchmaking/webhook-signature';
import { sessionWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { changesInput, createInput } from '../../scripts/project-flags';
import { WebhookReceiver } from '../fakes/webhook-receiver';
import { call, eventually } from '../helpers/http';
import { matchAll, registerServer, reportAsClient, serverSessions, stats } from '../helpers/matchmaking';
import { loginTestPlayer } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  // A short retry window, so a receiver that never recovers fails within the test.
  stack = await startStack({ env: { SESSION_WEBHOOK_WINDOW_SECONDS: '10' } });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await stack.stop();
});

const admin = (method: string, path: string, body?: unknown) => call(method, `${stack.url}/admin${path}`, { body, token: stack.config.ADMIN_TOKEN });
const deliveries = async (projectId: string, query = '') => (await admin('GET', `/projects/${projectId}/session-webhooks/deliveries${query}`)).body.deliveries as any[];

/** A game whose backend listens at a fresh receiver, made through the admin API, which reveals the signing secret once. */
async function hookedGame(answer?: WebhookReceiver['answer']): Promise<{ project: Project; receiver: WebhookReceiver }> {
  const receiver = await new WebhookReceiver().start();
  receivers.push(receiver);
  if (answer) receiver.answer = answer;
  const created = await admin('POST', '/projects', { name: 'hooked game', sessionWebhook: { url: receiver.url } });
  expect(created.status).toBe(201);
  receiver.secret = created.body.sessionWebhook.secret;
  return { project: created.body as Project, receiver };
}

/** alice and bob, matched into one 1v1 session; `ranksAliceFirst` are the ranks by team that put alice's team first. */
async function duel(project: Project, body: Record<string, unknown> = {}) {
  const ids = [`alice-${randomUUID().slice(0, 8)}`, `bob-${randomUUID().slice(0, 8)}`];
  const tokens = await Promise.all(ids.map((id) => loginTestPlayer(stack.url, project, id)));
  const [a, b] = await matchAll(stack.url, tokens, { maxMatchTime: 20, ...body });
  expect([a.status, b.status]).toEqual(['matched', 'matched']);
  const players = ids.map((id) => `test:${id}`);
  const teams = a.session.teamIndex === 0 ? [[players[0]], [players[1]]] : [[players[1]], [players[0]]];
  return { tokens, players, a, b, sessionId: a.session.externalSessionId as string, teams, ranksAliceFirst: a.session.teamIndex === 0 ? [0, 1] : [1, 0] };
}

async function bothReport(d: Awaited<ReturnType<typeof duel>>, ranks: number[]): Promise<void> {
  for (const [i, token] of d.tokens.entries()) {
    const res = await reportAsClient(stack.url, token, (i === 0 ? d.a : d.b).session.sessionToken, { status: 'finished', ranks });
    expect([res.status, res.body]).toEqual([200, []]);
  }
}

const settledDeliveries = (projectId: string, sessionId: string, n = 2) =>
  eventually(() => deliveries(projectId, `?sessionId=${sessionId}`), (ds) => ds.length === n && ds.every((d) => d.state !== 'pending'), 30_000);

describe('session webhooks: a game backend hears of its /v1a sessions', () => {
  it('when a 1v1 is played, then the backend gets session.started with the teams and session.ended with ranks, how it was decided and each rating change, signed', async () => {
    const { project, receiver } = await hookedGame();
    const d = await duel(project);
    await bothReport(d, d.ranksAliceFirst);
    const got = await eventually(async () => receiver.forSession(d.sessionId), (r) => r.length === 2);
    expect(got.map((r) => [r.event, r.idempotencyKey])).toEqual([['session.started', `${d.sessionId}:started`], ['session.ended', `${d.sessionId}:ended`]]);
    expect(got.map((r) => r.signatureProblem)).toEqual([undefined, undefined]);
    // The receiver's check can fail: another secret, or a body changed on the way, does not verify.
    const now = Math.floor(Date.now() / 1000);
    expect(signatureProblem('another secret', got[0]!.raw, got[0]!.signature, now)).toBe('the signature does not match');
    expect(signatureProblem(receiver.secret, got[0]!.raw.replace('alice', 'mallory'), got[0]!.signature, now)).toBe('the signature does not match');
    expect(signatureProblem(receiver.secret, got[0]!.raw, got[0]!.signature, now + 3600)).toMatch(/too old/);

    expect(got[0]!.body).toEqual({
      id: `${d.sessionId}:started`, type: 'session.started', projectId: project.id, sessionId: d.sessionId, matchTag: expect.any(String), serverTag: null,
      teams: d.teams, server: null, startedAt: expect.any(String),
    });
    const [alice, bob] = await Promise.all(d.tokens.map((t) => stats(stack.url, t)));
    expect(alice!.rating).toBeGreaterThan(1500);
    const ratings: Record<string, number> = { [d.players[0]!]: alice!.rating, [d.players[1]!]: bob!.rating };
    expect(got[1]!.body).toEqual({
      id: `${d.sessionId}:ended`, type: 'session.ended', projectId: project.id, sessionId: d.sessionId, state: 'settled', resultStatus: 'finished',
      ranks: d.ranksAliceFirst, decidedBy: 'agreement', endedAt: expect.any(String),
      players: d.teams.map(([playerId], team) => ({ playerId, team, rank: d.ranksAliceFirst[team], rating: { before: 1500, after: ratings[playerId!] } })),
    });

    const listed = await settledDeliveries(project.id, d.sessionId);
    expect(listed.map((x) => [x.event, x.state, x.idempotencyKey, x.attempts.map((a: any) => [a.attempt, a.status, a.url])])).toEqual([
      ['session.ended', 'delivered', `${d.sessionId}:ended`, [[1, 200, receiver.url]]],
      ['session.started', 'delivered', `${d.sessionId}:started`, [[1, 200, receiver.url]]],
    ]);
    expect(listed[0].payload).toEqual(got[1]!.body);
  });

  it('when the session is placed on a dedicated server, then session.started names it with its info and session.ended says the server decided', async () => {
    const { project, receiver } = await hookedGame();
    const serverTag = `tag-${randomUUID().slice(0, 8)}`;
    const name = `srv-${serverTag}`;
    expect((await registerServer(stack.url, project, { serverTag, name, info: { ip: '10.0.0.7' }, timeout: 30 })).body).toEqual({ status: 'registered' });
    const d = await duel(project, { serverTag, matchTag: null });
    const [listed] = (await serverSessions(stack.url, project, name)).body.sessions;
    const res = await call('POST', `${stack.url}/v1a/server/session/${listed.serverSessionToken}/result`, { body: { status: 'cancelled', ranks: [0, 0] } });
    expect(res.status).toBe(200);
    const got = await eventually(async () => receiver.forSession(d.sessionId), (r) => r.length === 2);
    expect(got[0]!.body).toMatchObject({ type: 'session.started', matchTag: null, serverTag, server: { name, info: { ip: '10.0.0.7' } } });
    expect(got[1]!.body).toMatchObject({
      type: 'session.ended', state: 'cancelled', resultStatus: 'cancelled', ranks: [0, 0], decidedBy: 'server',
      players: d.teams.map(([playerId], team) => ({ playerId, team, rank: 0, rating: null })),
    });
  });

  it('when the receiver answers 500 twice, then the third try delivers with the same idempotency key, and the three tries are listed', async () => {
    const { project, receiver } = await hookedGame((_event, nth) => (nth < 2 ? 500 : 200));
    const d = await duel(project);
    await bothReport(d, d.ranksAliceFirst);
    const listed = await settledDeliveries(project.id, d.sessionId);
    const started = listed.find((x) => x.event === 'session.started');
    expect([started.state, started.attempts.map((a: any) => [a.attempt, a.status])]).toEqual(['delivered', [[1, 500], [2, 500], [3, 200]]]);
    // Backed off between tries: about 1 s, then about 2 s.
    const at = started.attempts.map((a: any) => Date.parse(a.at));
    expect([at[1] - at[0], at[2] - at[1]].map((ms) => ms >= 900)).toEqual([true, true]);

    const tries = receiver.forSession(d.sessionId).filter((r) => r.event === 'session.started');
    expect(tries.map((r) => [r.idempotencyKey, r.answered, r.signatureProblem])).toEqual([500, 500, 200].map((s) => [`${d.sessionId}:started`, s, undefined]));
    expect(new Set(tries.map((r) => r.raw)).size).toBe(1);
    expect(listed.find((x) => x.event === 'session.ended').attempts.map((a: any) => a.status)).toEqual([500, 500, 200]);
  });

  it('when the receiver answers 400, then the delivery fails for good after that one try', async () => {
    const { project, receiver } = await hookedGame(() => 400);
    const d = await duel(project);
    await bothReport(d, d.ranksAliceFirst);
    const listed = await settledDeliveries(project.id, d.sessionId);
    expect(listed.map((x) => [x.event, x.state, x.lastError, x.attempts.map((a: any) => a.status)])).toEqual([
      ['session.ended', 'failed', 'the receiver answered 400', [400]], ['session.started', 'failed', 'the receiver answered 400', [400]],
    ]);
    // Past the first retry's wait: nothing more came.
    await new Promise((r) => setTimeout(r, 2500));
    expect(receiver.forSession(d.sessionId)).toHaveLength(2);
    expect((await deliveries(project.id, '?state=failed')).map((x) => x.sessionId)).toEqual([d.sessionId, d.sessionId]);
    expect(await deliveries(project.id, '?state=delivered')).toEqual([]);
  });

  it('when the receiver never recovers, then the delivery ends failed once its retry window is spent', async () => {
    const { project, receiver } = await hookedGame(() => 503);
    const d = await duel(project);
    const started = await eventually(async () => (await deliveries(project.id, `?sessionId=${d.sessionId}`))[0], (x) => x?.state === 'failed', 30_000);
    expect([started?.event, started?.state, started?.lastError]).toEqual(['session.started', 'failed', 'not delivered within its 10 s retry window']);
    expect(started.attempts.length).toBeGreaterThanOrEqual(3);
    expect(started.attempts.every((a: any) => a.status === 503)).toBe(true);
    expect(receiver.forSession(d.sessionId)).toHaveLength(started.attempts.length);
    await bothReport(d, d.ranksAliceFirst);
  });

  it('when a project has no session webhook, then its sessions queue nothing and start no delivery', async () => {
    const project = await stack.createProject();
    const d = await duel(project);
    await bothReport(d, d.ranksAliceFirst);
    const handle = stack.temporal.workflow.getHandle(sessionWorkflowId(project.id, d.sessionId));
    expect(await handle.result()).toMatchObject({ state: 'settled' });
    const events = (await handle.fetchHistory()).events!;
    expect(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
    // Not even the patch is recorded: the session did exactly what it did before webhooks existed.
    const markers = events.flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => p.payloads ?? []));
    expect(markers.map((p) => Buffer.from(p.data ?? []).toString()).filter((text) => text.includes('session-webhooks'))).toEqual([]);
    expect(await deliveries(project.id)).toEqual([]);
    expect(await stack.db.selectFrom('webhook_deliveries').select('id').where('project_id', '=', project.id).execute()).toEqual([]);
  });
});

describe('a project\'s session webhook setting', () => {
  it('when it is set, then its secret shows once; a new URL keeps it, rotate replaces it, null removes the webhook', async () => {
    const created = await admin('POST', '/projects', { name: 'setting game', sessionWebhook: { url: 'https://game.example.com/hooks' } });
    const { id } = created.body;
    const secret = created.body.sessionWebhook.secret as string;
    expect(secret).toMatch(/^[\w-]{32}$/);
    expect((await admin('GET', `/projects/${id}`)).body.sessionWebhook).toEqual({ url: 'https://game.example.com/hooks', secret: '********' });
    expect((await admin('GET', `/projects/${id}?reveal=true`)).body.sessionWebhook.secret).toBe(secret);

    const moved = await admin('PATCH', `/projects/${id}`, { sessionWebhook: { url: 'http://10.0.0.5:8080/hooks' } });
    expect(moved.body.sessionWebhook).toEqual({ url: 'http://10.0.0.5:8080/hooks', secret: '********' });
    expect((await admin('GET', `/projects/${id}?reveal=true`)).body.sessionWebhook.secret).toBe(secret);

    const rotated = await admin('PATCH', `/projects/${id}`, { rotate: ['sessionWebhookSecret'] });
    expect(rotated.body.sessionWebhook.secret).toMatch(/^[\w-]{32}$/);
    expect(rotated.body.sessionWebhook.secret).not.toBe(secret);
    expect([rotated.body.serverToken, rotated.body.testKey]).toEqual(['********', '********']);

    const removed = await admin('PATCH', `/projects/${id}`, { sessionWebhook: null });
    expect(removed.body.sessionWebhook).toBeUndefined();
    const noHook = await admin('PATCH', `/projects/${id}`, { rotate: ['sessionWebhookSecret'] });
    expect([noHook.status, noHook.body.error]).toEqual([400, expect.stringMatching(/^rotate: this project has no session webhook/)]);
    const again = await admin('PATCH', `/projects/${id}`, { sessionWebhook: { url: 'https://game.example.com/hooks' } });
    expect(again.body.sessionWebhook.secret).toMatch(/^[\w-]{32}$/);
  });

  it('when the URL is not http(s), then 400 names the field, from the API and the CLI flags alike', async () => {
    const project = await stack.createProject();
    const answers = await Promise.all([
      admin('POST', '/projects', { name: 'x', sessionWebhook: { url: 'ftp://game.example.com/hooks' } }),
      admin('PATCH', `/projects/${project.id}`, { sessionWebhook: { url: 'javascript:alert(1)' } }),
      admin('PATCH', `/projects/${project.id}`, { sessionWebhook: { url: 'https://game.example.com', secret: 'mine' } }),
      admin('GET', `/projects/${project.id}/session-webhooks/deliveries?state=lost&limit=0`),
      admin('GET', '/projects/00000000-0000-4000-8000-000000000000/session-webhooks/deliveries'),
    ]);
    expect(answers.map((a) => [a.status, a.body.error])).toEqual([
      [400, 'body.sessionWebhook.url: must be an http:// or https:// URL'],
      [400, 'body.sessionWebhook.url: must be an http:// or https:// URL'],
      [400, expect.stringContaining('body.sessionWebhook: Unrecognized key: "secret"')],
      [400, expect.stringMatching(/^query\.state: .*; query\.limit: /)],
      [404, 'no such project'],
    ]);
    expect(() => createInput({ name: 'x', 'session-webhook-url': 'file:///etc/passwd' })).toThrow('--session-webhook-url: must be an http:// or https:// URL');
    expect(changesInput({ clear: 'session-webhook' })).toEqual({ sessionWebhook: null });
    expect(changesInput({ 'session-webhook-url': 'https://game.example.com/hooks', rotate: 'sessionWebhookSecret' }))
      .toEqual({ sessionWebhook: { url: 'https://game.example.com/hooks' }, rotate: ['sessionWebhookSecret'] });
  });
});
