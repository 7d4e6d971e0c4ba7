import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PAID_MATCH_STATES } from '../../domain/paid-matches/contract';
import { finishSchema, tokenInfoSchema } from '../../domain/paid-matches/requests';
import { ACCESS_SCOPE } from '../../domain/paid-matches/signing-keys';
import { ACCESS_TOKEN, CLIENT_SECRET, JWKS, MATCH_ID, PAID_MATCH_TOKEN, PROJECT_ID, PUBLIC_KEY, REALM_URL } from '../openapi-examples';
import { body, COMMON, error, json, pathParam, SECURITY } from '../openapi-kit';

const tags = ['paid matches (game backend, OkLetsPlay compatible)'];
const game = { tags, security: SECURITY.game };
const realm = z.object({ realm: pathParam('PLATFORM_REALM (default `letsbet`); any other name is 404.', 'letsbet') });
const noRealm = { 404: json('No realm of that name.', z.object({ error: z.string() }), { error: 'Realm does not exist' }) };
const jwks = z.object({ keys: z.array(z.object({ kty: z.literal('RSA'), kid: z.string(), use: z.literal('sig'), alg: z.literal('RS256'), n: z.string(), e: z.string() })) })
  .meta({ id: 'Jwks', description: 'The RS256 public key that signs access tokens and the match-info webhook\'s bearer.' });
const oauthError = z.object({ error: z.string(), error_description: z.string() }).meta({ id: 'OAuthError', description: 'RFC 6749 §5.2' });
const accessDenied = { 401: error('No Bearer, or an invalid or expired access token: log in again at the token endpoint.', { error: 'invalid or expired access token', code: 'notAuthenticated' }) };
const matchStatus = z.object({ match_id: z.string(), match_status: z.enum(PAID_MATCH_STATES), submissions_total: z.number().int(), submissions_left: z.number().int() });

/** The realm a game's backend logs in to, and the game API it then calls (COMPAT.md §3). */
export function registerGameApi(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'post', path: '/auth/realms/{realm}/protocol/openid-connect/token', tags, summary: 'Log the game\'s backend in (OAuth2 client credentials)',
    description: 'Exchanges the game\'s `client_id` and `client_secret` from developer-config.json (form fields, or HTTP Basic) for an RS256 access token, the Bearer of '
      + `\`/api/game/v1/*\`, valid PLATFORM_ACCESS_TOKEN_TTL_SECONDS (300). \`scope\`, if given, must include \`${ACCESS_SCOPE}\`. Log in again when the token expires; each call `
      + 'signs a fresh one. Errors are RFC 6749 (`invalid_request`, `unsupported_grant_type`, `invalid_client`, `invalid_scope`); an address that keeps failing gets 429.',
    request: {
      params: realm,
      body: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.object({ grant_type: z.literal('client_credentials'), client_id: z.string().optional(), client_secret: z.string().optional(), scope: z.string().optional() }),
            example: { grant_type: 'client_credentials', client_id: PROJECT_ID, client_secret: CLIENT_SECRET, scope: ACCESS_SCOPE },
          },
        },
      },
    },
    responses: {
      200: json('An access token.', z.object({
        access_token: z.string(), expires_in: z.number().int(), token_type: z.literal('Bearer'), scope: z.literal(ACCESS_SCOPE),
        refresh_expires_in: z.literal(0), 'not-before-policy': z.literal(0),
      }), { access_token: ACCESS_TOKEN, expires_in: 300, token_type: 'Bearer', scope: ACCESS_SCOPE, refresh_expires_in: 0, 'not-before-policy': 0 }),
      400: json('Malformed request, another grant type, no credentials, or a scope without olp-report-api.', oauthError, { error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' }),
      401: json('Unknown client or wrong secret (one answer for both).', oauthError, { error: 'invalid_client', error_description: 'Invalid client credentials' }),
      ...noRealm, ...COMMON.tooLarge,
      429: json('This address failed too often; Retry-After says when to try again.', oauthError, { error: 'too_many_requests', error_description: 'too many failed attempts from this address; try again in 840 s' }),
      ...COMMON.paidMatchesOff,
    },
  });
  r.registerPath({
    method: 'get', path: '/auth/realms/{realm}', tags, summary: 'The realm and its public key',
    description: 'The `public_key_url` of developer-config.json: the realm document as Keycloak publishes it, with the RS256 public key (base64 DER SPKI) the game verifies the '
      + 'match-info webhook\'s bearer with. The key changes only when the operator replaces PLATFORM_SIGNING_KEY, so it may be cached (it is sent with max-age 300).',
    request: { params: realm },
    responses: {
      200: json('The realm.', z.object({ realm: z.string(), public_key: z.string(), 'token-service': z.string(), 'account-service': z.string(), 'tokens-not-before': z.literal(0) }),
        { realm: 'letsbet', public_key: PUBLIC_KEY, 'token-service': `${REALM_URL}/protocol/openid-connect`, 'account-service': `${REALM_URL}/account`, 'tokens-not-before': 0 }),
      ...noRealm, ...COMMON.paidMatchesOff,
    },
  });
  r.registerPath({
    method: 'get', path: '/auth/realms/{realm}/protocol/openid-connect/certs', tags, summary: 'The realm\'s JWKS',
    description: 'The same public key as a JSON Web Key Set, for JWT libraries that look keys up by `kid`. It changes only when PLATFORM_SIGNING_KEY is replaced and is sent '
      + 'with max-age 300. The same set is served at `/.well-known/jwks.json`.',
    request: { params: realm },
    responses: { 200: json('The key set.', jwks, JWKS), ...noRealm, ...COMMON.paidMatchesOff },
  });
  r.registerPath({
    method: 'get', path: '/auth/realms/{realm}/.well-known/openid-configuration', tags, summary: 'OpenID discovery',
    description: 'OpenID Connect discovery for the realm: issuer, token endpoint, JWKS URL, and what the token endpoint supports (client credentials only, with the secret in the '
      + 'form or HTTP Basic). OAuth libraries that configure themselves from an issuer URL read it once.',
    request: { params: realm },
    responses: {
      200: json('The discovery document.', z.object({
        issuer: z.string(), token_endpoint: z.string(), jwks_uri: z.string(), grant_types_supported: z.array(z.string()),
        token_endpoint_auth_methods_supported: z.array(z.string()), id_token_signing_alg_values_supported: z.array(z.string()), scopes_supported: z.array(z.string()),
      }), {
        issuer: REALM_URL, token_endpoint: `${REALM_URL}/protocol/openid-connect/token`, jwks_uri: `${REALM_URL}/protocol/openid-connect/certs`, grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'], id_token_signing_alg_values_supported: ['RS256'], scopes_supported: [ACCESS_SCOPE],
      }),
      ...noRealm, ...COMMON.paidMatchesOff,
    },
  });
  r.registerPath({
    method: 'get', path: '/.well-known/jwks.json', tags, summary: 'The platform\'s JWKS',
    description: 'The RS256 public key set that signs access tokens and the match-info webhook\'s bearer, at the conventional address; the same set as the realm\'s '
      + '`/protocol/openid-connect/certs`. It changes only when the operator replaces PLATFORM_SIGNING_KEY.',
    responses: { 200: json('The key set.', jwks, JWKS), ...COMMON.paidMatchesOff },
  });
  r.registerPath({
    method: 'post', path: '/api/game/v1/token-info', ...game, summary: 'Check a player\'s match token',
    description: 'Checks the match token a player launched the game with (`?token=`) and answers whose it is and the match\'s state; let the player play only while '
      + '`match_status` is `live`. `submissions_left` counts the results still expected. An unknown or expired token, or another game\'s, is 404. Safe to call as often as needed.',
    request: body(tokenInfoSchema, { token: PAID_MATCH_TOKEN }),
    responses: {
      200: json('The match and the player.', matchStatus.extend({ user_id: z.string() }), { match_id: MATCH_ID, user_id: 'test:alice', match_status: 'live', submissions_total: 2, submissions_left: 2 }),
      ...COMMON.malformed, ...accessDenied,
      404: error('Unknown or expired match token, or another game\'s.', { error: 'unknown or expired match token', code: 'notFound' }),
      ...COMMON.tooLarge, ...COMMON.paidMatchesOff,
    },
  });
  for (const path of ['/api/game/v1/finish', '/api/games/v1/finish']) {
    r.registerPath({
      method: 'post', path, ...game, summary: path.includes('/games/') ? 'Report results (the seed\'s spelling)' : 'Report results',
      description: 'Reports scores, and optionally team rankings and forfeits, of a live match; asynchronous games send one request per player (`submissions_left` counts down). '
        + 'The first value accepted for any field is final: a replay answers 200 and changes nothing, a different value is a 409. Once every participant has a score, or every '
        + 'team a ranking or forfeit, the match settles and pays out (rake to the house, the rest by the payout table). '
        + (path.includes('/games/') ? 'The same as `/api/game/v1/finish`.' : 'Also served at `/api/games/v1/finish`.'),
      request: body(finishSchema, { match_id: MATCH_ID, participants: [{ id: 'test:alice', score: 31 }, { id: 'test:bob', score: 17 }], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] }),
      responses: {
        200: json('Accepted, or an identical replay.', matchStatus, { match_id: MATCH_ID, match_status: 'settling', submissions_total: 2, submissions_left: 0 }),
        400: error('Malformed, or names a participant or team not in the match.', { error: 'participants[1].id: test:carol is not a participant of this match', code: 'badRequest' }),
        ...accessDenied,
        404: error('No such match for this game.', { error: `no paid match ${MATCH_ID}`, code: 'notFound' }),
        409: error('Conflicts with an accepted result, or the match is not live.', { error: 'a different result was already accepted: participant test:alice already has score 31', code: 'conflict' }),
        ...COMMON.tooLarge, ...COMMON.paidMatchesOff,
      },
    });
  }
}
