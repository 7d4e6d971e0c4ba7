import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { entityWorkflowId, parseEntityWorkflowId } from '../ids';

/**
 * Padrone hosts' contract (COMPAT.md §2): the host workflow's id, messages, input and what it carries, shared by
 * the workflow, its activities, the API and tests. A player's place on a host is a seat; Padrone's wire calls a
 * seat a session, so a seat's id is its `sessionId`.
 */

export const HOST_WORKFLOW = 'hostWorkflow';
export const hostWorkflowId = (projectId: string, endpoint: string) => entityWorkflowId('host', projectId, endpoint);
export const parseHostWorkflowId = (workflowId: string) => {
  const parsed = parseEntityWorkflowId('host', workflowId);
  return parsed && { projectId: parsed.projectId, endpoint: parsed.id };
};

export interface HostLocation {
  lat: number;
  lon: number;
  country?: string;
}

export interface HostRegistration {
  owner: string;
  ownerName?: string;
  hostName: string;
  peerInfo: { external: string; internal: string };
  passwordHash?: string;
  isPrivate: boolean;
  version: string;
  maxPlayers: number;
  location?: HostLocation;
}

export interface HostInput {
  projectId: string;
  endpoint: string;
  pingTimeoutSeconds: number;
  joinTimeoutSeconds: number;
  /** The host as the previous run left it, carried through continue-as-new (plain JSON). */
  carried?: CarriedHost;
}

/** A player on a host: the seat a join took. */
export interface Seat {
  sessionId: string;
  secret: string;
  playerId: string;
  playerInfo: { name?: string; avatarUrl?: string };
  joinedAt: number;
}

/** A host's seats as its list row keeps them: when each player session joined (ms since the epoch). */
export type SeatTimes = { sessionId: string; joinedAt: number }[];

/**
 * The seats a ping's `connectedClients` lets go: those it leaves out, once their join is old enough. The one rule,
 * for the API (does the host workflow need to hear this ping?) and the workflow (whom it drops).
 */
export function seatsLetGo<S extends SeatTimes[number]>(seats: S[], connectedClients: string[], now: number, joinTimeoutMs: number): S[] {
  const connected = new Set(connectedClients);
  return seats.filter((s) => !connected.has(s.sessionId) && now - s.joinedAt >= joinTimeoutMs);
}

export interface CarriedHost {
  registration: HostRegistration;
  onlineSince: number;
  lastPing: number;
  players: Seat[];
}

/** Updates, not signals: the caller needs the 406 when the endpoint or host is not theirs. */
export const registerHostUpdate = defineUpdate<void, [HostRegistration]>('registerHost');
export const pingHostUpdate = defineUpdate<void, [{ owner: string; connectedClients: string[] }]>('pingHost');
export const unregisterHostSignal = defineSignal<[{ owner: string }]>('unregisterHost');
/** As the signal, answered once the host is off the list (older API processes send the signal). */
export const unregisterHostUpdate = defineUpdate<void, [{ owner: string }]>('unregisterHostAndWait');

export interface JoinHost {
  playerId: string;
  playerInfo: { name?: string; avatarUrl?: string };
  /** The password hash the API checked the password against (undefined: none given); a re-registered host refuses. */
  verifiedHash?: string;
}
/** What a join hands the player: its seat's id and the secret the host checks it by. */
export interface SeatKey {
  sessionId: string;
  secret: string;
}
/** An update: the 406 for a full host or a wrong password must reach the joining player, and two joins for the last slot must not both win. */
export const joinHostUpdate = defineUpdate<SeatKey, [JoinHost]>('joinHost');
/** A player's seat is given up: it left, joined elsewhere, or its host reported it gone (owner given then). */
export const leaveSeatSignal = defineSignal<[{ sessionId: string; owner?: string }]>('endHostSession');
/** As the signal, answered once the host list shows the seat gone (older API processes send the signal). */
export const leaveSeatUpdate = defineUpdate<void, [{ sessionId: string; owner?: string }]>('leaveSeat');

export interface PlayerInfo {
  sessionId: string;
  secret: string;
  playerInfo: { playerId: string; name?: string; avatarUrl?: string };
}
export const playerInfoQuery = defineQuery<PlayerInfo | undefined, [{ owner: string; sessionId: string }]>('playerInfo');

/** Why a host refuses an update; the API answers each with Padrone's 406 and its reason. */
export const HOST_REFUSAL = {
  endpointTaken: 'EndpointTaken', notYours: 'NotYourHost', unknownHost: 'UnknownHost', wrongPassword: 'WrongPassword', full: 'HostFull', ending: 'HostEnding',
} as const;
export type HostRefusal = (typeof HOST_REFUSAL)[keyof typeof HOST_REFUSAL];
