import type { ChildProcess } from 'node:child_process';
import { bucketOf } from '../../domain/matchmaking/buckets';
import { matcherWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { eventually } from '../helpers/http';
import { players, registerServer } from '../helpers/matchmaking';
import { matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';
import { killHard, spawnWorkerProcess, untilPolling, workerEnvOf } from '../helpers/worker-process';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ worker: false, env: { SERVER_RETRY_MS: '100' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const workerEnv = () => workerEnvOf(stack.config, { SERVER_RETRY_MS: '100' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Workflow tasks that failed (a nondeterminism among them) in every run of one workflow id. */
async function failedTasks(workflowId: string): Promise<string[]> {
  const failures: string[] = [];
  for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const events = (await stack.temporal.workflow.getHandle(workflowId, run.runId).fetchHistory()).events ?? [];
    for (const e of events) if (e.workflowTaskFailedEventAttributes) failures.push(String(e.workflowTaskFailedEventAttributes.failure?.message));
  }
  return failures;
}

describe('a worker killed again and again while groups are placed on servers', () => {
  it('when it is SIGKILLed at random moments of placement and restarted each time, then every ticket ends, each player in at most one session, with no failed workflow task', async () => {
    const serverTag = 'kill-points';
    const tokens = await players(stack.url, project, 24);
    const tickets: string[] = [];
    const ask = async (n: number) => {
      for (let i = 0; i < n && tickets.length < tokens.length; i++) {
        tickets.push(await requestMatch(stack.url, tokens[tickets.length]!, { teamSizes: [1, 1], serverTag, matchTag: null, maxMatchTime: 600 }));
      }
    };

    // Groups form at different times and servers trickle in, so some groups are being placed while others wait for
    // their retry timer: the moment the worker is killed falls among lookups, claims and timers.
    const startWorker = async () => {
      const child = spawnWorkerProcess(workerEnv());
      await untilPolling(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE, child);
      return child;
    };
    let worker: ChildProcess = await startWorker();
    try {
      let served = 0;
      for (let round = 0; round < 12; round++) {
        await ask(2);
        if (round % 2 === 1) await registerServer(stack.url, project, { serverTag, name: `kp-${served++}`, timeout: 120 });
        await sleep(200 + Math.floor(Math.random() * 1000));
        await killHard(worker);
        worker = await startWorker();
      }
      while (served < 12) await registerServer(stack.url, project, { serverTag, name: `kp-${served++}`, timeout: 120 });

      // A loaded machine restarts workers slowly: the tickets search long enough for the last servers to come.
      const results = await Promise.all(tokens.map((t, i) => eventually(() => matchStatus(stack.url, t, tickets[i]!), (s) => s.status !== 'inProgress', 120_000)));
      expect(results.map((r) => (r.status === 'matched' ? 'matched' : `${r.status} ${r.reason ?? ''}`))).toEqual(Array(24).fill('matched'));

      const sessions = await stack.db.selectFrom('sessions').select(['id', 'teams', 'server_name']).where('project_id', '=', project.id).execute();
      const seated = sessions.flatMap((s) => s.teams.flat().map((m) => m.playerId));
      expect(new Set(seated).size).toBe(seated.length);
      expect(new Set(sessions.map((s) => s.server_name)).size).toBe(sessions.length);
      // No server was taken for a session that went elsewhere (a claim whose answer a kill lost is asked again).
      const servers = await stack.db.selectFrom('servers').select(['name', 'session_id']).where('project_id', '=', project.id).execute();
      expect(servers.map((s) => [s.name, s.session_id]).sort()).toEqual(sessions.map((s) => [s.server_name, s.id]).sort());
      expect(new Set(results.map((r) => r.session.externalSessionId)).size).toBe(12);

      const matcher = matcherWorkflowId(project.id, bucketOf({ teamSizes: [1, 1], serverTag }).bucketId);
      expect(await failedTasks(matcher)).toEqual([]);
    } finally {
      await killHard(worker);
    }
  }, 420_000);
});
