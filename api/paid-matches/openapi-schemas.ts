import { z } from 'zod';
import { PAID_MATCH_STATES, type PaidMatchView } from '../../domain/paid-matches/contract';
import type { PostedTransaction } from '../../domain/paid-matches/ledger';
import { CREATED_AT, MATCH_ID, PROJECT_ID, TRANSACTION_ID } from '../openapi-examples';
import type { SameShape } from '../openapi-kit';

/** The answers paid-match routes share (players, game and finance alike), with an example of each. */

const int = () => z.number().int();

export const paidMatchSchema = z.object({
  matchId: z.string(), projectId: z.string(), state: z.enum(PAID_MATCH_STATES),
  entryFee: int().meta({ description: 'Each player\'s fee, in minor units.' }), currency: z.string(), teamSize: int(),
  teams: z.array(z.object({ id: z.string(), members: z.array(z.object({ playerId: z.string(), confirmed: z.boolean() })) })),
  createdBy: z.string(), createdAt: z.string(), liveAt: z.string().optional(), endedAt: z.string().optional(),
  reason: z.string().optional().meta({ description: 'Why the match refunded or expired.' }),
  result: z.object({
    scores: z.record(z.string(), z.number()).meta({ description: 'Each participant\'s accepted score.' }),
    teams: z.record(z.string(), z.object({ score: z.number().optional(), ranking: int().optional(), forfeit: z.boolean().optional() })),
  }).meta({ description: 'What the game reported so far; the first value accepted for any field is final.' }),
  submissionsTotal: int(), submissionsLeft: int(),
  payout: z.object({
    pot: int(), rake: int(), remainder: int().meta({ description: 'Left by rounding shares down; goes to the house.' }),
    payouts: z.array(z.object({ playerId: z.string(), teamId: z.string(), amount: int() })),
    places: z.array(z.object({ teamId: z.string(), place: int() })),
  }).optional().meta({ description: 'Who is paid what, once the match settles.' }),
}).meta({ id: 'PaidMatch', description: 'A paid match. Amounts are integer minor units (cents).' });

export const paidMatchExample = {
  matchId: MATCH_ID, projectId: PROJECT_ID, state: 'settled', entryFee: 1000, currency: 'USD', teamSize: 1,
  teams: [{ id: '1', members: [{ playerId: 'test:alice', confirmed: true }] }, { id: '2', members: [{ playerId: 'test:bob', confirmed: true }] }],
  createdBy: 'test:alice', createdAt: CREATED_AT, liveAt: '2026-03-14T09:28:10.000Z', endedAt: '2026-03-14T09:41:02.000Z',
  result: { scores: { 'test:alice': 31, 'test:bob': 17 }, teams: { 1: { ranking: 1 }, 2: { ranking: 2 } } }, submissionsTotal: 2, submissionsLeft: 0,
  payout: { pot: 2000, rake: 200, remainder: 0, payouts: [{ playerId: 'test:alice', teamId: '1', amount: 1800 }], places: [{ teamId: '1', place: 1 }, { teamId: '2', place: 2 }] },
};

/** A match waiting for players, as the lobby list and the seat changes answer it. */
export const lobbyExample = {
  matchId: MATCH_ID, projectId: PROJECT_ID, state: 'lobby', entryFee: 1000, currency: 'USD', teamSize: 1,
  teams: [{ id: '1', members: [{ playerId: 'test:alice', confirmed: false }] }, { id: '2', members: [] }],
  createdBy: 'test:alice', createdAt: CREATED_AT, result: { scores: {}, teams: {} }, submissionsTotal: 0, submissionsLeft: 2,
};

export const transactionSchema = z.object({
  seq: int().meta({ description: 'Posting order; the cursor of `after`.' }), transactionId: z.string(), idempotencyKey: z.string(), projectId: z.string(),
  kind: z.enum(['deposit', 'withdrawal', 'entryFee', 'refund', 'rake', 'remainder', 'payout']),
  from: z.string().meta({ description: 'Account id: `wallet:{project}:{player}`, `escrow:{project}:{match}`, `house:{project}` or `external:{project}`.' }),
  to: z.string(), amount: int().meta({ description: 'Minor units, always positive.' }),
  matchId: z.string().optional(), playerId: z.string().optional(), memo: z.string().optional(), postedAt: z.string(),
}).meta({ id: 'LedgerTransaction', description: 'One movement of money between two accounts (a double-entry transaction).' });

export const transactionExample = {
  seq: 1042, transactionId: TRANSACTION_ID, idempotencyKey: `${MATCH_ID}/entry-fee/test:alice`, projectId: PROJECT_ID, kind: 'entryFee',
  from: `wallet:${PROJECT_ID}:test:alice`, to: `escrow:${PROJECT_ID}:${MATCH_ID}`, amount: 1000, matchId: MATCH_ID, playerId: 'test:alice', postedAt: '2026-03-14T09:27:41.000Z',
};

/** Bare `transactionSchema` without the cursor: what a wallet movement answers. */
export const postedTransactionSchema = transactionSchema.omit({ seq: true }).meta({ id: 'PostedTransaction', description: 'The wallet movement, as posted (or as first posted, for a repeated reference).' });

export const depositExample = {
  transactionId: TRANSACTION_ID, idempotencyKey: `deposit/${PROJECT_ID}/stripe-pi-3OqZ2kLx`, projectId: PROJECT_ID, kind: 'deposit', from: `external:${PROJECT_ID}`,
  to: `wallet:${PROJECT_ID}:test:alice`, amount: 5000, playerId: 'test:alice', memo: 'top-up by card', postedAt: '2026-03-14T09:20:05.000Z',
};

export const transactionPageSchema = z.object({
  transactions: z.array(transactionSchema),
  next: int().optional().meta({ description: 'Present when the page is full: pass it as `after` for the next page.' }),
}).meta({ id: 'TransactionPage' });

export const TRANSACTIONS_CSV = `seq,transactionId,postedAt,projectId,kind,amount,from,to,matchId,playerId,idempotencyKey,memo
1042,${TRANSACTION_ID},2026-03-14T09:27:41.000Z,${PROJECT_ID},entryFee,1000,wallet:${PROJECT_ID}:test:alice,escrow:${PROJECT_ID}:${MATCH_ID},${MATCH_ID},test:alice,${MATCH_ID}/entry-fee/test:alice,
`;

const _sameShapes: [SameShape<z.infer<typeof paidMatchSchema>, PaidMatchView>, SameShape<z.infer<typeof postedTransactionSchema>, PostedTransaction>] = [true, true];
