import { Router, type RequestHandler } from 'express';
import { Registry } from 'prom-client';
import { appMetrics } from '../core/metrics';
import { databaseGauges } from '../core/metrics-gauges';
import { safeEqual } from '../domain/secrets';
import { bearerToken } from './auth/bearer';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';

/**
 * Metrics name projects and their volumes, so they are not public: Prometheus sends METRICS_TOKEN (a credential that
 * reads nothing else), an operator may use ADMIN_TOKEN. An address that keeps failing gets 429, as on /admin.
 */
function requireMetricsReader(deps: ApiDeps): RequestHandler {
  return async (req, _res, next) => {
    await deps.limits.guard(req, 'metrics', 'metrics');
    const token = bearerToken(req);
    const metricsToken = deps.config.METRICS_TOKEN;
    if (token && (safeEqual(token, deps.config.ADMIN_TOKEN) || (metricsToken !== undefined && safeEqual(token, metricsToken)))) return next();
    await deps.limits.failed(req, 'metrics', 'metrics');
    next(new ApiError('notAuthenticated', 'metrics token required'));
  };
}

/** `GET /metrics`: this process's events (and its worker's, under `npm start`), the database's gauges, Node's own. */
export function metricsRouter(deps: ApiDeps): Router {
  const registry = Registry.merge([appMetrics, databaseGauges(deps)]);
  const r = Router();
  r.get('/metrics', requireMetricsReader(deps), async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return r;
}
