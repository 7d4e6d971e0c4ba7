import { randomUUID } from 'node:crypto';
import { login, type Soak } from './context';
import { sleep } from './processes';
import type { Send, Surface } from './traffic';

const NUL = 'soak\u0000poison';
const SURROGATE = 'soak\ud800poison';
const deep = Array.from({ length: 60 }).reduce<unknown>((inner) => [inner], 0);
/** A handful of attacking addresses: enough that the per-address limits are reached and counted. */
const attacker = () => `203.0.113.${1 + Math.floor(Math.random() * 8)}`;

type Abuse = (soak: Soak, victim: { token: string; ip: string }) => [Surface, string, Send];

/** Requests a client gets wrong, on purpose: each must be answered 4xx (or 429), never 5xx, and change nothing. */
const ABUSES: Abuse[] = [
  (_s, v) => ['v1a', '/v1a/client/match', { ip: v.ip, token: v.token, body: { teamSizes: [1, 1], maxMatchTime: 5, matchTag: NUL } }],
  (_s, v) => ['v1a', '/v1a/client/match', { ip: v.ip, token: v.token, body: { teamSizes: [1, 1], maxMatchTime: 5, info: { name: SURROGATE } } }],
  (_s, v) => ['v1a', '/v1a/client/match', { ip: v.ip, token: v.token, body: { teamSizes: [1, 1], maxMatchTime: 5, info: deep } }],
  (_s, v) => ['v1a', '/v1a/client/match', { ip: v.ip, token: v.token, raw: '{"teamSizes": [1,1], "maxMatchTime": ' }],
  (_s, v) => ['v1a', '/v1a/client/match', { ip: v.ip, token: v.token, raw: JSON.stringify({ teamSizes: [1, 1], maxMatchTime: 5, info: 'x'.repeat(70_000) }) }],
  (_s, v) => ['v1a', `/v1a/client/match/${'A'.repeat(40)}%00`, { ip: v.ip, token: v.token }],
  (s) => ['v1a', '/v1a/client/auth', { ip: attacker(), body: { projectId: s.project.id, auth: { testKey: 'guessed', testId: 'x' } } }],
  (s) => ['v1a', '/v1a/server/match', { ip: attacker(), body: { projectId: s.project.id, projectServerToken: 'guessed', name: 'intruder' } }],
  (s) => ['v1a', '/v1a/server/match', { ip: attacker(), body: { projectId: s.project.id, projectServerToken: s.project.serverToken, name: NUL } }],
  (s) => ['padrone', `/projects/${s.project.id}/app/register-host`, {
    ip: attacker(), headers: { 'x-padrone-auth': Buffer.from(`test:${s.project.testKey},999`).toString('base64') },
    body: { hostName: NUL, peerInfo: { external: '10.9.9.9:1', internal: '10.9.9.9:1' }, isPrivate: false, version: 'soak', maxPlayers: 4 },
  }],
  (s) => ['padrone', `/projects/${s.project.id}/app/me`, { ip: attacker(), headers: { 'x-padrone-auth': Buffer.from('admin:ops,guessed').toString('base64') } }],
  (s) => ['padrone', `/projects/${s.project.id}/app/list-hosts?version=%00`, { ip: attacker(), headers: { 'x-padrone-auth': Buffer.from(`test:${s.project.testKey},998`).toString('base64') } }],
  (s) => ['versus', `/api/v2/games/${s.project.versus.gameUuid}/session?developer_uuid=${s.project.versus.developerUuid}`, { ip: attacker() }],
  (s) => ['versus', `/api/v2/games/${s.project.versus.gameUuid}/session`, { ip: attacker(), method: 'PUT', body: { developer_uuid: s.project.versus.developerUuid, token: 'f'.repeat(40) } }],
  (s) => ['versus', `/api/v2/games/${s.project.versus.gameUuid}/session`, { ip: attacker(), method: 'PUT', body: { developer_uuid: s.project.versus.developerUuid, token: SURROGATE } }],
  (s) => ['paid', `/auth/realms/letsbet/protocol/openid-connect/token`, {
    ip: attacker(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: `grant_type=client_credentials&client_id=${s.paidGame.project.id}&client_secret=guessed`,
  }],
  (_s, v) => ['paid', '/platform/v1/matches', { ip: v.ip, token: v.token, body: { entryFee: 100, teams: 2, teamSize: 1, teamId: SURROGATE } }],
  (_s, v) => ['paid', '/api/game/v1/finish', { ip: v.ip, token: 'not-an-access-token', body: { match_id: randomUUID(), participants: [] } }],
  () => ['admin', '/admin/projects', { ip: attacker(), token: `guessed-${'x'.repeat(20)}` }],
  (s) => ['admin', '/admin/projects', { ip: '10.250.0.2', token: s.adminToken, body: { name: NUL } }],
];

/**
 * Sends abuse among the good traffic until the soak ends: bad text, wrong credentials, floods of result reports
 * and seat changes, oversized and malformed bodies. Every one is counted as a mistake by the traffic counter.
 */
export async function abuser(soak: Soak): Promise<void> {
  const victim = await login(soak, soak.project);
  if (!victim) return;
  let round = 0;
  while (soak.running()) {
    const [surface, path, send] = ABUSES[Math.floor(Math.random() * ABUSES.length)]!(soak, victim);
    await soak.traffic.send(surface, path, { ...send, mistake: true });
    if (++round % 50 === 0) await floodReports(soak);
    await sleep(50 + Math.random() * 100);
  }
}

/** A matched player reporting its result 30 times over: one report counts, repeats change nothing. */
async function floodReports(soak: Soak): Promise<void> {
  const ticket = soak.made.tickets.at(-Math.ceil(Math.random() * Math.min(20, soak.made.tickets.length)));
  if (!ticket) return;
  const status = await soak.traffic.send('v1a', `/v1a/client/match/${ticket.matchToken}`, { ip: ticket.ip, token: ticket.token });
  if (status?.body?.status !== 'matched') return;
  for (let i = 0; i < 30; i++) {
    const ranks = i % 2 ? [0, 1] : [1, 0];
    await soak.traffic.send('v1a', `/v1a/client/session/${status.body.session.sessionToken}/result`, { ip: ticket.ip, token: ticket.token, body: { status: 'finished', ranks }, mistake: true });
  }
}

/** A player taking and leaving seats in a paid lobby until refused (429), then leaving it to expire. */
export async function seatHopper(soak: Soak): Promise<void> {
  const p = await login(soak, soak.paidGame.project);
  if (!p) return;
  await soak.traffic.send('admin', `/admin/projects/${soak.paidGame.project.id}/wallets/${encodeURIComponent(p.id)}/credit`, {
    ip: '10.250.0.3', token: soak.adminToken, body: { amount: 10_000, reference: `hopper-${p.id}` },
  });
  while (soak.running()) {
    const created = await soak.traffic.send('paid', '/platform/v1/matches', { ip: p.ip, token: p.token, body: { entryFee: 100, teams: 2, teamSize: 2 } });
    if (created?.status !== 201) {
      await sleep(1000);
      continue;
    }
    for (let i = 0; i < 40 && soak.running(); i++) {
      await soak.traffic.send('paid', `/platform/v1/matches/${created.body.matchId}/join`, { ip: p.ip, token: p.token, body: { teamId: i % 2 ? '1' : '2' }, mistake: i >= 29 });
    }
    await sleep(3000);
  }
}
