import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/** The update's target refused it (validator), no longer runs, or never existed: all "no" answers, not faults. */
export function isNoSuchUpdateTarget(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return true;
  return /workflow execution already completed|not found/i.test(String((err as Error)?.message));
}
