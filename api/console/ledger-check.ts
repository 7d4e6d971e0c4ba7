import type { Db } from '../../db/create-db';
import { checkLedger, type LedgerCheck } from '../../db/paid-matches/ledger';

/** Checking reads every posting: done at most once a minute per process however many finance pages are open. */
const FRESH_MS = 60_000;

export class LedgerCheckCache {
  private last?: { at: number; check: Promise<LedgerCheck> };

  read(db: Db): Promise<LedgerCheck & { checkedAt: string }> {
    if (!this.last || Date.now() - this.last.at > FRESH_MS) {
      const check = checkLedger(db);
      this.last = { at: Date.now(), check };
      // A failed read is not kept: the next page asks again.
      check.catch(() => { this.last = undefined; });
    }
    const at = this.last.at;
    return this.last.check.then((c) => ({ ...c, checkedAt: new Date(at).toISOString() }));
  }
}
