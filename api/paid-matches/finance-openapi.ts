import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { Balance, LedgerCheck } from '../../db/paid-matches/ledger';
import type { matchMoney } from '../../domain/paid-matches/money';
import { MATCH_ID, PROJECT_ID } from '../openapi-examples';
import { body, COMMON, error, json, jsonOrCsv, pathParam, SECURITY, type SameShape } from '../openapi-kit';
import { balancesQuery, matchesQuery, summaryQuery, transactionsQuery, walletMove } from './finance';
import {
  depositExample, paidMatchExample, paidMatchSchema, postedTransactionSchema, transactionExample, transactionPageSchema, transactionSchema, TRANSACTIONS_CSV,
} from './openapi-schemas';

const finance = { tags: ['finance'], security: SECURITY.admin };
const adminErrors = COMMON.adminToken;
const errors = { ...COMMON.malformed, ...adminErrors };
const walletParams = z.object({ projectId: pathParam('The project (game).', PROJECT_ID), playerId: pathParam('The player id, e.g. `test:alice` or `steam:7656…`.', 'test:alice') });
const kindTotals = z.record(z.string(), z.object({ amount: z.number().int(), count: z.number().int() })).meta({ description: 'By transaction kind; kinds with no transaction are absent.' });
const balance = z.object({ accountId: z.string(), kind: z.enum(['wallet', 'escrow', 'house', 'external']), projectId: z.string(), owner: z.string(), balance: z.number().int() });
const ledgerCheck = z.object({
  ok: z.boolean(), sum: z.number().int(), negativeAccounts: z.array(z.string()), driftedAccounts: z.array(z.string()), unbalancedTransactions: z.array(z.string()),
});
const money = z.object({ feesIn: z.number().int(), refunds: z.number().int(), rake: z.number().int(), remainder: z.number().int(), payouts: z.number().int(), escrowBalance: z.number().int() });
const _sameShapes: [SameShape<z.infer<typeof balance>, Balance>, SameShape<z.infer<typeof ledgerCheck>, LedgerCheck>, SameShape<z.infer<typeof money>, ReturnType<typeof matchMoney>>] = [true, true, true];
const house = `house:${PROJECT_ID}`;

/** Finance (admin token): wallets moved by hand, and the ledger by match, player and period (README "Finance"). */
export function registerFinance(r: OpenAPIRegistry): void {
  for (const kind of ['credit', 'withdraw'] as const) {
    const credit = kind === 'credit';
    r.registerPath({
      method: 'post', path: `/admin/projects/{projectId}/wallets/{playerId}/${kind}`, ...finance, summary: credit ? 'Credit a wallet' : 'Pay a wallet out',
      description: (credit ? 'Moves `amount` minor units from the outside world into the player\'s wallet (money the player paid you) and answers the transaction. '
        : 'Moves `amount` minor units from the player\'s wallet to the outside world (money you paid the player) and answers the transaction; a wallet short of it is a 409. ')
        + '`reference` (your payment id) makes it idempotent: repeating it answers 200 with the first transaction and moves nothing, and reusing it for a different amount is a 409. '
        + 'Amounts are integers of at least 1. An unknown project is 404.',
      request: { params: walletParams, ...body(walletMove, { amount: 5000, reference: 'stripe-pi-3OqZ2kLx', memo: 'top-up by card' }) },
      responses: {
        201: json('Posted.', postedTransactionSchema, depositExample),
        200: json('This reference was posted before: the first transaction, nothing moved.', postedTransactionSchema, depositExample),
        ...errors, ...COMMON.noProject,
        409: error(credit ? 'The reference was already used for a different movement.' : 'Insufficient funds, or the reference was already used for a different movement.',
          credit ? { error: 'reference stripe-pi-3OqZ2kLx was already used for a different deposit', code: 'conflict' } : { error: 'insufficient funds in the wallet', code: 'conflict' }),
      },
    });
  }
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}/wallets/{playerId}', ...finance, summary: 'A wallet\'s balance',
    description: 'Answers a player\'s wallet balance in minor units. A wallet no money has touched reads 0 (this is a ledger read, not a check that the player exists); '
      + 'a project that does not exist is a 404, as for credit and withdraw. For the movements, see `GET /admin/finance/transactions?playerId=`.',
    request: { params: walletParams },
    responses: {
      200: json('The balance.', z.object({ projectId: z.string(), playerId: z.string(), balance: z.number().int() }), { projectId: PROJECT_ID, playerId: 'test:alice', balance: 4000 }),
      ...errors, ...COMMON.noProject,
    },
  });
  r.registerPath({
    method: 'get', path: '/admin/finance/transactions', ...finance, summary: 'Ledger transactions',
    description: 'Lists transactions in posting order, filtered by project, match, player, kind and period (`from` inclusive, `to` exclusive, ISO-8601), `limit` (1–10,000, '
      + 'default 500) at a time; a full page carries `next`, to pass as `after`. `format=csv` answers the same rows as a CSV download for a spreadsheet. Transactions are never '
      + 'changed or deleted, so pages are stable.',
    request: { query: transactionsQuery },
    responses: {
      200: jsonOrCsv('A page of transactions (or, with format=csv, the CSV).', transactionPageSchema, { transactions: [transactionExample], next: 1042 }, TRANSACTIONS_CSV),
      ...errors,
    },
  });
  r.registerPath({
    method: 'get', path: '/admin/finance/summary', ...finance, summary: 'Totals by kind for a period',
    description: 'Sums and counts transactions by kind under the same filters as `/admin/finance/transactions`, with what the house earned (rake + remainder) and what flowed '
      + 'into escrows net of what left them; over all time, `escrowNet` is what the escrows hold now. The filters are echoed back. Use it for a period\'s report.',
    request: { query: summaryQuery },
    responses: {
      200: json('The totals.', z.object({
        projectId: z.string().optional(), matchId: z.string().optional(), playerId: z.string().optional(), kind: z.string().optional(), from: z.string().optional(), to: z.string().optional(),
        totals: kindTotals, houseIncome: z.number().int(), escrowNet: z.number().int(),
      }), {
        projectId: PROJECT_ID, from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z',
        totals: { deposit: { amount: 250000, count: 41 }, entryFee: { amount: 64000, count: 64 }, rake: { amount: 6400, count: 32 }, payout: { amount: 57600, count: 32 } },
        houseIncome: 6400, escrowNet: 0,
      }),
      ...errors,
    },
  });
  r.registerPath({
    method: 'get', path: '/admin/finance/balances', ...finance, summary: 'Account balances',
    description: 'Lists account balances (player wallets, match escrows, the house, and `external`, the outside world, the one account that may be negative), ordered by account '
      + 'id, filtered by project and kind, at most `limit` (1–10,000, default 1000). `format=csv` answers a CSV download. Over all accounts the balances sum to zero.',
    request: { query: balancesQuery },
    responses: {
      200: jsonOrCsv('The balances (or, with format=csv, the CSV).', z.object({ balances: z.array(balance) }),
        { balances: [{ accountId: house, kind: 'house', projectId: PROJECT_ID, owner: '', balance: 6400 }] }, `accountId,kind,projectId,owner,balance\n${house},house,${PROJECT_ID},,6400\n`),
      ...errors,
    },
  });
  r.registerPath({
    method: 'get', path: '/admin/finance/matches', ...finance, summary: 'A game\'s paid matches',
    description: 'Lists a project\'s paid matches, newest first, optionally in one `state` and created within [`from`, `to`), at most `limit` (1–1000, default 100); each with its '
      + 'teams, reported result and payout plan. `projectId` is required. For one match\'s money, see `/admin/finance/matches/{matchId}`.',
    request: { query: matchesQuery },
    responses: { 200: json('Newest first.', z.object({ matches: z.array(paidMatchSchema) }), { matches: [paidMatchExample] }), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/admin/finance/matches/{matchId}', ...finance, summary: 'A match\'s money trail',
    description: 'Answers a match (its result and payout plan) beside its money: fees in, refunds, rake, remainder, payouts, what its escrow still holds, and every transaction. '
      + 'A settled or refunded match\'s escrow holds 0; anything else is worth a look (and `GET /admin/finance/check`).',
    request: { params: z.object({ matchId: pathParam('The match id.', MATCH_ID) }) },
    responses: {
      200: json('The match and its money.', z.object({
        match: paidMatchSchema,
        money,
        transactions: z.array(transactionSchema),
      }), { match: paidMatchExample, money: { feesIn: 2000, refunds: 0, rake: 200, remainder: 0, payouts: 1800, escrowBalance: 0 }, transactions: [transactionExample] }),
      ...adminErrors, 404: error('No such paid match.', { error: 'no such paid match', code: 'notFound' }),
    },
  });
  r.registerPath({
    method: 'get', path: '/admin/finance/check', ...finance, summary: 'Check the ledger\'s invariants',
    description: 'Checks the ledger from its rows: the balances sum to zero, no account but `external` is negative, every balance equals the sum of its postings, and every '
      + 'transaction is two postings that sum to zero. `ok` is true when all hold; otherwise the offending accounts and transactions are listed. It reads every account: run it '
      + 'from monitoring now and then, not per request.',
    responses: {
      200: json('The verdict.', ledgerCheck, { ok: true, sum: 0, negativeAccounts: [], driftedAccounts: [], unbalancedTransactions: [] }),
      ...adminErrors,
    },
  });
}

