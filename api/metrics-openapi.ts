import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PROJECT_ID } from './openapi-examples';
import { COMMON, error } from './openapi-kit';

const EXAMPLE = [
  '# HELP matchflow_tickets_total Tickets answered, by project and outcome (matched, or the reason it failed: timedOut, cancelled, noServer, internalError).',
  '# TYPE matchflow_tickets_total counter',
  `matchflow_tickets_total{project="${PROJECT_ID}",outcome="matched"} 2`,
  '# HELP matchflow_queue_depth Tickets searching, by project and queue bucket (`1v1 eu -`), from the database.',
  '# TYPE matchflow_queue_depth gauge',
  `matchflow_queue_depth{project="${PROJECT_ID}",bucket="1v1 eu -"} 3`,
  '',
].join('\n');

/** `GET /metrics`: Prometheus' text format, for METRICS_TOKEN or ADMIN_TOKEN. */
export function registerMetrics(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/metrics', tags: ['ops'], summary: 'Prometheus metrics',
    security: [{ metricsToken: [] }, { adminToken: [] }],
    description: 'Answers this process\'s metrics in Prometheus\' text format: tickets by outcome, time to match and queue depth by bucket, sessions and results, webhook '
      + 'deliveries, ledger transfers, limit refusals, and Node\'s own. Under `npm start` the worker runs in this process, so its activities\' counts are here too. '
      + 'Queue depth and sessions are read from the database at each scrape. See README.md, Metrics, for every metric and example queries.',
    responses: {
      200: { description: 'Metrics (text/plain; version=0.0.4).', content: { 'text/plain': { schema: z.string(), example: EXAMPLE } } },
      401: error('Missing or wrong token (METRICS_TOKEN or ADMIN_TOKEN).', { error: 'metrics token required', code: 'notAuthenticated' }),
      ...COMMON.loginLimit,
    },
  });
}
