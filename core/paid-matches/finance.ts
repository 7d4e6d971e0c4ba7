import { listTransactions, totalsByKind, type TransactionFilter } from '../../db/paid-matches/ledger';
import { accountId, accounts } from '../../domain/paid-matches/ledger';
import { escrowNet, houseIncome, matchMoney } from '../../domain/paid-matches/money';
import type { CoreDeps } from '../deps';
import { readMatch } from './matches';

/** A period's totals by kind, and what the house earned and the escrows took in net: the figures for a report. */
export async function financeSummary(deps: Pick<CoreDeps, 'db'>, filter: Omit<TransactionFilter, 'after' | 'limit'>) {
  const totals = await totalsByKind(deps.db, filter);
  return { ...filter, totals, houseIncome: houseIncome(totals), escrowNet: escrowNet(totals) };
}

/** A match's money trail beside the result it was settled by: who paid in, who was paid out, and why. */
export async function matchTrail(deps: CoreDeps, projectId: string, matchId: string) {
  const [match, transactions] = await Promise.all([readMatch(deps, projectId, matchId), listTransactions(deps.db, { matchId, limit: 10_000 })]);
  return { match, money: matchMoney(transactions, accountId(accounts.escrow(match.projectId, match.matchId))), transactions };
}
