import type { Logger } from '../../core/log';
import { startApiBalancer, type ApiBalancer } from './api-balancer';
import { apiPart, workerPart } from './matchflow';
import type { Part } from './parts';

export interface FleetOptions {
  /** The environment every API and worker process gets (TEMPORAL_ADDRESS, DATABASE_URL, tokens, ...). */
  env: Record<string, string>;
  workers: number;
  /** One API process per port. */
  apiPorts: number[];
  host: string;
  /** The balancer in front of the API processes. */
  port: number;
  logDir: string;
  log: Logger;
}

export interface Fleet {
  /** The balancer's URL: what games and tests call. */
  url: string;
  apis: (Part & { url: string })[];
  workers: Part[];
  balancer: ApiBalancer;
  stop(): Promise<void>;
}

/** Matchflow's stateless processes: workers first (so a ticket the API starts is picked up), then the APIs and their balancer. */
export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const spec = (index: number) => ({ env: opts.env, logDir: opts.logDir, index });
  const workers = Array.from({ length: opts.workers }, (_, i) => workerPart(spec(i + 1)));
  const apis = opts.apiPorts.map((port, i) => apiPart(spec(i + 1), opts.host, port));
  const started: Part[] = [];
  const startAll = (parts: Part[]) => Promise.all(parts.map(async (p) => {
    started.push(p);
    await p.start();
    opts.log.info({ part: p.name, pid: p.pid }, 'ready');
  }));
  try {
    await startAll(workers);
    await startAll(apis);
    const balancer = await startApiBalancer(opts.host, opts.port, apis.map((a) => a.url));
    return {
      url: balancer.url, apis, workers, balancer,
      async stop() {
        await balancer.close();
        await Promise.all([...apis, ...workers].map((p) => p.stop()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((p) => p.stop()));
    throw err;
  }
}
