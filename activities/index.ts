import type { Client } from '@temporalio/client';
import type { Db } from '../db/create-db';
import { removeHost, upsertHost, type HostRow } from '../db/hosts';
import { pruneExpired, type PrunedRows } from '../db/retention';
import type { Logger } from '../core/log';
import type { RetentionInput } from '../domain/retention';
import type { SigningKeys } from '../domain/paid-matches/signing-keys';
import { createMatchmakingActivities } from './matchmaking';
import { createPaidMatchActivities } from './paid-matches';
import { withDatabaseRefusals } from './refusals';

export interface MatchmakingSettings {
  serverRetryMs: number;
  sessionResultDeadlineSeconds: number;
  /** An empty matcher ends after this long; the next ticket starts it again. */
  matcherIdleSeconds: number;
}

export interface ActivityDeps {
  db: Db;
  log: Logger;
  temporal: Client;
  taskQueue: string;
  matchmaking: MatchmakingSettings;
  /** Signs the paid matches' webhook calls; absent when PLATFORM_SIGNING_KEY is unset. */
  signingKeys?: SigningKeys;
}

/** Side effects for workflows; built from injected dependencies, never from module-level singletons. */
export function createActivities(deps: ActivityDeps) {
  return withDatabaseRefusals({
    ...createPaidMatchActivities(deps),
    ...createMatchmakingActivities(deps),

    async recordHost(row: HostRow): Promise<void> {
      await upsertHost(deps.db, row);
    },

    async forgetHost(input: { projectId: string; endpoint: string }): Promise<void> {
      await removeHost(deps.db, input.projectId, input.endpoint);
    },

    /** The retention job's pass: rows past their age, deleted in batches; answers how many of each. */
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
  });
}

export type Activities = ReturnType<typeof createActivities>;
