import { stringify } from 'csv-stringify/sync';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { balanceOf, checkLedger, LedgerRefusal, listBalances, listTransactions, postTransfer, totalsByKind } from '../../db/paid-matches/ledger';
import { findPaidMatch, listPaidMatches } from '../../db/paid-matches/matches';
import { findProject } from '../../db/projects';
import { accounts, accountId, type PostedTransaction, type TransactionKind } from '../../domain/paid-matches/ledger';
import { amountSchema, MAX_CREDIT } from '../../domain/paid-matches/settings';
import { PAID_MATCH_STATES } from '../../domain/paid-matches/contract';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { readMatch } from './common';

const KINDS = ['deposit', 'withdrawal', 'entryFee', 'refund', 'rake', 'remainder', 'payout'] as const satisfies readonly TransactionKind[];
const id = z.string().min(1).max(200);
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be an ISO-8601 date or date-time' }).transform((v) => new Date(v));
const format = z.enum(['json', 'csv']).default('json');

const transactionsQuery = z.object({
  projectId: id.optional(), matchId: id.optional(), playerId: id.optional(), kind: z.enum(KINDS).optional(),
  from: instant.optional().meta({ description: 'inclusive' }), to: instant.optional().meta({ description: 'exclusive' }),
  after: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(10_000).default(500), format,
});
const balancesQuery = z.object({
  projectId: id.optional(), kind: z.enum(['wallet', 'escrow', 'house', 'external']).optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1000), format,
});
const walletMove = z.object({
  amount: amountSchema(MAX_CREDIT),
  reference: z.string().trim().min(1).max(200).meta({ description: 'Your reference for this movement (a payment id); repeating it repeats nothing.' }),
  memo: z.string().max(500).optional(),
}).strict();

const matchesQuery = z.object({
  projectId: id, state: z.enum(PAID_MATCH_STATES).optional(), from: instant.optional(), to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const walletParams = z.object({ projectId: id, playerId: id });

const TRANSACTION_COLUMNS = ['seq', 'transactionId', 'postedAt', 'projectId', 'kind', 'amount', 'from', 'to', 'matchId', 'playerId', 'idempotencyKey', 'memo'];

/** Finance (admin token): wallets credited and withdrawn by hand, the ledger by match, player and period, CSV. */
export function financeRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/projects/:projectId/wallets/:playerId/credit', (req, res) => moveWallet(deps, req, res, 'deposit'));
  r.post('/projects/:projectId/wallets/:playerId/withdraw', (req, res) => moveWallet(deps, req, res, 'withdrawal'));
  r.get('/projects/:projectId/wallets/:playerId', async (req, res) => {
    const { projectId, playerId } = parseOr400(walletParams, req.params, 'path');
    res.json({ projectId, playerId, balance: await balanceOf(deps.db, accounts.wallet(projectId, playerId)) });
  });

  r.get('/finance/transactions', async (req, res) => {
    const q = parseOr400(transactionsQuery, req.query, 'query');
    const rows = await listTransactions(deps.db, { ...q });
    if (q.format === 'csv') return sendCsv(res, 'transactions.csv', rows, TRANSACTION_COLUMNS);
    res.json({ transactions: rows, next: rows.length === q.limit ? rows.at(-1)!.seq : undefined });
  });

  // A period's totals by kind (fees in, rake, payouts, refunds, deposits, withdrawals): the figures for a report.
  // escrowNet is what flowed into escrows less what left them; over all time, what the escrows hold now.
  r.get('/finance/summary', async (req, res) => {
    const { after: _after, limit: _limit, format: _format, ...filter } = parseOr400(transactionsQuery, req.query, 'query');
    const totals = await totalsByKind(deps.db, filter);
    const amount = (kind: TransactionKind) => totals[kind]?.amount ?? 0;
    res.json({ ...filter, totals, houseIncome: amount('rake') + amount('remainder'), escrowNet: amount('entryFee') - amount('refund') - amount('rake') - amount('remainder') - amount('payout') });
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

  // A match's money trail beside the result it was settled by: who paid in, who was paid out, and why.
  r.get('/finance/matches/:matchId', async (req, res) => {
    const stored = await findPaidMatch(deps.db, req.params.matchId as string);
    if (!stored) throw new ApiError('notFound', 'no such paid match');
    const [match, transactions] = await Promise.all([
      readMatch(deps, stored.projectId, stored.matchId),
      listTransactions(deps.db, { matchId: stored.matchId, limit: 10_000 }),
    ]);
    const sum = (kind: TransactionKind) => transactions.filter((t) => t.kind === kind).reduce((n, t) => n + t.amount, 0);
    const escrow = accountId(accounts.escrow(match.projectId, match.matchId));
    const escrowBalance = transactions.reduce((n, t) => n + (t.to === escrow ? t.amount : 0) - (t.from === escrow ? t.amount : 0), 0);
    res.json({
      match,
      money: { feesIn: sum('entryFee'), refunds: sum('refund'), rake: sum('rake'), remainder: sum('remainder'), payouts: sum('payout'), escrowBalance },
      transactions,
    });
  });

  r.get('/finance/check', async (_req, res) => void res.json(await checkLedger(deps.db)));
  return r;
}

/** Money in from the outside world, or back out to it: the only movements not made by a match. */
async function moveWallet(deps: ApiDeps, req: Request, res: Response, kind: 'deposit' | 'withdrawal'): Promise<void> {
  const params = parseOr400(walletParams, req.params, 'path');
  const body = parseOr400(walletMove, req.body ?? {}, 'body');
  if (!(await findProject(deps.db, params.projectId))) throw new ApiError('notFound', 'no such project');
  const wallet = accounts.wallet(params.projectId, params.playerId);
  const outside = accounts.external(params.projectId);
  let posted: PostedTransaction & { replayed: boolean };
  try {
    posted = await postTransfer(deps.db, {
      idempotencyKey: `${kind}/${params.projectId}/${body.reference}`, projectId: params.projectId, kind, playerId: params.playerId, amount: body.amount,
      from: kind === 'deposit' ? outside : wallet, to: kind === 'deposit' ? wallet : outside, memo: body.memo,
    });
  } catch (err) {
    if (err instanceof LedgerRefusal) throw new ApiError('conflict', err.reason === 'insufficientFunds' ? 'insufficient funds in the wallet' : `reference ${body.reference} was already used for a different ${kind}`);
    throw err;
  }
  req.log.info({ projectId: params.projectId, kind, amount: body.amount, replayed: posted.replayed }, 'wallet moved');
  const { replayed, ...transaction } = posted;
  res.status(replayed ? 200 : 201).json(transaction);
}

function sendCsv(res: Response, filename: string, rows: object[], columns: string[]): void {
  res.type('text/csv').set('content-disposition', `attachment; filename="${filename}"`).send(stringify(rows, { header: true, columns }));
}
