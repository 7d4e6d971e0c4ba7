import { spawn, type ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import type { Config } from '../../domain/config';
import { join } from 'node:path';
import { pollsTaskQueue } from '../../scripts/cluster/matchflow';
import { killHard } from '../../scripts/cluster/parts';

export { killHard, pollsTaskQueue };

const ROOT = join(__dirname, '..', '..');

/** The environment of a worker process that serves a test stack: its Temporal, database, task queue and keys. */
export function workerEnvOf(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS, DATABASE_URL: config.DATABASE_URL!, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    ADMIN_TOKEN: config.ADMIN_TOKEN, TOKEN_KEY: config.TOKEN_KEY, ...(config.PLATFORM_SIGNING_KEY ? { PLATFORM_SIGNING_KEY: config.PLATFORM_SIGNING_KEY } : {}), ...extra,
  };
}

/** A real worker process (worker/main.ts), so a fault test can SIGKILL it like a crashed machine. */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, WORKER_WORKFLOW_BUNDLE: process.env.MF_TEST_BUNDLE, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** Resolves once the worker process polls the task queue. */
export async function untilPolling(temporal: Client, taskQueue: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pollsTaskQueue(temporal, temporal.options.namespace, taskQueue, child.pid!)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`worker ${child.pid} did not poll ${taskQueue} within ${timeoutMs} ms`);
}
