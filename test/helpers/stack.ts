import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startApiServer } from '../../api/server';
import { createDb, type Db, type DbHandle } from '../../db/create-db';
import { createProject } from '../../core/projects';
import { parseConfig, type Config } from '../../domain/config';
import { createLogger } from '../../core/log';
import { temporalConnectOptions } from '../../core/temporal-connection';
import type { CreateProject, Project } from '../../domain/projects';
import { TokenSealer } from '../../domain/tokens';
import { startWorker, type RunningWorker } from '../../worker/create-worker';
import { SigningKeys } from '../../domain/paid-matches/signing-keys';
import { retentionSettings } from '../../worker/main';
import { matchmakingSettings } from '../../core/matchmaking/queue';
import { startFleet, type Fleet } from '../../scripts/cluster/fleet';
import { freeListenPorts } from '../../scripts/ports';
import { PROCESS_POOL_SIZE } from '../cluster/connection-budget';

/** A whole Matchflow (real worker, real API on port 0) on the run's dev server and database, own task queue. */
export interface Stack {
  url: string;
  config: Config;
  db: Db;
  temporal: Client;
  sealer: TokenSealer;
  worker?: RunningWorker;
  /** Under npm run test:cluster: the API and worker processes behind `url`. */
  fleet?: Fleet;
  createProject(input?: Partial<CreateProject>): Promise<Project>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Start an in-process worker (default true); fault tests run their own in a child process. */
  worker?: boolean;
  /** Use the embedded PGlite in this folder instead of the run's PostgreSQL database. */
  pgliteDir?: string;
  env?: Record<string, string>;
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: required('MF_TEST_TEMPORAL_ADDRESS'),
    DATABASE_URL: required('MF_TEST_DATABASE_URL'),
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(6).toString('hex')}`,
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    TOKEN_KEY: randomBytes(32).toString('base64url'),
    PORT: '0',
    PLATFORM_SIGNING_KEY: required('MF_TEST_PLATFORM_KEY'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every test calls from 127.0.0.1 into one database: failed-login limits are tested on their own addresses
    // (test/api/login-limits.test.ts), so the rest of the suite's deliberate failures never add up to a 429.
    LOGIN_FAILURES_PER_IP: '1000000',
    LOGIN_FAILURES_PER_CREDENTIAL: '1000000',
    VERSUS_SEEDS_PER_IP_PER_MINUTE: '1000000',
    ...extra,
  };
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  if (process.env.MF_TEST_CLUSTER && !opts.pgliteDir) return startClusterStack(opts);
  const env = testEnv(opts.env);
  if (opts.pgliteDir) {
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    env.MATCHFLOW_DATA_DIR = opts.pgliteDir;
  }
  const config = parseConfig(env);
  const log = createLogger(config.LOG_LEVEL, 'test', 2);
  const handle: DbHandle = await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.MATCHFLOW_DATA_DIR, poolSize: 5, log });
  const worker = opts.worker === false ? undefined : await startWorker({
    db: handle.db, log, temporalConnection: temporalConnectOptions(config), namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE, workflowBundle: testBundle(), matchmaking: matchmakingSettings(config), signingKeys: SigningKeys.fromConfig(config),
    retention: retentionSettings(config), namespaceRetentionHours: config.TEMPORAL_RETENTION_HOURS,
  });
  const api = await startApiServer(config, log, handle);
  const connection = await Connection.connect(temporalConnectOptions(config));
  const stack: Stack = {
    url: api.url,
    config,
    db: handle.db,
    temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    sealer: new TokenSealer(Buffer.from(config.TOKEN_KEY, 'base64url')),
    worker,
    createProject: (input = {}) => createProject(handle.db, { name: 'test game', testKey: true, ...input }),
    async stop() {
      await api.stop();
      // Tests may swap the worker (stop one, start another): stop whichever runs now.
      await stack.worker?.stop();
      await connection.close();
      await handle.close();
    },
  };
  return stack;
}

/**
 * Under npm run test:cluster, the same stack as production runs it: two worker processes and two API processes
 * (with this file's environment and task queue) behind a load balancer that spreads requests over both.
 */
async function startClusterStack(opts: StackOptions): Promise<Stack> {
  const [port, ...apiPorts] = await freeListenPorts(3);
  // Behind a balancer, the URLs the API hands out (the realm's, developer-config's) are the balancer's.
  const env = testEnv({ PUBLIC_URL: `http://127.0.0.1:${port}`, DATABASE_POOL_SIZE: PROCESS_POOL_SIZE, ...opts.env });
  const config = parseConfig(env);
  const fleet = await startFleet({
    env: { ...env, WORKER_WORKFLOW_BUNDLE: required('MF_TEST_BUNDLE'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' },
    workers: opts.worker === false ? 0 : 2, apiPorts, host: '127.0.0.1', port,
    logDir: mkdtempSync(join(tmpdir(), 'matchflow-stack-')), log: createLogger('silent'),
  });
  const handle = await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.MATCHFLOW_DATA_DIR, poolSize: 3 });
  const connection = await Connection.connect(temporalConnectOptions(config));
  return {
    url: fleet.url, config, db: handle.db, fleet,
    temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    sealer: new TokenSealer(Buffer.from(config.TOKEN_KEY, 'base64url')),
    createProject: (input = {}) => createProject(handle.db, { name: 'test game', testKey: true, ...input }),
    async stop() {
      await fleet.stop();
      await connection.close();
      await handle.close();
    },
  };
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests through jest (test/global-setup.ts)`);
  return v;
}

/** The run's prebuilt workflow bundle (test/global-setup.ts). */
export function testBundle(): { codePath: string } {
  return { codePath: required('MF_TEST_BUNDLE') };
}

/** Stops the stack's worker (so events queue up on the server) and returns a function that starts a new one. */
export async function pauseWorker(stack: Stack): Promise<() => Promise<void>> {
  if (stack.fleet) {
    const workers = stack.fleet.workers;
    await Promise.all(workers.map((w) => w.stop()));
    return async () => void (await Promise.all(workers.map((w) => w.start())));
  }
  await stack.worker?.stop();
  return async () => {
    stack.worker = await startWorker({
      db: stack.db, log: createLogger('silent'), temporalConnection: temporalConnectOptions(stack.config), namespace: stack.config.TEMPORAL_NAMESPACE,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowBundle: testBundle(), matchmaking: matchmakingSettings(stack.config),
      signingKeys: SigningKeys.fromConfig(stack.config),
    });
  };
}
