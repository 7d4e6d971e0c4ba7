import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../core/log';
import { startDevServer, type DevServer } from '../../scripts/dev-server';

const ROOT = join(__dirname, '..', '..');

/** A part of Matchflow the soak can kill with SIGKILL, as a crashed machine would, and start again. */
export interface Part {
  /** Its kind, and a number when there are several (temporal-2, api-1). */
  name: string;
  up: boolean;
  start(): Promise<void>;
  kill(): Promise<void>;
}

/** The Temporal dev server on a fixed port and a SQLite file: a restart comes back with every workflow it had. */
export function temporalPart(opts: { cliPath: string; port: number; dbFile: string; log: Logger }): Part & { address: string } {
  let server: DevServer | undefined;
  const part = {
    name: 'temporal' as const, up: false, address: `127.0.0.1:${opts.port}`,
    async start() {
      server = await startDevServer({
        cliPath: opts.cliPath, port: opts.port, headless: true, dbFile: opts.dbFile, readyTimeoutMs: 180_000, log: opts.log,
      });
      part.up = true;
    },
    async kill() {
      part.up = false;
      await killHard(server?.process);
    },
  };
  return part;
}

/** Where a worker or API process of this soak writes its log. */
export function partLogPath(name: 'worker' | 'api'): string {
  return join(tmpdir(), `matchflow-soak-${process.pid}-${name}.log`);
}

/** A worker or API process (worker/main.ts, api/main.ts) with the soak's environment. */
export function nodePart(name: 'worker' | 'api', env: Record<string, string>, ready: (child: ChildProcess) => Promise<boolean>): Part {
  let child: ChildProcess | undefined;
  const part = {
    name, up: false,
    async start() {
      // Its JSON log lines go to a file of its own (kept across restarts), where a 500 the audit finds can be read up.
      const logFile = openSync(partLogPath(name), 'a');
      child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, name, 'main.ts')], {
        cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', logFile, 'inherit'],
      });
      closeSync(logFile);
      const deadline = Date.now() + 120_000;
      while (!(await ready(child).catch(() => false))) {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} during start-up`);
        if (Date.now() > deadline) throw new Error(`${name} not ready after 120 s`);
        await new Promise((r) => setTimeout(r, 200));
      }
      part.up = true;
    },
    async kill() {
      part.up = false;
      await killHard(child);
    },
  };
  return part;
}

export function killHard(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const kindOf = (part: Part) => part.name.replace(/-\d+$/, '');

/**
 * Kills one part at a random moment every `everyMs` (± half), and starts it again after a short outage, until
 * stopped. Kinds take turns (Temporal, worker, API), each kill a random one of its kind, so a short soak kills
 * every kind. Answers what it did, for the report.
 */
export function chaos(parts: Part[], everyMs: number, log: Logger): { stop(): Promise<Record<string, number>> } {
  const kills: Record<string, number> = Object.fromEntries(parts.map((p) => [p.name, 0]));
  const kinds = [...new Set(parts.map(kindOf))];
  let stopped = false;
  const loop = (async () => {
    for (let turn = 0; !stopped; turn++) {
      await sleep(everyMs / 2 + Math.random() * everyMs);
      if (stopped) break;
      const ofKind = parts.filter((p) => kindOf(p) === kinds[turn % kinds.length]);
      const victim = ofKind[Math.floor(Math.random() * ofKind.length)]!;
      log.info({ part: victim.name }, 'kill -9');
      await victim.kill();
      kills[victim.name]!++;
      await sleep(500 + Math.random() * 2500);
      await victim.start();
      log.info({ part: victim.name }, 'back');
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return kills;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
