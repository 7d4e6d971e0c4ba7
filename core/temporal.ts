import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';

/** How the edges read Temporal's answers: typed refusals by their type, an ended workflow as "nobody there". */

/**
 * The server's failure type for an update its workflow accepted and then completed without answering: the
 * target ended mid-update, which callers treat as if it had ended before.
 */
const ACCEPTED_UPDATE_COMPLETED_WORKFLOW = 'AcceptedUpdateCompletedWorkflow';

/** An update validator's typed refusal (`domain/failures.ts` `refuse`), if that is what `err` is. */
export function refusalOf(err: unknown): ApplicationFailure | undefined {
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) return undefined;
  return err.cause.type === ACCEPTED_UPDATE_COMPLETED_WORKFLOW ? undefined : err.cause;
}

/**
 * Nobody answered the update: the workflow never existed or has ended (the server answers NOT_FOUND), ended while
 * the update was in flight, or the update failed without a typed refusal (its handler failed, or was cancelled).
 */
export function unanswered(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError || (err instanceof WorkflowUpdateFailedError && refusalOf(err) === undefined);
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

/** How long a player waits for an update's answer before the signal is sent instead (answered within a task, unless no worker runs). */
const UPDATE_ANSWER_WAIT_MS = 5_000;

/**
 * Asks by update, answered once the workflow has done it, within `waitMs` (5 s unless given); when it is not answered in time (no
 * worker runs), refused (a worker older than the update), or cut short, the signal that means the same is sent
 * instead, so the caller is answered either way. Only for changes that are idempotent by signal and update alike.
 * `updateId` makes repeated asks one update. 'gone': there is no such workflow (any more).
 */
export async function updateOrSignal<Args extends [unknown, ...unknown[]]>(
  client: Client, handle: WorkflowHandle, ask: { update: UpdateDefinition<unknown, Args>; signal: SignalDefinition<Args>; args: Args; waitMs?: number; updateId?: string },
): Promise<'done' | 'signalled' | 'gone'> {
  try {
    await client.connection.withDeadline(Date.now() + (ask.waitMs ?? UPDATE_ANSWER_WAIT_MS), () => handle.executeUpdate(ask.update, { args: ask.args, updateId: ask.updateId }));
    return 'done';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'gone';
  }
  return (await signalIfRunning(handle, ask.signal, ...ask.args)) ? 'signalled' : 'gone';
}
