import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ACCESS_SCOPE } from '../domain/paid-matches/signing-keys';
import { registerAdmin } from './admin-openapi';
import { registerHosts } from './hosts/openapi';
import { registerMatchmaking } from './matchmaking/openapi';
import { registerStandings } from './matchmaking/standings-openapi';
import { registerSessionWebhooks } from './matchmaking/session-webhooks-openapi';
import { registerMetrics } from './metrics-openapi';
import { registerConsoleUsers } from './console-users-openapi';
import type { RegisterRoutes } from './openapi-kit';
import { registerFinance } from './paid-matches/finance-openapi';
import { registerGameApi } from './paid-matches/game-openapi';
import { registerPlayers } from './paid-matches/openapi';
import { registerVersus } from './versus-openapi';

/** Every surface's part of the document, each beside its routes. */
const SURFACES: RegisterRoutes[] = [registerMatchmaking, registerHosts, registerVersus, registerPlayers, registerGameApi, registerFinance, registerAdmin, registerStandings, registerSessionWebhooks, registerMetrics, registerConsoleUsers];

export interface OpenApiOptions {
  /** PLATFORM_REALM: where the game API's token URL is. */
  realm?: string;
}

/** The registry of every route, security scheme and schema: the zod schemas the handlers validate with, and examples. */
export function openApiRegistry({ realm = 'letsbet' }: OpenApiOptions = {}): OpenAPIRegistry {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'clientToken', {
    type: 'http', scheme: 'bearer', description: 'The `clientToken` POST /v1a/client/auth answers: players, on /v1a/client and /platform/v1.',
  });
  r.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN: operators and finance, on /admin.' });
  r.registerComponent('securitySchemes', 'metricsToken', { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN: Prometheus, on /metrics only.' });
  r.registerComponent('securitySchemes', 'padroneAuth', {
    type: 'apiKey', in: 'header', name: 'X-Padrone-Auth',
    description: 'base64(UTF-8 "method:credentials"), method one of steam, itch.apikey, itch.downloadkey, oculus, admin, and test (development): players, on the Padrone routes.',
  });
  const tokenUrl = `/auth/realms/${realm}/protocol/openid-connect/token`;
  r.registerComponent('securitySchemes', 'gameAccessToken', {
    type: 'oauth2',
    description: `The game backend's RS256 access token from ${tokenUrl} (developer-config.json \`token_url\`), with the client_id and client_secret of developer-config.json.`,
    flows: { clientCredentials: { tokenUrl, scopes: { [ACCESS_SCOPE]: 'Check match tokens and report results.' } } },
  });
  for (const register of SURFACES) register(r);
  return r;
}

const TAGS = [
  { name: 'v1a client', description: 'BattlePlace-compatible matchmaking, for game clients (COMPAT.md §1).' },
  { name: 'v1a server', description: 'BattlePlace-compatible dedicated servers: they authenticate with the project\'s server token in the body.' },
  { name: 'padrone', description: 'The Padrone host registry: /app serves PADRONE_DEFAULT_PROJECT, /projects/{projectId}/app any project (COMPAT.md §2).' },
  { name: 'versus', description: 'Versus session tokens: a seed-and-hash handshake, no other credential (COMPAT.md §4).' },
  { name: 'paid matches (players)', description: 'Wallets, paid lobbies, launch and history, with the player\'s client token.' },
  { name: 'paid matches (game backend, OkLetsPlay compatible)', description: 'The realm the game\'s backend logs in to, and the API it calls (COMPAT.md §3).' },
  { name: 'finance', description: 'Wallet credits and withdrawals, and the double-entry ledger by project, match, player and period.' },
  { name: 'results', description: 'Leaderboards, players\' results and sessions by period, for support staff, as JSON or CSV.' },
  { name: 'admin', description: 'Projects and their credentials and paid-match settings: the project CLI over HTTP.' },
  { name: 'ops', description: 'Liveness and readiness probes, and Prometheus metrics.' },
  { name: 'session webhooks', description: 'What a game backend receives of its `/v1a` sessions at its project\'s `sessionWebhook.url`, signed (README "Session webhooks").' },
];

/** The OpenAPI document, generated from the very zod schemas the handlers validate with. */
export function buildOpenApi(options: OpenApiOptions = {}): object {
  return new OpenApiGeneratorV31(openApiRegistry(options).definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Matchflow', version: '0.1.0',
      description: 'Durable matchmaking, hosts, sessions and paid matches, speaking the APIs games already use: BattlePlace `/v1a`, Padrone `/app`, OkLetsPlay-style paid '
        + 'matches and Versus session tokens. Amounts are integer minor units (cents). Any route can answer 400 for a string with a NUL or over 10,000 characters, 413 for a body '
        + 'over BODY_LIMIT, and 503 with Retry-After while Temporal or the database does not answer. See README.md.',
    },
    tags: TAGS,
  });
}
