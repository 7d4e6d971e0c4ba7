import { spawn, type ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A real worker process (worker/main.ts), so a fault test can SIGKILL it like a crashed machine. */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, WORKER_WORKFLOW_BUNDLE: process.env.MF_TEST_BUNDLE, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Resolves once the worker process polls the task queue for workflow tasks (its identity is `pid@host`). */
export async function untilPolling(temporal: Client, taskQueue: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { pollers } = await temporal.workflowService.describeTaskQueue({ namespace: temporal.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 });
    if (pollers?.some((p) => p.identity?.startsWith(`${child.pid}@`))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`worker ${child.pid} did not poll ${taskQueue} within ${timeoutMs} ms`);
}
