import type { ActivityDeps } from './deps';
import { createHostActivities } from './hosts';
import { createMatchmakingActivities } from './matchmaking';
import { createPaidMatchActivities } from './paid-matches';
import { withDatabaseRefusals } from './refusals';
import { createRetentionActivities } from './retention';
import { createSessionWebhookActivities } from './session-webhooks';

export type { ActivityDeps } from './deps';

/** Side effects for workflows, one file per feature; built from injected dependencies, never module-level singletons. */
export function createActivities(deps: ActivityDeps) {
  return withDatabaseRefusals({
    ...createMatchmakingActivities(deps),
    ...createHostActivities(deps),
    ...createPaidMatchActivities(deps),
    ...createRetentionActivities(deps),
    ...createSessionWebhookActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
