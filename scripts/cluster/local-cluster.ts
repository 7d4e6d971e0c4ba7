import type { Logger } from '../../core/log';
import { startFleet, type Fleet } from './fleet';
import { freeListenPorts, freeNodeOffsets } from '../ports';
import type { TemporalPools } from './temporal';
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster';

export interface ClusterPorts {
  /** The load balancer in front of the APIs, and each API's own port. */
  api: number;
  apis: number[];
  /** The balancer in front of Temporal's frontends, and each node's port offset. */
  temporal: number;
  nodeOffsets: number[];
}

export interface LocalClusterOptions {
  /** Matchflow's database; Temporal's two sit beside it (startTemporalCluster). */
  databaseUrl: string;
  /** Every API and worker process's environment; TEMPORAL_ADDRESS is set to the cluster's. */
  env: Record<string, string>;
  /** Free ports when not given. */
  ports?: ClusterPorts;
  /** Each Temporal node's pools, when not temporal.env's. */
  pools?: TemporalPools;
  logDir: string;
  log: Logger;
}

export interface LocalCluster {
  temporal: TemporalCluster;
  fleet: Fleet;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * The production shape on this machine, as start:cluster, the cluster benchmark and the cluster soak run it: two
 * Temporal nodes behind a frontend balancer, then two workers and two APIs behind a load balancer.
 */
export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const ports = opts.ports ?? await freePorts();
  const temporal = await startTemporalCluster({
    postgresUrl: opts.databaseUrl, host: HOST, port: ports.temporal, portOffsets: ports.nodeOffsets, pools: opts.pools, logDir: opts.logDir, log: opts.log,
  });
  try {
    const fleet = await startFleet({
      env: { ...opts.env, TEMPORAL_ADDRESS: temporal.address }, workers: 2, apiPorts: ports.apis, host: HOST, port: ports.api,
      logDir: opts.logDir, log: opts.log,
    });
    return {
      temporal, fleet,
      async stop() {
        await fleet.stop();
        await temporal.stop();
      },
    };
  } catch (err) {
    await temporal.stop();
    throw err;
  }
}

async function freePorts(): Promise<ClusterPorts> {
  const [api, api1, api2, temporal] = await freeListenPorts(4);
  return { api, apis: [api1, api2], temporal, nodeOffsets: await freeNodeOffsets(2) };
}
