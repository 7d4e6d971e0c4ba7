import { recordPing } from '../db/hosts';
import { seatsLetGo } from '../domain/hosts/contract';
import type { CoreDeps } from './deps';

/**
 * Keeps a Padrone ping in the host's row, where the host workflow reads it when its ping timeout comes, so a ping
 * costs one UPDATE and no workflow task. 'askTheHost': the workflow must hear this ping itself, because it lets a
 * player go (`connectedClients` leaves out a seat whose join is old enough), or the row cannot vouch for the
 * caller (no row yet, another owner's, kept by an older worker, or no longer read by a workflow); the workflow's
 * validator then answers (or it is gone: the client registers again).
 */
export async function keepPing(
  deps: Pick<CoreDeps, 'db'>, ping: { projectId: string; endpoint: string; owner: string; connectedClients: string[] },
  timeouts: { pingSeconds: number; joinSeconds: number },
): Promise<'kept' | 'askTheHost'> {
  // A host workflow checks its row once per ping timeout: one silent for two is no longer running.
  const seats = await recordPing(deps.db, { ...ping, staleAfterSeconds: 2 * timeouts.pingSeconds });
  if (!seats) return 'askTheHost';
  return seatsLetGo(seats, ping.connectedClients, Date.now(), timeouts.joinSeconds * 1000).length > 0 ? 'askTheHost' : 'kept';
}
