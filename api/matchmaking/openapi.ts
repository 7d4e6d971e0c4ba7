import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { matchRequestSchema } from '../../domain/matchmaking/match-request';
import type { PlayerStats } from '../../db/matchmaking/sessions';
import {
  authRequestSchema, authResponseSchema, emptyAnswerSchema, matchResponseSchema, matchStatusSchema, playerSessionSchema, resultSchema, serverSessionSchema, statsSchema,
} from '../../domain/matchmaking/v1a';
import { CLIENT_TOKEN, MATCH_TOKEN, PEER_TICKETS, PROJECT_ID, SESSION_ID, SESSION_TOKEN, TEST_KEY } from '../openapi-examples';
import { body, COMMON, error, json, pathParam, SECURITY, type SameShape } from '../openapi-kit';
import { registerServerRoutes } from './server-openapi';
import type { playerSessionView, serverSessionView } from './session-views';

const tags = ['v1a client'];
const notAuthenticated = COMMON.clientToken;
const matchToken = z.object({ matchToken: pathParam('The token POST /v1a/client/match answered.', MATCH_TOKEN) });
const [ours, theirs] = PEER_TICKETS;
const _sameShapes: [
  SameShape<Omit<z.infer<typeof playerSessionSchema>, 'teams' | 'server'>, Omit<Awaited<ReturnType<typeof playerSessionView>>, 'teams' | 'server'>>,
  SameShape<Omit<z.infer<typeof serverSessionSchema>, 'teams'>, Omit<Awaited<ReturnType<typeof serverSessionView>>, 'teams'>>,
  SameShape<z.infer<typeof statsSchema>, PlayerStats>,
] = [true, true, true]; // (a peer's `info` is any JSON: unknown in the schema, `{} | null` in the view)

const matchedExample = {
  status: 'matched',
  session: {
    externalSessionId: SESSION_ID, sessionToken: SESSION_TOKEN, teamIndex: 0, mateIndex: 0,
    teams: [[{ info: { deck: 'aggro' }, ourTicket: null, theirTicket: null }], [{ info: { deck: 'control' }, ourTicket: ours, theirTicket: theirs }]],
    server: null,
  },
};

/** `/v1a` (COMPAT.md §1): the players' endpoints here, the dedicated servers' in server-openapi.ts. */
export function registerMatchmaking(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'post', path: '/v1a/client/auth', tags, summary: 'Log a player in with one login backend',
    description: 'Checks one backend\'s credentials for a project (`testKey` + `testId` in development, `itchJwtToken`, `itchApiKey` or `steamEncryptedTicket`) and answers a '
      + '`clientToken`, the Bearer of every other `/v1a/client` and `/platform/v1` call, valid CLIENT_TOKEN_TTL_SECONDS (24 h). Rejected credentials are still HTTP 200, '
      + 'with `status: notAuthenticated` and the reason, as BattlePlace answered them. Log in again when the token expires; each call makes a fresh token. '
      + 'A login provider that does not answer is a 503 (try again), and an address that keeps failing gets 429.',
    request: body(authRequestSchema, { projectId: PROJECT_ID, auth: { testKey: TEST_KEY, testId: 'alice' } }),
    responses: {
      200: json('Authenticated, or `notAuthenticated` with the reason.', authResponseSchema, { status: 'authenticated', clientToken: CLIENT_TOKEN, name: 'alice' }),
      ...COMMON.malformed, ...COMMON.tooLarge, ...COMMON.loginLimit,
      503: error('The login provider (itch.io) did not answer or answered 5xx; try again.', { error: 'itch.io could not be reached; try again', code: 'providerUnavailable' }),
    },
  });
  r.registerPath({
    method: 'post', path: '/v1a/client/match', tags, security: SECURITY.client, summary: 'Ask for a match',
    description: 'Starts a ticket that searches the queue bucket of (`teamSizes`, `matchTag`, `serverTag`) for at most `maxMatchTime` seconds and answers its `matchToken`; '
      + 'poll `GET /v1a/client/match/{matchToken}` for the outcome. A player holds one searching ticket per project: a new request cancels the earlier one, which then reads '
      + '`failed`/`cancelled`. With an `Idempotency-Key` a retry with the same key and body answers the same token and starts nothing; a different body under that key is a 409. '
      + 'Limits: 1–16 teams of 1–100 players (200 in all), `maxMatchTime` 1–3600, `info` at most 4,096 bytes of JSON.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().optional().meta({ description: 'A retry with the same key and body answers the same match token and starts nothing (1–128 printable ASCII).', example: 'match-7f3a2c' }) }),
      ...body(matchRequestSchema, { teamSizes: [1, 1], maxMatchTime: 60, matchTag: 'v1.4-eu-ranked', info: { deck: 'aggro' } }),
    },
    responses: {
      200: json('The ticket is searching (for a retried key: the first answer).', matchResponseSchema, { matchToken: MATCH_TOKEN }),
      ...COMMON.malformed, ...notAuthenticated,
      409: error('This Idempotency-Key was already used for a different match request.', { error: 'this Idempotency-Key was already used for a different match request', code: 'conflict' }),
      ...COMMON.tooLarge, ...COMMON.busy, ...COMMON.outage,
    },
  });
  r.registerPath({
    method: 'get', path: '/v1a/client/match/{matchToken}', tags, security: SECURITY.client, summary: 'Read a ticket\'s status',
    description: 'Answers `inProgress` while the ticket searches; `matched` with the session (every team\'s members and peer tickets, this player\'s `sessionToken`, '
      + '`teamIndex`, `mateIndex` and the dedicated server, or null); or `failed` with `timedOut`, `cancelled`, `noServer` or `internalError` (Matchflow could not serve it: ask again). '
      + 'Another player\'s, a forged or a forgotten token reads `notFound`, never an error. Statuses are read from a table, not from Temporal, so polling every second or two is fine; '
      + 'they stay readable TICKET_RETENTION_HOURS (24) after the ticket ends.',
    request: { params: matchToken },
    responses: { 200: json('The ticket\'s status.', matchStatusSchema, matchedExample), ...notAuthenticated, ...COMMON.outage },
  });
  r.registerPath({
    method: 'delete', path: '/v1a/client/match/{matchToken}', tags, security: SECURITY.client, summary: 'Cancel a search',
    description: 'Asks the ticket\'s matcher to let it go and answers `[]` once its verdict is readable (within about 5 s): the next status read says `cancelled`, or `matched` '
      + 'when the group had formed first, since a matched ticket stays matched. Repeating it, or cancelling another player\'s or an ended ticket, changes nothing and still answers `[]`.',
    request: { params: matchToken },
    responses: { 200: json('Always `[]`.', emptyAnswerSchema, []), ...notAuthenticated, ...COMMON.outage },
  });
  r.registerPath({
    method: 'post', path: '/v1a/client/session/{sessionToken}/result', tags, security: SECURITY.client, summary: 'Report a session\'s result',
    description: 'Reports this player\'s view of the result: `finished` or `cancelled`, and one rank per team (0 = first, ties allowed). A dedicated server\'s result is final; '
      + 'otherwise the players decide by agreement or majority, a split without a majority is `disputed`, and no result by SESSION_RESULT_DEADLINE_SECONDS leaves it `abandoned`. '
      + 'A finished session changes every player\'s Glicko-2 rating once. Each player\'s first report counts: a repeat, or a report after the session ended, answers `[]` and '
      + 'changes nothing; a different second report is a 409.',
    request: { params: z.object({ sessionToken: pathParam('The player\'s `sessionToken` from the matched status.', SESSION_TOKEN) }), ...body(resultSchema) },
    responses: {
      200: json('Accepted, or a harmless repeat.', emptyAnswerSchema, []),
      400: error('Malformed report, or not one rank per team.', { error: 'body.ranks: must hold one rank per team (2)', code: 'badRequest' }),
      ...notAuthenticated,
      404: error('Not this player\'s session (another player\'s token, or a forged one).', { error: 'no such session for this player', code: 'notFound' }),
      409: error('This player already reported a different result.', { error: 'a different result was already reported by you; the first one counts', code: 'conflict' }),
      ...COMMON.tooLarge, ...COMMON.outage,
    },
  });
  r.registerPath({
    method: 'get', path: '/v1a/client/info/stats', tags, security: SECURITY.client, summary: 'The player\'s rating and rank',
    description: 'Answers the player\'s Glicko-2 rating in the project and rank (1 = best: one more than the players rated higher). A player who has not finished a session yet '
      + 'has the starting rating, 1500. Ratings change once per finished session, so reading this after a result shows the new rating once the session has settled.',
    responses: { 200: json('Rating and rank.', statsSchema, { rating: 1621.4, rank: 12 }), ...notAuthenticated, ...COMMON.outage },
  });
  registerServerRoutes(r);
}
