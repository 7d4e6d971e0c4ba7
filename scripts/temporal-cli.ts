import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import type { Logger } from '../core/log';
import { goInstall, goVersion, toolCacheDir } from './go-install';

/** The last tag `go install` accepts (later tags carry replace directives); it needs Go >= 1.25. */
export const CLI_VERSION = '1.5.1';
const CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`;

export const cliCacheDir = () => toolCacheDir(`temporal-cli-${CLI_VERSION}`);

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
  const v = goVersion();
  return !!v && (v[0] > 1 || v[1] >= 25);
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
  await goInstall({ what: 'the Temporal CLI', modules: [CLI_MODULE], binaries: { temporal: basename(target) }, dir: dirname(target) }, log);
}
