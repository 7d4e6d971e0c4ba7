import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Logger } from '../core/log';

/** The last tag `go install` accepts (later tags carry replace directives); it needs Go >= 1.25. */
export const CLI_VERSION = '1.5.1';
const CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`;

export function cliCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'matchflow', `temporal-cli-${CLI_VERSION}`);
}

/**
 * Finds a Temporal CLI: TEMPORAL_CLI, then `temporal` on PATH of a suitable version, then the cached build,
 * then builds one with `go install`. The binary never lives inside the clone.
 */
export async function locateTemporalCli(log: Logger, override = process.env.TEMPORAL_CLI): Promise<string> {
  if (override) {
    if (!isSuitable(override)) throw new Error(`TEMPORAL_CLI=${override} is not a runnable Temporal CLI >= 1.3`);
    return override;
  }
  const onPath = findOnPath('temporal');
  if (onPath && isSuitable(onPath)) return onPath;
  const cached = join(cliCacheDir(), 'temporal');
  if (existsSync(cached) && isSuitable(cached)) return cached;
  await buildWithGo(log, cached);
  return cached;
}

function findOnPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, bin);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A release prints `temporal version 1.5.1 (Server ...)`; a `go install` build prints 0.0.0-DEV, so read the server's. */
function isSuitable(path: string): boolean {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (out.status !== 0) return false;
  const cli = /temporal version (\d+)\.(\d+)/.exec(out.stdout);
  const server = /Server (\d+)\.(\d+)/.exec(out.stdout);
  if (cli && Number(cli[1]) >= 1 && Number(cli[2]) >= 3) return true;
  return !!server && Number(server[1]) === 1 && Number(server[2]) >= 27;
}

function goVersionOk(): boolean {
  const out = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const m = /go(\d+)\.(\d+)/.exec(out.stdout ?? '');
  return out.status === 0 && !!m && (Number(m[1]) > 1 || Number(m[2]) >= 25);
}

async function buildWithGo(log: Logger, target: string): Promise<void> {
  if (!goVersionOk()) {
    throw new Error(
      'No Temporal CLI found. Install one of:\n' +
        '  - the Temporal CLI >= 1.3 on your PATH (https://docs.temporal.io/cli), or\n' +
        `  - Go >= 1.25, and Matchflow builds it for you (go install ${CLI_MODULE}), or\n` +
        '  - set TEMPORAL_CLI=/path/to/temporal, or TEMPORAL_ADDRESS to use a running Temporal server.',
    );
  }
  mkdirSync(cliCacheDir(), { recursive: true });
  // Build into a private folder and rename, so two concurrent first starts never see a half-written binary.
  const gobin = mkdtempSync(join(cliCacheDir(), 'build-'));
  const started = Date.now();
  log.info({ module: CLI_MODULE, target }, 'building the Temporal CLI with go install; the first build takes a few minutes');
  const ticker = setInterval(() => {
    log.info({ elapsedSeconds: Math.round((Date.now() - started) / 1000) }, 'still building the Temporal CLI');
  }, 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', CLI_MODULE], { env: { ...process.env, GOBIN: gobin }, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
    });
    renameSync(join(gobin, 'temporal'), target);
    log.info({ seconds: Math.round((Date.now() - started) / 1000), target }, 'Temporal CLI built');
  } finally {
    clearInterval(ticker);
    rmSync(gobin, { recursive: true, force: true });
  }
}
