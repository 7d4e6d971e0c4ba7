import { dropDatabase } from '../../scripts/cluster/postgres';
import { dropTemporalDatabases } from '../../scripts/cluster/temporal-cluster';
import { CLUSTER_HISTORIES_DIR, exportHistories } from '../replay/export-histories';

export default async function clusterTeardown(): Promise<void> {
  const cluster = globalThis.__matchflowCluster;
  if (!cluster) return;
  // The replay step after the run (npm run test:cluster) replays what the cluster recorded.
  const count = await exportHistories(cluster.temporal.address, CLUSTER_HISTORIES_DIR);
  process.stderr.write(`recorded ${count} workflow histories in ${CLUSTER_HISTORIES_DIR}\n`);
  await cluster.temporal.stop();
  if (process.env.KEEP_TEST_DB) return;
  await dropTemporalDatabases(cluster.databaseUrl);
  await dropDatabase(cluster.databaseUrl);
}
