import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../core/log';
import { startLocalCluster } from '../../scripts/cluster/local-cluster';
import { apiPart, workerPart } from '../../scripts/cluster/matchflow';
import { freeListenPort } from '../../scripts/ports';
import { dropTemporalDatabases } from '../../scripts/cluster/temporal-cluster';
import { locateTemporalCli } from '../../scripts/temporal-cli';
import { temporalPart, type Part } from './processes';

/** What the soak runs against: where to send requests, what to kill, and how to take it down. */
export interface SoakShape {
  name: 'dev server' | 'cluster';
  apiUrl: string;
  temporalAddress: string;
  /** Every process the chaos may kill with SIGKILL and start again. */
  parts: Part[];
  /** Where to read the API's and the workers' logs. */
  logs: string;
  stop(): Promise<void>;
}

export interface ShapeInput {
  /** The API's and workers' environment, but for TEMPORAL_ADDRESS, HOST and PORT, which the shape sets. */
  env: Record<string, string>;
  databaseUrl: string;
  work: string;
  log: Logger;
}

/** One Temporal dev server (file-backed, so a restart keeps its workflows), one worker, one API. */
export async function devServerShape({ env, work, log }: ShapeInput): Promise<SoakShape> {
  const temporal = temporalPart({ cliPath: await locateTemporalCli(log), port: await freeListenPort(), dbFile: join(work, 'temporal.db'), log });
  const spec = { env: { ...env, TEMPORAL_ADDRESS: temporal.address }, logDir: logDirOf(work), index: 1 };
  const api = apiPart(spec, '127.0.0.1', await freeListenPort());
  const parts: Part[] = [temporal, workerPart(spec), api];
  for (const p of parts) await p.start();
  return {
    name: 'dev server', apiUrl: api.url, temporalAddress: temporal.address, parts, logs: `${spec.logDir}/{api,worker}-1.log`,
    async stop() {
      for (const p of [...parts].reverse()) await p.kill();
    },
  };
}

/** start:cluster's shape: two Temporal nodes over PostgreSQL behind a balancer, two workers, two APIs behind a balancer. */
export async function clusterShape({ env, databaseUrl, work, log }: ShapeInput): Promise<SoakShape> {
  const { temporal, fleet, stop } = await startLocalCluster({ databaseUrl, env, logDir: logDirOf(work), log });
  return {
    name: 'cluster', apiUrl: fleet.url, temporalAddress: temporal.address, parts: [...temporal.nodes, ...fleet.workers, ...fleet.apis],
    logs: `${logDirOf(work)}/{api,worker,temporal}-{1,2}.log`,
    async stop() {
      await stop();
      if (!process.env.KEEP_SOAK_DB) await dropTemporalDatabases(databaseUrl);
    },
  };
}

/** The processes' logs, kept across their restarts, where a 500 the audit finds can be read up. */
function logDirOf(work: string): string {
  const dir = join(work, 'logs');
  mkdirSync(dir, { recursive: true });
  return dir;
}
