import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { createProjectSchema } from '../domain/projects';
import { registerPaidMatches } from './paid-matches/openapi';
import { matchRequestSchema } from '../domain/matchmaking/match-request';
import {
  authRequestSchema, authResponseSchema, emptyAnswerSchema, errorSchema, matchResponseSchema, matchStatusSchema, resultSchema, serverNameSchema,
  serverRegisterSchema, statsSchema,
} from '../domain/matchmaking/v1a';
import { joinSchema, pingSchema, playerInfoQuerySchema, registerHostSchema, reportLeaveSchema, unregisterHostSchema } from '../domain/hosts/requests';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(errorSchema, description);
const matchToken = z.object({ matchToken: z.string().meta({ description: 'The token from POST /v1a/client/match.' }) });

const versusError = z.object({ error: z.string() });
const versusSession = z.object({ session: z.object({ expires: z.string().meta({ description: 'ISO-8601 UTC' }), state: z.literal('active') }) });
const versusSeed = z.object({ session: z.object({ seed: z.string().meta({ description: '40 hex characters' }) }) });

function registerVersus(r: OpenAPIRegistry): void {
  const params = z.object({ game_uuid: z.string() });
  const common = { 400: json(versusError, 'developer_uuid is missing (or token is missing, on PUT)'), 404: json(versusError, 'Invalid Developer') };
  r.registerPath({
    method: 'get', path: '/api/v2/games/{game_uuid}/session', tags: ['versus'],
    summary: 'Get a seed (no token), or verify a token. token = SHA1(\'{"uuid":game,"secret_key":secret,"seed":seed}\')',
    request: { params, query: z.object({ developer_uuid: z.string(), token: z.string().optional() }) },
    responses: { 200: json(versusSession, 'the token is active'), 401: json(versusSeed, 'no, wrong or expired token: a fresh seed'), ...common },
  });
  r.registerPath({
    method: 'put', path: '/api/v2/games/{game_uuid}/session', tags: ['versus'], summary: 'Activate a pending token',
    request: { params, body: { content: { 'application/json': { schema: z.object({ developer_uuid: z.string(), token: z.string() }) } } } },
    responses: { 200: json(versusSession, 'activated'), 401: json(versusError, 'Authentication Seed Required: not pending'), ...common },
  });
}

const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });

function registerMatchmaking(r: OpenAPIRegistry, clientAuth: string): void {
  const sessionToken = z.object({ sessionToken: z.string().meta({ description: 'From the matched status.' }) });
  const serverSessionToken = z.object({ serverSessionToken: z.string().meta({ description: 'From /v1a/server/match/sessions; it is the credential.' }) });
  r.registerPath({
    method: 'post', path: '/v1a/client/session/{sessionToken}/result', tags: ['v1a client'], summary: 'Report a session\'s result (one rank per team, 0 = first)',
    security: [{ [clientAuth]: [] }], request: { params: sessionToken, ...body(resultSchema) },
    responses: {
      200: json(emptyAnswerSchema, 'accepted; the first report per player counts (a repeat, or a report after settlement, changes nothing)'), 400: error('malformed result'),
      404: error('not this player\'s session'), 409: error('a different result was already reported by this player'),
    },
  });
  r.registerPath({
    method: 'get', path: '/v1a/client/info/stats', tags: ['v1a client'], summary: 'The player\'s Glicko-2 rating and rank in the project',
    security: [{ [clientAuth]: [] }], responses: { 200: json(statsSchema, 'rating and rank (1 = best)'), 401: error('missing or bad client token') },
  });
  r.registerPath({
    method: 'post', path: '/v1a/server/match', tags: ['v1a server'], summary: 'Offer a dedicated server for one session (re-post to refresh)',
    request: body(serverRegisterSchema),
    responses: { 200: { description: '{"status":"registered"}' }, 400: error('malformed request'), 401: error('bad projectId or projectServerToken') },
  });
  r.registerPath({
    method: 'delete', path: '/v1a/server/match', tags: ['v1a server'], summary: 'Withdraw the offer',
    request: body(serverNameSchema), responses: { 200: { description: '{"status":"cancelled"}' }, 401: error('bad projectId or projectServerToken') },
  });
  r.registerPath({
    method: 'post', path: '/v1a/server/match/sessions', tags: ['v1a server'], summary: 'Sessions placed on this server that have not ended',
    request: body(serverNameSchema), responses: { 200: { description: '{"sessions":[...]}' }, 401: error('bad projectId or projectServerToken') },
  });
  r.registerPath({
    method: 'post', path: '/v1a/server/session/{serverSessionToken}/result', tags: ['v1a server'], summary: 'Report the result; a server\'s result is final',
    request: { params: serverSessionToken, ...body(resultSchema) },
    responses: { 200: json(emptyAnswerSchema, 'accepted'), 400: error('malformed result'), 401: error('bad server session token') },
  });
}

/** The OpenAPI document, generated from the very zod schemas the handlers validate with. */
export function buildOpenApi(): object {
  const r = new OpenAPIRegistry();
  const clientAuth = r.registerComponent('securitySchemes', 'clientToken', { type: 'http', scheme: 'bearer', description: 'clientToken from /v1a/client/auth' });
  const admin = r.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' });

  r.registerPath({
    method: 'post', path: '/v1a/client/auth', tags: ['v1a client'], summary: 'Authenticate a player with one login backend',
    request: { body: { content: { 'application/json': { schema: authRequestSchema } } } },
    responses: { 200: json(authResponseSchema, 'authenticated, or notAuthenticated with a reason'), 400: error('malformed request'), 503: error('the login provider did not answer') },
  });
  r.registerPath({
    method: 'post', path: '/v1a/client/match', tags: ['v1a client'], summary: 'Ask for a match (cancels the player\'s earlier search)',
    security: [{ [clientAuth.name]: [] }],
    request: {
      headers: z.object({ 'idempotency-key': z.string().optional().meta({ description: 'A retry with the same key and body answers the same match token and starts nothing (1–128 printable ASCII).' }) }),
      body: { content: { 'application/json': { schema: matchRequestSchema } } },
    },
    responses: {
      200: json(matchResponseSchema, 'the ticket is searching (or, for a retried key, the first answer)'), 400: error('malformed request, naming the field'),
      401: error('missing or bad client token'), 409: error('the Idempotency-Key was used for a different request'), 503: error('Temporal or the database is unavailable; Retry-After says when to try again'),
    },
  });
  r.registerPath({
    method: 'get', path: '/v1a/client/match/{matchToken}', tags: ['v1a client'], summary: 'Read a ticket\'s status',
    security: [{ [clientAuth.name]: [] }], request: { params: matchToken },
    responses: { 200: json(matchStatusSchema, 'the ticket\'s status; notFound for another player\'s token'), 401: error('missing or bad client token') },
  });
  r.registerPath({
    method: 'delete', path: '/v1a/client/match/{matchToken}', tags: ['v1a client'], summary: 'Cancel a search (a matched ticket stays matched)',
    security: [{ [clientAuth.name]: [] }], request: { params: matchToken },
    responses: { 200: json(emptyAnswerSchema, 'always []'), 401: error('missing or bad client token') },
  });
  registerMatchmaking(r, clientAuth.name);
  r.registerPath({
    method: 'post', path: '/admin/projects', tags: ['admin'], summary: 'Create a project with fresh credentials',
    security: [{ [admin.name]: [] }], request: { body: { content: { 'application/json': { schema: createProjectSchema } } } },
    responses: { 201: { description: 'the project, credentials included' }, 400: error('malformed request'), 401: error('admin token required') },
  });
  r.registerPath({
    method: 'get', path: '/admin/projects', tags: ['admin'], summary: 'List projects (secrets masked unless ?reveal=true)',
    security: [{ [admin.name]: [] }], responses: { 200: { description: 'projects' }, 401: error('admin token required') },
  });
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}', tags: ['admin'], summary: 'Show one project (secrets masked unless ?reveal=true)',
    security: [{ [admin.name]: [] }], request: { params: z.object({ projectId: z.string() }) },
    responses: { 200: { description: 'the project' }, 401: error('admin token required'), 404: error('no such project') },
  });
  r.registerPath({
    method: 'post', path: '/admin/projects/{projectId}/versus/rotate-secret', tags: ['admin'], summary: 'Rotate the Versus API secret (old tokens stop verifying)',
    security: [{ [admin.name]: [] }], request: { params: z.object({ projectId: z.string() }) },
    responses: { 200: { description: 'the project, with its new secret' }, 401: error('admin token required'), 404: error('no such project') },
  });
  registerVersus(r);
  registerPaidMatches(r, clientAuth.name, admin.name);
  const padroneAuth = r.registerComponent('securitySchemes', 'padroneAuth', {
    type: 'apiKey', in: 'header', name: 'X-Padrone-Auth', description: 'base64(UTF-8 "method:credentials"): steam, itch.apikey, itch.downloadkey, oculus, admin, test',
  });
  for (const base of ['/app', '/projects/{projectId}/app']) {
    const params = base.includes('{projectId}') ? { params: z.object({ projectId: z.string() }) } : {};
    r.registerPath({ method: 'get', path: `${base}/health-check`, tags: ['padrone'], summary: 'Up', request: params, responses: { 200: { description: 'up' } } });
    r.registerPath({
      method: 'get', path: `${base}/me`, tags: ['padrone'], summary: 'Who the X-Padrone-Auth login is', security: [{ [padroneAuth.name]: [] }], request: params,
      responses: {
        200: json(z.object({ name: z.string().optional(), avatarUrl: z.string().optional(), isAdmin: z.boolean(), isDeveloper: z.boolean() }), 'the player'),
        403: error('missing, malformed or rejected login'),
        503: error('the login provider did not answer'),
      },
    });
    const authed = { security: [{ [padroneAuth.name]: [] }], tags: ['padrone'] };
    r.registerPath({
      method: 'post', path: `${base}/register-host`, ...authed, summary: 'Register (or replace) a host', request: { ...params, ...body(registerHostSchema) },
      responses: { 200: { description: 'registered' }, 400: error('malformed request'), 403: error('login'), 406: json(z.object({ error: z.string() }), 'another player owns that endpoint') },
    });
    r.registerPath({ method: 'post', path: `${base}/unregister-host`, ...authed, summary: 'Take a host down', request: { ...params, ...body(unregisterHostSchema) }, responses: { 200: { description: 'always' } } });
    r.registerPath({
      method: 'post', path: `${base}/ping`, ...authed, summary: 'Keep a host alive; report its connected players', request: { ...params, ...body(pingSchema) },
      responses: { 200: { description: 'alive' }, 406: json(z.object({ error: z.string() }), 'unknown host, or not yours') },
    });
    r.registerPath({
      method: 'get', path: `${base}/list-hosts`, ...authed, summary: 'Public hosts of a version, nearest first (unknown distance first)',
      request: { ...params, query: z.object({ version: z.string(), hideFull: z.enum(['true', 'false']).optional(), hidePasswordProtected: z.enum(['true', 'false']).optional(), limit: z.string().optional() }) },
      responses: { 200: { description: 'array of hosts' }, 400: error('version is required') },
    });
    const refused = json(z.object({ error: z.string() }), 'unknown host, full, or wrong password');
    r.registerPath({
      method: 'post', path: `${base}/join`, ...authed, summary: 'Join a host (ends the player\'s previous session)', request: { ...params, ...body(joinSchema) },
      responses: { 200: json(z.object({ sessionId: z.string(), secret: z.string() }), 'seated'), 406: refused },
    });
    r.registerPath({ method: 'post', path: `${base}/leave`, ...authed, summary: 'Leave (empty body)', request: params, responses: { 200: { description: 'always' } } });
    r.registerPath({
      method: 'post', path: `${base}/report-leave`, ...authed, summary: 'A host owner reports a player gone', request: { ...params, ...body(reportLeaveSchema) },
      responses: { 200: { description: 'always' } },
    });
    r.registerPath({
      method: 'get', path: `${base}/player-info`, ...authed, summary: 'A joined player, for the host\'s owner', request: { ...params, query: playerInfoQuerySchema },
      responses: { 200: { description: '{sessionId, secret, playerInfo}' }, 404: error('no such session on a host of yours') },
    });
  }
  r.registerPath({ method: 'get', path: '/healthz', tags: ['ops'], summary: 'The process is up', responses: { 200: { description: 'ok' } } });
  r.registerPath({ method: 'get', path: '/readyz', tags: ['ops'], summary: 'Temporal and the database answer', responses: { 200: { description: 'ready' }, 503: { description: 'not ready; names what is down' } } });

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Matchflow', version: '0.1.0', description: 'Durable matchmaking, hosts, sessions and paid matches. See README.md.' },
  });
}
