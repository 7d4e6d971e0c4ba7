import { log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { failureMessage, refusedForGood } from '../../domain/failures';
import { SESSION_WEBHOOK_REFUSED, type SessionWebhookInput, type SessionWebhookResult } from '../../domain/matchmaking/session-webhooks';

// Bounded like every local activity here: if the database will not take the final state, the workflow's result still says it.
const { giveUpSessionWebhook } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumInterval: '5 seconds', maximumAttempts: 6 } });

/**
 * Delivers one session event (`session.started` or `session.ended`) to its project's webhook: one activity whose
 * tries Temporal spaces from 1 s, doubling, at most an hour apart, until a 2xx, a refusal, or the end of the
 * window; then `failed` in webhook_deliveries, where operators and the console find it. Started by the session
 * and abandoned by it, so a receiver that is down for hours keeps this retrying, never the session open.
 */
export async function sessionWebhookWorkflow(input: SessionWebhookInput): Promise<SessionWebhookResult> {
  const { deliverSessionWebhook } = proxyActivities<Activities>({
    // The try's own time limit ends it first (it is recorded); this catches a worker lost mid-try.
    startToCloseTimeout: input.due.attemptTimeoutMs + 5_000,
    scheduleToCloseTimeout: input.due.windowSeconds * 1000,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: [SESSION_WEBHOOK_REFUSED] },
  });
  try {
    await deliverSessionWebhook(input);
    return { state: 'delivered' };
  } catch (err) {
    const reason = refusedForGood(err) ? failureMessage(err) : `not delivered within its ${input.due.windowSeconds} s retry window`;
    await giveUp(input, reason);
    return { state: 'failed', reason };
  }
}

async function giveUp(input: SessionWebhookInput, reason: string): Promise<void> {
  try {
    await giveUpSessionWebhook({ deliveryId: input.due.deliveryId, reason });
  } catch (err) {
    log.error('a failed session webhook could not be marked failed', { deliveryId: input.due.deliveryId, error: failureMessage(err) });
  }
}
