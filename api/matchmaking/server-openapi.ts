import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { emptyAnswerSchema, resultSchema, serverNameSchema, serverRegisterSchema, serverSessionSchema } from '../../domain/matchmaking/v1a';
import { PEER_TICKETS, PROJECT_ID, SERVER_SESSION_TOKEN, SERVER_TOKEN, SESSION_ID } from '../openapi-examples';
import { body, COMMON, error, json, pathParam } from '../openapi-kit';

const tags = ['v1a server'];
/** Dedicated servers prove who they are with the project's server token, in the body: no security scheme. */
const CREDENTIALS = 'It authenticates with `projectId` and `projectServerToken` in the body (no Authorization header); a wrong pair is a 401, and an address that keeps failing gets 429.';
const badServerToken = { 401: error('`projectId` or `projectServerToken` is wrong.', { error: 'projectId or projectServerToken is wrong', code: 'notAuthenticated' }) };
const serverName = { projectId: PROJECT_ID, projectServerToken: SERVER_TOKEN, name: 'eu-west-1/gs-04' };
const [t1, t2, t3, t4] = PEER_TICKETS;

/** `/v1a/server` (COMPAT.md §1): dedicated servers offer themselves, list their sessions and report results. */
export function registerServerRoutes(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'post', path: '/v1a/server/match', tags, summary: 'Offer a dedicated server for one session',
    description: 'Offers the server `name` for one session of the tickets that ask for its `serverTag`. Re-posting before a session is placed on it refreshes `info` and the '
      + 'timeout (a heartbeat); once a session is placed, the offer is used up and the server posts again when it wants another. An offer not refreshed within `timeout` '
      + `seconds (1–3600, default 60) lapses and is never assigned. ${CREDENTIALS}`,
    request: body(serverRegisterSchema, { ...serverName, serverTag: 'eu-west', info: { address: '203.0.113.24:7777' }, timeout: 60 }),
    responses: {
      200: json('The offer stands (or was refreshed).', z.object({ status: z.literal('registered') }), { status: 'registered' }),
      ...COMMON.malformed, ...badServerToken, ...COMMON.tooLarge, ...COMMON.loginLimit, ...COMMON.outage,
    },
  });
  r.registerPath({
    method: 'delete', path: '/v1a/server/match', tags, summary: 'Withdraw the server\'s offer',
    description: 'Withdraws the offer of the server `name`; a session already placed on it is not affected. A server with no offer standing (never made, taken or lapsed) '
      + `gets the same answer, so it is safe to repeat. ${CREDENTIALS}`,
    request: body(serverNameSchema, serverName),
    responses: {
      200: json('Withdrawn (or there was nothing to withdraw).', z.object({ status: z.literal('cancelled') }), { status: 'cancelled' }),
      ...COMMON.malformed, ...badServerToken, ...COMMON.loginLimit, ...COMMON.outage,
    },
  });
  r.registerPath({
    method: 'post', path: '/v1a/server/match/sessions', tags, summary: 'The server\'s live sessions',
    description: 'Lists the sessions placed on the server `name` that have not ended, each with the server\'s `serverSessionToken` (its credential for the result) and every '
      + 'player\'s `info` and peer tickets toward the server. Poll it after offering the server to learn that a session was placed. '
      + CREDENTIALS,
    request: body(serverNameSchema, serverName),
    responses: {
      200: json('Live sessions, possibly none.', z.object({ sessions: z.array(serverSessionSchema) }), {
        sessions: [{
          externalSessionId: SESSION_ID, serverSessionToken: SERVER_SESSION_TOKEN, matchTag: 'v1.4-eu-ranked', serverTag: 'eu-west',
          teams: [[{ info: { deck: 'aggro' }, ourTicket: t1, theirTicket: t2 }], [{ info: { deck: 'control' }, ourTicket: t3, theirTicket: t4 }]],
        }],
      }),
      ...COMMON.malformed, ...badServerToken, ...COMMON.loginLimit, ...COMMON.outage,
    },
  });
  r.registerPath({
    method: 'post', path: '/v1a/server/session/{serverSessionToken}/result', tags, summary: 'Report a session\'s result as its server',
    description: 'Reports the result of a session placed on this server: `finished` or `cancelled`, and one rank per team (0 = first, ties allowed). The '
      + '`serverSessionToken` in the path is the credential (no header, no body token). A server\'s result is final and settles the session at once; a finished session '
      + 'changes every player\'s Glicko-2 rating once. The first report counts: a repeat, or a report after the session ended, answers `[]`; a different second one is a 409.',
    request: { params: z.object({ serverSessionToken: pathParam('From POST /v1a/server/match/sessions; it is the credential.', SERVER_SESSION_TOKEN) }), ...body(resultSchema) },
    responses: {
      200: json('Accepted, or a harmless repeat.', emptyAnswerSchema, []),
      400: error('Malformed report, or not one rank per team.', { error: 'body.ranks: must hold one rank per team (2)', code: 'badRequest' }),
      401: error('The server session token is invalid or expired.', { error: 'server session token is invalid or expired', code: 'notAuthenticated' }),
      409: error('The server already reported a different result.', { error: 'a different result was already reported by you; the first one counts', code: 'conflict' }),
      ...COMMON.tooLarge, ...COMMON.outage,
    },
  });
}
