import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { markFailed } from '../db/matchmaking/webhook-deliveries';
import { attemptDelivery } from '../core/matchmaking/webhook-delivery';
import { SESSION_WEBHOOK_REFUSED, type SessionWebhookInput } from '../domain/matchmaking/session-webhooks';
import type { ActivityDeps } from './deps';

/** Session webhooks: one signed POST per try (Temporal retries it with back-off), and the delivery's defined end. */
export function createSessionWebhookActivities(deps: ActivityDeps) {
  return {
    /**
     * One try: a 2xx completes it; a retryable answer throws a plain error, which Temporal retries within the
     * workflow's window; a refusal throws non-retryable. Every try sends the workflow's idempotency key.
     */
    async deliverSessionWebhook(input: SessionWebhookInput): Promise<void> {
      const { deliveryId, event, attemptTimeoutMs } = input.due;
      const { outcome, detail } = await attemptDelivery(deps, { deliveryId, event, idempotencyKey: input.idempotencyKey, attempt: Context.current().info.attempt, attemptTimeoutMs });
      if (outcome === 'retry') throw new Error(detail);
      if (outcome === 'refused') throw ApplicationFailure.nonRetryable(detail, SESSION_WEBHOOK_REFUSED);
    },

    /** Marks a delivery no try could make `failed`, saying why (a delivery that ended already stays as it is). */
    async giveUpSessionWebhook(input: { deliveryId: string; reason: string }): Promise<void> {
      await markFailed(deps.db, input.deliveryId, input.reason);
    },
  };
}
