import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import type { Logger } from '../core/log';
import { devServerSearchAttributeArgs } from '../domain/search-attributes';
import { freeListenPort } from './ports';

export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFile?: string;
  /** SQLite pragmas for the file (default FILE_PRAGMAS); ignored in memory. */
  sqlitePragmas?: Record<string, string>;
  dynamicConfig?: Record<string, unknown>;
  /** Register the project's search attributes at start (default true). */
  searchAttributes?: boolean;
  /** How long to wait for the frontend; a loaded 2-core machine can take far longer than the SDK's 5 s. */
  readyTimeoutMs?: number;
  log: Logger;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * How `npm start` keeps its file: a write-ahead log instead of the default rollback journal, so a commit appends
 * to one file instead of rewriting pages in two, and readers never wait for writers. Each commit is still synced
 * to disk before the server answers (synchronous=FULL), so a workflow Temporal acknowledged survives a killed
 * process and a power cut alike. `bench:sqlite` measures the choices side by side (bench/README.md).
 */
export const FILE_PRAGMAS: Record<string, string> = { journal_mode: 'wal', synchronous: 'full' };

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port ?? (await freeListenPort(ip));
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  if (opts.searchAttributes !== false) args.push(...devServerSearchAttributeArgs());
  if (opts.headless) args.push('--headless');
  else if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFile) {
    args.push('--db-filename', opts.dbFile);
    for (const [k, v] of Object.entries(opts.sqlitePragmas ?? FILE_PRAGMAS)) args.push('--sqlite-pragma', `${k}=${v}`);
  }
  for (const [k, v] of Object.entries(opts.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${k}=${JSON.stringify(v)}`);

  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString()).slice(-4000)));
  const address = `${ip}:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitUntilReady(address, child, opts.readyTimeoutMs ?? 120_000, () => stderrTail);
  } catch (err) {
    await stop();
    throw err;
  }
  const uiUrl = opts.headless ? undefined : `http://${ip}:${opts.uiPort ?? port + 1000}`;
  opts.log.info({ address, uiUrl, dbFile: opts.dbFile ?? 'memory' }, 'Temporal dev server ready');
  return { address, uiUrl, process: child, stop };
}

async function waitUntilReady(address: string, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`Temporal dev server exited during start-up:\n${tail()}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await conn.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await conn.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal dev server not ready after ${timeoutMs} ms: ${String(err)}\n${tail()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
