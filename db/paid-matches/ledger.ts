import { randomUUID } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import {
  accountId, type AccountKind, type AccountRef, type PostedTransaction, type TransactionKind, type Transfer,
} from '../../domain/paid-matches/ledger';
import type { Db } from '../create-db';
import type { Database, LedgerTransactionsTable } from '../schema';

/** Why a transfer was refused; none of these is worth retrying. */
export class LedgerRefusal extends Error {
  constructor(
    readonly reason: 'insufficientFunds' | 'keyReused',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Posts a transfer as one double-entry transaction, exactly once per idempotency key: a second call with the
 * same key (a retried activity, a replayed request) returns the first transaction and moves nothing. The
 * unique constraint on the key decides races; the accounts' CHECK constraint refuses overdrafts.
 */
export async function postTransfer(db: Db, t: Transfer): Promise<PostedTransaction & { replayed: boolean }> {
  if (!Number.isSafeInteger(t.amount) || t.amount <= 0) throw new Error(`transfer amount must be a positive integer, got ${t.amount}`);
  try {
    return await db.transaction().execute(async (trx) => {
      const from = accountId(t.from);
      const to = accountId(t.to);
      await openAccounts(trx, [t.from, t.to]);
      const inserted = await trx
        .insertInto('ledger_transactions')
        .values({
          id: randomUUID(), idempotency_key: t.idempotencyKey, project_id: t.projectId, kind: t.kind, from_account: from, to_account: to,
          amount: t.amount, match_id: t.matchId ?? null, player_id: t.playerId ?? null, memo: t.memo ?? null,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) return { ...sameOrRefuse(await transactionByKey(trx, t.idempotencyKey), t), replayed: true };
      // Rows are locked in id order, so two transfers sharing accounts can never deadlock.
      const postings = [{ ref: t.from, amount: -t.amount }, { ref: t.to, amount: t.amount }].sort((a, b) => accountId(a.ref).localeCompare(accountId(b.ref)));
      for (const p of postings) await applyPosting(trx, inserted.id, p.ref, p.amount);
      return { ...toPosted(inserted), replayed: false };
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23514') throw new LedgerRefusal('insufficientFunds', `insufficient funds in ${accountId(t.from)}`);
    throw err;
  }
}

/** Accounts open with a zero balance the first time money touches them. */
async function openAccounts(trx: Db, refs: AccountRef[]): Promise<void> {
  const rows = refs.map((ref) => ({ id: accountId(ref), project_id: ref.projectId, kind: ref.kind, owner: ref.owner })).sort((a, b) => a.id.localeCompare(b.id));
  await trx.insertInto('ledger_accounts').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
}

async function applyPosting(trx: Db, transactionId: string, ref: AccountRef, amount: number): Promise<void> {
  const id = accountId(ref);
  await trx.insertInto('ledger_postings').values({ transaction_id: transactionId, account_id: id, amount }).execute();
  await trx.updateTable('ledger_accounts').set({ balance: sql`balance + ${amount}` }).where('id', '=', id).execute();
}

async function transactionByKey(db: Db, key: string) {
  return db.selectFrom('ledger_transactions').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
}

/** A replay must describe the same movement; reusing a key for a different one is a caller's bug, refused. */
function sameOrRefuse(row: Selectable<LedgerTransactionsTable>, t: Transfer): PostedTransaction {
  const posted = toPosted(row);
  if (posted.amount !== t.amount || posted.from !== accountId(t.from) || posted.to !== accountId(t.to) || posted.kind !== t.kind) {
    throw new LedgerRefusal('keyReused', `idempotency key ${t.idempotencyKey} was already used for a different transfer`);
  }
  return posted;
}

export async function balanceOf(db: Db, ref: AccountRef): Promise<number> {
  const row = await db.selectFrom('ledger_accounts').select('balance').where('id', '=', accountId(ref)).executeTakeFirst();
  return row ? Number(row.balance) : 0;
}

export interface TransactionFilter {
  projectId?: string;
  matchId?: string;
  playerId?: string;
  kind?: TransactionKind;
  from?: Date;
  to?: Date;
  /** Keyset cursor: only transactions posted after this sequence number. */
  after?: number;
  limit: number;
}

/** Transactions in posting order, with their sequence number as the cursor for the next page. */
export async function listTransactions(db: Db, f: TransactionFilter): Promise<(PostedTransaction & { seq: number })[]> {
  let q = db.selectFrom('ledger_transactions').selectAll().where(matching(f));
  if (f.after !== undefined) q = q.where('seq', '>', String(f.after));
  const rows = await q.orderBy('seq').limit(f.limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), ...toPosted(r) }));
}

/** Sum and count of transactions per kind, under the same filters as listTransactions. */
export async function totalsByKind(db: Db, f: Omit<TransactionFilter, 'after' | 'limit'>): Promise<Partial<Record<TransactionKind, { amount: number; count: number }>>> {
  const rows = await db.selectFrom('ledger_transactions')
    .select(['kind', sql<string>`sum(amount)`.as('amount'), sql<string>`count(*)`.as('count')])
    .where(matching(f))
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, { amount: Number(r.amount), count: Number(r.count) }]));
}

/** The filters both share, as one where-clause (every given field must match). */
function matching(f: Omit<TransactionFilter, 'after' | 'limit'>) {
  return (eb: ExpressionBuilder<Database, 'ledger_transactions'>) => {
    const terms: Expression<SqlBool>[] = [];
    if (f.projectId) terms.push(eb('project_id', '=', f.projectId));
    if (f.matchId) terms.push(eb('match_id', '=', f.matchId));
    if (f.playerId) terms.push(eb('player_id', '=', f.playerId));
    if (f.kind) terms.push(eb('kind', '=', f.kind));
    if (f.from) terms.push(eb('posted_at', '>=', f.from));
    if (f.to) terms.push(eb('posted_at', '<', f.to));
    return eb.and(terms);
  };
}

export interface Balance {
  accountId: string;
  kind: AccountKind;
  projectId: string;
  owner: string;
  balance: number;
}

export async function listBalances(db: Db, f: { projectId?: string; kind?: AccountKind; owner?: string; limit: number }): Promise<Balance[]> {
  let q = db.selectFrom('ledger_accounts').selectAll();
  if (f.projectId) q = q.where('project_id', '=', f.projectId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.owner) q = q.where('owner', '=', f.owner);
  const rows = await q.orderBy('id').limit(f.limit).execute();
  return rows.map((r) => ({ accountId: r.id, kind: r.kind as AccountKind, projectId: r.project_id, owner: r.owner, balance: Number(r.balance) }));
}

export interface LedgerCheck {
  ok: boolean;
  /** Sum of every account's balance: zero, or money was created or destroyed. */
  sum: number;
  negativeAccounts: string[];
  /** Accounts whose balance disagrees with the sum of their postings. */
  driftedAccounts: string[];
  unbalancedTransactions: string[];
}

/** The ledger's invariants, checked from the rows themselves. */
export async function checkLedger(db: Db): Promise<LedgerCheck> {
  const [sum, negative, drifted, unbalanced] = await Promise.all([
    db.selectFrom('ledger_accounts').select(sql<string>`coalesce(sum(balance), 0)`.as('sum')).executeTakeFirstOrThrow(),
    db.selectFrom('ledger_accounts').select('id').where('kind', '<>', 'external').where(sql<boolean>`balance < 0`).execute(),
    sql<{ id: string }>`select a.id from ledger_accounts a
      left join (select account_id, sum(amount) as total from ledger_postings group by account_id) p on p.account_id = a.id
      where a.balance <> coalesce(p.total, 0)`.execute(db),
    sql<{ transaction_id: string }>`select transaction_id from ledger_postings group by transaction_id having sum(amount) <> 0 or count(*) <> 2`.execute(db),
  ]);
  const report = {
    sum: Number(sum.sum),
    negativeAccounts: negative.map((r) => r.id),
    driftedAccounts: drifted.rows.map((r) => r.id),
    unbalancedTransactions: unbalanced.rows.map((r) => r.transaction_id),
  };
  return { ok: report.sum === 0 && !report.negativeAccounts.length && !report.driftedAccounts.length && !report.unbalancedTransactions.length, ...report };
}

function toPosted(r: Selectable<LedgerTransactionsTable>): PostedTransaction {
  return {
    transactionId: r.id, idempotencyKey: r.idempotency_key, projectId: r.project_id, kind: r.kind as TransactionKind, from: r.from_account,
    to: r.to_account, amount: Number(r.amount), matchId: r.match_id ?? undefined, playerId: r.player_id ?? undefined, memo: r.memo ?? undefined,
    postedAt: new Date(r.posted_at).toISOString(),
  };
}
