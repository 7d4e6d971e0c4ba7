import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

/** How workflows read an activity's failure (workflow-safe: no Node built-ins). */

/** The activity's own failure, unwrapped from the ActivityFailure Temporal hands the workflow. */
function causeOf(err: unknown): unknown {
  return err instanceof ActivityFailure ? err.cause : err;
}

/** True when no retry can help: the activity said so (a refusal, bad data), as opposed to running out of attempts. */
export function refusedForGood(err: unknown): boolean {
  const cause = causeOf(err);
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}

export function failureType(err: unknown): string | undefined {
  const cause = causeOf(err);
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

export function failureMessage(err: unknown): string {
  const cause = causeOf(err);
  return cause instanceof Error ? cause.message : String(cause);
}

/** An update validator's refusal: typed, never retried, and never recorded in the history. */
export function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}
