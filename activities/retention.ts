import { pruneExpired, type PrunedRows } from '../db/retention';
import type { RetentionInput } from '../domain/retention';
import type { ActivityDeps } from './deps';

/** The retention job's side effect: rows past their age, deleted in batches. */
export function createRetentionActivities(deps: ActivityDeps) {
  return {
    /** One pass; answers how many rows of each kind went. */
    async pruneExpiredRows(input: RetentionInput): Promise<PrunedRows> {
      const now = Date.now();
      // A ticket searches at most an hour; its session may then wait for results this long: its info is shown until then.
      const infoHours = Math.max(input.ticketRetentionHours, 1 + (input.sessionResultDeadlineSeconds ?? 0) / 3600);
      const pruned = await pruneExpired(deps.db, {
        ticketsBefore: new Date(now - input.ticketRetentionHours * 3600_000), infosBefore: new Date(now - infoHours * 3600_000),
        sessionsBefore: new Date(now - input.sessionRetentionDays * 86_400_000),
      });
      deps.log.info({ pruned }, 'retention pass');
      return pruned;
    },
  };
}
