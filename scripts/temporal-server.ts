import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log';
import { goInstall, goVersion, toolCacheDir } from './go-install';

/** The Temporal server that `npm run start:cluster` runs and deploy/temporal/Dockerfile builds (a test keeps them equal). */
export const SERVER_VERSION = '1.32.2';
const SERVER_MODULES = [`go.temporal.io/server/cmd/server@v${SERVER_VERSION}`, `go.temporal.io/server/cmd/tools/sql@v${SERVER_VERSION}`];
/** v1.32 needs Go >= 1.26.10; an older go fetches this approved toolchain through the module proxy. */
const TOOLCHAIN = 'go1.27.3';

export interface TemporalServerBinaries {
  /** Folder holding `temporal-server` and `temporal-sql-tool`, the names deploy/temporal's scripts call. */
  dir: string;
  server: string;
  sqlTool: string;
}

export const serverCacheDir = () => toolCacheDir(`temporal-server-${SERVER_VERSION}`);

/**
 * Finds the Temporal server and its SQL tool: TEMPORAL_SERVER_DIR, then the cached build, then builds both with
 * `go install` (about 13 minutes the first time on 2 cores). They never live inside the clone.
 */
export async function locateTemporalServer(log: Logger, override = process.env.TEMPORAL_SERVER_DIR): Promise<TemporalServerBinaries> {
  const dir = override || serverCacheDir();
  const found = { dir, server: join(dir, 'temporal-server'), sqlTool: join(dir, 'temporal-sql-tool') };
  if (existsSync(found.server) && existsSync(found.sqlTool) && versionOf(found.server) === SERVER_VERSION) return found;
  if (override) throw new Error(`TEMPORAL_SERVER_DIR=${override} holds no temporal-server ${SERVER_VERSION} and temporal-sql-tool`);
  const go = goVersion();
  if (!go || (go[0] === 1 && go[1] < 21)) {
    throw new Error(`No Temporal server ${SERVER_VERSION} found in ${dir}, and no Go >= 1.21 to build it (go install ${SERVER_MODULES.join(' ')})`);
  }
  const tooOld = go[0] === 1 && (go[1] < 26 || (go[1] === 26 && go[2] < 10));
  await goInstall({
    what: `the Temporal server ${SERVER_VERSION}`, modules: SERVER_MODULES, dir,
    binaries: { server: 'temporal-server', sql: 'temporal-sql-tool' }, env: tooOld ? { GOTOOLCHAIN: TOOLCHAIN } : {},
  }, log);
  return found;
}

/** `temporal-server --version` prints `temporal version 1.32.2`. */
function versionOf(server: string): string | undefined {
  const out = spawnSync(server, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return /version (\d+\.\d+\.\d+)/.exec(out.stdout ?? '')?.[1];
}
