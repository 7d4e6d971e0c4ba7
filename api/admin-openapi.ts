import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { developerConfig as developerConfigOf } from '../domain/paid-matches/realm';
import { paidMatchSettingsSchema } from '../domain/paid-matches/settings';
import { createProjectSchema, type presentProject } from '../domain/projects';
import { abortBody, listQuery, revealQuery } from './admin';
import { projectChangesSchema } from '../domain/project-changes';
import {
  BASE_URL, CLIENT_SECRET, CREATED_AT, DEVELOPER_UUID, GAME_UUID, MATCH_ID, PROJECT_ID, REALM_URL, SERVER_TOKEN, TEST_KEY, VERSUS_SECRET, WEBHOOK_SECRET, WEBHOOK_URL,
} from './openapi-examples';
import { body, COMMON, error, json, pathParam, SECURITY, type SameShape } from './openapi-kit';

const admin = { tags: ['admin'], security: SECURITY.admin };
const errors = COMMON.adminToken;
const noProject = COMMON.noProject;
const projectParams = z.object({ projectId: pathParam('The project id.', PROJECT_ID) });
const secret = (what: string) => z.string().meta({ description: `${what}: "********" unless just created or rotated, or asked for with reveal=true.` });

const projectSchema = z.object({
  id: z.string(), name: z.string(), testKey: secret('Test key (absent when disabled)').optional(), serverToken: secret('Dedicated servers\' projectServerToken'),
  itch: z.object({ apiBaseUrl: z.string(), serverKey: secret('itch.io server key').optional(), gameId: z.string().optional() }),
  steam: z.object({ appId: z.number().int().optional(), ticketKey: secret('Encrypted app ticket key').optional() }),
  versus: z.object({ gameUuid: z.string(), developerUuid: z.string(), apiSecret: secret('Versus API secret') }),
  groupingRule: createProjectSchema.shape.groupingRule.unwrap().meta({ description: 'How matchers form groups: arrival order, or by rating.' }),
  padrone: z.object({
    steam: z.object({ apiBaseUrl: z.string(), webApiKey: secret('Steam Web API key') }).optional(),
    oculus: z.object({ appId: z.string(), apiBaseUrl: z.string(), appSecret: secret('Oculus app secret') }).optional(),
    admins: z.array(z.string()).meta({ description: 'Admin usernames (passwords are stored hashed, never shown).' }), developers: z.array(z.string()),
  }),
  platform: z.object({
    rakeBps: z.number().int(), payoutTableBps: z.array(z.number().int()), clientSecret: secret('Paid matches\' OAuth client secret'), matchInfoUrl: z.string().optional(),
    gameUrl: z.string().optional(), resultDeadlineSeconds: z.number().int(), currency: z.string(), noResultPolicy: z.enum(['refund', 'settleReported']),
  }).optional().meta({ description: 'Paid-match settings; absent for a project made before paid matches until first configured.' }),
  sessionWebhook: z.object({ url: z.string(), secret: secret('Session webhook signing secret') }).optional()
    .meta({ description: 'Where `/v1a` session events are POSTed (README "Session webhooks"); absent: none are sent.' }),
  revision: z.number().int().meta({ description: 'How many times PATCH has changed the project.' }),
  retiredAt: z.string().optional().meta({ description: 'When the project was retired (DELETE); absent while it serves.' }),
  createdAt: z.string(),
}).meta({ id: 'Project', description: 'A project (a game) and its credentials, as an administrator sees it.' });

const platformExample = { rakeBps: 1000, payoutTableBps: [10000], resultDeadlineSeconds: 3600, currency: 'USD', noResultPolicy: 'refund', clientSecret: CLIENT_SECRET };
const revealed = {
  id: PROJECT_ID, name: 'Skyward Arena', testKey: TEST_KEY, serverToken: SERVER_TOKEN, itch: { apiBaseUrl: 'https://itch.io' }, steam: { appId: 480 },
  versus: { gameUuid: GAME_UUID, developerUuid: DEVELOPER_UUID, apiSecret: VERSUS_SECRET }, groupingRule: { kind: 'arrival' },
  padrone: { admins: ['ops'], developers: ['steam:76561198012345678'] }, platform: platformExample, sessionWebhook: { url: WEBHOOK_URL, secret: WEBHOOK_SECRET },
  revision: 0, createdAt: CREATED_AT,
};
const M = '********';
const masked = {
  ...revealed, testKey: M, serverToken: M, versus: { ...revealed.versus, apiSecret: M }, platform: { ...platformExample, clientSecret: M }, sessionWebhook: { url: WEBHOOK_URL, secret: M },
};
const developerConfig = z.object({
  okletsplay_url: z.string(), authentication: z.object({ client_id: z.string(), client_secret: z.string(), public_key_url: z.string(), token_url: z.string() }),
}).meta({ id: 'DeveloperConfig', description: 'developer-config.json, as OkLetsPlay handed it to partners. It holds the client secret.' });
const developerConfigExample = {
  okletsplay_url: BASE_URL,
  authentication: { client_id: PROJECT_ID, client_secret: CLIENT_SECRET, public_key_url: REALM_URL, token_url: `${REALM_URL}/protocol/openid-connect/token` },
};
const _sameShapes: [SameShape<z.infer<typeof projectSchema>, ReturnType<typeof presentProject>>, SameShape<z.infer<typeof developerConfig>, ReturnType<typeof developerConfigOf>>] = [true, true];
const readiness = z.object({ status: z.enum(['ready', 'notReady']), checks: z.object({ temporal: z.enum(['ok', 'unreachable']), database: z.enum(['ok', 'unreachable']) }) });

/** `/admin/projects/...` (admin token; the project CLI over HTTP) and the operators' health checks. */
export function registerAdmin(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'post', path: '/admin/projects', ...admin, summary: 'Create a project',
    description: 'Creates a project (a game) with fresh credentials: a test key (unless `testKey: false`), a server token, a Versus game uuid, developer uuid and API secret, '
      + 'a paid-match client secret, and with `sessionWebhook` a webhook signing secret; this answer is the one that shows them in clear. Padrone admin passwords are stored scrypt-hashed. Each call makes another project, so '
      + 'do not repeat it blindly; `versus.developerUuid` puts the game under an existing Versus developer.',
    request: body(createProjectSchema, { name: 'Skyward Arena', steam: { appId: 480 }, sessionWebhook: { url: WEBHOOK_URL }, padrone: { admins: [{ username: 'ops', password: 'correct horse battery' }], developers: ['steam:76561198012345678'] } }),
    responses: { 201: json('The project, secrets in clear.', projectSchema, revealed), ...COMMON.malformed, ...COMMON.tooLarge, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/admin/projects', ...admin, summary: 'List projects',
    description: 'Lists every project with its settings. Secrets are masked as `********` unless `reveal=true`, which shows them in clear: ask for it only where the answer is '
      + 'kept safe. A read, safe to repeat.',
    request: { query: listQuery },
    responses: { 200: json('Every project.', z.array(projectSchema), [masked]), ...COMMON.malformed, ...errors },
  });
  registerChanges(r);
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}', ...admin, summary: 'Show a project',
    description: 'Shows one project with its settings; secrets are masked as `********` unless `reveal=true`. A read, safe to repeat.',
    request: { params: projectParams, query: revealQuery },
    responses: { 200: json('The project.', projectSchema, masked), ...COMMON.malformed, ...noProject, ...errors },
  });
  r.registerPath({
    method: 'post', path: '/admin/projects/{projectId}/versus/rotate-secret', ...admin, summary: 'Rotate the Versus API secret',
    description: 'Replaces the project\'s Versus API secret and answers the project with every secret in clear. Versus sessions made with the old secret stop verifying at once, '
      + 'and pending seeds can no longer be activated: games do the handshake again with the new secret. Each call makes a new secret.',
    request: { params: projectParams },
    responses: { 200: json('The project, secrets in clear.', projectSchema, revealed), ...noProject, ...errors },
  });
  r.registerPath({
    method: 'put', path: '/admin/projects/{projectId}/platform', ...admin, summary: 'Set a game\'s paid-match settings',
    description: 'Changes a game\'s paid-match settings, the fields given only: match-info URL, launch URL, rake, payout table (basis points adding up to 10000), result deadline, '
      + 'currency and no-result policy. Matches already created keep the rules they were created with. Answers the project, secrets masked; repeating it is harmless.',
    request: { params: projectParams, ...body(paidMatchSettingsSchema, { matchInfoUrl: 'https://game.example.com/okletsplay/match-info', gameUrl: 'https://play.example.com/game', rakeBps: 800 }) },
    responses: { 200: json('The project.', projectSchema, masked), ...COMMON.malformed, ...noProject, ...COMMON.tooLarge, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}/developer-config.json', ...admin, summary: 'The game\'s developer-config.json',
    description: 'Answers developer-config.json (as a download) for the game\'s developers: `okletsplay_url` (PUBLIC_URL) and the realm\'s `client_id` (the project id), '
      + '`client_secret`, `public_key_url` and `token_url`. It holds the client secret: hand it over privately. A project made before paid matches gets its client secret on '
      + 'the first download; later downloads answer the same file.',
    request: { params: projectParams },
    responses: { 200: json('The file.', developerConfig, developerConfigExample), ...noProject, ...errors },
  });
  r.registerPath({
    method: 'post', path: '/admin/projects/{projectId}/platform/rotate-secret', ...admin, summary: 'Rotate the game\'s client secret',
    description: 'Replaces the game\'s OAuth client secret and answers the new developer-config.json. The old secret stops logging in at once; access tokens already issued live '
      + 'out their PLATFORM_ACCESS_TOKEN_TTL_SECONDS (300). Each call makes a new secret.',
    request: { params: projectParams },
    responses: { 200: json('The new file.', developerConfig, developerConfigExample), ...noProject, ...errors },
  });
  r.registerPath({
    method: 'post', path: '/admin/projects/{projectId}/paid-matches/{matchId}/abort', ...admin, summary: 'Abort a paid match',
    description: 'Asks a paid match to abort and answers 202 with its state at that moment: a lobby ends `cancelled` (nothing was paid), a match past its lobby refunds every '
      + 'fee it took (`refunding`, then `refunded`) and, if the game was told of it, the game gets `DELETE {match-info-url}` as a courtesy. Follow it with '
      + '`GET /admin/finance/matches/{matchId}`. `reason` (1–500 characters) is recorded with the match; a repeat keeps the first reason. A match that has ended is a 409.',
    request: { params: projectParams.extend({ matchId: pathParam('The match id.', MATCH_ID) }), ...body(abortBody, { reason: 'game server outage, incident 2291' }) },
    responses: {
      202: json('Abort requested.', z.object({ matchId: z.string(), state: z.string() }), { matchId: MATCH_ID, state: 'live' }),
      ...COMMON.malformed, 404: error('No such paid match in this project.', { error: `no paid match ${MATCH_ID}`, code: 'notFound' }),
      409: error('The match has ended.', { error: 'the match has ended (settled)', code: 'conflict' }), ...errors,
    },
  });
  registerHealth(r);
}

/** Settings that change after creation, and retirement. */
function registerChanges(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'patch', path: '/admin/projects/{projectId}', ...admin, summary: 'Change a project\'s settings',
    description: 'Changes only the settings given (RFC 7396 merge: `null` takes an optional setting away; Padrone `admins` and `developers` are replaced whole): name, test '
      + 'logins on or off, itch.io and Steam settings, grouping rule, Padrone Steam Web API key, Oculus app, admins and developers, paid-match settings, session webhook. '
      + '`rotate` replaces the test key, server token or session webhook secret, and the answer shows the new one once (as it shows a first webhook\'s secret). The project\'s running matchers take a new grouping rule at once. Each call counts a `revision`; '
      + 'repeating the same change is harmless except for `rotate`, which makes a new secret each time.',
    request: { params: projectParams, ...body(projectChangesSchema, { groupingRule: { kind: 'rating', tolerance: 100, widenPerSecond: 10, maxTolerance: 600 }, itch: { serverKey: null } }) },
    responses: {
      200: json('The project, secrets masked (a rotated or newly enabled one in clear).', projectSchema, { ...masked, revision: 1, groupingRule: { kind: 'rating', tolerance: 100, widenPerSecond: 10, maxTolerance: 600 } }),
      ...COMMON.malformed, 404: error('No such project, or it is retired.', { error: 'no such project (or it is retired)', code: 'notFound' }), ...COMMON.tooLarge, ...errors,
    },
  });
  r.registerPath({
    method: 'delete', path: '/admin/projects/{projectId}', ...admin, summary: 'Retire a project',
    description: 'Takes a project out of service: no new logins, match requests, hosts, Versus handshakes or paid matches. What runs ends as usual (a live paid match still takes '
      + 'its result), and its sessions, ratings and money trail stay; `GET /admin/projects/{projectId}` still shows it, lists only with `retired=true`. A repeat answers the same.',
    request: { params: projectParams },
    responses: { 200: json('The retired project, secrets masked.', projectSchema, { ...masked, retiredAt: '2026-11-30T12:00:00.000Z' }), ...noProject, ...errors },
  });
}

function registerHealth(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/', tags: ['ops'], summary: 'Where the reference is',
    description: 'Answers where this server\'s API reference, OpenAPI document and readiness check are (absolute URLs, from PUBLIC_URL). No login.',
    responses: {
      200: json('Links.', z.object({ service: z.literal('Matchflow'), docs: z.string(), openapi: z.string(), health: z.string() }), {
        service: 'Matchflow', docs: `${BASE_URL}/docs`, openapi: `${BASE_URL}/openapi.json`, health: `${BASE_URL}/readyz`,
      }),
    },
  });
  r.registerPath({
    method: 'get', path: '/healthz', tags: ['ops'], summary: 'Liveness',
    description: 'Answers `{"status":"ok"}` while the API process is up, without asking Temporal or the database: use it as the liveness probe. No login.',
    responses: { 200: json('Up.', z.object({ status: z.literal('ok') }), { status: 'ok' }) },
  });
  r.registerPath({
    method: 'get', path: '/readyz', tags: ['ops'], summary: 'Readiness',
    description: 'Answers 200 when Temporal and the database both answer within 3 s, and 503 naming the one that does not: use it as the readiness probe (while either is down, '
      + 'requests that need it answer 503 with Retry-After anyway). No login.',
    responses: {
      200: json('Ready.', readiness, { status: 'ready', checks: { temporal: 'ok', database: 'ok' } }),
      503: json('Not ready: `checks` names what does not answer.', readiness, { status: 'notReady', checks: { temporal: 'ok', database: 'unreachable' } }),
    },
  });
}
