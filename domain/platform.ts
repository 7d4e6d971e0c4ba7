import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { PayoutPlan, PayoutRules } from './payouts';
import type { ResultBook, Submission } from './platform-results';

/**
 * Paid platform matches (COMPAT.md §3): the contracts shared by the platform-match workflow, its activities, the
 * API and the tests. No Node built-ins here: workflows import it.
 */

export function platformMatchWorkflowId(matchId: string): string {
  return `platform-match/${matchId}`;
}

/** Minor units (cents): integers only, bounded so sums stay exact in a JS number. */
export const amountSchema = (max: number) => z.number().int('must be an integer number of minor units').min(1).max(max);
export const MAX_ENTRY_FEE = 100_000_000;
export const MAX_CREDIT = 1_000_000_000_000;

/** A game's paid-match settings, as an administrator sets them (every field optional on update). */
export const platformSettingsSchema = z
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
  .meta({ id: 'PlatformSettings' });
export type PlatformSettingsInput = z.infer<typeof platformSettingsSchema>;

/** A game's paid-match settings as stored; the client secret is what the game's backend logs in with. */
export interface PlatformSettings extends PayoutRules {
  clientSecret: string;
  matchInfoUrl?: string;
  gameUrl?: string;
  resultDeadlineSeconds: number;
  currency: string;
  noResultPolicy: NoResultPolicy;
}

export type NoResultPolicy = 'refund' | 'settleReported';

export const DEFAULT_PLATFORM: Omit<PlatformSettings, 'clientSecret'> = {
  rakeBps: 1000, payoutTableBps: [10_000], resultDeadlineSeconds: 3600, currency: 'USD', noResultPolicy: 'refund',
};

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

/** lobby → escrow → starting (webhook) → live → settling → settled; or refunding → refunded; a lobby ends expired or cancelled. */
export const PAID_MATCH_STATES = ['lobby', 'escrow', 'starting', 'live', 'settling', 'settled', 'refunding', 'refunded', 'expired', 'cancelled'] as const;
export type PaidMatchState = (typeof PAID_MATCH_STATES)[number];
export const FINAL_STATES: readonly PaidMatchState[] = ['settled', 'refunded', 'expired', 'cancelled'];

/** Everything a match needs, fixed when it is created: the game's rules then are the rules it settles by. */
export interface PlatformMatchInput {
  matchId: string;
  projectId: string;
  entryFee: number;
  currency: string;
  teamCount: number;
  teamSize: number;
  createdBy: string;
  rules: PayoutRules;
  matchInfoUrl: string;
  /** The realm URL the webhook's bearer token names as its issuer. */
  issuer: string;
  lobbyTimeoutSeconds: number;
  resultDeadlineSeconds: number;
  noResultPolicy: NoResultPolicy;
  webhook: { attemptTimeoutMs: number; windowSeconds: number };
  createdAt: string;
  /** A lobby carried through continue-as-new (a busy lobby's updates outgrow one run). */
  lobby?: CarriedLobby;
}

export interface CarriedLobby {
  teams: TeamView[];
  /** Epoch ms the lobby expires: fixed when the match was created, kept across runs. */
  expiresAt: number;
  /** Seats each player took (joins and switches), against LOBBY_CHANGES_PER_PLAYER. */
  changes: Record<string, number>;
  abortRequested?: string;
}

/** Seats one player may take in one match (joining, switching team): past it, 429. A real player needs a handful. */
export const LOBBY_CHANGES_PER_PLAYER = 30;

export interface TeamView {
  id: string;
  members: { playerId: string; confirmed: boolean }[];
}

/** A match as players, the game and finance see it. */
export interface PaidMatchView {
  matchId: string;
  projectId: string;
  state: PaidMatchState;
  entryFee: number;
  currency: string;
  teamSize: number;
  teams: TeamView[];
  createdBy: string;
  createdAt: string;
  liveAt?: string;
  endedAt?: string;
  /** Why the match refunded or expired. */
  reason?: string;
  result: ResultBook;
  submissionsTotal: number;
  submissionsLeft: number;
  payout?: PayoutPlan;
}

/** What the game's match-info webhook receives (COMPAT.md §3). */
export function matchInfoBody(view: Pick<PaidMatchView, 'matchId' | 'teams'>) {
  return {
    match_id: view.matchId,
    participants: view.teams.flatMap((t) => t.members.map((m) => ({ id: m.playerId, team_id: t.id }))),
    teams: view.teams.map((t) => ({ id: t.id })),
  };
}

export interface SubmitResult {
  matchStatus: PaidMatchState;
  submissionsTotal: number;
  submissionsLeft: number;
}

/** Failure types of the platform's activities that a paid match acts on. */
export const PLATFORM_FAILURE = {
  insufficientFunds: 'InsufficientFunds',
  keyReused: 'IdempotencyKeyReused',
  matchInfoRefused: 'MatchInfoRefused',
  noSigningKey: 'NoSigningKey',
} as const;

/** Failure types the match's update validators reject with; the API maps them to 4xx answers. */
export const REFUSAL = {
  notInLobby: 'NotInLobby', invalid: 'InvalidRequest', conflict: 'ResultConflict', notLive: 'NotLive', tooManyChanges: 'TooManyLobbyChanges',
  /** A result already accepted, sent again: answered from the read model, so replays never grow the history. */
  replay: 'ResultReplay',
  /** A join to one's own team or a second confirm: changes nothing, answered from the read model. */
  unchanged: 'Unchanged',
} as const;

export const joinTeamUpdate = defineUpdate<PaidMatchView, [{ playerId: string; teamId: string }]>('joinTeam');
export const leaveMatchUpdate = defineUpdate<PaidMatchView, [{ playerId: string }]>('leaveMatch');
export const confirmEntryUpdate = defineUpdate<PaidMatchView, [{ playerId: string }]>('confirmEntry');
export const submitResultUpdate = defineUpdate<SubmitResult, [Submission]>('submitResult');
export const abortMatchSignal = defineSignal<[{ reason: string }]>('abortMatch');
export const paidMatchViewQuery = defineQuery<PaidMatchView>('paidMatchView');

/** The realm URL: Keycloak's layout, which games written for OkLetsPlay expect. */
export function realmUrl(baseUrl: string, realm: string): string {
  return `${baseUrl}/auth/realms/${realm}`;
}

/** `developer-config.json`, handed to a game's developers (COMPAT.md §3). It holds the client secret. */
export function developerConfig(baseUrl: string, realm: string, clientId: string, clientSecret: string) {
  return {
    okletsplay_url: baseUrl,
    authentication: {
      client_id: clientId,
      client_secret: clientSecret,
      public_key_url: realmUrl(baseUrl, realm),
      token_url: `${realmUrl(baseUrl, realm)}/protocol/openid-connect/token`,
    },
  };
}
