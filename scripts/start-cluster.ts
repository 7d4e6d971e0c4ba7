import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { firstAdmin } from '../core/console/users';
import { createLogger, type Logger } from '../core/log';
import { createDb } from '../db/create-db';
import { writeWorkflowBundle } from '../worker/bundle';
import { startLocalCluster } from './cluster/local-cluster';
import { webUiPart } from './cluster/web-ui';
import { ensureDatabase } from './cluster/postgres';
import { loadOrCreateDevSecrets } from './data-dir';
import { consoleLines, projectsAtStart } from './first-start';
import { locateTemporalUi } from './temporal-ui';

/**
 * `npm run start:cluster`: Matchflow's production shape on one machine. Temporal's server (built from its Go
 * module once, cached outside the clone) as two nodes over PostgreSQL, configured by the same deploy/temporal
 * files docker-compose.yml mounts, behind a frontend balancer, with its Web UI; two worker processes; two API
 * processes behind a load balancer. Secrets are kept in MATCHFLOW_CLUSTER_DIR (.matchflow-cluster), with every
 * process's log.
 */
const DIR = resolve(process.env.MATCHFLOW_CLUSTER_DIR || '.matchflow-cluster');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/matchflow';
const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8080);
const TEMPORAL_PORT = Number(process.env.TEMPORAL_PORT ?? 7233);
const UI_PORT = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const UI_URL = `http://${HOST}:${UI_PORT}`;
/** Node n's frontend on 7233 + its offset: 7333 and 7433 by default. */
const NODE_OFFSETS = [TEMPORAL_PORT - 7233 + 100, TEMPORAL_PORT - 7233 + 200];

async function main(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'info', 'cluster');
  const logDir = join(DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const secrets = loadOrCreateDevSecrets(DIR);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.error({ err }, 'error while stopping'));
  };
  onceStopSignal(log, stopAll);
  try {
    // Migrations run once, here, before any API or worker starts.
    await ensureDatabase(DATABASE_URL);
    const db = await createDb({ databaseUrl: DATABASE_URL, dataDir: DIR, log });
    stops.push(db.close);
    const projects = await projectsAtStart(db.db);
    log.info({ step: 'bundle' }, 'bundling the workflows once for every worker');
    const bundle = await writeWorkflowBundle(join(DIR, 'workflows.js'));
    // Found (or built) before anything starts, so a missing Go fails the start before the cluster is up.
    const uiServer = await locateTemporalUi(log);
    const { temporal, fleet, stop } = await startLocalCluster({
      databaseUrl: DATABASE_URL, logDir, log,
      ports: { api: PORT, apis: [PORT + 1, PORT + 2], temporal: TEMPORAL_PORT, nodeOffsets: NODE_OFFSETS },
      env: {
        ADMIN_TOKEN: secrets.adminToken, TOKEN_KEY: secrets.tokenKey, PLATFORM_SIGNING_KEY: secrets.platformSigningKey,
        DATABASE_URL, WORKER_WORKFLOW_BUNDLE: bundle, PUBLIC_URL: `http://${HOST}:${PORT}`, TEMPORAL_UI_URL: UI_URL,
        // The balancer on this machine is the one proxy in front of the APIs.
        TRUST_PROXY: 'loopback', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        ...(projects.demo ? { PADRONE_DEFAULT_PROJECT: process.env.PADRONE_DEFAULT_PROJECT ?? projects.demo.id } : {}),
      },
    });
    stops.push(stop);
    const ui = webUiPart({ binary: uiServer, temporalAddress: temporal.address, host: HOST, port: UI_PORT, logDir });
    stops.push(() => ui.stop());
    await ui.start();
    // Made once everything answers, so a start that fails never eats the one showing of its password.
    const first = { ...projects, admin: await firstAdmin(db.db) };
    printWelcome([
      '', 'Matchflow is running as a cluster.',
      `  API (balancer)   ${fleet.url}  →  ${fleet.apis.map((a) => a.url).join(', ')}`,
      `  workers          ${fleet.workers.map((w) => `pid ${w.pid}`).join(', ')}`,
      `  Temporal         ${temporal.address}  →  ${temporal.nodes.map((n) => n.address).join(', ')} (namespace default)`,
      `  Temporal Web UI  ${ui.url}`,
      `  PostgreSQL       ${redact(DATABASE_URL)} (Matchflow), ${temporal.databases.history} and ${temporal.databases.visibility} (Temporal)`,
      `  logs             ${logDir}/{temporal-1,temporal-2,temporal-ui,worker-1,worker-2,api-1,api-2}.log`,
      `  admin token      in ${join(DIR, 'secrets.json')}`,
      ...(first.created ? ['', 'Created a demo project (shown once):', `  projectId           ${first.created.id}`, `  testKey             ${first.created.testKey}`, `  projectServerToken  ${first.created.serverToken}`] : []),
      ...consoleLines(fleet.url, first.admin), '', 'Press Ctrl-C to stop.', '',
    ]);
  } catch (err) {
    await stopAll();
    throw err;
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
const printWelcome = (lines: string[]) => process.stdout.write(lines.join('\n') + '\n');

function onceStopSignal(log: Logger, stopAll: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping the cluster');
      void stopAll().then(() => process.exit(0));
    });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
