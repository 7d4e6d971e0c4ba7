import { z } from 'zod';
import type { GroupingRule } from './matchmaking/grouping';
import { padroneInputSchema, type PadroneSettings } from './hosts/logins';
import { paidMatchSettingsSchema, type PaidMatchSettings } from './paid-matches/settings';
import { sessionWebhookInputSchema, type SessionWebhookSettings } from './matchmaking/session-webhook-settings';

/** A game studio's project: its credentials and the settings of the login providers it uses. */
export interface Project {
  id: string;
  name: string;
  /** Enables the `testKey` login (development only); absent means disabled. */
  testKey?: string;
  serverToken: string;
  itch: { apiBaseUrl: string; serverKey?: string; gameId?: string };
  steam: { appId?: number; ticketKey?: string };
  /** Versus session tokens (COMPAT.md §4): the project is the game; several games may share one developer. */
  versus: { gameUuid: string; developerUuid: string; apiSecret: string };
  /** How the project's matchers form groups: arrival order unless a rating rule is set. */
  groupingRule: GroupingRule;
  padrone: PadroneSettings;
  /** Paid platform matches (COMPAT.md §3); absent for projects made before them until first configured. */
  platform?: PaidMatchSettings;
  /** Where the project's `/v1a` session events are POSTed, and their signing secret; absent: none are sent. */
  sessionWebhook?: SessionWebhookSettings;
  /** Counts the changes made to the project's settings: a matcher keeps the grouping rule of the highest it saw. */
  revision: number;
  /** A retired project takes no new logins, tickets, hosts or paid matches; what runs ends as usual. */
  retiredAt?: string;
  createdAt: string;
}

export const DEFAULT_ITCH_API_BASE_URL = 'https://itch.io';

export const groupingRuleSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('arrival') }).strict(),
    z.object({
      kind: z.literal('rating'),
      tolerance: z.number().min(0).max(5000),
      widenPerSecond: z.number().min(0).max(1000),
      maxTolerance: z.number().min(0).max(5000),
    }).strict(),
  ])
  .meta({ id: 'GroupingRule', description: 'How matchers form groups: arrival order, or by rating with a tolerance that widens with waiting.' });

const hexKey = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (the 32-byte app ticket key)');

/** Input of `project create` and `POST /admin/projects`. */
export const itchInputSchema = z
  .object({ apiBaseUrl: z.url().max(2048).default(DEFAULT_ITCH_API_BASE_URL), serverKey: z.string().min(1).max(256).optional(), gameId: z.string().regex(/^\d{1,20}$/).optional() })
  .strict();
export const steamInputSchema = z.object({ appId: z.number().int().positive().optional(), ticketKey: hexKey.optional() }).strict();

export const createProjectSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    testKey: z.boolean().default(true).meta({ description: 'Generate a test key (development logins).' }),
    itch: itchInputSchema.optional(),
    steam: steamInputSchema.optional(),
    groupingRule: groupingRuleSchema.default({ kind: 'arrival' }),
    padrone: padroneInputSchema.optional(),
    platform: paidMatchSettingsSchema.optional(),
    sessionWebhook: sessionWebhookInputSchema.optional(),
    versus: z
      .object({ developerUuid: z.uuid().optional().meta({ description: 'Put this game under an existing Versus developer.' }) })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: 'CreateProject' });
/** Parsed input; the grouping rule may be left out (arrival order). */
export type CreateProject = Omit<z.infer<typeof createProjectSchema>, 'groupingRule'> & { groupingRule?: GroupingRule };

/**
 * A project as shown after a change: every secret masked but the ones the change made (a rotated server token, a
 * new test key), which are shown this once.
 */
export function presentChangedProject(p: Project, made: { testKey?: boolean; serverToken?: boolean; sessionWebhookSecret?: boolean }) {
  const shown = presentProject(p, false);
  return {
    ...shown, testKey: made.testKey ? p.testKey : shown.testKey, serverToken: made.serverToken ? p.serverToken : shown.serverToken,
    sessionWebhook: made.sessionWebhookSecret ? p.sessionWebhook : shown.sessionWebhook,
  };
}

/** A project as shown to an administrator: secrets appear only when asked for. */
export function presentProject(p: Project, reveal: boolean) {
  const secret = (v: string | undefined) => (v === undefined ? undefined : reveal ? v : '********');
  return {
    id: p.id,
    name: p.name,
    testKey: secret(p.testKey),
    serverToken: secret(p.serverToken),
    itch: { apiBaseUrl: p.itch.apiBaseUrl, serverKey: secret(p.itch.serverKey), gameId: p.itch.gameId },
    steam: { appId: p.steam.appId, ticketKey: secret(p.steam.ticketKey) },
    versus: { gameUuid: p.versus.gameUuid, developerUuid: p.versus.developerUuid, apiSecret: secret(p.versus.apiSecret) },
    groupingRule: p.groupingRule,
    padrone: {
      steam: p.padrone.steam && { apiBaseUrl: p.padrone.steam.apiBaseUrl, webApiKey: secret(p.padrone.steam.webApiKey)! },
      oculus: p.padrone.oculus && { appId: p.padrone.oculus.appId, apiBaseUrl: p.padrone.oculus.apiBaseUrl, appSecret: secret(p.padrone.oculus.appSecret)! },
      admins: p.padrone.admins.map((a) => a.username),
      developers: p.padrone.developers,
    },
    platform: p.platform && { ...p.platform, clientSecret: secret(p.platform.clientSecret)! },
    sessionWebhook: p.sessionWebhook && { url: p.sessionWebhook.url, secret: secret(p.sessionWebhook.secret)! },
    revision: p.revision,
    retiredAt: p.retiredAt,
    createdAt: p.createdAt,
  };
}
