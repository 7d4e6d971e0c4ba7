import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installRuntime } from '../worker/create-worker';
import { createLogger } from '../core/log';
import { FILE_PRAGMAS, startDevServer, type DevServer } from '../scripts/dev-server';
import { locateTemporalCli } from '../scripts/temporal-cli';
import { noopCeiling } from './noop';
import { percentile } from './progress';

/**
 * `npm run bench:sqlite`: the no-op workflow ceiling of the dev server kept in memory, and on a SQLite file with
 * each journal setting worth considering, measured in turns (BENCH_ROUNDS rounds of BENCH_NOOP_SECONDS each) so
 * the machine's drift falls on all of them alike.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_NOOP_SECONDS ?? 10);

const SETTINGS: { name: string; file: boolean; pragmas?: Record<string, string> }[] = [
  { name: 'memory', file: false },
  { name: 'file, SQLite defaults (rollback journal, synchronous=full)', file: true, pragmas: {} },
  { name: 'file, journal_mode=wal synchronous=full (npm start)', file: true, pragmas: FILE_PRAGMAS },
  { name: 'file, journal_mode=wal synchronous=normal', file: true, pragmas: { journal_mode: 'wal', synchronous: 'normal' } },
];

async function main(): Promise<void> {
  const log = createLogger('info', 'bench', 2);
  installRuntime(createLogger('warn', 'bench-worker', 2));
  const cliPath = await locateTemporalCli(log);
  const dir = mkdtempSync(join(tmpdir(), 'matchflow-sqlite-'));
  const running: { name: string; server: DevServer; worker: Worker; done: Promise<void>; figures: number[] }[] = [];
  try {
    for (const [i, s] of SETTINGS.entries()) {
      const server = await startDevServer({ cliPath, headless: true, log, searchAttributes: false, dbFile: s.file ? join(dir, `t${i}.db`) : undefined, sqlitePragmas: s.pragmas });
      const connection = await NativeConnection.connect({ address: server.address });
      const worker = await Worker.create({ connection, taskQueue: 'bench', workflowsPath: require.resolve('../workflows/noop') });
      running.push({ name: s.name, server, worker, done: worker.run(), figures: [] });
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const r of running) r.figures.push(await noopCeiling(r.server.address, 'bench', SECONDS, log));
      log.info({ round, of: ROUNDS }, 'round done');
    }
  } finally {
    for (const r of running) {
      r.worker.shutdown();
      await r.done;
      await r.server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = ['', `bench:sqlite — no-op workflows started+completed per second, ${ROUNDS} rounds of ${SECONDS} s, settings in turn`];
  for (const r of running) {
    const sorted = [...r.figures].sort((a, b) => a - b);
    lines.push(`  ${r.name.padEnd(60)} median ${percentile(sorted, 50).toFixed(1).padStart(6)}   rounds ${r.figures.map((f) => f.toFixed(1)).join(', ')}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
