import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import type { Logger } from '../../core/log';
import { temporalConnectOptions } from '../../core/temporal-connection';
import type { TemporalServerBinaries } from '../temporal-server';
import { readEnvFile } from './env-file';
import { processPart, type Part } from './parts';

/** deploy/temporal: the files docker-compose.yml mounts at /etc/temporal, used here from the clone. */
export const DEPLOY_DIR = join(__dirname, '..', '..', 'deploy', 'temporal');

/**
 * Mutual TLS on the frontends, with one CA (docs/deploy.md, TLS): the files config.yaml's TEMPORAL_TLS_* variables
 * name, and the client certificate that the setup script's CLI and the readiness check show.
 */
export interface FrontendTls {
  caFile: string;
  /** The frontend's own pair; it needs clientAuth too, since the node's services call their frontend with it. */
  frontendCertFile: string;
  frontendKeyFile: string;
  /** The name in the frontend's certificate, which every client checks. */
  serverName: string;
  clientCertFile: string;
  clientKeyFile: string;
}

/** The certificates docs/deploy.md's openssl commands make, in `dir`: one CA, the frontend's, and Matchflow's as every client's. */
export function guideCertificates(dir: string): FrontendTls {
  return {
    caFile: `${dir}/ca.crt`, frontendCertFile: `${dir}/temporal-frontend.crt`, frontendKeyFile: `${dir}/temporal-frontend.key`, serverName: 'temporal-frontend',
    clientCertFile: `${dir}/matchflow.crt`, clientKeyFile: `${dir}/matchflow.key`,
  };
}

/** How a client of the frontends connects (the CA it trusts, the name it checks, the certificate it shows), as Matchflow's do. */
export function frontendClientTls(tls: FrontendTls): TLSConfig {
  return temporalConnectOptions({
    TEMPORAL_ADDRESS: '', TEMPORAL_TLS: true, TEMPORAL_TLS_CA_FILE: tls.caFile, TEMPORAL_TLS_CERT_FILE: tls.clientCertFile,
    TEMPORAL_TLS_KEY_FILE: tls.clientKeyFile, TEMPORAL_TLS_SERVER_NAME: tls.serverName, TEMPORAL_API_KEY: undefined,
  }).tls!;
}

/**
 * A Temporal node's environment for mutual TLS (docker-compose.tls.yml passes the same): config.yaml's variables for
 * the frontend's side, and the Temporal CLI's own (its environment configuration) for the health check and
 * setup-namespace.sh, which show the client certificate.
 */
export function frontendTlsEnv(tls: FrontendTls): Record<string, string> {
  return {
    TEMPORAL_TLS_FRONTEND_CERT: tls.frontendCertFile, TEMPORAL_TLS_FRONTEND_KEY: tls.frontendKeyFile, TEMPORAL_TLS_CA_CERT: tls.caFile,
    TEMPORAL_TLS_FRONTEND_SERVER_NAME: tls.serverName,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: tls.caFile, TEMPORAL_TLS_CLIENT_CERT_PATH: tls.clientCertFile, TEMPORAL_TLS_CLIENT_KEY_PATH: tls.clientKeyFile,
    TEMPORAL_TLS_SERVER_NAME: tls.serverName,
  };
}

/** Matchflow's API and worker connect with the client certificate (README, configuration: TEMPORAL_TLS_*). */
export function matchflowTlsEnv(tls: FrontendTls): Record<string, string> {
  return {
    TEMPORAL_TLS: 'true', TEMPORAL_TLS_CA_FILE: tls.caFile, TEMPORAL_TLS_CERT_FILE: tls.clientCertFile, TEMPORAL_TLS_KEY_FILE: tls.clientKeyFile,
    TEMPORAL_TLS_SERVER_NAME: tls.serverName,
  };
}

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
  /** Mutual TLS on the frontends; plain when absent. */
  tls?: FrontendTls;
  /** Each node's PostgreSQL pools, when not temporal.env's (tests run several clusters under one max_connections). */
  pools?: TemporalPools;
  logDir: string;
  log: Logger;
}

/** A node's pools per service: to Temporal's main database, and to visibility (temporal.env's SQL_* variables). */
export interface TemporalPools {
  main: number;
  visibility: number;
}

/** The pools as temporal.env's variables, idle connections kept up to the maximum as there. */
function poolEnv(pools: TemporalPools): Record<string, string> {
  return {
    SQL_MAX_CONNS: String(pools.main), SQL_MAX_IDLE_CONNS: String(pools.main),
    SQL_VIS_MAX_CONNS: String(pools.visibility), SQL_VIS_MAX_IDLE_CONNS: String(pools.visibility),
  };
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
    ...(spec.pools ? poolEnv(spec.pools) : {}),
    PATH: [spec.binaries.dir, cliDir, process.env.PATH].join(':'),
    POSTGRES_SEEDS: spec.postgres.host, DB_PORT: String(spec.postgres.port), POSTGRES_USER: spec.postgres.user, POSTGRES_PWD: spec.postgres.password,
    DBNAME: spec.databases.history, VISIBILITY_DBNAME: spec.databases.visibility,
    TEMPORAL_SERVER_CONFIG_FILE_PATH: join(DEPLOY_DIR, 'config.yaml'), DYNAMIC_CONFIG_FILE_PATH: join(DEPLOY_DIR, 'dynamicconfig.yaml'),
    SEARCH_ATTRIBUTES_FILE: join(DEPLOY_DIR, 'search-attributes.txt'),
    BIND_ON_IP: '127.0.0.1', TEMPORAL_PORT_OFFSET: String(portOffset),
    ...(spec.tls ? frontendTlsEnv(spec.tls) : {}),
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
  const clientTls = spec.tls && frontendClientTls(spec.tls); // read once, not at every readiness poll
  const part = processPart({
    name: `temporal-${index + 1}`, command: 'sh', args: [join(DEPLOY_DIR, 'start-node.sh')], env: clusterEnv(spec, offset),
    logFile: join(spec.logDir, `temporal-${index + 1}.log`), readyTimeoutMs: 180_000,
    ready: () => frontendServing(address, clientTls),
  });
  return Object.assign(part, { address });
}

export async function frontendServing(address: string, tls?: TLSConfig): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000, tls });
  try {
    const { status } = await connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' });
    return status === 1; // SERVING
  } finally {
    await connection.close();
  }
}
