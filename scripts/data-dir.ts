import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Files `npm start` keeps in its data directory, next to the PGlite and Temporal state. */

export interface DevSecrets {
  adminToken: string;
  tokenKey: string;
}

/** Development generates its secrets on first start and keeps them, so tokens survive restarts. */
export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets = { adminToken: randomBytes(24).toString('base64url'), tokenKey: randomBytes(32).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Where a running `npm start` can be reached: the project CLI talks to it instead of opening PGlite twice. */
export interface Runtime {
  pid: number;
  apiUrl: string;
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
