import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition, SignalDefinition } from '@temporalio/common';

/** The update's target refused it (validator), no longer runs, or never existed: all "no" answers, not faults. */
export function isNoSuchUpdateTarget(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return true;
  return /workflow execution already completed|not found/i.test(String((err as Error)?.message));
}

/** Signals a workflow unless it has ended or never existed (then there is nobody left to tell): true when delivered. */
export async function signalIfRunning<Args extends unknown[]>(handle: WorkflowHandle, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
  try {
    await handle.signal(signal, ...args);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** A workflow's answer to a query, or undefined when there is no such workflow. */
export async function queryIfExists<R, Args extends unknown[]>(handle: WorkflowHandle, query: QueryDefinition<R, Args>, ...args: Args): Promise<R | undefined> {
  try {
    return await handle.query(query, ...args);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
