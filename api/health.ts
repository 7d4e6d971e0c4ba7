import { Router } from 'express';
import { pingDb } from '../db/create-db';
import type { ApiDeps } from './deps';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

/** `/`: where the reference is. `/healthz`: the process answers. `/readyz`: Temporal and the database answer too (503 naming what does not). */
export function healthRouter(deps: ApiDeps): Router {
  const r = Router();
  // Someone who opens the bare address in a browser (or curls it) is pointed to the reference.
  r.get('/', (_req, res) => void res.json({ service: 'Matchflow', docs: `${deps.publicUrl}/docs`, openapi: `${deps.publicUrl}/openapi.json`, health: `${deps.publicUrl}/readyz` }));
  r.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  r.get('/readyz', async (_req, res) => {
    const [temporal, database] = await Promise.allSettled([
      withTimeout(deps.temporal.workflowService.getSystemInfo({}), 3000),
      withTimeout(pingDb(deps.db), 3000),
    ]);
    const checks = { temporal: temporal.status === 'fulfilled' ? 'ok' : 'unreachable', database: database.status === 'fulfilled' ? 'ok' : 'unreachable' };
    const ready = checks.temporal === 'ok' && checks.database === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'notReady', checks });
  });
  return r;
}
