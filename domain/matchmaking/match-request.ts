import { z } from 'zod';
import { jsonInfo, optional, wireInt } from '../wire';

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
