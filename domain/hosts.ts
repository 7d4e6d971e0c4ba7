import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';

/** Padrone hosts (COMPAT.md §2): contracts shared by the host workflow and the API (no Node built-ins here). */

/** `ip:port`, or `[v6]:port` for IPv6. */
export const endpointSchema = z
  .string()
  .max(64)
  .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d{1,5}$/, 'must be ip:port, or [ipv6]:port');

export const registerHostSchema = z.object({
  hostName: z.string().min(1).max(10_000),
  peerInfo: z.object({ external: endpointSchema, internal: endpointSchema }),
  password: z.string().max(256).nullish(),
  isPrivate: z.boolean(),
  version: z.string().min(1).max(64),
  maxPlayers: z.number().int().min(1).max(1000),
});

export const pingSchema = z.object({ hostEndpoint: endpointSchema, connectedClients: z.array(z.string().max(64)).max(1000) });
export const unregisterHostSchema = z.object({ externalEndpoint: endpointSchema });
export const joinSchema = z.object({ hostEndpoint: endpointSchema, password: z.string().max(256).nullish() });
export const reportLeaveSchema = z.object({ hostEndpoint: endpointSchema, sessionId: z.string().min(1).max(64) });
export const playerInfoQuerySchema = z.object({ sessionId: z.string().min(1).max(64), hostEndpoint: endpointSchema });

const bool = (fallback: boolean) => z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? fallback : v === 'true'));
export const listHostsQuerySchema = z.object({
  version: z.string({ error: 'version is required' }).min(1, 'version is required').max(64),
  hideFull: bool(true),
  hidePasswordProtected: bool(true),
  limit: z.coerce.number().int().optional().transform((n) => Math.min(100, Math.max(0, n ?? 50))),
});

/** Names longer than 100 characters are cut, as Padrone did. */
export function displayName(hostName: string): string {
  return hostName.length > 100 ? `${hostName.slice(0, 100)}...` : hostName;
}

export function hostWorkflowId(projectId: string, endpoint: string): string {
  return `host/${projectId}/${endpoint}`;
}

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
export interface HostPlayer {
  sessionId: string;
  secret: string;
  playerId: string;
  playerInfo: { name?: string; avatarUrl?: string };
  joinedAt: number;
}

export interface CarriedHost {
  registration: HostRegistration;
  onlineSince: number;
  lastPing: number;
  players: HostPlayer[];
}

/** Updates, not signals: the caller needs the 406 when the endpoint or host is not theirs. */
export const registerHostUpdate = defineUpdate<void, [HostRegistration]>('registerHost');
export const pingHostUpdate = defineUpdate<void, [{ owner: string; connectedClients: string[] }]>('pingHost');
export const unregisterHostSignal = defineSignal<[{ owner: string }]>('unregisterHost');

export interface JoinHost {
  playerId: string;
  playerInfo: { name?: string; avatarUrl?: string };
  /** The password hash the API checked the password against (undefined: none given); a re-registered host refuses. */
  verifiedHash?: string;
}
export interface HostSeat {
  sessionId: string;
  secret: string;
}
/** An update: the 406 for a full host or a wrong password must reach the joining player, and two joins for the last slot must not both win. */
export const joinHostUpdate = defineUpdate<HostSeat, [JoinHost]>('joinHost');
/** A player's session ends: it left, joined elsewhere, or its host reported it gone (owner given then). */
export const endHostSessionSignal = defineSignal<[{ sessionId: string; owner?: string }]>('endHostSession');

export interface PlayerInfo {
  sessionId: string;
  secret: string;
  playerInfo: { playerId: string; name?: string; avatarUrl?: string };
}
export const playerInfoQuery = defineQuery<PlayerInfo | undefined, [{ owner: string; sessionId: string }]>('playerInfo');
