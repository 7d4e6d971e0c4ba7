import type { Logger } from '../../core/log';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { killHard, sleep, type Part } from '../../scripts/cluster/parts';

export { sleep, type Part };

/** The Temporal dev server on a fixed port and a SQLite file: a restart comes back with every workflow it had. */
export function temporalPart(opts: { cliPath: string; port: number; dbFile: string; log: Logger }): Part & { address: string } {
  let server: DevServer | undefined;
  const part = {
    name: 'temporal', up: false, address: `127.0.0.1:${opts.port}`,
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
    async stop() {
      part.up = false;
      await server?.stop();
    },
  };
  return part;
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
