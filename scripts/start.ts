import { join } from 'node:path';
import { startApiServer } from '../api/server';
import { createDb } from '../db/create-db';
import { firstAdmin } from '../core/console/users';
import { ConfigError, parseConfig, type Config } from '../domain/config';
import { createLogger, type Logger } from '../core/log';
import { startWorkerProcess } from '../worker/main';
import { clearRuntime, loadOrCreateDevSecrets, resolveDataDir, writeRuntime } from './data-dir';
import { startDevServer, type DevServer } from './dev-server';
import { consoleLines, projectsAtStart, type ProjectsAtStart } from './first-start';
import { locateTemporalCli } from './temporal-cli';

/**
 * `npm start`: the Temporal dev server (state in the data directory, Web UI on), the worker and the API in one
 * command, on embedded defaults. Ctrl-C stops all three.
 */
async function main(): Promise<void> {
  const dataDir = resolveDataDir(process.env);
  const secrets = loadOrCreateDevSecrets(dataDir);
  const env = { ADMIN_TOKEN: secrets.adminToken, TOKEN_KEY: secrets.tokenKey, PLATFORM_SIGNING_KEY: secrets.platformSigningKey, ...process.env, MATCHFLOW_DATA_DIR: dataDir };
  const startsTemporal = !process.env.TEMPORAL_ADDRESS;
  const config = parseConfig(env);
  if (startsTemporal && config.TEMPORAL_TLS) {
    // Its own dev server speaks plain gRPC only: TLS settings without an address are meant for some other Temporal.
    throw new ConfigError('invalid configuration:\n  TEMPORAL_ADDRESS: is required with TLS settings (TEMPORAL_TLS, TEMPORAL_TLS_*_FILE, TEMPORAL_API_KEY): '
      + 'without it `npm start` runs a dev server of its own, which has no TLS. Name your TLS frontend, or unset the TLS settings');
  }
  const { TEMPORAL_UI_PORT: uiPort, TEMPORAL_PORT: temporalPort } = config;
  const log = createLogger(config.LOG_LEVEL);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.error({ err }, 'error while stopping'));
    clearRuntime(dataDir);
  };
  onceStopSignal(log, stopAll);

  try {
    await startEverything(config, log, dataDir, stops, { startsTemporal, temporalPort, uiPort });
  } catch (err) {
    await stopAll();
    throw err;
  }
}

interface DevServerPorts {
  startsTemporal: boolean;
  temporalPort: number;
  uiPort: number;
}

async function startEverything(config: Config, log: Logger, dataDir: string, stops: (() => Promise<void>)[], ports: DevServerPorts) {
  const { startsTemporal, temporalPort, uiPort } = ports;
  let devServer: DevServer | undefined;
  if (startsTemporal) {
    const cliPath = await locateTemporalCli(log, config.TEMPORAL_CLI);
    devServer = await startDevServer({ cliPath, port: temporalPort, uiPort, dbFile: join(dataDir, 'temporal.db'), log });
    stops.push(devServer.stop);
    config = { ...config, TEMPORAL_ADDRESS: devServer.address, TEMPORAL_UI_URL: config.TEMPORAL_UI_URL ?? devServer.uiUrl };
  }
  const db = await createDb({ databaseUrl: config.DATABASE_URL, dataDir, log });
  stops.push(db.close);
  const projects = await projectsAtStart(db.db);
  const consoleAdmin = await firstAdmin(db.db);
  // In development `/app` serves the demo project, so Padrone's documented path answers out of the box.
  const padroneProject = config.PADRONE_DEFAULT_PROJECT ?? projects.demo?.id;
  config = { ...config, PADRONE_DEFAULT_PROJECT: padroneProject };
  const worker = await startWorkerProcess(config, log, db);
  stops.push(worker.stop);
  const api = await startApiServer(config, log, db);
  stops.push(api.stop);
  writeRuntime(dataDir, { pid: process.pid, apiUrl: api.url, temporalAddress: config.TEMPORAL_ADDRESS, temporalNamespace: config.TEMPORAL_NAMESPACE });

  printWelcome(config, projects, api.url, devServer?.uiUrl ?? config.TEMPORAL_UI_URL, db.kind, consoleLines(api.url, consoleAdmin));
}

function printWelcome(config: Config, projects: ProjectsAtStart, apiUrl: string, uiUrl: string | undefined, dbKind: string, consoleInfo: string[]) {
  const lines = ['', 'Matchflow is running.', `  API            ${apiUrl}`, `  API reference  ${apiUrl}/docs`, `  Temporal UI    ${uiUrl ?? '(external Temporal: see its own UI)'}`, `  database       ${dbKind === 'pglite' ? `embedded PGlite in ${config.MATCHFLOW_DATA_DIR}` : 'PostgreSQL'}`];
  lines.push(`  Temporal       ${config.TEMPORAL_ADDRESS}, namespace ${config.TEMPORAL_NAMESPACE}: npm run --silent temporal -- workflow list --query "..."`);
  const { created } = projects;
  if (created) {
    lines.push('', 'Created a demo project (shown once; `npm run project -- show <id> --reveal` shows it again):',
      `  projectId           ${created.id}`, `  testKey             ${created.testKey}`, `  projectServerToken  ${created.serverToken}`);
  } else {
    lines.push('', `Projects: ${projects.all.map((p) => `${p.name} (${p.id})`).join(', ')}`);
  }
  const padrone = projects.all.find((p) => p.id === config.PADRONE_DEFAULT_PROJECT);
  if (padrone) lines.push(`Padrone /app serves ${padrone.name} (${padrone.id}); PADRONE_DEFAULT_PROJECT chooses another`);
  if (config.PLATFORM_SIGNING_KEY) {
    lines.push('', `Paid matches: realm ${apiUrl}/auth/realms/${config.PLATFORM_REALM}; a game's file: npm run --silent project -- developer-config <id>`);
  }
  lines.push(...consoleInfo, '', 'Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

function onceStopSignal(log: Logger, stopAll: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
