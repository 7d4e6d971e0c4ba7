import { randomUUID } from 'node:crypto';
import { login, persist, ranksFor, type Soak } from './context';
import { sleep } from './processes';

/**
 * A v1a player, round after round: log in, ask for a [1,1] match (with an Idempotency-Key, retried through
 * outages), poll, sometimes cancel, and report the result once matched. A third of rounds go to a bucket served
 * by dedicated servers.
 */
export async function v1aPlayer(soak: Soak): Promise<void> {
  const me = await login(soak, soak.project);
  if (!me) return;
  while (soak.running()) {
    const bucket = Math.random() < 0.33 ? { serverTag: 'soak-servers' } : { matchTag: Math.random() < 0.5 ? 'soak-a' : 'soak-b' };
    const asked = await persist(soak, 'v1a', '/v1a/client/match', {
      ip: me.ip, token: me.token, headers: { 'idempotency-key': randomUUID() }, body: { teamSizes: [1, 1], maxMatchTime: 15, info: { player: me.id }, ...bucket },
    }, (a) => a.status === 200);
    if (!asked) return;
    const matchToken = asked.body.matchToken as string;
    soak.made.tickets.push({ token: me.token, matchToken, ip: me.ip });
    if (Math.random() < 0.1) {
      await sleep(Math.random() * 2000);
      await soak.traffic.send('v1a', `/v1a/client/match/${matchToken}`, { method: 'DELETE', ip: me.ip, token: me.token });
    }
    const status = await persist(soak, 'v1a', `/v1a/client/match/${matchToken}`, { ip: me.ip, token: me.token },
      (a) => a.status === 200 && a.body.status !== 'inProgress', 40_000);
    if (status?.body.status === 'matched') {
      const { sessionToken, externalSessionId } = status.body.session;
      await persist(soak, 'v1a', `/v1a/client/session/${sessionToken}/result`, { ip: me.ip, token: me.token, body: { status: 'finished', ranks: ranksFor(externalSessionId) } },
        (a) => a.status === 200 || a.status === 409, 20_000);
    }
    await sleep(Math.random() * 500);
  }
}

/** A dedicated server: offers itself again every few seconds, and reports the result of every session placed on it. */
export async function dedicatedServer(soak: Soak, name: string): Promise<void> {
  const ip = `10.200.0.${name.length + Math.floor(Math.random() * 200)}`;
  const credentials = { projectId: soak.project.id, projectServerToken: soak.project.serverToken, name };
  const reported = new Set<string>();
  while (soak.running()) {
    await soak.traffic.send('v1a', '/v1a/server/match', { ip, body: { ...credentials, serverTag: 'soak-servers', timeout: 15, info: { name } } });
    const listed = await soak.traffic.send('v1a', '/v1a/server/match/sessions', { ip, body: credentials });
    for (const s of (listed?.status === 200 ? listed.body.sessions : []) as { externalSessionId: string; serverSessionToken: string }[]) {
      if (reported.has(s.externalSessionId)) continue;
      const answer = await soak.traffic.send('v1a', `/v1a/server/session/${s.serverSessionToken}/result`, { ip, body: { status: 'finished', ranks: ranksFor(s.externalSessionId) } });
      if (answer?.status === 200) reported.add(s.externalSessionId);
    }
    await sleep(2000 + Math.random() * 1000);
  }
}
