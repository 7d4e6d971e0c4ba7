import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RetentionInput } from '../domain/retention';

// A regular activity (deletes in batches can take a while); a run that fails is simply retried by the next one.
const { pruneExpiredRows } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 3, initialInterval: '10 seconds' },
});

/** One pass of the retention job, started by its schedule: deletes rows past their age, answers how many. */
export async function retentionWorkflow(input: RetentionInput): Promise<Record<string, number>> {
  return pruneExpiredRows(input);
}
