import { randomUUID } from 'node:crypto';
import { signalIfRunning } from '../../domain/temporal-errors';
import { ticketWorkflowId } from '../../domain/ids';
import { cancelTicketSignal } from '../../domain/messages';
import { PlayerId, ProjectId, QueueBucket, TicketState } from '../../domain/search-attributes';
import { bucketOf } from '../../domain/buckets';
import type { MatchRequest, TicketInput, TicketStatus } from '../../domain/tickets';
import type { ClientClaims } from '../../domain/tokens';
import type { ticketWorkflow } from '../../workflows/ticket';
import { findSession } from '../../db/sessions';
import { readTicketStatus } from '../../db/ticket-statuses';
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
  // Answered tickets are read from the table their matcher writes, so polling players never load Temporal;
  // the match token proves the ticket was started, so no row means it is still searching.
  const status: TicketStatus = (await readTicketStatus(deps.db, client.projectId, ticketId)) ?? { status: 'inProgress' };
  if (status.status !== 'matched') return status;
  const session = await findSession(deps.db, client.projectId, status.assignment.sessionId);
  // The session is recorded before any ticket of it is; gone only once the retention job pruned both.
  if (!session) return { status: 'notFound' as const };
  return { status: 'matched' as const, session: await playerSessionView(deps, client.projectId, session, status.assignment) };
}

/** Cancels the player's own ticket; a matched or ended ticket stays as it is. */
export async function cancelTicket(deps: ApiDeps, client: ClientClaims, matchToken: string): Promise<void> {
  const ticketId = await ownTicketId(deps, client, matchToken);
  // An answered ticket has nothing to cancel: repeated DELETEs never reach (or grow) its history.
  if (!ticketId || (await readTicketStatus(deps.db, client.projectId, ticketId))) return;
  await signalIfRunning(deps.temporal.workflow.getHandle(ticketWorkflowId(client.projectId, ticketId)), cancelTicketSignal, { reason: 'cancelled' });
}

async function ownTicketId(deps: ApiDeps, client: ClientClaims, matchToken: string): Promise<string | undefined> {
  const claims = await deps.sealer.openMatch(matchToken);
  const own = claims && claims.projectId === client.projectId && claims.playerId === client.playerId;
  return own ? claims.ticketId : undefined;
}
