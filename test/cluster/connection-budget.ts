import type { TemporalPools } from '../../scripts/cluster/temporal';
import { testEnv } from '../helpers/stack';

/**
 * PostgreSQL connections in `npm run test:cluster`, which must fit under max_connections (100 by default, 3 of them
 * kept for superusers). Up to two test files run at once beside the run's shared cluster, and two files start a
 * cluster of their own (node-loss.test.ts two nodes, temporal-mtls.test.ts one). A node runs four services, each
 * with both pools. With temporal.env's production pools (5 + 2, 28 a node) the shared cluster and node-loss's held
 * up to 56 each, and CI's cluster step failed with PostgreSQL's "too many clients". These pools hold at most:
 * the shared cluster 2 × 4 × (3 + 1) = 32, node-loss's 2 × 4 × (2 + 1) = 24, temporal-mtls's 1 × 4 × 3 = 12;
 * Matchflow's processes 3 each (node-loss's four 12, temporal-mtls's two 6, a test file's stack 12); the tests' own
 * handles (node-loss 3, temporal-mtls 2, a stack 3). At worst, node-loss beside temporal-mtls: 32 + 24 + 12 + 12 +
 * 6 + 3 + 2 = 91 of the 97 left to other users, with short-lived ones besides (temporal-sql-tool while a cluster
 * sets up, a test's own Temporal reads).
 */
export const SHARED_CLUSTER_POOLS: TemporalPools = { main: 3, visibility: 1 };
export const OWN_CLUSTER_POOLS: TemporalPools = { main: 2, visibility: 1 };
/** DATABASE_POOL_SIZE of every API and worker process the cluster tests start. */
export const PROCESS_POOL_SIZE = '3';

/** The environment of the API and worker processes a test runs on a cluster of its own, on its own database. */
export function ownClusterProcessEnv(databaseUrl: string): Record<string, string> {
  return {
    ...testEnv({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: PROCESS_POOL_SIZE }), WORKER_WORKFLOW_BUNDLE: process.env.MF_TEST_BUNDLE!, LOG_LEVEL: 'warn',
  };
}
