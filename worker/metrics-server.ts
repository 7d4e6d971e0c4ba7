import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log';
import { appMetrics } from '../core/metrics';
import { safeEqual } from '../domain/secrets';

/** A loopback port free right now: where the SDK's exporter listens, behind the server at METRICS_ADDRESS. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `METRICS_ADDRESS/metrics`: one scrape answers Temporal's SDK metrics (the Rust runtime's exporter, bound to
 * `sdkAddress` on loopback, where only this process reads it) followed by Matchflow's own (prom-client). The names
 * never collide: the SDK's start with `temporal_`, ours with `matchflow_`, Node's with `process_` and `nodejs_`. If
 * the SDK's exporter does not answer, ours are served alone. Process-wide, as the runtime is: never closed, and it
 * does not keep the process alive.
 */
export async function serveWorkerMetrics(address: string, sdkAddress: string, log: Logger, token?: string): Promise<Server> {
  const server = createServer((req, res) => {
    // The same per-project figures the API's /metrics keeps behind METRICS_TOKEN: behind it here too, when it is set.
    if (token && !safeEqual(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '', token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://metrics').pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('metrics are at /metrics\n');
      return;
    }
    void Promise.all([sdkMetrics(sdkAddress, log), appMetrics.metrics()]).then(
      ([sdk, app]) => res.writeHead(200, { 'content-type': appMetrics.contentType }).end(`${sdk}${app}`),
      (err: unknown) => {
        log.error({ err }, 'metrics could not be collected');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n');
      },
    );
  });
  const separator = address.lastIndexOf(':');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(address.slice(separator + 1)), address.slice(0, separator), () => resolve());
  });
  server.unref();
  return server;
}

async function sdkMetrics(sdkAddress: string, log: Logger): Promise<string> {
  try {
    const res = await fetch(`http://${sdkAddress}/metrics`, { signal: AbortSignal.timeout(5_000) });
    const text = await res.text();
    return text === '' || text.endsWith('\n') ? text : `${text}\n`;
  } catch (err) {
    log.warn({ err }, 'the Temporal SDK\'s metrics did not answer');
    return '# the Temporal SDK\'s metrics did not answer\n';
  }
}
