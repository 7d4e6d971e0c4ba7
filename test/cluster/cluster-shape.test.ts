import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { ticketWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { createLogger } from '../../core/log';
import { readEnvFile } from '../../scripts/cluster/env-file';
import type { Part } from '../../scripts/cluster/parts';
import { databaseUrl } from '../../scripts/cluster/postgres';
import { DEPLOY_DIR, temporalNode } from '../../scripts/cluster/temporal';
import { clusterSpec, temporalDatabasesOf } from '../../scripts/cluster/temporal-cluster';
import { matchAll, players } from '../helpers/matchmaking';
import { eventually } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';
import type { TestCluster } from './global-setup';

/** Runs only under npm run test:cluster (jest.cluster.config.js), where MF_TEST_CLUSTER describes the cluster. */
const cluster = JSON.parse(process.env.MF_TEST_CLUSTER ?? 'null') as TestCluster;
const SHARDS = Number(readEnvFile(join(DEPLOY_DIR, 'temporal.env')).NUM_HISTORY_SHARDS);
/** A node's history service listens on 7234 + its offset: shard owners are named by that address. */
const historyAddress = (offset: number) => `127.0.0.1:${7234 + offset}`;

let stack: Stack;
let project: Project;
let restarted: Part | undefined;

beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(async () => {
  await stack?.stop();
  await restarted?.stop();
});

/** Temporal's own tables, read from its database. */
async function temporalQuery<T>(text: string): Promise<T[]> {
  const url = stack.config.DATABASE_URL!;
  const client = new PgClient({ connectionString: databaseUrl(url, temporalDatabasesOf(url).history) });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The history address that owns each shard, as the shard's row records it. */
async function shardOwners(): Promise<string[]> {
  const rows = await temporalQuery<{ data: string }>("SELECT encode(data, 'escape') AS data FROM shards ORDER BY shard_id");
  return rows.map((r) => /(127\.0\.0\.1:\d+)-/.exec(r.data)?.[1] ?? 'none');
}

/** Live members of each Temporal role (1 frontend, 2 history, 3 matching, 4 worker), as the membership table has them. */
async function liveMembers(): Promise<Record<number, number>> {
  const rows = await temporalQuery<{ role: number; n: string }>('SELECT role, count(*) AS n FROM cluster_membership WHERE record_expiry > now() GROUP BY role');
  return Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]));
}

/** The worker identities (pid@host) that completed workflow tasks of one workflow. */
async function taskWorkers(workflowId: string): Promise<Set<string>> {
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  return new Set((history.events ?? []).map((e) => e.workflowTaskCompletedEventAttributes?.identity).filter((i): i is string => !!i));
}

/** Whether every API process answers /readyz 200 (Temporal and the database reachable) within a minute. */
async function everyApiReady(): Promise<boolean> {
  const ready = async () => (await Promise.all(stack.fleet!.apis.map(async (a) => (await fetch(`${a.url}/readyz`)).status))).every((s) => s === 200);
  return eventually(ready, Boolean, 60_000);
}

describe('the production shape: two Temporal nodes over PostgreSQL, two APIs and two workers behind balancers', () => {
  it(`when the cluster is up, then every Temporal service runs on both nodes and each node owns some of the ${SHARDS} history shards`, async () => {
    expect(cluster.nodes).toHaveLength(2);
    expect(await liveMembers()).toEqual({ 1: 2, 2: 2, 3: 2, 4: 2 });
    const owners = await shardOwners();
    expect(owners).toHaveLength(SHARDS);
    const byNode = cluster.portOffsets.map((o) => owners.filter((a) => a === historyAddress(o)).length);
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
    for (const t of tickets) for (const id of await taskWorkers(ticketWorkflowId(project.id, t.ticket_id))) identities.add(id.split('@')[0]!);
    expect([...identities].sort()).toEqual(stack.fleet!.workers.map((w) => String(w.pid)).sort());
  });

  it('when a Temporal node is killed with SIGKILL, then players are still matched through the other node, and the node restarted takes shards back', async () => {
    const victim = cluster.nodes[1]!;
    process.kill(victim.pid, 'SIGKILL');
    // The survivor takes the dead node's shards once membership drops it.
    const owners = await eventually(shardOwners, (o) => o.every((a) => a === historyAddress(cluster.portOffsets[0]!)), 90_000);
    expect(new Set(owners)).toEqual(new Set([historyAddress(cluster.portOffsets[0]!)]));
    // An API whose Temporal connection went to the dead node answers 503 until it reconnects through the
    // balancer; a load balancer's health check (/readyz) keeps players off it meanwhile.
    expect(await everyApiReady()).toBe(true);
    const during = await matchAll(stack.url, await players(stack.url, project, 2), {}, 60_000);
    expect(during.map((r) => r.status)).toEqual(['matched', 'matched']);

    const spec = await clusterSpec({ postgresUrl: stack.config.DATABASE_URL!, portOffsets: cluster.portOffsets, logDir: cluster.logDir, log: createLogger('silent') });
    restarted = temporalNode(spec, 1);
    await restarted.start();
    const back = await eventually(shardOwners, (o) => o.some((a) => a === historyAddress(cluster.portOffsets[1]!)), 90_000);
    expect(back.filter((a) => a === historyAddress(cluster.portOffsets[1]!)).length).toBeGreaterThan(0);
    expect(await everyApiReady()).toBe(true);
    const after = await matchAll(stack.url, await players(stack.url, project, 2), {}, 60_000);
    expect(after.map((r) => r.status)).toEqual(['matched', 'matched']);
  });
});
