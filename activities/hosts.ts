import { checkLastPing, removeHost, upsertHost, type HostRow } from '../db/hosts';
import type { ActivityDeps } from './deps';

/** Padrone hosts' side effects: the host list's rows (COMPAT.md §2). */
export function createHostActivities(deps: ActivityDeps) {
  return {
    async recordHost(row: HostRow): Promise<void> {
      await upsertHost(deps.db, row);
    },

    /** When the host's owner last pinged: the API keeps pings in the row (undefined: none reached it). */
    async checkLastPing(input: { projectId: string; endpoint: string }): Promise<number | undefined> {
      return checkLastPing(deps.db, input.projectId, input.endpoint);
    },

    async forgetHost(input: { projectId: string; endpoint: string }): Promise<void> {
      await removeHost(deps.db, input.projectId, input.endpoint);
    },
  };
}
