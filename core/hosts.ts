import { recordPing } from '../db/hosts';
import { seatsLetGo } from '../domain/hosts/contract';
import type { CoreDeps } from './deps';

/**
 * Keeps a Padrone ping in the host's row, where the host workflow reads it when its ping timeout comes, so a ping
 * costs one UPDATE and no workflow task. 'askTheHost': the workflow must hear this ping itself, because it lets a
 * player go (`connectedClients` leaves out a seat whose join is old enough), or the row cannot vouch for the
 * caller (no row yet, another owner's, or kept by an older worker); the workflow's validator then answers.
 */
export async function keepPing(
  deps: Pick<CoreDeps, 'db'>, ping: { projectId: string; endpoint: string; owner: string; connectedClients: string[] }, joinTimeoutMs: number,
): Promise<'kept' | 'askTheHost'> {
  const seats = await recordPing(deps.db, ping.projectId, ping.endpoint, ping.owner);
  if (!seats) return 'askTheHost';
  return seatsLetGo(seats, ping.connectedClients, Date.now(), joinTimeoutMs).length > 0 ? 'askTheHost' : 'kept';
}
