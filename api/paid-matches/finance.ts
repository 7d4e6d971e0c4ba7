import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { balanceOf, checkLedger, listBalances, listTransactions } from '../../db/paid-matches/ledger';
import { findPaidMatch, listPaidMatches } from '../../db/paid-matches/matches';
import { accounts, type TransactionKind } from '../../domain/paid-matches/ledger';
import { amountSchema, MAX_CREDIT } from '../../domain/paid-matches/settings';
import { PAID_MATCH_STATES } from '../../domain/paid-matches/contract';
import { financeSummary, matchTrail } from '../../core/paid-matches/finance';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { moveWallet } from '../../core/paid-matches/wallets';
import { findProject } from '../../db/projects';
import { format, instant, sendCsv } from '../listing';

const KINDS = ['deposit', 'withdrawal', 'entryFee', 'refund', 'rake', 'remainder', 'payout'] as const satisfies readonly TransactionKind[];
const id = z.string().min(1).max(200);

/** The finance queries and the wallet movement's body, exported for the API reference (api/paid-matches/finance-openapi.ts). */
export const transactionsQuery = z.object({
  projectId: id.optional(), matchId: id.optional(), playerId: id.optional(), kind: z.enum(KINDS).optional(),
  from: instant.optional().meta({ description: 'inclusive' }), to: instant.optional().meta({ description: 'exclusive' }),
  after: z.coerce.number().int().min(0).optional().meta({ description: 'Only transactions posted after this `seq` (the `next` of the previous page).' }),
  limit: z.coerce.number().int().min(1).max(10_000).default(500), format: format.meta({ description: '`csv`: the same rows as a CSV download.' }),
});
/** A period's totals: the transactions' filters, without paging or format. */
export const summaryQuery = transactionsQuery.pick({ projectId: true, matchId: true, playerId: true, kind: true, from: true, to: true });
export const balancesQuery = z.object({
  projectId: id.optional(), kind: z.enum(['wallet', 'escrow', 'house', 'external']).optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: format.meta({ description: '`csv`: the same rows as a CSV download.' }),
});
export const walletMove = z.object({
  amount: amountSchema(MAX_CREDIT),
  reference: z.string().trim().min(1).max(200).meta({ description: 'Your reference for this movement (a payment id); repeating it repeats nothing.' }),
  memo: z.string().max(500).optional(),
}).strict();

export const matchesQuery = z.object({
  projectId: id, state: z.enum(PAID_MATCH_STATES).optional(), from: instant.optional().meta({ description: 'created at or after' }), to: instant.optional().meta({ description: 'created before' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const walletParams = z.object({ projectId: id, playerId: id });

const TRANSACTION_COLUMNS = ['seq', 'transactionId', 'postedAt', 'projectId', 'kind', 'amount', 'from', 'to', 'matchId', 'playerId', 'idempotencyKey', 'memo'];

/** Finance (admin token): wallets credited and withdrawn by hand, the ledger by match, player and period, CSV. */
export function financeRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/projects/:projectId/wallets/:playerId/credit', (req, res) => walletMoveRoute(deps, req, res, 'deposit'));
  r.post('/projects/:projectId/wallets/:playerId/withdraw', (req, res) => walletMoveRoute(deps, req, res, 'withdrawal'));
  r.get('/projects/:projectId/wallets/:playerId', async (req, res) => {
    const { projectId, playerId } = parseOr400(walletParams, req.params, 'path');
    // As credit and withdraw answer: a project that does not exist has no wallets, not empty ones.
    if (!(await findProject(deps.db, projectId))) throw new ApiError('notFound', 'no such project');
    res.json({ projectId, playerId, balance: await balanceOf(deps.db, accounts.wallet(projectId, playerId)) });
  });

  r.get('/finance/transactions', async (req, res) => {
    const q = parseOr400(transactionsQuery, req.query, 'query');
    const rows = await listTransactions(deps.db, { ...q });
    if (q.format === 'csv') return sendCsv(res, 'transactions.csv', rows, TRANSACTION_COLUMNS);
    res.json({ transactions: rows, next: rows.length === q.limit ? rows.at(-1)!.seq : undefined });
  });

  r.get('/finance/summary', async (req, res) => {
    res.json(await financeSummary(deps, parseOr400(summaryQuery, req.query, 'query')));
  });

  r.get('/finance/balances', async (req, res) => {
    const q = parseOr400(balancesQuery, req.query, 'query');
    const rows = await listBalances(deps.db, q);
    if (q.format === 'csv') return sendCsv(res, 'balances.csv', rows, ['accountId', 'kind', 'projectId', 'owner', 'balance']);
    res.json({ balances: rows });
  });

  r.get('/finance/matches', async (req, res) => {
    const q = parseOr400(matchesQuery, req.query, 'query');
    res.json({ matches: await listPaidMatches(deps.db, q) });
  });

  r.get('/finance/matches/:matchId', async (req, res) => {
    const stored = await findPaidMatch(deps.db, req.params.matchId as string);
    if (!stored) throw new ApiError('notFound', 'no such paid match');
    res.json(await matchTrail(deps, stored.projectId, stored.matchId));
  });

  r.get('/finance/check', async (_req, res) => void res.json(await checkLedger(deps.db)));
  return r;
}

async function walletMoveRoute(deps: ApiDeps, req: Request, res: Response, kind: 'deposit' | 'withdrawal'): Promise<void> {
  const params = parseOr400(walletParams, req.params, 'path');
  const body = parseOr400(walletMove, req.body ?? {}, 'body');
  const { replayed, ...transaction } = await moveWallet(deps, { ...params, kind, ...body });
  req.log.info({ projectId: params.projectId, kind, amount: body.amount, replayed }, 'wallet moved');
  res.status(replayed ? 200 : 201).json(transaction);
}
