import { NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { PinoAdapter } from './sdk-logger';

export interface WorkerOptions extends ActivityDeps {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests bundle once per run); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped; rejects if it failed. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export function workflowsPath(): string {
  return require.resolve('../workflows');
}

let runtimeInstalled = false;

/** Starts polling the task queue; stop() drains in-flight tasks, then closes the connection. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new PinoAdapter(opts.log) });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsPath() }),
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
