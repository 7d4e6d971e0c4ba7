import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorSchema } from '../../domain/matchmaking/v1a';
import { createPaidMatchSchema, finishSchema, joinTeamSchema, tokenInfoSchema } from '../../domain/paid-matches/requests';
import { PAID_MATCH_STATES } from '../../domain/paid-matches/contract';
import { paidMatchSettingsSchema } from '../../domain/paid-matches/settings';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(errorSchema, description);
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const matchParams = z.object({ matchId: z.string() });

const member = z.object({ playerId: z.string(), confirmed: z.boolean() });
const paidMatch = z.object({
  matchId: z.string(), projectId: z.string(),
  state: z.enum(PAID_MATCH_STATES),
  entryFee: z.number().int(), currency: z.string(), teamSize: z.number().int(), teams: z.array(z.object({ id: z.string(), members: z.array(member) })),
  createdBy: z.string(), createdAt: z.string(), liveAt: z.string().optional(), endedAt: z.string().optional(), reason: z.string().optional(),
  result: z.object({ scores: z.record(z.string(), z.number()), teams: z.record(z.string(), z.object({ score: z.number().optional(), ranking: z.number().optional(), forfeit: z.boolean().optional() })) }),
  submissionsTotal: z.number().int(), submissionsLeft: z.number().int(),
  payout: z.object({
    pot: z.number().int(), rake: z.number().int(), remainder: z.number().int(),
    payouts: z.array(z.object({ playerId: z.string(), teamId: z.string(), amount: z.number().int() })), places: z.array(z.object({ teamId: z.string(), place: z.number().int() })),
  }).optional(),
}).meta({ id: 'PaidMatch', description: 'Amounts are integer minor units (cents).' });
const transaction = z.object({
  seq: z.number().int(), transactionId: z.string(), idempotencyKey: z.string(), projectId: z.string(),
  kind: z.enum(['deposit', 'withdrawal', 'entryFee', 'refund', 'rake', 'remainder', 'payout']), from: z.string(), to: z.string(), amount: z.number().int(),
  matchId: z.string().optional(), playerId: z.string().optional(), memo: z.string().optional(), postedAt: z.string(),
}).meta({ id: 'LedgerTransaction' });
const walletMove = z.object({ amount: z.number().int().min(1), reference: z.string(), memo: z.string().optional() });

/** Paid matches: the players' API (our design), the game's API (COMPAT.md §3), and finance. */
export function registerPaidMatches(r: OpenAPIRegistry, clientAuth: string, adminAuth: string): void {
  const player = { security: [{ [clientAuth]: [] }], tags: ['paid matches (players)'] };
  r.registerPath({ method: 'get', path: '/platform/v1/wallet', ...player, summary: 'The player\'s balance', responses: { 200: json(z.object({ playerId: z.string(), balance: z.number().int(), currency: z.string() }), 'balance in minor units') } });
  r.registerPath({ method: 'get', path: '/platform/v1/wallet/transactions', ...player, summary: 'The player\'s ledger transactions (paged by ?after=seq)', request: { query: z.object({ limit: z.string().optional(), after: z.string().optional() }) }, responses: { 200: json(z.object({ transactions: z.array(transaction), next: z.number().optional() }), 'oldest first') } });
  r.registerPath({ method: 'get', path: '/platform/v1/matches', ...player, summary: 'Open lobbies of the game, newest first', responses: { 200: json(z.object({ matches: z.array(paidMatch) }), 'lobbies') } });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches', ...player, summary: 'Create a paid match and take a seat in it (teamId, default "1")',
    request: { ...body(createPaidMatchSchema), headers: z.object({ 'idempotency-key': z.string().max(128).optional().meta({ description: 'A retry with the same key answers the match the first request made.' }) }) },
    responses: { 201: json(paidMatch, 'the lobby'), 200: json(paidMatch, 'a retry (same Idempotency-Key): the match it made, as it is now'), 400: error('malformed request, naming the field'), 409: error('insufficient funds, or the game takes no paid matches'), 503: error('paid matches are off on this server') },
  });
  r.registerPath({ method: 'get', path: '/platform/v1/matches/{matchId}', ...player, summary: 'A match of the player\'s game', request: { params: matchParams }, responses: { 200: json(paidMatch, 'the match'), 404: error('no such match in this game') } });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches/{matchId}/join', ...player, summary: 'Take (or switch to) a seat in a team; unconfirmed until confirm',
    request: { params: matchParams, ...body(joinTeamSchema) }, responses: { 200: json(paidMatch, 'seated'), 400: error('no such team'), 409: error('team full, lobby closed, or insufficient funds') },
  });
  r.registerPath({ method: 'post', path: '/platform/v1/matches/{matchId}/leave', ...player, summary: 'Leave the lobby', request: { params: matchParams }, responses: { 200: json(paidMatch, 'left'), 409: error('the lobby is closed') } });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches/{matchId}/confirm', ...player, summary: 'Commit to pay the entry fee; when every seat is confirmed, the fees move to escrow',
    request: { params: matchParams }, responses: { 200: json(paidMatch, 'confirmed'), 400: error('not in this match'), 409: error('the lobby is closed, or insufficient funds') },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/matches/{matchId}/launch', ...player, summary: 'The game\'s launch URL with the player\'s match token (`{gameUrl}?token=...`)',
    request: { params: matchParams }, responses: { 200: json(z.object({ url: z.string(), token: z.string() }), 'launch'), 403: error('not a player of this match'), 409: error('the match is not live') },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/history', ...player, summary: 'The player\'s matches: what they paid, got back and won',
    responses: { 200: json(z.object({ matches: z.array(z.object({ matchId: z.string(), state: z.string(), paid: z.number(), refunded: z.number(), won: z.number(), net: z.number(), place: z.number().optional() })) }), 'newest first') },
  });

  const gameAuth = r.registerComponent('securitySchemes', 'gameAccessToken', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'access_token from the realm token endpoint' });
  const game = { security: [{ [gameAuth.name]: [] }], tags: ['paid matches (game backend, OkLetsPlay compatible)'] };
  const realm = { tags: ['paid matches (game backend, OkLetsPlay compatible)'] };
  r.registerPath({
    method: 'post', path: '/auth/realms/{realm}/protocol/openid-connect/token', ...realm, summary: 'OAuth2 client credentials (form-encoded, or HTTP Basic)',
    request: { params: z.object({ realm: z.string() }), body: { content: { 'application/x-www-form-urlencoded': { schema: z.object({ grant_type: z.literal('client_credentials'), client_id: z.string(), client_secret: z.string(), scope: z.literal('olp-report-api').optional() }) } } } },
    responses: { 200: json(z.object({ access_token: z.string(), expires_in: z.number(), token_type: z.literal('Bearer') }), 'an RS256 access token'), 400: json(z.object({ error: z.string(), error_description: z.string() }), 'RFC 6749 error'), 401: json(z.object({ error: z.literal('invalid_client') }), 'bad credentials') },
  });
  r.registerPath({ method: 'get', path: '/auth/realms/{realm}', ...realm, summary: 'The realm and its public key (base64 DER SPKI)', request: { params: z.object({ realm: z.string() }) }, responses: { 200: json(z.object({ realm: z.string(), public_key: z.string() }), 'realm') } });
  r.registerPath({ method: 'get', path: '/auth/realms/{realm}/protocol/openid-connect/certs', ...realm, summary: 'JWKS (also at /.well-known/jwks.json)', request: { params: z.object({ realm: z.string() }) }, responses: { 200: { description: '{keys:[...]}' } } });
  const status = z.object({ match_id: z.string(), match_status: z.string(), submissions_total: z.number(), submissions_left: z.number() });
  r.registerPath({
    method: 'post', path: '/api/game/v1/token-info', ...game, summary: 'Check a player\'s match token; play only while match_status is live', request: body(tokenInfoSchema),
    responses: { 200: json(status.extend({ user_id: z.string() }), 'the match and player'), 401: error('bad access token'), 404: error('unknown or expired token, or another game\'s') },
  });
  for (const path of ['/api/game/v1/finish', '/api/games/v1/finish']) {
    r.registerPath({
      method: 'post', path, ...game, summary: 'Report results (asynchronous games: one request per player). The first accepted value of each field is final.', request: body(finishSchema),
      responses: { 200: json(status, 'accepted, or an identical replay'), 400: error('malformed, or names a stranger'), 404: error('no such match for this game'), 409: error('conflicts with an accepted result, or the match is not live') },
    });
  }

  const finance = { security: [{ [adminAuth]: [] }], tags: ['finance'] };
  const projectPlayer = z.object({ projectId: z.string(), playerId: z.string() });
  r.registerPath({ method: 'put', path: '/admin/projects/{projectId}/platform', ...finance, tags: ['admin'], summary: 'Set a game\'s paid-match settings (fields given only)', request: { params: z.object({ projectId: z.string() }), ...body(paidMatchSettingsSchema) }, responses: { 200: { description: 'the project' }, 400: error('malformed settings') } });
  r.registerPath({ method: 'get', path: '/admin/projects/{projectId}/developer-config.json', ...finance, tags: ['admin'], summary: 'developer-config.json for the game\'s developers (holds the client secret)', request: { params: z.object({ projectId: z.string() }) }, responses: { 200: { description: '{okletsplay_url, authentication:{...}}' } } });
  r.registerPath({ method: 'post', path: '/admin/projects/{projectId}/platform/rotate-secret', ...finance, tags: ['admin'], summary: 'Replace the game\'s client secret; answers the new developer-config.json', request: { params: z.object({ projectId: z.string() }) }, responses: { 200: { description: 'the new developer-config.json' }, 404: error('no such project') } });
  r.registerPath({ method: 'post', path: '/admin/projects/{projectId}/paid-matches/{matchId}/abort', ...finance, tags: ['admin'], summary: 'Abort a match; every fee taken is refunded', request: { params: z.object({ projectId: z.string(), matchId: z.string() }), ...body(z.object({ reason: z.string() })) }, responses: { 202: { description: 'abort requested' }, 409: error('the match has ended') } });
  r.registerPath({ method: 'post', path: '/admin/projects/{projectId}/wallets/{playerId}/credit', ...finance, summary: 'Credit a wallet (money in from outside); the reference makes it idempotent', request: { params: projectPlayer, ...body(walletMove) }, responses: { 201: json(transaction, 'posted'), 200: json(transaction, 'this reference was already posted: nothing moved'), 409: error('reference reused for a different amount') } });
  r.registerPath({ method: 'post', path: '/admin/projects/{projectId}/wallets/{playerId}/withdraw', ...finance, summary: 'Pay a wallet out to the outside world', request: { params: projectPlayer, ...body(walletMove) }, responses: { 201: json(transaction, 'posted'), 409: error('insufficient funds') } });
  r.registerPath({ method: 'get', path: '/admin/projects/{projectId}/wallets/{playerId}', ...finance, summary: 'A wallet\'s balance', request: { params: projectPlayer }, responses: { 200: { description: '{balance}' } } });
  r.registerPath({
    method: 'get', path: '/admin/finance/transactions', ...finance, summary: 'Ledger transactions by project, match, player, kind and period; paged by ?after=seq; ?format=csv',
    request: { query: z.object({ projectId: z.string().optional(), matchId: z.string().optional(), playerId: z.string().optional(), kind: z.string().optional(), from: z.string().optional(), to: z.string().optional(), after: z.string().optional(), limit: z.string().optional(), format: z.enum(['json', 'csv']).optional() }) },
    responses: { 200: json(z.object({ transactions: z.array(transaction), next: z.number().optional() }), 'in posting order (or text/csv)') },
  });
  r.registerPath({ method: 'get', path: '/admin/finance/matches', ...finance, summary: 'A project\'s paid matches, newest first (?state, ?from, ?to by creation)', request: { query: z.object({ projectId: z.string(), state: z.string().optional(), from: z.string().optional(), to: z.string().optional(), limit: z.string().optional() }) }, responses: { 200: json(z.object({ matches: z.array(paidMatch) }), 'matches'), 400: error('projectId is required') } });
  r.registerPath({ method: 'get', path: '/admin/finance/summary', ...finance, summary: 'Totals by kind for a project and period (same filters as transactions), house income, net flow into escrows', responses: { 200: { description: '{totals:{kind:{amount,count}}, houseIncome, escrowNet}' } } });
  r.registerPath({ method: 'get', path: '/admin/finance/balances', ...finance, summary: 'Account balances (?projectId, ?kind, ?format=csv)', responses: { 200: { description: '{balances:[...]}' } } });
  r.registerPath({ method: 'get', path: '/admin/finance/matches/{matchId}', ...finance, summary: 'A match\'s money trail (fees in, rake, payouts, refunds) beside its reported result', request: { params: matchParams }, responses: { 200: { description: '{match, money, transactions}' }, 404: error('no such match') } });
  r.registerPath({ method: 'get', path: '/admin/finance/check', ...finance, summary: 'The ledger invariants: sum zero, no overdraft, balances equal postings', responses: { 200: { description: '{ok, sum, negativeAccounts, driftedAccounts, unbalancedTransactions}' } } });
}
