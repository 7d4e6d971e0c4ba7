import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { PlayerInfo, SeatKey } from '../../domain/hosts/contract';
import type { ListedHost } from '../../domain/hosts/host-list';
import { joinSchema, listHostsQuerySchema, pingSchema, playerInfoQuerySchema, registerHostSchema, reportLeaveSchema, unregisterHostSchema } from '../../domain/hosts/requests';
import { CREATED_AT, PROJECT_ID } from '../openapi-examples';
import { body, COMMON, empty, error, json, pathParam, SECURITY, type SameShape } from '../openapi-kit';

const tags = ['padrone'];
const refusal = z.object({ error: z.string() }).meta({ id: 'PadroneRefusal', description: 'Padrone\'s 406: understood and refused; old clients ignore the body.' });
const refused = (description: string, reason: string) => ({ 406: json(description, refusal, { error: reason }) });
const login = {
  403: error('X-Padrone-Auth is missing, malformed or rejected.', { error: 'login rejected', code: 'forbidden' }),
  404: error('No such project (or, at /app, no PADRONE_DEFAULT_PROJECT configured).', { error: 'no such project', code: 'notFound' }),
  ...COMMON.loginLimit,
  503: error('The login provider (Steam, itch.io, Oculus) did not answer, or Temporal or the database did not; try again.', { error: 'Steam could not be reached; try again', code: 'providerUnavailable' }),
};
const SESSION = '6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f';
const SECRET = 'c0a8e3f2-9b14-4d6e-8a7f-5e2d1c0b9a38';
const listedHost = z.object({
  name: z.string().meta({ description: 'hostName, cut at 100 characters with `...` appended.' }),
  hostedBy: z.string().optional(), peerInfo: z.object({ external: z.string(), internal: z.string() }), isPasswordProtected: z.boolean(),
  onlineSince: z.string().meta({ description: 'ISO-8601' }), distanceInKm: z.number().optional().meta({ description: 'Great-circle, from the caller\'s address; absent when either is unknown.' }),
  country: z.string().optional().meta({ description: 'English display name, e.g. "Netherlands".' }), version: z.string(),
  playerCount: z.number().int().meta({ description: 'Joined players + 1 for the host.' }), maxPlayers: z.number().int(),
}).meta({ id: 'ListedHost' });
const seat = z.object({ sessionId: z.string(), secret: z.string() });
const playerInfo = z.object({ sessionId: z.string(), secret: z.string(), playerInfo: z.object({ playerId: z.string(), name: z.string().optional(), avatarUrl: z.string().optional() }) });
const _sameShapes: [SameShape<z.infer<typeof listedHost>, ListedHost>, SameShape<z.infer<typeof seat>, SeatKey>, SameShape<z.infer<typeof playerInfo>, PlayerInfo>] = [true, true, true];
const listQuery = listHostsQuerySchema.extend({
  hideFull: z.enum(['true', 'false']).optional().meta({ description: 'Leave out hosts with playerCount >= maxPlayers (default true).' }),
  hidePasswordProtected: z.enum(['true', 'false']).optional().meta({ description: 'Leave out password-protected hosts (default true).' }),
  limit: z.coerce.number().int().optional().meta({ description: 'At most this many hosts (default 50, clamped to 0–100).' }),
});
const endpoint = '203.0.113.24:7777';

type Route = Omit<RouteConfig, 'path' | 'tags' | 'security'> & { path: string };

/** Padrone's routes (COMPAT.md §2), once for the default project at `/app` and once for any project at `/projects/{projectId}/app`. */
const ROUTES: Route[] = [
  {
    method: 'get', path: '/me', summary: 'Who the login is',
    description: 'Answers who the X-Padrone-Auth login is: name and avatar (when Steam or itch.io give them), whether it is one of the project\'s admins, and whether its '
      + 'player id is among the project\'s developers. A successful login is cached 2 hours (10,000 per project), so repeating it costs nothing; failures and admin logins are '
      + 'never cached. A missing, malformed or rejected header is 403; a provider that does not answer is 503.',
    responses: {
      200: json('The player.', z.object({ name: z.string().optional(), avatarUrl: z.string().optional(), isAdmin: z.boolean(), isDeveloper: z.boolean() }),
        { name: 'Skydiver', avatarUrl: 'https://avatars.steamstatic.com/b5bd56c1aa4644a474a2e4972be27ef9e82e517e_full.jpg', isAdmin: false, isDeveloper: false }),
      ...login,
    },
  },
  {
    method: 'post', path: '/register-host', summary: 'Register (or replace) a host',
    description: 'Registers the caller\'s host at its external endpoint (`ip:port`, `[v6]:port`), or replaces the caller\'s host there and drops its players; answers 200 with an '
      + 'empty body once the host list shows it. Another player\'s endpoint is a 406, and so is a host past HOSTS_PER_PLAYER (10) per player. `hostName` is listed cut at 100 '
      + 'characters; a `password` is stored scrypt-hashed and never returned. Keep the host alive with `ping` at least every HOST_PING_TIMEOUT_SECONDS (300).',
    request: body(registerHostSchema, { hostName: 'Friday night jumps', peerInfo: { external: endpoint, internal: '192.168.1.20:7777' }, isPrivate: false, version: '1.4.2', maxPlayers: 8 }),
    responses: {
      200: empty('Registered; no body.'), ...COMMON.malformed, ...refused('Another player owns that endpoint, or the caller runs HOSTS_PER_PLAYER hosts already.', 'another player owns that external endpoint'),
      ...login,
    },
  },
  {
    method: 'post', path: '/unregister-host', summary: 'Take a host down',
    description: 'Ends the caller\'s host at `externalEndpoint` and answers 200 with an empty body once the host list no longer shows it (within a few seconds). An unknown endpoint, '
      + 'another player\'s host or a host already gone gets the same 200 and nothing changes, so it is safe to repeat.',
    request: body(unregisterHostSchema, { externalEndpoint: endpoint }),
    responses: { 200: empty('Done, or nothing to do; no body.'), ...COMMON.malformed, ...login },
  },
  {
    method: 'post', path: '/ping', summary: 'Keep a host alive',
    description: 'Keeps the caller\'s host listed for another HOST_PING_TIMEOUT_SECONDS (300) and reports the session ids of the players still connected: a joined player missing '
      + 'from `connectedClients` is dropped once its join is older than HOST_JOIN_TIMEOUT_SECONDS (300). A ping is one database write, so pinging every few seconds is cheap '
      + 'and safe to repeat. An unknown host, or another player\'s, is a 406.',
    request: body(pingSchema, { hostEndpoint: endpoint, connectedClients: [SESSION] }),
    responses: { 200: empty('Alive; no body.'), ...COMMON.malformed, ...refused('Unknown host, or not the caller\'s.', 'unknown host, or not yours'), ...login },
  },
  {
    method: 'get', path: '/list-hosts', summary: 'Public hosts of a version, nearest first',
    description: 'Lists the public hosts of `version`, hosts of unknown distance first and then nearest first, with `distanceInKm` (haversine) and `country` from the GeoIP '
      + 'database geoip-lite ships; private hosts are never listed. Full and password-protected hosts are left out unless `hideFull=false` or `hidePasswordProtected=false`. '
      + 'The caller\'s address is the connection\'s unless TRUST_PROXY says which proxies\' X-Forwarded-For to believe. It reads a table the host workflows keep, so polling it is cheap.',
    request: { query: listQuery },
    responses: {
      200: json('Hosts, nearest first.', z.array(listedHost), [{
        name: 'Friday night jumps', hostedBy: 'Skydiver', peerInfo: { external: endpoint, internal: '192.168.1.20:7777' }, isPasswordProtected: false,
        onlineSince: CREATED_AT, distanceInKm: 412.73, country: 'Netherlands', version: '1.4.2', playerCount: 3, maxPlayers: 8,
      }]),
      400: error('`version` is missing, or another query parameter is wrong.', { error: 'query.version: version is required', code: 'badRequest' }), ...login,
    },
  },
  {
    method: 'post', path: '/join', summary: 'Join a host',
    description: 'Takes a seat on a host and answers its `sessionId` and `secret` (random UUIDv4s) for the player to present to the host. A player has one session at a time: '
      + 'a new join ends the previous one, so each join takes a new seat and is not to be repeated blindly. An unknown or full host, or a wrong password, is a 406 naming why; '
      + 'two players racing for the last seat get one seat and one 406. Wrong passwords count against the login limits.',
    request: body(joinSchema, { hostEndpoint: endpoint, password: 'hunter22' }),
    responses: {
      200: json('Seated.', seat, { sessionId: SESSION, secret: SECRET }),
      ...COMMON.malformed, ...refused('Unknown host, host full, or wrong password.', 'host is full'), ...login,
    },
  },
  {
    method: 'post', path: '/leave', summary: 'Leave the current host',
    description: 'Ends the caller\'s session on whatever host it joined, and answers 200 with an empty body once the host list shows the seat free. Send no body and no content '
      + 'type. A player who has not joined, or already left, gets the same 200, so it is safe to repeat.',
    responses: { 200: empty('Left, or nothing to leave; no body.'), ...login },
  },
  {
    method: 'post', path: '/report-leave', summary: 'Report a player gone (host owner)',
    description: 'Lets a host\'s owner end a player\'s session on that host, e.g. when the player disconnected; answers 200 with an empty body once the host list shows the seat '
      + 'free. A report from someone who does not own the host, or for a session not on it, changes nothing and answers the same 200, so it is safe to repeat.',
    request: body(reportLeaveSchema, { hostEndpoint: endpoint, sessionId: SESSION }),
    responses: { 200: empty('Done, or nothing to do; no body.'), ...COMMON.malformed, ...login },
  },
  {
    method: 'get', path: '/player-info', summary: 'A joined player, for the host\'s owner',
    description: 'Lets a host\'s owner check a joining player: given the `sessionId` the player presents, answers its `secret` and who the player is, so the host can compare '
      + 'the secret the player sends. Only the owner of `hostEndpoint` gets an answer; anyone else, an unknown session or a host that is gone gets 404.',
    request: { query: playerInfoQuerySchema },
    responses: {
      200: json('The seat and its player.', playerInfo, { sessionId: SESSION, secret: SECRET, playerInfo: { playerId: 'steam:76561198012345678', name: 'Wingsuit Wendy' } }),
      ...COMMON.malformed, ...login,
      404: error('No such player session on a host of the caller\'s (or no such project).', { error: 'no such player session on a host of yours', code: 'notFound' }),
    },
  },
];

/** `/app/...` for the PADRONE_DEFAULT_PROJECT, and `/projects/{projectId}/app/...` for any project. */
export function registerHosts(r: OpenAPIRegistry): void {
  for (const base of ['/app', '/projects/{projectId}/app']) {
    const params = base === '/app' ? undefined : z.object({ projectId: pathParam('The project whose hosts these are.', PROJECT_ID) });
    r.registerPath({
      method: 'get', path: `${base}/health-check`, tags, summary: 'Is the API up',
      description: 'Answers 200 with an empty body while the API process is up, with no login and no project look-up; Padrone\'s clients call it before anything else. '
        + 'It says nothing about Temporal or the database: `GET /readyz` does.',
      request: params && { params }, responses: { 200: empty('Up; no body.') },
    });
    for (const route of ROUTES) {
      r.registerPath({ ...route, path: `${base}${route.path}`, tags, security: SECURITY.padrone, request: { ...route.request, ...(params && { params }) } });
    }
  }
}
