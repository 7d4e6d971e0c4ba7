import { z } from 'zod';
import { amountSchema, MAX_ENTRY_FEE } from './settings';

/** Paid-match requests as the API decodes them: the players' (`/platform/v1`) and the game's (COMPAT.md §3). */

export const createPaidMatchSchema = z
  .object({
    entryFee: amountSchema(MAX_ENTRY_FEE).meta({ description: 'Each player\'s fee, in minor units.' }),
    teams: z.number().int().min(2).max(16).meta({ description: 'Number of teams.' }),
    teamSize: z.number().int().min(1).max(16).meta({ description: 'Players per team.' }),
    teamId: z.string().min(1).max(16).default('1').meta({ description: 'The creator\'s team (default "1"): a match is created with its first seat taken.' }),
  })
  .strict()
  // Checked before the match exists, so a bad seat never leaves an empty lobby behind.
  .refine((b) => /^\d{1,2}$/.test(b.teamId) && Number(b.teamId) >= 1 && Number(b.teamId) <= b.teams, { path: ['teamId'], message: 'must name one of the teams, "1" to the number of teams' })
  .meta({ id: 'CreatePaidMatch' });

export const joinTeamSchema = z.object({ teamId: z.string().min(1).max(16) }).strict().meta({ id: 'JoinTeam' });

/** Game ids may come as JSON numbers or strings; both read as strings. */
const wireId = z.union([z.string().min(1).max(128), z.number().int().transform(String)]);
const score = z.number().finite().min(-1e12).max(1e12);

/** `POST /api/game/v1/finish` (COMPAT.md §3). */
export const finishSchema = z.object({
  match_id: z.string().min(1).max(64),
  participants: z.array(z.object({ id: wireId, score })).max(256),
  teams: z
    .array(z.object({ id: wireId, score: score.optional(), ranking: z.number().int().min(1).max(256).optional(), forfeit: z.boolean().optional() }))
    .max(64)
    .default([]),
});
export type FinishBody = z.infer<typeof finishSchema>;

export const tokenInfoSchema = z.object({ token: z.string().min(1).max(4096) });
