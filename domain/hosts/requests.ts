import { z } from 'zod';

/** Padrone's requests (COMPAT.md §2), as the API decodes them. */

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
