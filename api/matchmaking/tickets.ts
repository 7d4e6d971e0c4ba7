import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { joinQueue } from '../../core/matchmaking/queue';
import { queryIfExists, signalIfRunning, updateOrSignal } from '../../core/temporal';
import {
  cancelTicketSignal, cancelTicketUpdate, MATCHMAKING_WORKFLOWS, ticketWithdrawnSignal, type TicketInput, type TicketStatus, ticketStatusQuery, ticketWorkflowId,
} from '../../domain/matchmaking/contract';
import { PlayerId, ProjectId, QueueBucket, TicketState } from '../../domain/search-attributes';
import { bucketOf, queueBucketLabel } from '../../domain/matchmaking/buckets';
import type { MatchRequest } from '../../domain/matchmaking/match-request';
import type { ClientClaims, MatchClaims } from '../../domain/tokens';
import type { ticketWorkflow } from '../../workflows/matchmaking/ticket';
import { findSession } from '../../db/matchmaking/sessions';
import { findProject } from '../../db/projects';
import { assertServing } from '../../core/projects';
import type { Project } from '../../domain/projects';
import { readTicketStatus } from '../../db/matchmaking/ticket-statuses';
import { claimMatchRequest } from '../../db/matchmaking/match-requests';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { keyedUuid, requestFingerprint } from '../idempotency';
import { playerSessionView } from './session-views';

/** How long a match token stays readable after its ticket's deadline (COMPAT.md: at least one hour). */
const STATUS_READABLE_SECONDS = 24 * 3600;

/**
 * Starts a ticket workflow for the player and answers its match token. With an Idempotency-Key the ticket id is
 * derived from the key and the first answer is kept: a retry gets the same token and, the workflow id being
 * taken, starts nothing new (it only starts the ticket if the first request's start never got through).
 */
export async function requestTicket(deps: ApiDeps, client: ClientClaims, req: MatchRequest, key?: string): Promise<string> {
  // A client token outlives its project's retirement by up to a day: the project says whether it still plays. Read
  // once here, it is what the matcher gets its grouping rule from too.
  const project = await findProject(deps.db, client.projectId);
  if (!project) throw new ApiError('notFound', 'no such project');
  assertServing(project, 'new match requests');
  const requestedAt = Date.now();
  const ticketId = key ? keyedUuid(client.projectId, client.playerId, key) : randomUUID();
  const matchToken = await deps.sealer.sealMatch(
    { projectId: client.projectId, playerId: client.playerId, ticketId, deadline: requestedAt + req.maxMatchTime * 1000 }, req.maxMatchTime + STATUS_READABLE_SECONDS,
  );
  if (!key) {
    await startTicket(deps, project, client, req, ticketId, requestedAt);
    return matchToken;
  }
  const fingerprint = requestFingerprint(req);
  const first = await claimMatchRequest(deps.db, { projectId: client.projectId, playerId: client.playerId, key, fingerprint, ticketId, matchToken });
  if (first.fingerprint !== fingerprint) throw new ApiError('conflict', 'this Idempotency-Key was already used for a different match request');
  // Started if the first request's start never got through, but never once the ticket's search would be over
  // (Temporal may have forgotten the ticket by then: a start would make a second one).
  // The retry is the first request again, made when the first one was: it never outranks a request made since.
  const firstAt = first.createdAt!.getTime();
  if (Date.now() < firstAt + req.maxMatchTime * 1000) await startTicket(deps, project, client, req, first.ticketId, firstAt);
  return first.matchToken;
}

/**
 * Starts the ticket, then puts it in line before the request is answered, so a bucket groups players in the order
 * their requests were accepted. The ticket exists first: if this process dies in between, the ticket is not lost
 * but searches nowhere and ends `timedOut` at its deadline (a keyed retry puts it in line).
 */
async function startTicket(deps: ApiDeps, project: Project, client: ClientClaims, req: MatchRequest, ticketId: string, requestedAt: number): Promise<void> {
  const input: TicketInput = {
    projectId: client.projectId, ticketId, playerId: client.playerId, playerName: client.name, teamSizes: req.teamSizes, maxMatchTimeSeconds: req.maxMatchTime,
    matchTag: req.matchTag, serverTag: req.serverTag, info: req.info, requestedAt, ...bucketOf(req), queued: true,
  };
  const handle = deps.temporal.workflow.getHandle(ticketWorkflowId(client.projectId, ticketId));
  let started = true;
  try {
    await deps.temporal.workflow.start<typeof ticketWorkflow>(MATCHMAKING_WORKFLOWS.ticket, {
      taskQueue: deps.taskQueue,
      workflowId: handle.workflowId,
      // A keyed retry finds its ticket running or ended: never a second run of it.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: [
        { key: ProjectId, value: client.projectId },
        { key: PlayerId, value: client.playerId },
        { key: QueueBucket, value: queueBucketLabel(input) },
        { key: TicketState, value: 'searching' },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    started = false;
  }
  // A keyed retry of an answered ticket has nothing to put in line (the matcher would take it as new by then).
  if (!started && (await readTicketStatus(deps.db, client.projectId, ticketId))) return;
  const joined = await joinQueue(deps, deps.matchmaking, input, requestedAt + req.maxMatchTime * 1000, project);
  // A newer request of the player holds its place: this ticket, never in line, ends cancelled (as its status says).
  if (joined.supersededBy) await signalIfRunning(handle, ticketWithdrawnSignal, { reason: 'cancelled' });
}

/** The ticket's status as BattlePlace answers it, or notFound for a foreign, forged or forgotten token. */
export async function readTicket(deps: ApiDeps, client: ClientClaims, matchToken: string) {
  const claims = await ownTicket(deps, client, matchToken);
  if (!claims) return { status: 'notFound' as const };
  // Answered tickets are read from the table their matcher writes, so polling players never load Temporal;
  // the match token proves the ticket was started, so no row means it is still searching.
  const status = (await readTicketStatus(deps.db, client.projectId, claims.ticketId)) ?? (await unrecordedStatus(deps, claims));
  if (status.status !== 'matched') return status;
  const session = await findSession(deps.db, client.projectId, status.assignment.sessionId);
  // The session is recorded before any ticket of it is; gone only once the retention job pruned both.
  if (!session) return { status: 'notFound' as const };
  return { status: 'matched' as const, session: await playerSessionView(deps, client.projectId, session, status.assignment) };
}

/** How long after its deadline a ticket with no recorded verdict is asked directly (its verdict could not be written). */
const ASK_THE_TICKET_AFTER_MS = 60_000;

/** Searching, unless the deadline is long past: then the ticket itself says how it ended (or that it is gone). */
async function unrecordedStatus(deps: ApiDeps, claims: MatchClaims): Promise<TicketStatus | { status: 'notFound' }> {
  if (claims.deadline === undefined || Date.now() < claims.deadline + ASK_THE_TICKET_AFTER_MS) return { status: 'inProgress' };
  const ended = await queryIfExists(deps.temporal.workflow.getHandle(ticketWorkflowId(claims.projectId, claims.ticketId)), ticketStatusQuery);
  return ended ?? { status: 'notFound' };
}

/**
 * Cancels the player's own ticket; a matched or ended ticket stays as it is. Answered once the matcher's verdict
 * (cancelled, or matched when the cancel came too late) is readable, so the caller's next status read shows it.
 * Repeated cancels of one ticket are one update.
 */
export async function cancelTicket(deps: ApiDeps, client: ClientClaims, matchToken: string): Promise<void> {
  const claims = await ownTicket(deps, client, matchToken);
  // An answered ticket has nothing to cancel: repeated DELETEs never reach (or grow) its history.
  if (!claims || (await readTicketStatus(deps.db, client.projectId, claims.ticketId))) return;
  const handle = deps.temporal.workflow.getHandle(ticketWorkflowId(client.projectId, claims.ticketId));
  await updateOrSignal(deps.temporal, handle, {
    update: cancelTicketUpdate, signal: cancelTicketSignal, args: [{ reason: 'cancelled' }], updateId: 'cancel',
  });
}

async function ownTicket(deps: ApiDeps, client: ClientClaims, matchToken: string): Promise<MatchClaims | undefined> {
  const claims = await deps.sealer.openMatch(matchToken);
  return claims && claims.projectId === client.projectId && claims.playerId === client.playerId ? claims : undefined;
}
