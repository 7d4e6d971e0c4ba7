import { LedgerRefusal, postTransfer } from '../../db/paid-matches/ledger';
import { findProject } from '../../db/projects';
import { accounts, type PostedTransaction } from '../../domain/paid-matches/ledger';
import type { CoreDeps } from '../deps';
import { countLedgerTransfer } from '../metrics';
import { Refused } from '../errors';
import { assertServing } from '../projects';

export interface WalletMove {
  projectId: string;
  playerId: string;
  kind: 'deposit' | 'withdrawal';
  amount: number;
  /** The caller's reference (a payment id): the same reference moves money once. */
  reference: string;
  memo?: string;
}

/** Money in from the outside world, or back out to it: the only movements not made by a match. */
export async function moveWallet(deps: Pick<CoreDeps, 'db'>, m: WalletMove): Promise<PostedTransaction & { replayed: boolean }> {
  const project = await findProject(deps.db, m.projectId);
  if (!project) throw new Refused('notFound', 'no such project');
  // A retired project takes no new money, but its players can still be paid out.
  if (m.kind === 'deposit') assertServing(project, 'deposits');
  const wallet = accounts.wallet(m.projectId, m.playerId);
  const outside = accounts.external(m.projectId);
  try {
    const posted = await postTransfer(deps.db, {
      idempotencyKey: `${m.kind}/${m.projectId}/${m.reference}`, projectId: m.projectId, kind: m.kind, playerId: m.playerId, amount: m.amount,
      from: m.kind === 'deposit' ? outside : wallet, to: m.kind === 'deposit' ? wallet : outside, memo: m.memo,
    });
    if (!posted.replayed) countLedgerTransfer(m);
    return posted;
  } catch (err) {
    if (!(err instanceof LedgerRefusal)) throw err;
    throw new Refused('conflict', err.reason === 'insufficientFunds' ? 'insufficient funds in the wallet' : `reference ${m.reference} was already used for a different ${m.kind}`);
  }
}
