import type { PaidMatchView } from './contract';
import type { TransactionKind } from './ledger';

/** What finance and players read off the ledger: sums by kind, and what they mean. */

export type KindTotals = Partial<Record<TransactionKind, { amount: number; count: number }>>;

const amount = (totals: KindTotals, kind: TransactionKind) => totals[kind]?.amount ?? 0;

/** The house keeps the rake and the remainder a payout table could not split evenly. */
export function houseIncome(totals: KindTotals): number {
  return amount(totals, 'rake') + amount(totals, 'remainder');
}

/** What flowed into escrows less what left them; over all time, what the escrows hold now. */
export function escrowNet(totals: KindTotals): number {
  return amount(totals, 'entryFee') - amount(totals, 'refund') - houseIncome(totals) - amount(totals, 'payout');
}

export interface MoneyMove {
  kind: TransactionKind;
  amount: number;
  from: string;
  to: string;
}

/** One match's money, from its transactions: fees in, what went out and why, and what its escrow still holds. */
export function matchMoney(moves: MoneyMove[], escrowAccount: string) {
  const sum = (kind: TransactionKind) => moves.filter((t) => t.kind === kind).reduce((n, t) => n + t.amount, 0);
  const escrowBalance = moves.reduce((n, t) => n + (t.to === escrowAccount ? t.amount : 0) - (t.from === escrowAccount ? t.amount : 0), 0);
  return { feesIn: sum('entryFee'), refunds: sum('refund'), rake: sum('rake'), remainder: sum('remainder'), payouts: sum('payout'), escrowBalance };
}

/** A player's money in one match. */
export interface PlayerMatchMoney {
  entryFee: number;
  refunded: number;
  won: number;
}

/** One line of a player's history: the match, the player's team and place, and the player's net. */
export function historyLine(view: PaidMatchView, money: PlayerMatchMoney, playerId: string) {
  const team = view.teams.find((t) => t.members.some((m) => m.playerId === playerId));
  return {
    matchId: view.matchId, state: view.state, entryFee: view.entryFee, currency: view.currency, createdAt: view.createdAt, endedAt: view.endedAt,
    reason: view.reason, team: team?.id, place: view.payout?.places.find((p) => p.teamId === team?.id)?.place,
    paid: money.entryFee, refunded: money.refunded, won: money.won, net: money.won + money.refunded - money.entryFee,
  };
}
