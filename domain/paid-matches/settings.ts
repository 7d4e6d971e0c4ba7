import { z } from 'zod';
import type { PayoutRules } from './payouts';

/** A game's paid-match settings: how it is paid out, where its backend hears of matches, when a match gives up. */

/** Minor units (cents): integers only, bounded so sums stay exact in a JS number. */
export const amountSchema = (max: number) => z.number().int('must be an integer number of minor units').min(1).max(max);
export const MAX_ENTRY_FEE = 100_000_000;
export const MAX_CREDIT = 1_000_000_000_000;

/** A game's paid-match settings, as an administrator sets them (every field optional on update). */
export const paidMatchSettingsSchema = z
  .object({
    matchInfoUrl: z.url().max(2048).meta({ description: 'The game backend\'s match-info URL: PUT when a match starts, DELETE when it aborts.' }),
    gameUrl: z.url().max(2048).meta({ description: 'The game client\'s launch URL; players open `{gameUrl}?token={matchToken}`.' }),
    rakeBps: z.number().int().min(0).max(5000).meta({ description: 'The house\'s cut of each pot, in basis points (1000 = 10%).' }),
    payoutTableBps: z
      .array(z.number().int().min(0).max(10_000))
      .min(1)
      .max(64)
      .refine((t) => t.reduce((a, b) => a + b, 0) === 10_000, 'must add up to 10000 basis points')
      .meta({ description: 'The prize pool\'s split by place, in basis points, place 1 first ([10000] = winner takes all).' }),
    resultDeadlineSeconds: z.number().int().min(5).max(7 * 86_400).meta({ description: 'How long a live match waits for its result before it refunds.' }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. USD').meta({ description: 'What the minor units are of (shown, never converted).' }),
    noResultPolicy: z.enum(['refund', 'settleReported']).meta({
      description: 'At the result deadline: refund every fee (default), or settle by what was reported (a team that reported nothing forfeits; nothing reported at all still refunds).',
    }),
  })
  .partial()
  .strict()
  .meta({ id: 'PlatformSettings' }); // the admin API's `platform` field: the name clients were generated with
export type PaidMatchSettingsInput = z.infer<typeof paidMatchSettingsSchema>;

/** A game's paid-match settings as stored; the client secret is what the game's backend logs in with. */
export interface PaidMatchSettings extends PayoutRules {
  clientSecret: string;
  matchInfoUrl?: string;
  gameUrl?: string;
  resultDeadlineSeconds: number;
  currency: string;
  noResultPolicy: NoResultPolicy;
}

export type NoResultPolicy = 'refund' | 'settleReported';

export const DEFAULT_PAID_MATCH_SETTINGS: Omit<PaidMatchSettings, 'clientSecret'> = {
  rakeBps: 1000, payoutTableBps: [10_000], resultDeadlineSeconds: 3600, currency: 'USD', noResultPolicy: 'refund',
};
