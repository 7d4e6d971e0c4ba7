import { z } from 'zod';
import { failureReasonSchema } from './match-request';
import { jsonInfo, optional, wireInt } from '../wire';

const credential = optional(z.string().min(1).max(8192));

/** `auth` of `POST /v1a/client/auth`: exactly one backend's credentials (testKey and testId go together). */
export const clientAuthSchema = z
  .object({
    testKey: credential,
    // The seed types testId "string integer"; any id a game uses is accepted, as a string or a JSON integer.
    testId: optional(z.union([z.string().min(1).max(64), z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).transform(String)])),
    itchJwtToken: credential,
    itchApiKey: credential,
    steamEncryptedTicket: optional(z.string().min(1).max(4096)).meta({ description: 'Hex (or base64) bytes of the encrypted app ticket.' }),
  })
  .strict()
  .superRefine((a, ctx) => {
    const test = a.testKey !== undefined || a.testId !== undefined;
    if (test && a.testKey === undefined) ctx.addIssue({ code: 'custom', path: ['testKey'], message: 'is required with testId' });
    if (test && a.testId === undefined) ctx.addIssue({ code: 'custom', path: ['testId'], message: 'is required with testKey' });
    const backends = [test, a.itchJwtToken !== undefined, a.itchApiKey !== undefined, a.steamEncryptedTicket !== undefined];
    const count = backends.filter(Boolean).length;
    if (count !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `must hold exactly one backend's credentials (testKey+testId, itchJwtToken, itchApiKey or steamEncryptedTicket); got ${count}`,
      });
    }
  });
export type ClientAuth = z.infer<typeof clientAuthSchema>;

export const authRequestSchema = z
  .object({ projectId: z.string().min(1).max(64), auth: clientAuthSchema })
  .meta({ id: 'AuthRequest', example: { projectId: '<project id>', auth: { testKey: '<test key>', testId: 'alice' } } });

export const authResponseSchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('authenticated'), clientToken: z.string(), name: z.string().optional(), pictureUrl: z.string().optional() }),
    z.object({ status: z.literal('notAuthenticated'), error: z.string() }),
  ])
  .meta({ id: 'AuthResponse' });

export const matchResponseSchema = z.object({ matchToken: z.string() }).meta({ id: 'MatchResponse' });

/** How one participant sees another (COMPAT.md §1): the peer tickets each way, both null in its own entry. */
const peerSchema = z
  .object({
    info: z.unknown().meta({ description: 'The participant\'s `info` (any JSON), or null.' }),
    ourTicket: z.string().nullable().meta({ description: 'T(me→them): what I present to them; null in my own entry.' }),
    theirTicket: z.string().nullable().meta({ description: 'T(them→me): what they present to me; null in my own entry.' }),
  })
  .meta({ id: 'Peer' });

/** A matched ticket's session, as its player sees it. */
export const playerSessionSchema = z
  .object({
    externalSessionId: z.string(),
    sessionToken: z.string().meta({ description: 'This player\'s credential for POST /v1a/client/session/{sessionToken}/result.' }),
    teams: z.array(z.array(peerSchema)).meta({ description: 'Every team, in teamSizes order, each an array of its members.' }),
    teamIndex: z.number().int(),
    mateIndex: z.number().int(),
    server: peerSchema.nullable().meta({ description: 'The dedicated server, or null for a peer-to-peer session (no serverTag).' }),
  })
  .meta({ id: 'PlayerSession' });

/** A live session as its dedicated server sees it. */
export const serverSessionSchema = z
  .object({
    externalSessionId: z.string(),
    serverSessionToken: z.string().meta({ description: 'The server\'s credential for POST /v1a/server/session/{serverSessionToken}/result.' }),
    teams: z.array(z.array(peerSchema)).meta({ description: 'Every player\'s tickets toward the server: ourTicket = T(server→player), theirTicket = T(player→server).' }),
    matchTag: z.string().nullable(),
    serverTag: z.string().nullable(),
  })
  .meta({ id: 'ServerSession' });

export const matchStatusSchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('notFound') }),
    z.object({ status: z.literal('inProgress') }),
    z.object({ status: z.literal('matched'), session: playerSessionSchema }),
    z.object({ status: z.literal('failed'), reason: failureReasonSchema }),
  ])
  .meta({ id: 'MatchStatus' });

export const emptyAnswerSchema = z.array(z.unknown()).max(0).meta({ id: 'Empty', description: 'BattlePlace answers `[]` when there is nothing to say.' });

export const errorSchema = z
  .object({ error: z.string(), code: z.string(), fields: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
  .meta({ id: 'Error', example: { error: 'teamSizes: Too small: expected array to have >=1 items', code: 'badRequest' } });

const serverName = z.string().min(1).max(128).regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');
const serverCredentials = { projectId: z.string().min(1).max(64), projectServerToken: z.string().min(1).max(256) };

/** `POST /v1a/server/match`: offer a dedicated server for one session (re-posting refreshes it). */
export const serverRegisterSchema = z
  .object({
    ...serverCredentials,
    serverTag: optional(z.string().max(256)),
    name: serverName,
    info: optional(jsonInfo),
    timeout: optional(wireInt(1, 3600)).transform((t) => t ?? 60).meta({ description: 'Seconds the offer stands without a refresh (default 60).' }),
  })
  .meta({ id: 'ServerRegistration' });

export const serverNameSchema = z.object({ ...serverCredentials, name: serverName }).meta({ id: 'ServerName' });

/** Result reports from a client or a server: one rank per team, 0 = first, ties allowed. */
export const resultSchema = z
  .object({ status: z.enum(['finished', 'cancelled']), ranks: z.array(wireInt(0, 15)).min(1).max(16) })
  .meta({ id: 'ResultReport', example: { status: 'finished', ranks: [0, 1] } });

export const statsSchema = z.object({ rating: z.number(), rank: z.number().int() }).meta({ id: 'Stats' });
