import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../core/log';
import { createProject } from '../../core/projects';
import { createDb, type DbHandle } from '../../db/create-db';
import type { Project } from '../../domain/projects';
import { startLocalCluster, type LocalCluster } from '../../scripts/cluster/local-cluster';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../scripts/cluster/postgres';
import { dropTemporalDatabases } from '../../scripts/cluster/temporal-cluster';
import { eventually } from '../helpers/http';
import { matchAll, players } from '../helpers/matchmaking';
import { testEnv } from '../helpers/stack';
import { historyAddressOf, shardOwners } from './temporal-tables';

/**
 * A Temporal node killed under a stack: on a cluster of its own (own databases, nodes and processes), so the loss
 * of a node never slows the other test files, which share the run's cluster.
 */
const DATABASE_URL = databaseUrl(process.env.MF_TEST_DATABASE_URL!, `matchflow_node_loss_${randomBytes(4).toString('hex')}`);

let cluster: LocalCluster;
let db: DbHandle;
let project: Project;

beforeAll(async () => {
  await ensureDatabase(DATABASE_URL);
  db = await createDb({ databaseUrl: DATABASE_URL, dataDir: tmpdir(), poolSize: 3 });
  cluster = await startLocalCluster({
    databaseUrl: DATABASE_URL, env: { ...testEnv({ DATABASE_URL }), WORKER_WORKFLOW_BUNDLE: process.env.MF_TEST_BUNDLE!, LOG_LEVEL: 'warn' },
    logDir: mkdtempSync(join(tmpdir(), 'matchflow-node-loss-')), log: createLogger('silent'),
  });
  project = await createProject(db.db, { name: 'node loss', testKey: true });
}, 180_000);

afterAll(async () => {
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

describe('a Temporal node lost under load', () => {
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
