import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/log';

export interface GoBuild {
  /** What is built, for the log ("the Temporal CLI"). */
  what: string;
  /** `module/cmd@version` arguments of one `go install`. */
  modules: string[];
  /** Binary `go install` writes → the name it is kept under in `dir`. */
  binaries: Record<string, string>;
  dir: string;
  /** Extra environment, e.g. GOTOOLCHAIN for a module that needs a newer Go than the machine's. */
  env?: Record<string, string>;
}

/** Where a built tool is kept, outside the clone: `~/.cache/matchflow/<folder>` (or under XDG_CACHE_HOME). */
export function toolCacheDir(folder: string): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'matchflow', folder);
}

/** The machine's Go version as [major, minor, patch], or undefined without a usable `go`. */
export function goVersion(): [number, number, number] | undefined {
  const out = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const m = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(out.stdout ?? '');
  return out.status === 0 && m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/**
 * `go install` into a private folder, then renames each binary into `dir`: two concurrent first starts never
 * see a half-written binary. Logs progress every 15 s, since a first build takes minutes.
 */
export async function goInstall(build: GoBuild, log: Logger): Promise<void> {
  mkdirSync(build.dir, { recursive: true });
  const gobin = mkdtempSync(join(build.dir, 'build-'));
  const started = Date.now();
  log.info({ modules: build.modules, dir: build.dir }, `building ${build.what} with go install; the first build takes minutes`);
  const ticker = setInterval(() => {
    log.info({ elapsedSeconds: Math.round((Date.now() - started) / 1000) }, `still building ${build.what}`);
  }, 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', ...build.modules], {
        env: { ...process.env, ...build.env, GOBIN: gobin }, stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install of ${build.what} exited with ${code}`))));
    });
    for (const [built, kept] of Object.entries(build.binaries)) renameSync(join(gobin, built), join(build.dir, kept));
    log.info({ seconds: Math.round((Date.now() - started) / 1000), dir: build.dir }, `${build.what} built`);
  } finally {
    clearInterval(ticker);
    rmSync(gobin, { recursive: true, force: true });
  }
}
