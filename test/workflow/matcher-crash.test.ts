import { bucketOf } from '../../domain/matchmaking/buckets';
import { matcherStateQuery, matcherWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { eventually } from '../helpers/http';
import { players, registerServer } from '../helpers/matchmaking';
import { matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';
import { killHard, spawnWorkerProcess, workerEnvOf } from '../helpers/worker-process';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ worker: false, env: { SERVER_RETRY_MS: '300' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const workerEnv = () => workerEnvOf(stack.config, { SERVER_RETRY_MS: '300' });

describe('a worker killed between forming a group and starting its session', () => {
  it('when it is SIGKILLed and a new worker takes over, then every member still ends up in exactly one session', async () => {
    const first = spawnWorkerProcess(workerEnv());
    let second: ReturnType<typeof spawnWorkerProcess> | undefined;
    try {
      const serverTag = 'crash-tag';
      const tokens = await players(stack.url, project, 4);
      const tickets: string[] = [];
      for (const t of tokens) tickets.push(await requestMatch(stack.url, t, { teamSizes: [2, 2], serverTag, matchTag: null, maxMatchTime: 120 }));
      // The group is formed and waits for a server: no session exists yet.
      const matcher = stack.temporal.workflow.getHandle(matcherWorkflowId(project.id, bucketOf({ teamSizes: [2, 2], serverTag }).bucketId));
      await eventually(() => matcher.query(matcherStateQuery).catch(() => undefined), (s) => s?.waiting.length === 1, 60_000);
      await killHard(first);

      second = spawnWorkerProcess(workerEnv());
      await registerServer(stack.url, project, { serverTag, name: 'after-crash', timeout: 120 });
      const results = await Promise.all(tokens.map((t, i) => eventually(() => matchStatus(stack.url, t, tickets[i]!), (s) => s.status !== 'inProgress', 60_000)));
      expect(results.map((r) => r.status)).toEqual(['matched', 'matched', 'matched', 'matched']);
      expect(new Set(results.map((r) => r.session.externalSessionId)).size).toBe(1);

      const rows = await stack.db.selectFrom('sessions').select(['id', 'teams']).where('project_id', '=', project.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.teams.flat()).toHaveLength(4);
      const server = await stack.db.selectFrom('servers').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow();
      expect([server.state, server.session_id]).toEqual(['consumed', rows[0]!.id]);
    } finally {
      await killHard(first);
      if (second) await killHard(second);
    }
  });
});
