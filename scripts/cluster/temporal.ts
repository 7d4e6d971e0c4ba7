import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from '../../core/log';
import type { TemporalServerBinaries } from '../temporal-server';
import { readEnvFile } from './env-file';
import { processPart, type Part } from './parts';

/** deploy/temporal: the files docker-compose.yml mounts at /etc/temporal, used here from the clone. */
export const DEPLOY_DIR = join(__dirname, '..', '..', 'deploy', 'temporal');

export interface TemporalClusterSpec {
  binaries: TemporalServerBinaries;
  /** The Temporal CLI (setup-namespace.sh calls `temporal`). */
  cliPath: string;
  /** PostgreSQL server holding Temporal's two databases. */
  postgres: { host: string; port: number; user: string; password: string };
  /** Names of Temporal's two databases (temporal.env's DBNAME and VISIBILITY_DBNAME). */
  databases: { history: string; visibility: string };
  /** Each node's port offset from Temporal's defaults (frontend 7233 + offset); one node per entry. */
  portOffsets: number[];
  logDir: string;
  log: Logger;
}

/**
 * The environment deploy/temporal's scripts and config.yaml see: temporal.env, as docker-compose.yml passes it,
 * with what differs when every node shares one machine (addresses, ports, file paths, database and user).
 */
export function clusterEnv(spec: TemporalClusterSpec, portOffset = 0): Record<string, string> {
  const cliDir = join(spec.cliPath, '..');
  return {
    ...(process.env as Record<string, string>),
    ...readEnvFile(join(DEPLOY_DIR, 'temporal.env')),
    PATH: [spec.binaries.dir, cliDir, process.env.PATH].join(':'),
    POSTGRES_SEEDS: spec.postgres.host, DB_PORT: String(spec.postgres.port), POSTGRES_USER: spec.postgres.user, POSTGRES_PWD: spec.postgres.password,
    DBNAME: spec.databases.history, VISIBILITY_DBNAME: spec.databases.visibility,
    TEMPORAL_SERVER_CONFIG_FILE_PATH: join(DEPLOY_DIR, 'config.yaml'), DYNAMIC_CONFIG_FILE_PATH: join(DEPLOY_DIR, 'dynamicconfig.yaml'),
    SEARCH_ATTRIBUTES_FILE: join(DEPLOY_DIR, 'search-attributes.txt'),
    BIND_ON_IP: '127.0.0.1', TEMPORAL_PORT_OFFSET: String(portOffset),
  };
}

export const frontendAddress = (portOffset: number) => `127.0.0.1:${7233 + portOffset}`;

/** Runs one of deploy/temporal's setup scripts, its output into the log. */
export async function runSetupScript(spec: TemporalClusterSpec, script: 'setup-schema.sh' | 'setup-namespace.sh', extraEnv: Record<string, string> = {}): Promise<void> {
  const env = { ...clusterEnv(spec), ...extraEnv };
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('sh', [join(DEPLOY_DIR, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        if (line.startsWith('setup-')) spec.log.info({ script }, line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`${script} failed (exit ${code}):\n${output.slice(-20).join('\n')}`);
}

/** One Temporal node (deploy/temporal/start-node.sh), ready once its frontend answers a health check. */
export function temporalNode(spec: TemporalClusterSpec, index: number): Part & { address: string } {
  const offset = spec.portOffsets[index]!;
  const address = frontendAddress(offset);
  const part = processPart({
    name: `temporal-${index + 1}`, command: 'sh', args: [join(DEPLOY_DIR, 'start-node.sh')], env: clusterEnv(spec, offset),
    logFile: join(spec.logDir, `temporal-${index + 1}.log`), readyTimeoutMs: 180_000,
    ready: () => frontendServing(address),
  });
  return Object.assign(part, { address });
}

export async function frontendServing(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    const { status } = await connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' });
    return status === 1; // SERVING
  } finally {
    await connection.close();
  }
}
