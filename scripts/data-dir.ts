import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Files `npm start` keeps in its data directory, next to the PGlite and Temporal state. */

export interface DevSecrets {
  adminToken: string;
  tokenKey: string;
  /** RS256 key of the paid matches' realm (PEM). */
  platformSigningKey: string;
}

/**
 * Development generates its secrets on first start and keeps them, so tokens survive restarts. A data
 * directory from before a secret existed gets that one added.
 */
export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    adminToken: stored.adminToken ?? randomBytes(24).toString('base64url'),
    tokenKey: stored.tokenKey ?? randomBytes(32).toString('base64url'),
    platformSigningKey: stored.platformSigningKey ?? newSigningKey(),
  };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export function newSigningKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Where a running `npm start` can be reached: the project CLI talks to it instead of opening PGlite twice. */
export interface Runtime {
  pid: number;
  apiUrl: string;
  /** The Temporal frontend the running system uses (`npm run temporal` points the CLI at it). */
  temporalAddress?: string;
  temporalNamespace?: string;
}

const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntime(dataDir: string, runtime: Runtime): void {
  writeFileSync(runtimeFile(dataDir), JSON.stringify(runtime));
}

export function clearRuntime(dataDir: string): void {
  rmSync(runtimeFile(dataDir), { force: true });
}

export function readLiveRuntime(dataDir: string): Runtime | undefined {
  try {
    const runtime = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as Runtime;
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return undefined;
  }
}

export function resolveDataDir(env: Record<string, string | undefined>): string {
  return resolve(env.MATCHFLOW_DATA_DIR ?? '.matchflow');
}
