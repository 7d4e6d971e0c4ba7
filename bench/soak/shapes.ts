import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from '../../core/log';
import { startFleet } from '../../scripts/cluster/fleet';
import { pollsTaskQueue } from '../../scripts/cluster/matchflow';
import { freeNodeOffsets } from '../../scripts/cluster/ports';
import { dropDatabase } from '../../scripts/cluster/postgres';
import { startTemporalCluster } from '../../scripts/cluster/temporal-cluster';
import { freePort } from '../../scripts/dev-server';
import { locateTemporalCli } from '../../scripts/temporal-cli';
import { nodePart, partLogPath, temporalPart, type Part } from './processes';

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
  /** The API's and workers' environment, but for TEMPORAL_ADDRESS and PORT, which the shape sets. */
  env: Record<string, string>;
  databaseUrl: string;
  work: string;
  log: Logger;
}

/** One Temporal dev server (file-backed, so a restart keeps its workflows), one worker, one API. */
export async function devServerShape({ env, work, log }: ShapeInput): Promise<SoakShape> {
  const temporal = temporalPart({ cliPath: await locateTemporalCli(log), port: await freePort(), dbFile: join(work, 'temporal.db'), log });
  const port = await freePort();
  const full = { ...env, TEMPORAL_ADDRESS: temporal.address, PORT: String(port), HOST: '127.0.0.1' };
  const parts: Part[] = [temporal, nodePart('worker', full, (child) => polling(temporal.address, env.TEMPORAL_TASK_QUEUE!, child.pid!)),
    nodePart('api', full, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok)];
  for (const p of parts) await p.start();
  return {
    name: 'dev server', apiUrl: `http://127.0.0.1:${port}`, temporalAddress: temporal.address, parts, logs: `${partLogPath('api')}, ${partLogPath('worker')}`,
    async stop() {
      for (const p of [...parts].reverse()) await p.kill();
    },
  };
}

/** start:cluster's shape: two Temporal nodes over PostgreSQL behind a balancer, two workers, two APIs behind a balancer. */
export async function clusterShape({ env, databaseUrl, work, log }: ShapeInput): Promise<SoakShape> {
  const appDb = new URL(databaseUrl).pathname.slice(1);
  const databases = { history: `${appDb}_temporal`, visibility: `${appDb}_temporal_visibility` };
  const logDir = join(work, 'logs');
  const temporal = await startTemporalCluster({
    postgresUrl: databaseUrl, databases, host: '127.0.0.1', port: await freePort(), portOffsets: await freeNodeOffsets(2), logDir, log,
  });
  const fleet = await startFleet({
    env: { ...env, TEMPORAL_ADDRESS: temporal.address }, workers: 2, apiPorts: [await freePort(), await freePort()], host: '127.0.0.1',
    port: await freePort(), logDir, log,
  });
  return {
    name: 'cluster', apiUrl: fleet.url, temporalAddress: temporal.address, parts: [...temporal.nodes, ...fleet.workers, ...fleet.apis],
    logs: `${logDir}/{api,worker,temporal}-{1,2}.log`,
    async stop() {
      await fleet.stop();
      await temporal.stop();
      if (!process.env.KEEP_SOAK_DB) for (const name of Object.values(databases)) await dropDatabase(Object.assign(new URL(databaseUrl), { pathname: `/${name}` }).toString());
    },
  };
}

/** A worker process is up once it polls the soak's task queue. */
async function polling(address: string, taskQueue: string, pid: number): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    return await pollsTaskQueue(connection, 'default', taskQueue, pid);
  } finally {
    await connection.close();
  }
}
