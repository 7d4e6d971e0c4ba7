import { condition, proxyLocalActivities, setHandler, upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  endHostSessionSignal, joinHostUpdate, pingHostUpdate, playerInfoQuery, registerHostUpdate, unregisterHostSignal, type HostInput, type HostRegistration,
  type HostSeat, type JoinHost, type PlayerInfo,
} from '../domain/hosts';
import { HostState } from '../domain/search-attributes';

const { recordHost, forgetHost } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});

interface Seat {
  sessionId: string;
  secret: string;
  playerId: string;
  playerInfo: { name?: string; avatarUrl?: string };
  joinedAt: number;
}

/** A player-run host: its registration, its players, and when it last pinged. */
class Host {
  registration?: HostRegistration;
  onlineSince = 0;
  lastPing = 0;
  players: Seat[] = [];
  ended = false;
  /** Bumped whenever what the host list shows changes. */
  version = 0;

  /** Synchronous validator: an endpoint belongs to the player who registered it while the host lives. */
  assertRegistrable(r: HostRegistration): void {
    if (this.registration && this.registration.owner !== r.owner) throw new Error('another player owns that external endpoint');
  }

  /** Re-registering replaces the host and drops its players. */
  register(r: HostRegistration, now: number): void {
    this.registration = r;
    this.players = [];
    this.onlineSince = now;
    this.lastPing = now;
    this.version++;
  }

  assertOwner(owner: string): void {
    if (!this.registration || this.registration.owner !== owner || this.ended) throw new Error('unknown host, or not yours');
  }

  /** A ping keeps the host alive and drops players it no longer reports, once their join is old enough. */
  ping(connectedClients: string[], now: number, joinTimeoutMs: number): void {
    this.lastPing = now;
    const connected = new Set(connectedClients);
    const kept = this.players.filter((p) => connected.has(p.sessionId) || now - p.joinedAt < joinTimeoutMs);
    if (kept.length !== this.players.length) {
      this.players = kept;
      this.version++;
    }
  }

  unregister(owner: string): void {
    if (this.registration?.owner === owner) this.ended = true;
  }

  /** Synchronous validator: one join wins the last slot; a wrong password or a replaced host refuses. */
  assertJoinable(j: JoinHost): void {
    const r = this.registration;
    if (!r || this.ended) throw new Error('unknown host');
    if (r.passwordHash && j.verifiedHash !== r.passwordHash) throw new Error('wrong password');
    const others = this.players.filter((p) => p.playerId !== j.playerId);
    if (others.length + 1 >= r.maxPlayers) throw new Error('host is full');
  }

  join(j: JoinHost, now: number): HostSeat {
    const seat = { sessionId: uuid4(), secret: uuid4(), playerId: j.playerId, playerInfo: j.playerInfo, joinedAt: now };
    this.players = [...this.players.filter((p) => p.playerId !== j.playerId), seat];
    this.version++;
    return { sessionId: seat.sessionId, secret: seat.secret };
  }

  endSession(sessionId: string, owner?: string): void {
    if (owner !== undefined && owner !== this.registration?.owner) return;
    const kept = this.players.filter((p) => p.sessionId !== sessionId);
    if (kept.length !== this.players.length) {
      this.players = kept;
      this.version++;
    }
  }

  playerInfo(owner: string, sessionId: string): PlayerInfo | undefined {
    const seat = this.registration?.owner === owner ? this.players.find((p) => p.sessionId === sessionId) : undefined;
    return seat && { sessionId: seat.sessionId, secret: seat.secret, playerInfo: { playerId: seat.playerId, ...seat.playerInfo } };
  }
}

/** Lives until unregistered or `pingTimeoutSeconds` without a ping; keeps the host list row current. */
export async function hostWorkflow(input: HostInput): Promise<void> {
  const host = new Host();
  setHandler(registerHostUpdate, (r) => host.register(r, Date.now()), { validator: (r) => host.assertRegistrable(r) });
  setHandler(pingHostUpdate, (p) => host.ping(p.connectedClients, Date.now(), input.joinTimeoutSeconds * 1000), { validator: (p) => host.assertOwner(p.owner) });
  setHandler(unregisterHostSignal, ({ owner }) => host.unregister(owner));
  setHandler(joinHostUpdate, (j) => host.join(j, Date.now()), { validator: (j) => host.assertJoinable(j) });
  setHandler(endHostSessionSignal, ({ sessionId, owner }) => host.endSession(sessionId, owner));
  setHandler(playerInfoQuery, ({ owner, sessionId }) => host.playerInfo(owner, sessionId));

  await condition(() => host.registration !== undefined);
  upsertSearchAttributes([{ key: HostState, value: 'online' }]);
  let published = -1;
  let seenPing = -1;
  while (!host.ended) {
    if (published !== host.version) {
      published = host.version;
      await recordHost({ projectId: input.projectId, endpoint: input.endpoint, registration: host.registration!, playerCount: host.players.length + 1, onlineSince: host.onlineSince });
      continue;
    }
    seenPing = host.lastPing;
    const quietFor = input.pingTimeoutSeconds * 1000 - (Date.now() - host.lastPing);
    const stirred = await condition(() => host.ended || host.version !== published || host.lastPing !== seenPing, Math.max(quietFor, 1));
    if (!stirred && Date.now() - host.lastPing >= input.pingTimeoutSeconds * 1000) host.ended = true;
  }
  await forgetHost({ projectId: input.projectId, endpoint: input.endpoint });
  upsertSearchAttributes([{ key: HostState, value: 'offline' }]);
}
