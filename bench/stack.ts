import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client } from 'pg';
import { startApiServer } from '../api/server';
import { createDb, type DbHandle } from '../db/create-db';
import { parseConfig, type Config } from '../domain/config';
import { createLogger, type Logger } from '../core/log';
import { startLocalCluster } from '../scripts/cluster/local-cluster';
import { dropTemporalDatabases } from '../scripts/cluster/temporal-cluster';
import { startDevServer } from '../scripts/dev-server';
import { newSigningKey } from '../scripts/data-dir';
import { locateTemporalCli } from '../scripts/temporal-cli';
import { writeWorkflowBundle } from '../worker/bundle';
import { startWorkerProcess as startWorkerInProcess } from '../worker/main';

const ROOT = join(__dirname, '..');

/**
 * Where a benchmark runs. `bench`: an in-memory dev server and the worker in a process of its own (the second
 * core). `start`: what `npm start` runs, a file-backed dev server (with `npm start`'s SQLite settings) and the
 * worker and the API in one process. `cluster`: what `npm run start:cluster` runs, two Temporal server nodes over
 * PostgreSQL behind a balancer, two worker processes and two API processes behind a load balancer.
 */
export type BenchShape = 'bench' | 'start' | 'cluster';
const SHAPES: BenchShape[] = ['bench', 'start', 'cluster'];

export function benchShapes(value = process.env.BENCH_SHAPES ?? 'bench,start'): BenchShape[] {
  const shapes = value.split(',').map((s) => s.trim());
  for (const s of shapes) if (!SHAPES.includes(s as BenchShape)) throw new Error(`BENCH_SHAPES: unknown shape ${s} (${SHAPES.join(', ')})`);
  return shapes as BenchShape[];
}

/** What a benchmark runs against: its own dev server, a fresh database, a worker and the API. */
export interface BenchStack {
  shape: BenchShape;
  config: Config;
  db: DbHandle;
  /** Where players call: the API, or under `cluster` the balancer in front of both. */
  api: { url: string };
  /** The benchmark's own client, for counting what Temporal did. */
  temporal: TemporalClient;
  stop(): Promise<void>;
}

export async function startBenchStack(log: Logger, extraEnv: Record<string, string> = {}, shape: BenchShape = 'bench'): Promise<BenchStack> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `matchflow_bench_${Date.now()}`;
  await adminQuery(base, `CREATE DATABASE ${dbName}`);
  const url = new URL(base);
  url.pathname = `/${dbName}`;

  if (shape === 'cluster') return startClusterBenchStack(log, extraEnv, { base, dbName, url: url.toString() });
  log.info({ step: 'temporal', shape }, 'starting a Temporal dev server');
  const fileDir = shape === 'start' ? mkdtempSync(join(tmpdir(), 'matchflow-bench-')) : undefined;
  const devServer = await startDevServer({
    cliPath: await locateTemporalCli(log), headless: true, readyTimeoutMs: 180_000, log, dbFile: fileDir && join(fileDir, 'temporal.db'),
  });
  const env = {
    DATABASE_URL: url.toString(), TEMPORAL_ADDRESS: devServer.address, TEMPORAL_TASK_QUEUE: 'bench', PORT: '0', LOG_LEVEL: 'warn',
    ADMIN_TOKEN: randomBytes(24).toString('base64url'), TOKEN_KEY: randomBytes(32).toString('base64url'), PLATFORM_SIGNING_KEY: newSigningKey(), ...extraEnv,
  };
  const config = parseConfig(env);
  const db = await createDb({ databaseUrl: config.DATABASE_URL, dataDir: '.', poolSize: 10 });
  const stopWorker = shape === 'start' ? await startWorkerHere(config, db, log) : await startWorkerChild(env, log);
  const api = await startApiServer(config, createLogger('warn', 'bench-api', 2), db);
  const connection = await Connection.connect({ address: devServer.address });
  return {
    shape, config, db, api, temporal: new TemporalClient({ connection }),
    async stop() {
      await connection.close();
      await api.stop();
      await stopWorker();
      await db.close();
      await devServer.stop();
      if (fileDir) rmSync(fileDir, { recursive: true, force: true });
      if (!process.env.KEEP_BENCH_DB) await adminQuery(base, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/** As `npm run start:cluster` runs it: the same Temporal cluster and processes, in this benchmark's database. */
async function startClusterBenchStack(log: Logger, extraEnv: Record<string, string>, database: { base: string; dbName: string; url: string }): Promise<BenchStack> {
  const work = mkdtempSync(join(tmpdir(), 'matchflow-bench-cluster-'));
  log.info({ step: 'cluster', shape: 'cluster' }, 'starting two Temporal nodes over PostgreSQL, two workers and two APIs behind a load balancer');
  const env = {
    DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: 'bench', LOG_LEVEL: 'warn', WORKER_WORKFLOW_BUNDLE: await writeWorkflowBundle(join(work, 'workflows.js')),
    ADMIN_TOKEN: randomBytes(24).toString('base64url'), TOKEN_KEY: randomBytes(32).toString('base64url'), PLATFORM_SIGNING_KEY: newSigningKey(), ...extraEnv,
  };
  const cluster = await startLocalCluster({ databaseUrl: database.url, env, logDir: join(work, 'logs'), log });
  const config = parseConfig({ ...env, TEMPORAL_ADDRESS: cluster.temporal.address, PORT: '0' });
  const db = await createDb({ databaseUrl: database.url, dataDir: '.', poolSize: 5 });
  const connection = await Connection.connect({ address: cluster.temporal.address });
  return {
    shape: 'cluster', config, db, api: { url: cluster.fleet.url }, temporal: new TemporalClient({ connection }),
    async stop() {
      await connection.close();
      await db.close();
      await cluster.stop();
      rmSync(work, { recursive: true, force: true });
      if (process.env.KEEP_BENCH_DB) return;
      await dropTemporalDatabases(database.url);
      await adminQuery(database.base, `DROP DATABASE IF EXISTS ${database.dbName} WITH (FORCE)`);
    },
  };
}

/** As `npm start` runs it: in the API's process, on its database pool. */
async function startWorkerHere(config: Config, db: DbHandle, log: Logger): Promise<() => Promise<void>> {
  log.info({ step: 'worker' }, 'starting the worker in this process (as npm start does)');
  const worker = await startWorkerInProcess(config, createLogger('warn', 'bench-worker', 2), db);
  return () => worker.stop();
}

async function startWorkerChild(env: Record<string, string>, log: Logger): Promise<() => Promise<void>> {
  log.info({ step: 'worker' }, 'starting the worker in its own process (the second core)');
  const child = await spawnWorker(env);
  return () => stopChild(child);
}

async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  // A worker caches ~600 workflows per GiB of heap; give it room for every live host or ticket of the run.
  const heapMb = process.env.BENCH_WORKER_HEAP_MB ?? '12288';
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker polling')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  child.stdout!.resume();
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One statement on the server's maintenance connection (CREATE and DROP DATABASE). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
