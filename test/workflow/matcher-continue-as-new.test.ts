import { enqueueTicketSignal, matcherStateQuery, matcherWorkflowId, type QueueEntry } from '../../domain/matchmaking/contract';
import { bucketOf } from '../../domain/matchmaking/buckets';
import type { DevServer } from '../../scripts/dev-server';
import { ownDevServer, stopRecording } from '../helpers/dev-server';
import { eventually } from '../helpers/http';
import { matchAll, players } from '../helpers/matchmaking';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

/** The server suggests continue-as-new after this many events (default 4096): reached in seconds here. */
const SUGGEST_AT = 40;
let devServer: DevServer;
let stack: Stack;

beforeAll(async () => {
  devServer = await ownDevServer({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_AT } });
  stack = await startStack({ env: { TEMPORAL_ADDRESS: devServer.address } });
}, 200_000);
afterAll(async () => {
  await stack.stop();
  await stopRecording(devServer);
});

describe('matcher continue-as-new', () => {
  it('when the history passes the server\'s suggestion, then a new run takes over with the queue, and the waiting ticket still matches', async () => {
    const project = await stack.createProject();
    const matchTag = 'can-test';
    const x = await loginTestPlayer(stack.url, project, 'x');
    const xTicket = await requestMatch(stack.url, x, { matchTag, maxMatchTime: 120 });
    const matcher = stack.temporal.workflow.getHandle(matcherWorkflowId(project.id, bucketOf({ teamSizes: [1, 1], matchTag }).bucketId));
    const before = await eventually(() => matcher.query(matcherStateQuery).catch(() => ({ queue: [] as QueueEntry[] })), (s) => s.queue.length === 1);
    const firstRun = (await matcher.describe()).runId;

    // Repeats of an enqueue change nothing but grow the history, as retried activities would.
    for (let i = 0; i < SUGGEST_AT; i++) await matcher.signal(enqueueTicketSignal, before.queue[0]!);
    await eventually(async () => (await matcher.describe()).runId, (runId) => runId !== firstRun, 20_000);
    expect((await matcher.query(matcherStateQuery)).queue.map((t) => t.ticketId)).toEqual(before.queue.map((t) => t.ticketId));

    const y = await loginTestPlayer(stack.url, project, 'y');
    const yTicket = await requestMatch(stack.url, y, { matchTag, maxMatchTime: 60 });
    const [xs, ys] = await Promise.all([
      eventually(() => matchStatus(stack.url, x, xTicket), (s) => s.status !== 'inProgress'),
      eventually(() => matchStatus(stack.url, y, yTicket), (s) => s.status !== 'inProgress'),
    ]);
    expect(xs.status).toBe('matched');
    expect(xs.session.externalSessionId).toBe(ys.session.externalSessionId);
  });

  it('when many groups pass through one bucket across several runs, then every player is matched exactly once', async () => {
    const project = await stack.createProject();
    const matcher = stack.temporal.workflow.getHandle(matcherWorkflowId(project.id, bucketOf({ teamSizes: [1, 1], matchTag: 'busy' }).bucketId));
    const results = [];
    for (let wave = 0; wave < 3; wave++) {
      results.push(...(await matchAll(stack.url, await players(stack.url, project, 8), { matchTag: 'busy', maxMatchTime: 60 }, 30_000)));
      // Between waves, repeats of an answered enqueue (ignored, as a retried activity's would be) push the history past the suggestion.
      const answered = (await matcher.query(matcherStateQuery)).answered[0]!;
      const repeat: QueueEntry = { ticketId: answered.ticketId, playerId: 'test:repeat', rating: 1500, enqueuedAt: 0 };
      for (let i = 0; i < SUGGEST_AT; i++) await matcher.signal(enqueueTicketSignal, repeat);
    }
    expect(results.every((r) => r.status === 'matched')).toBe(true);
    const sessions = new Map<string, number>();
    for (const r of results) sessions.set(r.session.externalSessionId, (sessions.get(r.session.externalSessionId) ?? 0) + 1);
    expect([...sessions.values()]).toEqual(Array(12).fill(2));
    const runs = await eventually(async () => {
      const found = [];
      for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${matcher.workflowId}'` })) found.push(run);
      return found;
    }, (found) => found.length > 1, 20_000);
    expect(runs.length).toBeGreaterThan(1);
  });
});
