import { z } from 'zod';
import { padroneAdminsSchema, padroneDevelopersSchema, padroneOculusSchema, padroneSteamSchema } from './hosts/logins';
import { paidMatchSettingsSchema } from './paid-matches/settings';
import { groupingRuleSchema, itchInputSchema, steamInputSchema } from './projects';
import { sessionWebhookInputSchema } from './matchmaking/session-webhook-settings';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** Padrone's Steam and Oculus logins change field by field (a new key keeps the base URL): every field optional, no defaults. */
const steamLogin = z.object({ webApiKey: padroneSteamSchema.shape.webApiKey, apiBaseUrl: padroneSteamSchema.shape.apiBaseUrl.unwrap() }).partial().strict();
const oculusLogin = z.object({
  appId: padroneOculusSchema.shape.appId, appSecret: padroneOculusSchema.shape.appSecret, apiBaseUrl: padroneOculusSchema.shape.apiBaseUrl.unwrap(),
}).partial().strict();

/** The secrets `rotate` can replace; the Versus and platform secrets have routes of their own, as before. */
const ROTATABLE = ['testKey', 'serverToken', 'sessionWebhookSecret'] as const;

/**
 * `PATCH /admin/projects/{id}` and `project -- update`: only the settings given change, and `null` takes an
 * optional one away (RFC 7396's merge rule). Lists (Padrone admins, developers) are replaced whole; the paid-match
 * URLs can be replaced, not removed.
 */
export const projectChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    testKey: z.boolean().meta({ description: 'true: test logins on (a new key if there was none); false: off, the key forgotten.' }),
    rotate: z.array(z.enum(ROTATABLE)).min(1).max(ROTATABLE.length).meta({ description: 'Secrets to replace with new ones; the old ones stop working at once.' }),
    itch: z.object({
      apiBaseUrl: itchInputSchema.shape.apiBaseUrl.unwrap(), serverKey: nullable(z.string().min(1).max(256)), gameId: nullable(z.string().regex(/^\d{1,20}$/)),
    }).partial().strict(),
    steam: z.object({ appId: nullable(z.number().int().positive()), ticketKey: nullable(steamInputSchema.shape.ticketKey.unwrap()) }).strict(),
    groupingRule: groupingRuleSchema,
    padrone: z.object({ steam: nullable(steamLogin), oculus: nullable(oculusLogin), admins: padroneAdminsSchema, developers: padroneDevelopersSchema }).partial().strict(),
    platform: paidMatchSettingsSchema,
    sessionWebhook: sessionWebhookInputSchema.nullable().meta({ description: 'A new URL keeps the signing secret (a first one makes it, shown once); null: no more session events.' }),
  })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'name at least one setting to change')
  .meta({ id: 'ProjectChanges' });
export type ProjectChanges = z.infer<typeof projectChangesSchema>;
