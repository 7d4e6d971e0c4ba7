import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { balanceOf, checkLedger, LedgerRefusal, postTransfer } from '../../db/paid-matches/ledger';
import { accountId, accounts, type Transfer } from '../../domain/paid-matches/ledger';
import { expectLedgerSound } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());
afterEach(() => expectLedgerSound(stack.db));

const projectId = () => `ledger-${randomUUID()}`;
const deposit = (project: string, player: string, amount: number, key: string = randomUUID()): Transfer => ({
  idempotencyKey: key, projectId: project, kind: 'deposit', from: accounts.external(project), to: accounts.wallet(project, player), amount, playerId: player,
});

describe('the double-entry ledger', () => {
  it('when one transfer is posted many times at once (retried activities), then it moves money once', async () => {
    const project = projectId();
    const transfer = deposit(project, 'p', 250);
    const posted = await Promise.all(Array.from({ length: 20 }, () => postTransfer(stack.db, transfer)));
    expect(new Set(posted.map((p) => p.transactionId)).size).toBe(1);
    expect(posted.filter((p) => !p.replayed)).toHaveLength(1);
    expect(await balanceOf(stack.db, accounts.wallet(project, 'p'))).toBe(250);
  });

  it('when many entry fees race for one wallet, then exactly as many as it can pay go through and it never goes negative', async () => {
    const project = projectId();
    await postTransfer(stack.db, deposit(project, 'p', 1000));
    const fees = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => postTransfer(stack.db, {
      idempotencyKey: `m${i}/entry-fee/p`, projectId: project, kind: 'entryFee', from: accounts.wallet(project, 'p'), to: accounts.escrow(project, `m${i}`), amount: 100,
    })));
    expect(fees.filter((f) => f.status === 'fulfilled')).toHaveLength(10);
    expect(fees.filter((f) => f.status === 'rejected').every((f) => (f as PromiseRejectedResult).reason instanceof LedgerRefusal)).toBe(true);
    expect(await balanceOf(stack.db, accounts.wallet(project, 'p'))).toBe(0);
  });

  it('when a key is reused for a different movement, then it is refused and nothing moves', async () => {
    const project = projectId();
    const first = deposit(project, 'p', 10, 'same-key-' + project);
    await postTransfer(stack.db, first);
    await expect(postTransfer(stack.db, { ...first, amount: 11 })).rejects.toMatchObject({ reason: 'keyReused' });
    expect(await balanceOf(stack.db, accounts.wallet(project, 'p'))).toBe(10);
  });

  it('when a balance is tampered with, then the invariant check names the account (so it is not a check that cannot fail)', async () => {
    const project = projectId();
    await postTransfer(stack.db, deposit(project, 'p', 10));
    const wallet = accountId(accounts.wallet(project, 'p'));
    const rollback = new Error('rollback');
    await expect(stack.db.transaction().execute(async (trx) => {
      await sql`update ledger_accounts set balance = balance + 1 where id = ${wallet}`.execute(trx);
      const check = await checkLedger(trx);
      expect(check).toMatchObject({ ok: false, sum: 1, driftedAccounts: [wallet] });
      throw rollback;
    })).rejects.toBe(rollback);
  });
});
