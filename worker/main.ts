import { createDb, type DbHandle } from '../db/create-db';
import { parseConfig, type Config } from '../domain/config';
import { createLogger, type Logger } from '../core/log';
import { temporalConnectOptions } from '../core/temporal-connection';
import { SigningKeys } from '../domain/paid-matches/signing-keys';
import { startWorker, type RunningWorker } from './create-worker';
import { matchmakingSettings } from '../core/matchmaking/queue';

/** A worker process's whole life: database, then polling; stop() drains and closes both. */
export async function startWorkerProcess(config: Config, log: Logger, db?: DbHandle): Promise<RunningWorker> {
  const temporalConnection = temporalConnectOptions(config);
  const ownDb = db ?? (await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.MATCHFLOW_DATA_DIR, poolSize: config.DATABASE_POOL_SIZE, log }));
  const running = await startWorker({
    db: ownDb.db, log, temporalConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE,
    matchmaking: matchmakingSettings(config), signingKeys: SigningKeys.fromConfig(config), metricsAddress: config.METRICS_ADDRESS, metricsToken: config.METRICS_TOKEN, maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowBundle: config.WORKER_WORKFLOW_BUNDLE ? { codePath: config.WORKER_WORKFLOW_BUNDLE } : undefined,
    retention: retentionSettings(config), namespaceRetentionHours: config.TEMPORAL_RETENTION_HOURS,
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, metrics: config.METRICS_ADDRESS ? `http://${config.METRICS_ADDRESS}/metrics` : undefined }, 'worker polling');
  return {
    ...running,
    async stop() {
      await running.stop();
      if (!db) await ownDb.close();
    },
  };
}

export function retentionSettings(config: Config) {
  return {
    intervalMinutes: config.RETENTION_INTERVAL_MINUTES, ticketRetentionHours: config.TICKET_RETENTION_HOURS, sessionRetentionDays: config.SESSION_RETENTION_DAYS,
    sessionResultDeadlineSeconds: config.SESSION_RESULT_DEADLINE_SECONDS,
  };
}


/** Entry point of a worker-only process (production: N replicas). */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const log = createLogger(config.LOG_LEVEL, 'matchflow-worker');
  const worker = await startWorkerProcess(config, log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void worker.stop());
  await worker.done;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
