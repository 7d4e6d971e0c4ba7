import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ticketWorkflowId } from '../../domain/ids';
import { cancelTicketSignal } from '../../domain/messages';
import { PlayerId, ProjectId, QueueBucket, TicketState } from '../../domain/search-attributes';
import { bucketOf } from '../../domain/buckets';
import type { MatchRequest, TicketInput, TicketStatus } from '../../domain/tickets';
import type { ClientClaims } from '../../domain/tokens';
import type { ticketWorkflow } from '../../workflows/ticket';
import type { ApiDeps } from '../deps';
import { playerSessionView } from './session-views';

/** How long a match token stays readable after its ticket's deadline (COMPAT.md: at least one hour). */
const STATUS_READABLE_SECONDS = 24 * 3600;

/** Starts a ticket workflow for the player and answers its match token. */
export async function requestTicket(deps: ApiDeps, client: ClientClaims, req: MatchRequest): Promise<string> {
  const ticketId = randomUUID();
  const input: TicketInput = {
    projectId: client.projectId,
    ticketId,
    playerId: client.playerId,
    playerName: client.name,
    teamSizes: req.teamSizes,
    maxMatchTimeSeconds: req.maxMatchTime,
    matchTag: req.matchTag,
    serverTag: req.serverTag,
    info: req.info,
    requestedAt: Date.now(),
    ...bucketOf(req),
  };
  await deps.temporal.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: ticketWorkflowId(client.projectId, ticketId),
    args: [input],
    typedSearchAttributes: [
      { key: ProjectId, value: client.projectId },
      { key: PlayerId, value: client.playerId },
      { key: QueueBucket, value: input.bucketKey },
      { key: TicketState, value: 'searching' },
    ],
  });
  return deps.sealer.sealMatch({ projectId: client.projectId, playerId: client.playerId, ticketId }, req.maxMatchTime + STATUS_READABLE_SECONDS);
}

/** The ticket's status as BattlePlace answers it, or notFound for a foreign, forged or forgotten token. */
export async function readTicket(deps: ApiDeps, client: ClientClaims, matchToken: string) {
  const ticketId = await ownTicketId(deps, client, matchToken);
  if (!ticketId) return { status: 'notFound' as const };
  let status: TicketStatus;
  try {
    // describe() is answered by the Temporal server from the ticket's memo, without a round trip to a worker:
    // polling players cost the matchers nothing. No memo yet means the ticket is still searching.
    const described = await deps.temporal.workflow.getHandle(ticketWorkflowId(client.projectId, ticketId)).describe();
    status = (described.memo?.status as TicketStatus | undefined) ?? { status: 'inProgress' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { status: 'notFound' as const };
    throw err;
  }
  if (status.status !== 'matched') return status;
  return { status: 'matched' as const, session: await playerSessionView(deps, client.projectId, status.assignment) };
}

/** Cancels the player's own ticket; a matched or ended ticket stays as it is. */
export async function cancelTicket(deps: ApiDeps, client: ClientClaims, matchToken: string): Promise<void> {
  const ticketId = await ownTicketId(deps, client, matchToken);
  if (!ticketId) return;
  try {
    await deps.temporal.workflow.getHandle(ticketWorkflowId(client.projectId, ticketId)).signal(cancelTicketSignal, { reason: 'cancelled' });
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

async function ownTicketId(deps: ApiDeps, client: ClientClaims, matchToken: string): Promise<string | undefined> {
  const claims = await deps.sealer.openMatch(matchToken);
  const own = claims && claims.projectId === client.projectId && claims.playerId === client.playerId;
  return own ? claims.ticketId : undefined;
}
