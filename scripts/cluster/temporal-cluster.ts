import { mkdirSync } from 'node:fs';
import type { Logger } from '../../core/log';
import { locateTemporalCli } from '../temporal-cli';
import { locateTemporalServer } from '../temporal-server';
import type { Part } from './parts';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer';
import { runSetupScript, temporalNode, type TemporalClusterSpec } from './temporal';

export interface TemporalClusterOptions {
  /** A PostgreSQL URL whose server holds Temporal's databases (its user and password are used). */
  postgresUrl: string;
  /** Temporal's two database names; created where missing. */
  databases: { history: string; visibility: string };
  /** Where clients connect: the frontend balancer. */
  host: string;
  port: number;
  /** One Temporal node per offset (its frontend on 7233 + offset). */
  portOffsets: number[];
  logDir: string;
  log: Logger;
}

export interface TemporalCluster {
  /** The frontend balancer's host:port, what Matchflow's processes use as TEMPORAL_ADDRESS. */
  address: string;
  nodes: (Part & { address: string })[];
  balancer: TcpBalancer;
  stop(): Promise<void>;
}

/**
 * Temporal as production runs it, on one machine: deploy/temporal's schema set up in PostgreSQL by Temporal's own
 * SQL tool, one server process per node (every service in each, history shards spread over the nodes), a
 * balancer in front of the frontends, and Matchflow's namespace and search attributes registered.
 */
export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  mkdirSync(opts.logDir, { recursive: true });
  const { log } = opts;
  const [binaries, cliPath] = await Promise.all([locateTemporalServer(log), locateTemporalCli(log)]);
  const pg = new URL(opts.postgresUrl);
  const spec: TemporalClusterSpec = {
    binaries, cliPath, databases: opts.databases, portOffsets: opts.portOffsets, logDir: opts.logDir, log,
    postgres: { host: pg.hostname, port: Number(pg.port || 5432), user: decodeURIComponent(pg.username || 'postgres'), password: decodeURIComponent(pg.password) },
  };
  log.info({ step: 'schema', databases: opts.databases }, 'setting up Temporal\'s schemas with temporal-sql-tool');
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
    address: running.address, nodes, balancer: running,
    async stop() {
      await running.close();
      for (const node of [...nodes].reverse()) await node.stop();
    },
  };
}
