import { ApplicationFailure } from '@temporalio/common';
import { databaseMessage, isRefusedForGood, sqlState } from '../db/errors';

/** The failure type workflows see when the database refused an activity's data for good. */
export const DATABASE_REFUSED = 'DatabaseRefused';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any activity signature passes through unchanged
type ActivityFn = (...args: any[]) => Promise<unknown>;

/**
 * Wraps every activity so that what the database refuses for good fails at once (non-retryable, typed) instead
 * of being retried until the workflow wedges, and so that no database error carries its query or parameters
 * into logs or histories. Passing causes (connection lost, a timeout) stay plain errors that Temporal retries.
 */
export function withDatabaseRefusals<T extends Record<string, ActivityFn>>(activities: T): T {
  const wrapped: Record<string, ActivityFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw asActivityError(err);
      }
    };
  }
  return wrapped as T;
}

function asActivityError(err: unknown): unknown {
  if (err instanceof ApplicationFailure || sqlState(err) === undefined) return err;
  if (isRefusedForGood(err)) return ApplicationFailure.nonRetryable(`the database refused it: ${databaseMessage(err)}`, DATABASE_REFUSED);
  return new Error(`database: ${databaseMessage(err)}`);
}
