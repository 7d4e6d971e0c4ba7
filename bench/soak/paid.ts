import { randomUUID } from 'node:crypto';
import { login, persist, type Soak } from './context';
import { sleep } from './processes';

const FINAL = ['settled', 'refunded', 'expired', 'cancelled'];

/**
 * Two players and their game, match after match: A creates (with an Idempotency-Key), B joins the other team,
 * both confirm, the game reports a result once the match is live, and both watch it pay out (or refund).
 */
export async function paidPair(soak: Soak): Promise<void> {
  const { project, backend } = soak.paidGame;
  const [a, b] = [await login(soak, project), await login(soak, project)];
  if (!a || !b) return;
  for (const p of [a, b]) {
    await persist(soak, 'admin', `/admin/projects/${project.id}/wallets/${encodeURIComponent(p.id)}/credit`, {
      ip: '10.250.0.1', token: soak.adminToken, body: { amount: 1_000_000, reference: `soak-${p.id}` },
    }, (r) => r.status === 201 || r.status === 200);
  }
  const platform = (p: typeof a, path: string, body?: unknown, headers?: Record<string, string>) =>
    persist(soak, 'paid', `/platform/v1${path}`, { ip: p.ip, token: p.token, body, headers, method: body === undefined && path.endsWith('/confirm') ? 'POST' : undefined },
      (r) => r.status < 500 && r.status !== 429, 30_000);
  while (soak.running()) {
    const created = await platform(a, '/matches', { entryFee: 100, teams: 2, teamSize: 1 }, { 'idempotency-key': randomUUID() });
    if (!created || created.status >= 300) return;
    const matchId = created.body.matchId as string;
    soak.made.paidMatches.add(matchId);
    await platform(b, `/matches/${matchId}/join`, { teamId: '2' });
    await platform(a, `/matches/${matchId}/confirm`);
    await platform(b, `/matches/${matchId}/confirm`);
    const live = await persist(soak, 'paid', `/platform/v1/matches/${matchId}`, { ip: a.ip, token: a.token }, (r) => r.status === 200 && r.body.state !== 'lobby' && r.body.state !== 'escrow' && r.body.state !== 'starting', 40_000);
    if (live?.body.state === 'live') {
      const result = { match_id: matchId, participants: [], teams: [{ id: '1', ranking: 1 }, { id: '2', ranking: 2 }] };
      await persist(soak, 'paid', '/api/game/v1/finish', { ip: '10.240.0.1', token: await gameToken(backend), body: result }, (r) => r.status === 200 || r.status === 409, 30_000);
    }
    await persist(soak, 'paid', `/platform/v1/matches/${matchId}`, { ip: a.ip, token: a.token }, (r) => r.status === 200 && FINAL.includes(r.body.state), 40_000);
    await sleep(Math.random() * 500);
  }
}

/** The game's access token; the login itself is retried through outages, like the game's own client would. */
async function gameToken(backend: Soak['paidGame']['backend']): Promise<string> {
  for (;;) {
    try {
      return await backend.login();
    } catch {
      await sleep(500);
    }
  }
}
