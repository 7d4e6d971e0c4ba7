import cors from 'cors';
import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { adminRouter } from './admin';
import type { ApiDeps } from './deps';
import { errorMiddleware, notFoundRoute } from './errors';
import { healthRouter } from './health';
import { metricsRouter } from './metrics';
import { buildOpenApi } from './openapi';
import { requestLog } from './request-log';
import { refuseBadText } from './wire-rules';
import { v1aClientRouter } from './matchmaking/client';
import { v1aServerRouter } from './matchmaking/server';
import { versusRouter } from './versus';
import { PadroneLogins } from './hosts/auth';
import { padroneRouter } from './hosts/router';
import { gameRouter } from './paid-matches/game';
import { playersRouter } from './paid-matches/players';
import { realmRouter } from './paid-matches/realm';
import { signingKeys } from './paid-matches/common';
import { consoleRouter } from './console/router';

/** The Express app: one router per surface, one error middleware. Listening is the caller's business. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For decides the caller's location (host distances); trusted only when configured.
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(requestLog(deps.log));
  // Browser builds of games (WebGL) call from their own origin; off unless CORS_ORIGINS names them.
  if (deps.config.CORS_ORIGINS) {
    app.use(cors({ origin: deps.config.CORS_ORIGINS, allowedHeaders: ['authorization', 'content-type', 'x-padrone-auth', 'x-request-id', 'idempotency-key'], maxAge: 600 }));
  }
  app.use(express.json({ limit: deps.config.BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(refuseBadText);

  app.use(healthRouter(deps));
  app.use(metricsRouter(deps));
  const openapi = buildOpenApi({ realm: deps.config.PLATFORM_REALM });
  app.get('/openapi.json', (_req, res) => void res.json(openapi));
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi, { customSiteTitle: 'Matchflow API' }));

  app.use('/admin', adminRouter(deps));
  app.use('/console', consoleRouter(deps));
  app.use('/v1a/client', v1aClientRouter(deps));
  app.use('/v1a/server', v1aServerRouter(deps));
  const logins = new PadroneLogins(deps.config.PROVIDER_TIMEOUT_MS, deps.limits);
  app.use('/app', padroneRouter(deps, logins, deps.config.PADRONE_DEFAULT_PROJECT));
  app.use('/projects/:projectId/app', padroneRouter(deps, logins, undefined));
  app.use('/api/v2/games', versusRouter(deps, {
    seedTtlSeconds: deps.config.VERSUS_SEED_TTL_SECONDS, sessionTtlSeconds: deps.config.VERSUS_SESSION_TTL_SECONDS,
  }));
  // Paid matches (COMPAT.md §3): the game's realm and API at the root, as OkLetsPlay laid them out.
  app.use('/auth/realms/:realm', realmRouter(deps));
  // Cached as the realm's certs are: games fetch the key once in a while, not per call.
  app.get('/.well-known/jwks.json', async (_req, res) => void res.set('cache-control', 'public, max-age=300').json(await signingKeys(deps).jwks()));
  app.use('/api', gameRouter(deps));
  app.use('/platform/v1', playersRouter(deps));

  app.use(notFoundRoute);
  app.use(errorMiddleware);
  return app;
}
