import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { Router } from 'express';
import { adminRoutes } from '../admin';
import type { ApiDeps } from '../deps';
import { consoleActions } from './actions';
import { adminAction, adminRouteArea, changesOrReveals } from './admin-policy';
import { audited } from './audit';
import { consoleReads } from './reads';
import { requireArea, requireSignIn, signInRouter } from './sign-in';

/**
 * `/console`: the web console for operators, finance and admins. Pages are static files (console/) and Chart.js
 * from our own node_modules, so it works offline; data comes from `/console/api`, signed in by cookie, each route
 * behind its role. The admin API is served again under `/console/api/admin`, so the console edits exactly what
 * the admin API can, with the role table and the audit log in front.
 */
export function consoleRouter(deps: ApiDeps): Router {
  const r = Router();
  r.use(pageHeaders);
  r.use('/api', signInRouter(deps));
  const api = Router().use(requireSignIn(deps));
  api.get('/settings', (_req, res) => void res.json({ temporalUi: deps.config.TEMPORAL_UI_URL ?? null, namespace: deps.config.TEMPORAL_NAMESPACE }));
  api.use(consoleReads(deps), consoleActions(deps));
  api.use('/admin', (req, res, next) => (changesOrReveals(req) ? audited(deps, adminAction)(req, res, next) : next()), requireArea(adminRouteArea), adminRoutes(deps));
  r.use('/api', api);

  r.get('/vendor/chart.js', (_req, res) => res.sendFile(CHART_JS, { maxAge: '1d' }));
  r.use(express.static(PAGES, { index: 'index.html', maxAge: 0 }));
  return r;
}

/** Only our own scripts, styles and data; never framed (clickjacking an abort button). */
const pageHeaders: express.RequestHandler = (_req, res, next) => {
  res.set({
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    'x-frame-options': 'DENY', 'referrer-policy': 'same-origin', 'x-content-type-options': 'nosniff',
  });
  next();
};

/** console/ beside api/ from source (tsx), or two levels up from dist/api/console when built. */
const PAGES = [join(__dirname, '../../console'), join(__dirname, '../../../console')].find((p) => existsSync(join(p, 'index.html'))) ?? join(__dirname, '../../console');
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
