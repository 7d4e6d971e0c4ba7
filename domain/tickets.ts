import { z } from 'zod';
import type { Assignment } from './matchmaking';
import { jsonInfo, optional, wireInt } from './wire';

export const MAX_TEAMS = 16;
export const MAX_TEAM_SIZE = 100;
export const MAX_PLAYERS = 200;

export const teamSizesSchema = z
  .array(wireInt(1, MAX_TEAM_SIZE))
  .min(1)
  .max(MAX_TEAMS)
  .refine((sizes) => sizes.reduce((a, b) => a + b, 0) <= MAX_PLAYERS, `must hold at most ${MAX_PLAYERS} players in all`)
  .meta({ description: 'Players per team; every team plays every other.', example: [2, 2] });

const tag = z.string().max(256);

/** Body of `POST /v1a/client/match`. */
export const matchRequestSchema = z
  .object({
    teamSizes: teamSizesSchema,
    maxMatchTime: wireInt(1, 3600).meta({ description: 'Seconds to search before failing with timedOut.' }),
    matchTag: optional(tag),
    serverTag: optional(tag),
    info: optional(jsonInfo),
  })
  .meta({ id: 'MatchRequest' });
export type MatchRequest = z.infer<typeof matchRequestSchema>;

/**
 * BattlePlace's three reasons, and ours for a ticket Matchflow could not serve (its enqueue or its verdict failed
 * past every retry): the player may simply ask again.
 */
export const failureReasonSchema = z.enum(['timedOut', 'cancelled', 'noServer', 'internalError']);
export type FailureReason = z.infer<typeof failureReasonSchema>;

/** What the ticket workflow starts from: the request, plus who asked and when. */
export interface TicketInput {
  projectId: string;
  ticketId: string;
  playerId: string;
  playerName?: string;
  teamSizes: number[];
  maxMatchTimeSeconds: number;
  matchTag?: string;
  serverTag?: string;
  info?: unknown;
  /** Epoch ms at the API; orders two requests of one player (the later one wins). */
  requestedAt: number;
  /** queueBucket(...) and its short hash, which names the bucket's matcher workflow. */
  bucketKey: string;
  bucketId: string;
}

/** A ticket's state as the workflow knows it. `notFound` is only ever an API answer. */
export type TicketStatus =
  | { status: 'inProgress' }
  | { status: 'matched'; assignment: Assignment }
  | { status: 'failed'; reason: FailureReason };

/** Why a ticket was cancelled: by its player, or by the same player's newer request. */
export type CancelReason = 'cancelled' | 'replaced';
export interface CancelTicket {
  reason: CancelReason;
}

/** Queue bucket key (COMPAT.md §1): tickets only ever match inside one. */
export function queueBucket(t: Pick<TicketInput, 'teamSizes' | 'matchTag' | 'serverTag'>): string {
  return JSON.stringify([t.teamSizes, t.matchTag ?? null, t.serverTag ?? null]);
}
