import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../core/log';
import { ticketWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { readEnvFile } from '../../scripts/cluster/env-file';
import { DEPLOY_DIR } from '../../scripts/cluster/temporal';
import { webUiPart } from '../../scripts/cluster/web-ui';
import { freeListenPort } from '../../scripts/ports';
import { locateTemporalUi } from '../../scripts/temporal-ui';
import { eventually } from '../helpers/http';
import { matchAll, players } from '../helpers/matchmaking';
import { startStack, type Stack } from '../helpers/stack';
import type { TestCluster } from './global-setup';
import { historyAddressOf, shardOwners, taskWorkers, temporalQuery } from './temporal-tables';

/** Runs only under npm run test:cluster (jest.cluster.config.js), where MF_TEST_CLUSTER describes the cluster. */
const cluster = JSON.parse(process.env.MF_TEST_CLUSTER ?? 'null') as TestCluster;
const SHARDS = Number(readEnvFile(join(DEPLOY_DIR, 'temporal.env')).NUM_HISTORY_SHARDS);

let stack: Stack;
let project: Project;

beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(async () => {
  await stack?.stop();
});

/** Live members of each Temporal role (1 frontend, 2 history, 3 matching, 4 worker), as the membership table has them. */
async function liveMembers(): Promise<Record<number, number>> {
  const rows = await temporalQuery<{ role: number; n: string }>(stack.config.DATABASE_URL!, 'SELECT role, count(*) AS n FROM cluster_membership WHERE record_expiry > now() GROUP BY role');
  return Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]));
}

describe('the production shape: two Temporal nodes over PostgreSQL, two APIs and two workers behind balancers (node loss: node-loss.test.ts)', () => {
  it(`when the cluster is up, then every Temporal service runs on both nodes and each node owns some of the ${SHARDS} history shards`, async () => {
    expect(cluster.nodes).toHaveLength(2);
    expect(await liveMembers()).toEqual({ 1: 2, 2: 2, 3: 2, 4: 2 });
    const owners = await shardOwners(stack.config.DATABASE_URL!);
    expect(owners).toHaveLength(SHARDS);
    const byNode = cluster.nodes.map((n) => owners.filter((a) => a === historyAddressOf(n.address)).length);
    expect(byNode.reduce((a, b) => a + b, 0)).toBe(SHARDS);
    expect(Math.min(...byNode)).toBeGreaterThan(0);
  });

  it('when the cluster is up, then the search attributes of deploy/temporal/search-attributes.txt are registered', async () => {
    const wanted = readFileSync(join(DEPLOY_DIR, 'search-attributes.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split(/\s+/)[0]!);
    const { customAttributes } = await stack.temporal.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(wanted));
  });

  it('when players are matched through the load balancer, then both API processes answered and both worker processes ran workflow tasks', async () => {
    const before = { ...stack.fleet!.balancer.answered };
    const results = await Promise.all(Array.from({ length: 6 }, async () => matchAll(stack.url, await players(stack.url, project, 2), {})));
    expect(results.flat().map((r) => r.status)).toEqual(Array(12).fill('matched'));
    const answered = Object.entries(stack.fleet!.balancer.answered).map(([api, n]) => n - (before[api] ?? 0));
    expect(answered.every((n) => n > 5)).toBe(true);
    const tickets = await stack.db.selectFrom('tickets').select('ticket_id').where('project_id', '=', project.id).execute();
    const identities = new Set<string>();
    for (const t of tickets) for (const id of await taskWorkers(stack.temporal, ticketWorkflowId(project.id, t.ticket_id))) identities.add(id.split('@')[0]!);
    expect([...identities].sort()).toEqual(stack.fleet!.workers.map((w) => String(w.pid)).sort());
  });

  it("when the Temporal Web UI runs over the cluster, as start:cluster runs it, then it finds a matched player's ticket workflow", async () => {
    const ui = webUiPart({
      binary: await locateTemporalUi(createLogger('silent')), temporalAddress: stack.config.TEMPORAL_ADDRESS,
      host: '127.0.0.1', port: await freeListenPort(), logDir: mkdtempSync(join(tmpdir(), 'matchflow-ui-')),
    });
    await ui.start();
    try {
      const [first] = await matchAll(stack.url, await players(stack.url, project, 2), {});
      expect(first.status).toBe('matched');
      const [ticket] = await stack.db.selectFrom('tickets').select('ticket_id').where('project_id', '=', project.id).orderBy('requested_at', 'desc').limit(1).execute();
      const workflowId = ticketWorkflowId(project.id, ticket!.ticket_id);
      const search = `${ui.url}/api/v1/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId = '${workflowId}'`)}`;
      const listed = await eventually(async () => (await fetch(search)).json() as Promise<{ executions?: { execution: { workflowId: string } }[] }>, (b) => (b.executions ?? []).length > 0, 20_000);
      expect(listed.executions!.map((e) => e.execution.workflowId)).toEqual([workflowId]);
    } finally {
      await ui.stop();
    }
  }, 300_000);
});
