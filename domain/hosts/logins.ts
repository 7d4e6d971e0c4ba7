import { z } from 'zod';

/** A project's Padrone settings (COMPAT.md §2). Secrets stay server-side; admin passwords are stored hashed. */
export interface PadroneSettings {
  steam?: { webApiKey: string; apiBaseUrl: string };
  oculus?: { appId: string; appSecret: string; apiBaseUrl: string };
  /** `admin:<username>,<password>` logins; `passwordHash` is `scrypt$<salt>$<hash>`. */
  admins: { username: string; passwordHash: string }[];
  /** Player ids (`steam:7656…`, `itch:42`) that /app/me reports as developers. */
  developers: string[];
}

export const EMPTY_PADRONE: PadroneSettings = { admins: [], developers: [] };

/** The `padrone` part of project creation: passwords arrive in clear and are hashed before storage. */
export const DEFAULT_STEAM_API_BASE_URL = 'https://api.steampowered.com';
export const DEFAULT_OCULUS_API_BASE_URL = 'https://graph.oculus.com';
export const padroneSteamSchema = z.object({ webApiKey: z.string().min(1).max(256), apiBaseUrl: z.url().max(2048).default(DEFAULT_STEAM_API_BASE_URL) }).strict();
export const padroneOculusSchema = z.object({ appId: z.string().min(1).max(64), appSecret: z.string().min(1).max(256), apiBaseUrl: z.url().max(2048).default(DEFAULT_OCULUS_API_BASE_URL) }).strict();
export const padroneAdminsSchema = z
  .array(z.object({ username: z.string().min(1).max(64).regex(/^[^,]+$/, 'must not contain a comma'), password: z.string().min(8).max(256) }).strict())
  .max(50);
export const padroneDevelopersSchema = z.array(z.string().min(3).max(128)).max(1000);

export const padroneInputSchema = z
  .object({
    steam: padroneSteamSchema.optional(),
    oculus: padroneOculusSchema.optional(),
    admins: padroneAdminsSchema.default([]),
    developers: padroneDevelopersSchema.default([]),
  })
  .strict();
export type PadroneInput = z.infer<typeof padroneInputSchema>;

export type PadroneMethod = 'steam' | 'itch.apikey' | 'itch.downloadkey' | 'oculus' | 'admin' | 'test';

/** Who a Padrone login is. */
export interface PadronePlayer {
  playerId: string;
  name?: string;
  avatarUrl?: string;
  isAdmin: boolean;
}
