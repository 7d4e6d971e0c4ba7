import { cancelServerSignal, serverWorkflowId, ticketWorkflowId, cancelTicketSignal } from '../../domain/matchmaking/contract';
import { hostWorkflowId, unregisterHostSignal } from '../../domain/hosts/contract';
import { findTicket } from '../../db/matchmaking/tickets';
import { hostOwner } from '../../db/console/views';
import type { CoreDeps } from '../deps';
import { Refused } from '../errors';
import { signalIfRunning } from '../temporal';

/**
 * What an operator may do to live play from the console. Each goes through the same signal the entity's own
 * client would send (a player's cancel, a server's withdrawal, a host's unregister), so the workflow ends as
 * it always does: the ticket answers `cancelled`, the matcher forgets the server, the host leaves the list.
 */

export async function cancelTicket(deps: CoreDeps, projectId: string, ticketId: string): Promise<void> {
  const ticket = await findTicket(deps.db, projectId, ticketId);
  if (!ticket) throw new Refused('notFound', 'no such ticket in this project');
  if (ticket.status) throw new Refused('conflict', 'the ticket has its verdict already');
  const told = await signalIfRunning(deps.temporal.workflow.getHandle(ticketWorkflowId(projectId, ticketId)), cancelTicketSignal, { reason: 'cancelled' });
  if (!told) throw new Refused('conflict', 'the ticket has ended');
}

export async function withdrawServerOffer(deps: CoreDeps, projectId: string, serverName: string): Promise<void> {
  const told = await signalIfRunning(deps.temporal.workflow.getHandle(serverWorkflowId(projectId, serverName)), cancelServerSignal);
  if (!told) throw new Refused('notFound', 'no such server on offer');
}

export async function endHost(deps: CoreDeps, projectId: string, endpoint: string): Promise<void> {
  const owner = await hostOwner(deps.db, projectId, endpoint);
  if (!owner) throw new Refused('notFound', 'no such host on the list');
  // The unregister a host's own player sends: the host workflow checks the owner, lets its players go and ends.
  const told = await signalIfRunning(deps.temporal.workflow.getHandle(hostWorkflowId(projectId, endpoint)), unregisterHostSignal, { owner });
  if (!told) throw new Refused('notFound', 'the host has ended');
}
