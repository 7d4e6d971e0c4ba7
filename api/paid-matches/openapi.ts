import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PAID_MATCH_STATES } from '../../domain/paid-matches/contract';
import type { historyLine as historyLineOf } from '../../domain/paid-matches/money';
import { createPaidMatchSchema, joinTeamSchema } from '../../domain/paid-matches/requests';
import { CREATED_AT, MATCH_ID, PAID_MATCH_TOKEN } from '../openapi-examples';
import { body, COMMON, error, json, pathParam, SECURITY, type SameShape } from '../openapi-kit';
import { lobbyExample, paidMatchExample, paidMatchSchema, transactionExample, transactionPageSchema } from './openapi-schemas';
import { listQuery, pageQuery } from './players';

const player = { tags: ['paid matches (players)'], security: SECURITY.client };
const matchParams = { params: z.object({ matchId: pathParam('The match id (a UUID).', MATCH_ID) }) };
const errors = { ...COMMON.clientToken, ...COMMON.outage };
/** The routes that need the game to take paid matches, which needs this server's signing key. */
const paidErrors = { ...errors, ...COMMON.paidMatchesOff };
const noMatch = { 404: error('No such match in the player\'s game.', { error: `no paid match ${MATCH_ID}`, code: 'notFound' }) };
const lobbyClosed = (also: string) => ({ 409: error(`The lobby is closed${also}.`, { error: 'the lobby is closed (escrow)', code: 'conflict' }) });
const historyLine = z.object({
  matchId: z.string(), state: z.enum(PAID_MATCH_STATES), entryFee: z.number().int(), currency: z.string(), createdAt: z.string(), endedAt: z.string().optional(),
  reason: z.string().optional(), team: z.string().optional(), place: z.number().int().optional().meta({ description: 'The player\'s team\'s place, once settled.' }),
  paid: z.number().int(), refunded: z.number().int(), won: z.number().int(), net: z.number().int().meta({ description: 'won + refunded − paid.' }),
}).meta({ id: 'HistoryLine', description: 'One paid match of the player, in minor units.' });
const _sameShape: SameShape<z.infer<typeof historyLine>, ReturnType<typeof historyLineOf>> = true;

/** `/platform/v1` (our design, README "Paid matches"): wallets, lobbies, launch and history, with the client token from /v1a/client/auth. */
export function registerPlayers(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/platform/v1/wallet', ...player, summary: 'The player\'s balance',
    description: 'Answers the player\'s wallet balance in minor units (cents) and the game\'s currency. Money enters a wallet only through an administrator\'s credit and a paid '
      + 'match\'s refunds and winnings, and leaves it through entry fees and withdrawals. A wallet no money has touched reads 0.',
    responses: { 200: json('The balance.', z.object({ playerId: z.string(), balance: z.number().int(), currency: z.string() }), { playerId: 'test:alice', balance: 4000, currency: 'USD' }), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/wallet/transactions', ...player, summary: 'The player\'s ledger transactions',
    description: 'Lists the transactions that moved the player\'s money (credits, withdrawals, entry fees, refunds, payouts), oldest first, `limit` (1–200, default 50) at a time. '
      + 'A full page carries `next`: pass it as `after` for the next page. Transactions are never changed or deleted, so paging is stable.',
    request: { query: pageQuery },
    responses: { 200: json('A page of transactions.', transactionPageSchema, { transactions: [transactionExample] }), ...COMMON.malformed, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/matches', ...player, summary: 'Open lobbies of the game',
    description: 'Lists the game\'s paid matches still in their lobby (state `lobby`), newest first, at most `limit` (1–200, default 50). Pick one and join it, or create your own. '
      + 'It reads a table the matches keep, so polling it is cheap.',
    request: { query: listQuery },
    responses: { 200: json('Lobbies, newest first.', z.object({ matches: z.array(paidMatchSchema) }), { matches: [lobbyExample] }), ...COMMON.malformed, ...errors },
  });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches', ...player, summary: 'Create a paid match',
    description: 'Creates a match of `teams` teams of `teamSize` players at `entryFee` minor units each, with the player seated (unconfirmed) in `teamId`, and answers 201 with the lobby. '
      + 'The lobby expires after PLATFORM_LOBBY_TIMEOUT_SECONDS (900) unless every seat is taken and confirmed; no money moves before that. With an `Idempotency-Key` a retry '
      + 'answers 200 with the match the first request made, as it is now; a different match under the same key is a 409. The wallet must hold the fee, and the game must take paid '
      + 'matches (a match-info URL configured): otherwise 409.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(128).optional().meta({ description: 'A retry with the same key answers the match the first request made.', example: 'tap-7' }) }),
      ...body(createPaidMatchSchema, { entryFee: 1000, teams: 2, teamSize: 1 }),
    },
    responses: {
      201: json('The new lobby.', paidMatchSchema, lobbyExample),
      200: json('A retry with the same Idempotency-Key: the match it made, as it is now.', paidMatchSchema, lobbyExample),
      ...COMMON.malformed, ...paidErrors, ...COMMON.tooLarge,
      409: error('Insufficient funds, the game takes no paid matches, or the Idempotency-Key already made a different match.', { error: 'insufficient funds: wallet balance 500, entry fee 1000', code: 'conflict' }),
    },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/matches/{matchId}', ...player, summary: 'A match of the player\'s game',
    description: 'Reads a match of the player\'s game in any state: its teams and who confirmed, then `liveAt`, the reported result and, once settled, the payout plan. Poll it to '
      + 'follow the lobby filling and the match going live. A match of another game, or an id that is not a UUID, is 404.',
    request: matchParams,
    responses: { 200: json('The match.', paidMatchSchema, paidMatchExample), ...noMatch, ...errors },
  });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches/{matchId}/join', ...player, summary: 'Take or switch a seat',
    description: 'Takes a seat in team `teamId` of a lobby, or moves the player there from another team; the seat is unconfirmed until `confirm`. Joining one\'s own team again '
      + 'changes nothing and answers the match as it is, so a retry is safe. A full team, a closed lobby or a wallet short of the fee is a 409; a player may take at most 30 '
      + 'seats in one lobby (429 after, leaving and confirming still work).',
    request: { ...matchParams, ...body(joinTeamSchema, { teamId: '2' }) },
    responses: {
      200: json('Seated.', paidMatchSchema, lobbyExample),
      400: error('Malformed body, or no such team.', { error: 'body.teamId: no team 3 in this match (teams are 1 to 2)', code: 'badRequest' }),
      ...noMatch, ...lobbyClosed(', the team is full, or the wallet cannot pay the fee'),
      429: error('The player took 30 seats in this match already.', { error: 'you took a seat in this match 30 times; no more seat changes are taken (you can still leave or confirm)', code: 'tooManyRequests' }),
      ...errors,
    },
  });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches/{matchId}/leave', ...player, summary: 'Leave a lobby',
    description: 'Gives up the player\'s seat in a lobby; nothing was paid yet, so nothing is refunded. Leaving a match the player is not in changes nothing and answers the match '
      + 'as it is, so a retry is safe. Once the lobby has closed (every seat confirmed, or expired) leaving is a 409.',
    request: matchParams,
    responses: { 200: json('Left.', paidMatchSchema, lobbyExample), ...noMatch, ...lobbyClosed(''), ...errors },
  });
  r.registerPath({
    method: 'post', path: '/platform/v1/matches/{matchId}/confirm', ...player, summary: 'Commit to pay the entry fee',
    description: 'Confirms the player\'s seat. When every seat is taken and confirmed, the lobby closes, each fee moves from its wallet to the match\'s escrow, and the game\'s '
      + 'backend is told (`PUT {match-info-url}`); the match then goes live, or is refunded if the game refuses. A second confirm changes nothing. A player who is not in the match '
      + 'is a 400; a closed lobby or a wallet short of the fee is a 409.',
    request: matchParams,
    responses: {
      200: json('Confirmed.', paidMatchSchema, lobbyExample),
      400: error('The player is not in this match.', { error: 'you are not in this match', code: 'badRequest' }),
      ...noMatch, ...lobbyClosed(', or the wallet cannot pay the fee'), ...errors,
    },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/matches/{matchId}/launch', ...player, summary: 'The game\'s launch URL',
    description: 'Answers the game client\'s launch URL with the player\'s match token, `{gameUrl}?token={token}`, for a player of a live match; the game checks the token with '
      + '`POST /api/game/v1/token-info`. Each call seals a fresh token, valid for the game\'s result deadline plus an hour. A player who is not in the match is a 403; a match '
      + 'that is not live, or a game with no launch URL, is a 409.',
    request: matchParams,
    responses: {
      200: json('Where to send the player.', z.object({ url: z.string(), token: z.string() }), { url: `https://play.example.com/game?token=${PAID_MATCH_TOKEN}`, token: PAID_MATCH_TOKEN }),
      403: error('Not a player of this match.', { error: 'you are not a player of this match', code: 'forbidden' }), ...noMatch,
      409: error('The match is not live, or the game has no launch URL.', { error: 'the match is not live (escrow)', code: 'conflict' }), ...paidErrors,
    },
  });
  r.registerPath({
    method: 'get', path: '/platform/v1/history', ...player, summary: 'The player\'s paid matches and money',
    description: 'Lists the player\'s paid matches, newest first, at most `limit` (1–200, default 50): state, team and place, and what the player paid, got refunded, won and '
      + 'netted in each, in minor units. Figures come from the ledger, so they match the wallet\'s transactions.',
    request: { query: listQuery },
    responses: {
      200: json('Newest first.', z.object({ matches: z.array(historyLine) }), {
        matches: [{ matchId: MATCH_ID, state: 'settled', entryFee: 1000, currency: 'USD', createdAt: CREATED_AT, endedAt: '2026-03-14T09:41:02.000Z', team: '1', place: 1, paid: 1000, refunded: 0, won: 1800, net: 800 }],
      }),
      ...COMMON.malformed, ...errors,
    },
  });
}
