import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../core/log';
import { newSigningKey } from '../../scripts/data-dir';
import { freeListenPort, freeNodeOffsets } from '../../scripts/ports';
import { startTemporalCluster, type TemporalCluster } from '../../scripts/cluster/temporal-cluster';
import { bundleOnce, createRunDatabase } from '../global-setup';
import { CLUSTER_HISTORIES_DIR } from '../replay/export-histories';
import { SHARED_CLUSTER_POOLS } from './connection-budget';

/** What a test file learns of the run's Temporal cluster (MF_TEST_CLUSTER): its nodes' frontends. */
export interface TestCluster {
  nodes: { name: string; address: string }[];
}

declare global {
  var __matchflowCluster: { temporal: TemporalCluster; databaseUrl: string } | undefined;
}

/**
 * `npm run test:cluster`: the run's Temporal is the production shape (deploy/temporal's files, two server nodes
 * over PostgreSQL behind a frontend balancer), and each test file's stack is two API and two worker processes
 * behind a load balancer (test/helpers/stack.ts). Matchflow's database is a fresh one per run, as in npm test.
 */
export default async function clusterSetup(): Promise<void> {
  rmSync(CLUSTER_HISTORIES_DIR, { recursive: true, force: true });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'info', 'cluster-setup', 2);
  const [databaseUrl, bundlePath] = await Promise.all([createRunDatabase(), bundleOnce()]);
  const logDir = join(tmpdir(), `matchflow-cluster-test-${process.pid}`);
  const temporal = await startTemporalCluster({ postgresUrl: databaseUrl, host: '127.0.0.1', port: await freeListenPort(), portOffsets: await freeNodeOffsets(2), pools: SHARED_CLUSTER_POOLS, logDir, log });
  globalThis.__matchflowCluster = { temporal, databaseUrl };
  log.info({ logs: logDir }, 'Temporal cluster ready');
  const cluster: TestCluster = { nodes: temporal.nodes.map((n) => ({ name: n.name, address: n.address })) };
  process.env.MF_TEST_CLUSTER = JSON.stringify(cluster);
  process.env.MF_TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.MF_TEST_DATABASE_URL = databaseUrl;
  process.env.MF_TEST_BUNDLE = bundlePath;
  process.env.MF_TEST_PLATFORM_KEY = newSigningKey();
}
