/**
 * The double-entry ledger's vocabulary (COMPAT.md §3). Every movement of money is one transaction of two
 * postings that sum to zero, named by an idempotency key the ledger stores under a unique constraint.
 *
 * Accounts, per project: each player's wallet, each match's escrow, the house (rake and rounding remainders),
 * and `external`, the outside world. Money enters a wallet from `external` (an administrator's credit), so
 * `external` is the one account whose balance is negative: it is what the platform owes back to the world.
 * That makes the sum over all accounts zero at every instant.
 */

export type AccountKind = 'wallet' | 'escrow' | 'house' | 'external';

export interface AccountRef {
  kind: AccountKind;
  projectId: string;
  /** The wallet's player or the escrow's match; empty for the house and external accounts. */
  owner: string;
}

export const accounts = {
  wallet: (projectId: string, playerId: string): AccountRef => ({ kind: 'wallet', projectId, owner: playerId }),
  escrow: (projectId: string, matchId: string): AccountRef => ({ kind: 'escrow', projectId, owner: matchId }),
  house: (projectId: string): AccountRef => ({ kind: 'house', projectId, owner: '' }),
  external: (projectId: string): AccountRef => ({ kind: 'external', projectId, owner: '' }),
};

export function accountId(a: AccountRef): string {
  return a.owner ? `${a.kind}:${a.projectId}:${a.owner}` : `${a.kind}:${a.projectId}`;
}

export type TransactionKind = 'deposit' | 'withdrawal' | 'entryFee' | 'refund' | 'rake' | 'remainder' | 'payout';

/** One movement of `amount` minor units from one account to another. */
export interface Transfer {
  idempotencyKey: string;
  projectId: string;
  kind: TransactionKind;
  from: AccountRef;
  to: AccountRef;
  amount: number;
  matchId?: string;
  playerId?: string;
  memo?: string;
}

export interface PostedTransaction extends Omit<Transfer, 'from' | 'to'> {
  transactionId: string;
  from: string;
  to: string;
  postedAt: string;
}

/** Idempotency keys of a match's movements: the workflow names them, so a retried activity posts nothing new. */
export const matchMoneyKey = {
  entryFee: (matchId: string, playerId: string) => `${matchId}/entry-fee/${playerId}`,
  refund: (matchId: string, playerId: string) => `${matchId}/refund/${playerId}`,
  payout: (matchId: string, playerId: string) => `${matchId}/payout/${playerId}`,
  rake: (matchId: string) => `${matchId}/rake`,
  remainder: (matchId: string) => `${matchId}/remainder`,
};
