import { reachTemporal } from '../core/reach';
import type { TemporalConnectOptions } from '../core/temporal-connection';
import { Client, Connection } from '@temporalio/client';
import { makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { freeLoopbackPort, serveWorkerMetrics } from './metrics-server';
import { PinoAdapter } from './sdk-logger';
import { ensureNamespaceRetention, ensureRetentionSchedule, type RetentionSettings } from './retention';
import { ensureSearchAttributes } from './search-attributes';

export interface WorkerOptions extends Omit<ActivityDeps, 'temporal' | 'taskQueue'> {
  /** Where Temporal's frontend is and how to reach it: temporalConnectOptions(config). */
  temporalConnection: TemporalConnectOptions;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests bundle once per run); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Route the SDK's process-wide logs through ours; the first worker of a process decides. */
  installSdkLogger?: boolean;
  /** host:port serving Prometheus metrics (`/metrics`): the SDK's and Matchflow's (worker/metrics-server.ts); off when absent. */
  metricsAddress?: string;
  /** When set, `METRICS_ADDRESS/metrics` answers only `Authorization: Bearer <it>`, as the API's /metrics does. */
  metricsToken?: string;
  maxCachedWorkflows?: number;
  /** The retention job's schedule; absent: none is created (tests that do not need one). */
  retention?: RetentionSettings;
  /** Hours Temporal keeps closed workflows; set on the namespace at start (0 or absent: left as it is). */
  namespaceRetentionHours?: number;
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

/** One runtime per process: SDK and native core logs become our JSON lines; metrics are served if asked. */
export function installRuntime(log: ActivityDeps['log'], metricsAddress?: string): void {
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new PinoAdapter(log),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
        ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
      },
    });
  } catch {
    // Already installed in this process (a test runner reloading modules): the first logger stays.
  }
}

/** The runtime, and at `metricsAddress` the SDK's metrics (from its exporter, moved to loopback) with Matchflow's. */
async function installRuntimeServingMetrics(log: ActivityDeps['log'], metricsAddress?: string, metricsToken?: string): Promise<void> {
  if (!metricsAddress) return installRuntime(log);
  const sdkAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  installRuntime(log, sdkAddress);
  await serveWorkerMetrics(metricsAddress, sdkAddress, log, metricsToken);
}

/** Starts polling the task queue; stop() drains in-flight tasks, then closes the connection. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  if (opts.installSdkLogger !== false && !runtimeInstalled) await installRuntimeServingMetrics(opts.log, opts.metricsAddress, opts.metricsToken);
  const connection = await reachTemporal(opts.temporalConnection, () => NativeConnection.connect(opts.temporalConnection));
  await ensureSearchAttributes(connection, opts.namespace, opts.log);
  if (opts.namespaceRetentionHours) await ensureNamespaceRetention(connection, opts.namespace, opts.namespaceRetentionHours, opts.log);
  // Activities signal-with-start matchers and claim servers: they need a client of their own.
  const clientConnection = await Connection.connect(opts.temporalConnection);
  const temporal = new Client({ connection: clientConnection, namespace: opts.namespace });
  if (opts.retention) await ensureRetentionSchedule(temporal, opts.taskQueue, opts.retention, opts.log);
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities({ ...opts, temporal, taskQueue: opts.taskQueue }),
    ...(opts.maxCachedWorkflows ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsPath() }),
  });
  const done = worker.run().finally(async () => {
    await connection.close();
    await clientConnection.close();
  });
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
