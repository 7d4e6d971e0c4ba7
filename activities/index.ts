import type { Db } from '../db/create-db';
import { claimPlayerTicket, type ClaimTicketInput, type ClaimTicketResult } from '../db/player-tickets';
import type { Logger } from '../domain/log';

export interface ActivityDeps {
  db: Db;
  log: Logger;
}

/** Side effects for workflows; built from injected dependencies, never from module-level singletons. */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Records the ticket as its player's current one (idempotent under retries). */
    async claimPlayerTicket(input: ClaimTicketInput): Promise<ClaimTicketResult> {
      return claimPlayerTicket(deps.db, input);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
