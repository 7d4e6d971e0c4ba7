import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../../core/log';
import { createProject } from '../../core/projects';
import { createDb, type DbHandle } from '../../db/create-db';
import { ticketWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { startLocalCluster, type LocalCluster } from '../../scripts/cluster/local-cluster';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../scripts/cluster/postgres';
import { dropTemporalDatabases } from '../../scripts/cluster/temporal-cluster';
import { eventually } from '../helpers/http';
import { matchAll, players } from '../helpers/matchmaking';
import { matchStatus, requestMatch } from '../helpers/players';
import { CLUSTER_HISTORIES_DIR, exportHistories } from '../replay/export-histories';
import { OWN_CLUSTER_POOLS, ownClusterProcessEnv } from './connection-budget';
import { historyAddressOf, shardOwners, taskWorkers } from './temporal-tables';

/**
 * A worker and a Temporal node killed under a stack: on a cluster of its own (own databases, nodes and processes), so the loss
 * of a node never slows the other test files, which share the run's cluster.
 */
const DATABASE_URL = databaseUrl(process.env.MF_TEST_DATABASE_URL!, `matchflow_node_loss_${randomBytes(4).toString('hex')}`);

let cluster: LocalCluster;
let connection: Connection;
let temporal: Client;
let db: DbHandle;
let project: Project;

beforeAll(async () => {
  await ensureDatabase(DATABASE_URL);
  db = await createDb({ databaseUrl: DATABASE_URL, dataDir: tmpdir(), poolSize: 3 });
  cluster = await startLocalCluster({
    databaseUrl: DATABASE_URL, pools: OWN_CLUSTER_POOLS,
    env: ownClusterProcessEnv(DATABASE_URL),
    logDir: mkdtempSync(join(tmpdir(), 'matchflow-node-loss-')), log: createLogger('silent'),
  });
  project = await createProject(db.db, { name: 'node loss', testKey: true });
  // One connection through the cluster's balancer for every history read (it reconnects past a killed node).
  connection = await Connection.connect({ address: cluster.temporal.address });
  temporal = new Client({ connection });
}, 180_000);

afterAll(async () => {
  // Replayed after the run with the shared cluster's (test/replay/cluster.replay.ts): histories that lived through a node's loss.
  if (cluster) await exportHistories(cluster.temporal.address, CLUSTER_HISTORIES_DIR);
  await connection?.close();
  await cluster?.stop();
  await db?.close();
  await dropTemporalDatabases(DATABASE_URL);
  await dropDatabase(DATABASE_URL);
});

/** Whether every API process answers /readyz 200 (Temporal and the database reachable) within a minute. */
async function everyApiReady(): Promise<boolean> {
  const ready = async () => (await Promise.all(cluster.fleet.apis.map(async (a) => (await fetch(`${a.url}/readyz`)).status))).every((s) => s === 200);
  return eventually(ready, Boolean, 60_000);
}

describe('a Temporal node or a worker lost under load', () => {
  it('when the worker that ran a waiting ticket is killed with SIGKILL, then the other worker carries the ticket on to its match', async () => {
    const url = cluster.fleet.url;
    const [alice, bob] = await players(url, project, 2);
    const matchTag = randomUUID();
    const aliceMatch = await requestMatch(url, alice!, { matchTag, maxMatchTime: 60 });
    const [{ ticket_id }] = await db.db.selectFrom('tickets').select('ticket_id').where('project_id', '=', project.id).orderBy('requested_at', 'desc').limit(1).execute() as [{ ticket_id: string }];
    const workflowId = ticketWorkflowId(project.id, ticket_id);
    const [first] = await eventually(() => taskWorkers(temporal, workflowId), (ids) => ids.length > 0);
    const victim = cluster.fleet.workers.find((w) => first?.startsWith(`${w.pid}@`))!;
    await victim.kill();
    const bobMatch = await requestMatch(url, bob!, { matchTag, maxMatchTime: 60 });
    const statuses = await Promise.all([[alice!, aliceMatch], [bob!, bobMatch]].map(([token, match]) => eventually(() => matchStatus(url, token!, match!), (m) => m.status !== 'inProgress', 60_000)));
    expect(statuses.map((m) => m.status)).toEqual(['matched', 'matched']);
    // The match is read from PostgreSQL; the ticket's own workflow takes its verdict on the other worker after that.
    expect(await eventually(() => taskWorkers(temporal, workflowId), (ids) => ids.length === 2, 60_000)).toHaveLength(2);
    await victim.start();
  });

  it('when a Temporal node is killed with SIGKILL, then players are still matched through the other node, and the node restarted takes shards back', async () => {
    const [survivor, victim] = cluster.temporal.nodes.map((n) => ({ node: n, history: historyAddressOf(n.address) }));
    await victim!.node.kill();
    // The survivor takes the dead node's shards once membership drops it.
    const owners = await eventually(() => shardOwners(DATABASE_URL), (o) => o.every((a) => a === survivor!.history), 90_000);
    expect(new Set(owners)).toEqual(new Set([survivor!.history]));
    // An API whose Temporal connection went to the dead node answers 503 until it reconnects through the
    // balancer; a load balancer's health check (/readyz) keeps players off it meanwhile.
    expect(await everyApiReady()).toBe(true);
    const during = await matchAll(cluster.fleet.url, await players(cluster.fleet.url, project, 2), {}, 60_000);
    expect(during.map((r) => r.status)).toEqual(['matched', 'matched']);

    await victim!.node.start();
    const back = await eventually(() => shardOwners(DATABASE_URL), (o) => o.includes(victim!.history), 90_000);
    expect(back.filter((a) => a === victim!.history).length).toBeGreaterThan(0);
    expect(await everyApiReady()).toBe(true);
    const after = await matchAll(cluster.fleet.url, await players(cluster.fleet.url, project, 2), {}, 60_000);
    expect(after.map((r) => r.status)).toEqual(['matched', 'matched']);
  });
});
