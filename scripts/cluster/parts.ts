import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** One process of the cluster: started, killed like a crashed machine (SIGKILL), or stopped politely. */
export interface Part {
  name: string;
  up: boolean;
  pid?: number;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface PartSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Its stdout and stderr are appended here (kept across restarts), one structured line per event. */
  logFile: string;
  ready(child: ChildProcess): Promise<boolean>;
  readyTimeoutMs?: number;
}

export function processPart(spec: PartSpec): Part {
  let child: ChildProcess | undefined;
  const part: Part = {
    name: spec.name,
    up: false,
    async start() {
      const log = openSync(spec.logFile, 'a');
      child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env as NodeJS.ProcessEnv, stdio: ['ignore', log, log] });
      closeSync(log);
      part.pid = child.pid;
      const timeout = spec.readyTimeoutMs ?? 120_000;
      const deadline = Date.now() + timeout;
      while (!(await spec.ready(child).catch(() => false))) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) during start-up; its log: ${spec.logFile}`);
        }
        if (Date.now() > deadline) throw new Error(`${spec.name} was not ready within ${timeout / 1000} s; its log: ${spec.logFile}`);
        await sleep(250);
      }
      part.up = true;
    },
    async kill() {
      part.up = false;
      await killHard(child);
    },
    async stop() {
      part.up = false;
      await signalAndWait(child, 'SIGTERM', 20_000);
    },
  };
  return part;
}

/** Kills a process as a crashed machine would, and waits until it is gone. */
export const killHard = (child: ChildProcess | undefined) => signalAndWait(child, 'SIGKILL', 0);

/** Sends `signal`; a process still there after `graceMs` gets SIGKILL. */
function signalAndWait(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
