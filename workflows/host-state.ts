import { uuid4 } from '@temporalio/workflow';
import { refuse } from '../domain/failures';
import {
  HOST_REFUSAL, seatsLetGo, type CarriedHost, type HostRegistration, type JoinHost, type PlayerInfo, type Seat, type SeatKey, type SeatTimes,
} from '../domain/hosts/contract';

/** A player-run host: its registration, its players, and when it last pinged. */
export class Host {
  registration?: HostRegistration;
  onlineSince = 0;
  lastPing = 0;
  players: Seat[] = [];
  ended = false;
  /** Off the list for good (or given up on): an unregistration waiting for it is answered. */
  forgotten = false;
  /** Bumped whenever what the host list shows changes. */
  version = 0;

  constructor(carried?: CarriedHost) {
    if (carried) Object.assign(this, carried);
  }

  /** Synchronous validator: an endpoint belongs to the player who registered it while the host lives. */
  assertRegistrable(r: HostRegistration): void {
    if (this.ended) refuse(HOST_REFUSAL.ending, 'the host is going offline; register it again in a moment');
    if (this.registration && this.registration.owner !== r.owner) refuse(HOST_REFUSAL.endpointTaken, 'another player owns that external endpoint');
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
    if (!this.registration || this.registration.owner !== owner || this.ended) refuse(HOST_REFUSAL.notYours, 'unknown host, or not yours');
  }

  /** A ping keeps the host alive and drops players it no longer reports, once their join is old enough. */
  ping(connectedClients: string[], now: number, joinTimeoutMs: number): void {
    this.lastPing = now;
    const gone = seatsLetGo(this.players, connectedClients, now, joinTimeoutMs);
    if (gone.length > 0) {
      this.players = this.players.filter((p) => !gone.includes(p));
      this.version++;
    }
  }

  /** The owner's last ping as the host's row has it (the API keeps pings there, not here). */
  heardAt(lastPing: number | undefined): void {
    if (lastPing !== undefined && lastPing > this.lastPing) this.lastPing = lastPing;
  }

  quietFor(now: number): number {
    return now - this.lastPing;
  }

  unregister(owner: string): void {
    if (this.registration?.owner === owner) this.ended = true;
  }

  /** Synchronous validator: one join wins the last slot; a wrong password or a replaced host refuses. */
  assertJoinable(j: JoinHost): void {
    const r = this.registration;
    if (!r || this.ended) refuse(HOST_REFUSAL.unknownHost, 'unknown host');
    if (r.passwordHash && j.verifiedHash !== r.passwordHash) refuse(HOST_REFUSAL.wrongPassword, 'wrong password');
    const others = this.players.filter((p) => p.playerId !== j.playerId);
    if (others.length + 1 >= r.maxPlayers) refuse(HOST_REFUSAL.full, 'host is full');
  }

  join(j: JoinHost, now: number): SeatKey {
    const seat = { sessionId: uuid4(), secret: uuid4(), playerId: j.playerId, playerInfo: j.playerInfo, joinedAt: now };
    this.players = [...this.players.filter((p) => p.playerId !== j.playerId), seat];
    this.version++;
    return { sessionId: seat.sessionId, secret: seat.secret };
  }

  leaveSeat(sessionId: string, owner?: string): void {
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

  seatTimes(): SeatTimes {
    return this.players.map((p) => ({ sessionId: p.sessionId, joinedAt: p.joinedAt }));
  }

  carry(): CarriedHost {
    return { registration: this.registration!, onlineSince: this.onlineSince, lastPing: this.lastPing, players: this.players };
  }
}
