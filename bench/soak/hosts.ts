import type { Soak } from './context';
import { sleep } from './processes';

/** Padrone's header for the development login of player `n`. */
const padrone = (soak: Soak, n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${soak.project.testKey},${n}`).toString('base64') });
const app = (soak: Soak, path: string) => `/projects/${soak.project.id}/app${path}`;

/** Who is connected to each host, as the host itself would know (its players tell it their session ids). */
const connected = new Map<string, Set<string>>();

/**
 * A player-run host: registers (one in three with a password), pings every two seconds with its connected
 * players, and unregisters when the soak ends; a crash in between leaves it to the ping timeout.
 */
export async function padroneHost(soak: Soak, owner: number): Promise<void> {
  const endpoint = `10.100.${owner}.1:7777`;
  const ip = `10.100.${owner}.1`;
  soak.made.hostEndpoints.add(endpoint);
  connected.set(endpoint, new Set());
  const body = { hostName: `Soak host ${owner}`, peerInfo: { external: endpoint, internal: endpoint }, isPrivate: false, version: 'soak', maxPlayers: 6, password: owner % 3 === 0 ? 'soak-pass' : null };
  let registered = false;
  while (soak.running()) {
    if (!registered) registered = (await soak.traffic.send('padrone', app(soak, '/register-host'), { ip, headers: padrone(soak, owner), body }))?.status === 200;
    else {
      const ping = await soak.traffic.send('padrone', app(soak, '/ping'), { ip, headers: padrone(soak, owner), body: { hostEndpoint: endpoint, connectedClients: [...connected.get(endpoint)!] } });
      // Dropped while the API or Temporal was down long enough: register again, as a Padrone host does.
      if (ping?.status === 406) registered = false;
    }
    await sleep(2000);
  }
  await soak.traffic.send('padrone', app(soak, '/unregister-host'), { ip, headers: padrone(soak, owner), body: { externalEndpoint: endpoint } });
}

/** A player hopping between hosts: lists them, joins one, stays a few seconds, leaves. */
export async function padronePlayer(soak: Soak, n: number): Promise<void> {
  const ip = `10.110.${n}.1`;
  while (soak.running()) {
    const list = await soak.traffic.send('padrone', app(soak, '/list-hosts?version=soak&hidePasswordProtected=false'), { ip, headers: padrone(soak, n) });
    const hosts = (list?.status === 200 ? list.body : []) as { peerInfo: { external: string }; isPasswordProtected: boolean }[];
    const host = hosts[Math.floor(Math.random() * hosts.length)];
    if (host) {
      const hostEndpoint = host.peerInfo.external;
      const joined = await soak.traffic.send('padrone', app(soak, '/join'), { ip, headers: padrone(soak, n), body: { hostEndpoint, password: host.isPasswordProtected ? 'soak-pass' : undefined } });
      if (joined?.status === 200) {
        connected.get(hostEndpoint)?.add(joined.body.sessionId);
        await sleep(2000 + Math.random() * 4000);
        connected.get(hostEndpoint)?.delete(joined.body.sessionId);
        await soak.traffic.send('padrone', app(soak, '/leave'), { ip, headers: padrone(soak, n), method: 'POST' });
      }
    }
    await sleep(500 + Math.random() * 1000);
  }
}
