import { join } from 'node:path';
import { Connection, type Client } from '@temporalio/client';
import { temporalConnectOptions } from '../../core/temporal-connection';
import { parseConfig } from '../../domain/config';
import { processPart, type Part } from './parts';

const ROOT = join(__dirname, '..', '..');

export interface MatchflowProcessSpec {
  /** The process's environment over this one's (Temporal address, database, tokens, task queue, timeouts). */
  env: Record<string, string>;
  logDir: string;
  index: number;
}

/** An API process (api/main.ts) on `port`, ready once /readyz answers 200 (Temporal and the database answer). */
export function apiPart(spec: MatchflowProcessSpec, host: string, port: number): Part & { url: string } {
  const url = `http://${host}:${port}`;
  const part = processPart({
    name: `api-${spec.index}`, command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'api', 'main.ts')], cwd: ROOT,
    env: { ...process.env, ...spec.env, HOST: host, PORT: String(port) }, logFile: join(spec.logDir, `api-${spec.index}.log`),
    ready: async () => (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).ok,
  });
  return Object.assign(part, { url });
}

/** A worker process (worker/main.ts), ready once it polls its task queue. */
export function workerPart(spec: MatchflowProcessSpec): Part {
  const env = { ...process.env, ...spec.env };
  // The configuration the worker parses: asked as it connects (over TLS when it does), for its namespace and queue.
  const config = parseConfig(env);
  return processPart({
    name: `worker-${spec.index}`, command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'worker', 'main.ts')], cwd: ROOT,
    env, logFile: join(spec.logDir, `worker-${spec.index}.log`),
    ready: async (child) => {
      const connection = await Connection.connect({ ...temporalConnectOptions(config), connectTimeout: 2000 });
      try {
        return await pollsTaskQueue(connection, config.TEMPORAL_NAMESPACE, config.TEMPORAL_TASK_QUEUE, child.pid!);
      } finally {
        await connection.close();
      }
    },
  });
}

/** Whether the worker process `pid` polls the task queue for workflow tasks (an SDK worker's identity is `pid@host`). */
export async function pollsTaskQueue(temporal: Pick<Client, 'workflowService'>, namespace: string, taskQueue: string, pid: number): Promise<boolean> {
  const { pollers } = await temporal.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 });
  return (pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
}
