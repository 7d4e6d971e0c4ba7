import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { DEVELOPER_UUID, GAME_UUID, VERSUS_SEED, VERSUS_TOKEN } from './openapi-examples';
import { COMMON, json, pathParam } from './openapi-kit';

const tags = ['versus'];
const versusError = z.object({ error: z.string() }).meta({ id: 'VersusError', description: 'Versus\'s error body: the message alone.' });
const session = z.object({ session: z.object({ expires: z.string().meta({ description: 'ISO-8601 UTC' }), state: z.literal('active') }) }).meta({ id: 'VersusSession' });
const seed = z.object({ session: z.object({ seed: z.string().meta({ description: '40 random hex characters, pending VERSUS_SEED_TTL_SECONDS (300).' }) }) }).meta({ id: 'VersusSeed' });
const params = z.object({ game_uuid: pathParam('The game\'s `versus.gameUuid`.', GAME_UUID) });
const activeExample = { session: { expires: '2026-03-14T10:26:53.000Z', state: 'active' } };
const common = {
  400: json('`developer_uuid` is missing (or, on PUT and POST, `token`).', versusError, { error: 'developer_uuid is missing' }),
  404: json('Unknown game, or a game of another developer.', versusError, { error: 'Invalid Developer' }),
};
const activateBody = z.object({ developer_uuid: z.string(), token: z.string().meta({ description: 'SHA1 of the seed JSON, 40 lowercase hex characters.' }) });
const HANDSHAKE = 'The game computes `token = SHA1(\'{"uuid":"<game_uuid>","secret_key":"<api_secret>","seed":"<seed>"}\')`: that JSON exactly (this key order, no spaces), lowercase hex.';

/** Versus session tokens (COMPAT.md §4): the game authenticates with a seed-and-hash handshake, no security scheme. */
export function registerVersus(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/api/v2/games/{game_uuid}/session', tags, summary: 'Get a seed, or verify a token',
    description: 'Without `token`, or with a token that is wrong, expired or not yet activated, answers 401 with a fresh seed to start the handshake with. With an active '
      + `token it answers 200 and the session's expiry, so a game backend calls it to check a token before trusting it. ${HANDSHAKE} `
      + 'One address may ask for VERSUS_SEEDS_PER_IP_PER_MINUTE (60) seeds a minute; past that, 429. The path is served with and without a trailing slash.',
    request: {
      params,
      query: z.object({
        developer_uuid: z.string().meta({ description: 'The game\'s `versus.developerUuid`.', example: DEVELOPER_UUID }),
        token: z.string().optional().meta({ description: 'An activated token to verify.', example: VERSUS_TOKEN }),
      }),
    },
    responses: {
      200: json('The token is active.', session, activeExample),
      401: json('No token, or a wrong, expired or pending one: a fresh seed.', seed, { session: { seed: VERSUS_SEED } }),
      ...common, ...COMMON.loginLimit, ...COMMON.outage,
    },
  });
  for (const method of ['put', 'post'] as const) {
    r.registerPath({
      method, path: '/api/v2/games/{game_uuid}/session', tags, summary: method === 'put' ? 'Activate a token' : 'Activate a token (POST spelling)',
      description: `Activates the token computed from a pending seed and answers its session, active for VERSUS_SESSION_TTL_SECONDS (1 h). ${HANDSHAKE} `
        + 'A token is activated once: a second activation, an expired seed, or a seed made before the game\'s secret was rotated answers 401 "Authentication Seed Required" '
        + `(start again with GET). ${method === 'post' ? 'The same as PUT; both are served.' : 'POST does the same.'} Failures count against the login limits (429).`,
      request: { params, body: { required: true, content: { 'application/json': { schema: activateBody, example: { developer_uuid: DEVELOPER_UUID, token: VERSUS_TOKEN } } } } },
      responses: {
        200: json('Activated.', session, activeExample),
        401: json('The token is not pending (never seeded, seed expired, or already activated).', versusError, { error: 'Authentication Seed Required' }),
        ...common, ...COMMON.tooLarge, ...COMMON.loginLimit, ...COMMON.outage,
      },
    });
  }
}
