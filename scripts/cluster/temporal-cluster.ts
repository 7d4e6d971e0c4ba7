import { mkdirSync } from 'node:fs';
import type { Logger } from '../../core/log';
import { locateTemporalCli } from '../temporal-cli';
import { locateTemporalServer } from '../temporal-server';
import type { Part } from './parts';
import { databaseName, databaseUrl, dropDatabase } from './postgres';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer';
import { runSetupScript, temporalNode, type FrontendTls, type TemporalClusterSpec, type TemporalPools } from './temporal';

export interface TemporalClusterOptions {
  /**
   * Matchflow's PostgreSQL database: Temporal's two sit beside it on the same server, named after it
   * (`<name>_temporal`, `<name>_temporal_visibility`), created where missing, with the same user and password.
   */
  postgresUrl: string;
  /** Where clients connect: the frontend balancer. */
  host: string;
  port: number;
  /** One Temporal node per offset (its frontend on 7233 + offset). */
  portOffsets: number[];
  /** Mutual TLS on the frontends; plain when absent. */
  tls?: FrontendTls;
  /** Each node's pools, when not temporal.env's. */
  pools?: TemporalPools;
  logDir: string;
  log: Logger;
}

export interface TemporalDatabases {
  history: string;
  visibility: string;
}

export function temporalDatabasesOf(postgresUrl: string): TemporalDatabases {
  const name = databaseName(postgresUrl);
  return { history: `${name}_temporal`, visibility: `${name}_temporal_visibility` };
}

/** Drops Temporal's two databases (a test's or a benchmark's, once its cluster has stopped). */
export async function dropTemporalDatabases(postgresUrl: string): Promise<void> {
  for (const name of Object.values(temporalDatabasesOf(postgresUrl))) await dropDatabase(databaseUrl(postgresUrl, name));
}

export interface TemporalCluster {
  /** The frontend balancer's host:port, what Matchflow's processes use as TEMPORAL_ADDRESS. */
  address: string;
  databases: TemporalDatabases;
  nodes: (Part & { address: string })[];
  balancer: TcpBalancer;
  stop(): Promise<void>;
}

/**
 * What every node of a cluster is started from: the binaries (built where missing), Temporal's databases beside
 * `postgresUrl`, the nodes' port offsets and where they log.
 */
async function clusterSpec(opts: Pick<TemporalClusterOptions, 'postgresUrl' | 'portOffsets' | 'tls' | 'pools' | 'logDir' | 'log'>): Promise<TemporalClusterSpec> {
  mkdirSync(opts.logDir, { recursive: true });
  const [binaries, cliPath] = await Promise.all([locateTemporalServer(opts.log), locateTemporalCli(opts.log)]);
  const pg = new URL(opts.postgresUrl);
  return {
    binaries, cliPath, databases: temporalDatabasesOf(opts.postgresUrl), portOffsets: opts.portOffsets, tls: opts.tls, pools: opts.pools, logDir: opts.logDir, log: opts.log,
    postgres: { host: pg.hostname, port: Number(pg.port || 5432), user: decodeURIComponent(pg.username || 'postgres'), password: decodeURIComponent(pg.password) },
  };
}

/**
 * Temporal as production runs it, on one machine: deploy/temporal's schema set up in PostgreSQL by Temporal's own
 * SQL tool, one server process per node (every service in each, history shards spread over the nodes), a
 * balancer in front of the frontends, and Matchflow's namespace and search attributes registered.
 */
export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  const { log } = opts;
  const spec = await clusterSpec(opts);
  const { databases } = spec;
  log.info({ step: 'schema', databases }, 'setting up Temporal\'s schemas with temporal-sql-tool');
  await runSetupScript(spec, 'setup-schema.sh');
  const nodes = opts.portOffsets.map((_, i) => temporalNode(spec, i));
  const started: Part[] = [];
  let balancer: TcpBalancer | undefined;
  try {
    for (const node of nodes) {
      log.info({ step: 'temporal', node: node.name, frontend: node.address }, 'starting a Temporal node');
      started.push(node);
      await node.start();
    }
    balancer = await startTcpBalancer(opts.host, opts.port, nodes.map((n) => n.address));
    log.info({ step: 'namespace' }, 'creating the namespace and search attributes (setup-namespace.sh)');
    await runSetupScript(spec, 'setup-namespace.sh', { TEMPORAL_ADDRESS: balancer.address });
  } catch (err) {
    await balancer?.close();
    for (const node of started.reverse()) await node.stop();
    throw err;
  }
  const running = balancer;
  return {
    address: running.address, databases, nodes, balancer: running,
    async stop() {
      await running.close();
      for (const node of [...nodes].reverse()) await node.stop();
    },
  };
}
