import { claimPlayerTicket, currentTicketOf, type ClaimTicketResult } from '../../db/matchmaking/player-tickets';
import { ratingOf } from '../../db/matchmaking/sessions';
import { recordTicketInfo } from '../../db/matchmaking/ticket-statuses';
import { recordTicketQueued, type QueuedTicket } from '../../db/matchmaking/tickets';
import { findProject } from '../../db/projects';
import {
  cancelTicketSignal, enqueueTicketSignal, MATCHMAKING_WORKFLOWS, matcherWorkflowId, ticketWorkflowId, withdrawTicketSignal, type MatcherInput, type RuleRevision, type TicketInput,
} from '../../domain/matchmaking/contract';
import { ARRIVAL_ORDER } from '../../domain/matchmaking/grouping';
import { queueBucketLabel } from '../../domain/matchmaking/buckets';
import type { Config } from '../../domain/config';
import type { Project } from '../../domain/projects';
import type { SessionWebhookPolicy } from '../../domain/matchmaking/session-webhooks';
import { ProjectId, QueueBucket } from '../../domain/search-attributes';
import type { CoreDeps } from '../deps';
import { signalIfRunning } from '../temporal';
import { recordVerdicts } from './verdicts';

/** How every matcher of this deployment runs (from configuration). */
export interface MatchmakingSettings {
  serverRetryMs: number;
  sessionResultDeadlineSeconds: number;
  /** An empty matcher ends after this long; the next ticket starts it again. */
  matcherIdleSeconds: number;
  /** How sessions' webhook deliveries are tried. */
  sessionWebhooks: SessionWebhookPolicy;
}

type SettingsConfig = 'SERVER_RETRY_MS' | 'SESSION_RESULT_DEADLINE_SECONDS' | 'MATCHER_IDLE_SECONDS' | 'SESSION_WEBHOOK_ATTEMPT_TIMEOUT_MS' | 'SESSION_WEBHOOK_WINDOW_SECONDS';

export function matchmakingSettings(config: Pick<Config, SettingsConfig>): MatchmakingSettings {
  return {
    serverRetryMs: config.SERVER_RETRY_MS, sessionResultDeadlineSeconds: config.SESSION_RESULT_DEADLINE_SECONDS, matcherIdleSeconds: config.MATCHER_IDLE_SECONDS,
    sessionWebhooks: { attemptTimeoutMs: config.SESSION_WEBHOOK_ATTEMPT_TIMEOUT_MS, windowSeconds: config.SESSION_WEBHOOK_WINDOW_SECONDS },
  };
}

/**
 * Puts a ticket in line: takes the player's place (or learns a newer request holds it), cancels the ticket it
 * replaces, keeps the ticket's info where sessions will read it, and hands the ticket to its bucket's matcher.
 * Every step is idempotent: a retry repeats them harmlessly (the matcher ignores a repeated enqueue, and one that
 * arrives after the deadline).
 */
export async function joinQueue(deps: CoreDeps, settings: MatchmakingSettings, ticket: TicketInput, deadline?: number, project?: Project): Promise<ClaimTicketResult> {
  const claim = await claimPlayerTicket(deps.db, ticket);
  if (claim.supersededBy) {
    await recordVerdicts(deps.db, [{ ticketId: ticket.ticketId, projectId: ticket.projectId, status: { status: 'failed', reason: 'cancelled' } }]);
    return claim;
  }
  if (claim.previousTicketId) await cancelReplacedTicket(deps, ticket.projectId, claim.previousTicketId);
  await Promise.all([recordTicketInfo(deps.db, ticket), recordTicketQueued(deps.db, queuedTicket(ticket))]);
  await enqueue(deps, settings, ticket, deadline, project);
  await withdrawIfReplacedMeanwhile(deps, ticket);
  return claim;
}

/** The live queue's row: the bucket as operators name it, and when the ticket gives up. */
function queuedTicket(t: TicketInput): QueuedTicket {
  return {
    ticketId: t.ticketId, projectId: t.projectId, playerId: t.playerId, bucketLabel: queueBucketLabel(t),
    requestedAt: new Date(t.requestedAt), deadlineAt: new Date(t.requestedAt + t.maxMatchTimeSeconds * 1000),
  };
}

/**
 * A newer request that claimed the player between this ticket's claim and its enqueue cancelled it before the
 * matcher had it (possibly before the matcher even ran): the matcher is asked now, so the ticket never searches.
 * A second withdrawal of an answered ticket changes nothing.
 */
async function withdrawIfReplacedMeanwhile(deps: CoreDeps, ticket: TicketInput): Promise<void> {
  const current = await currentTicketOf(deps.db, ticket.projectId, ticket.playerId);
  if (current === ticket.ticketId) return;
  await signalIfRunning(deps.temporal.workflow.getHandle(matcherWorkflowId(ticket.projectId, ticket.bucketId)), withdrawTicketSignal, { ticketId: ticket.ticketId, why: 'cancelled' });
}

/**
 * Signal-with-start, which a workflow cannot do itself: the bucket's matcher begins with the first ticket it gets.
 * The project is the API's, read for the request; a ticket's own retry (the activity) reads it here.
 */
async function enqueue(deps: CoreDeps, settings: MatchmakingSettings, ticket: TicketInput, deadline?: number, known?: Project): Promise<void> {
  const [project, rating] = await Promise.all([known ?? findProject(deps.db, ticket.projectId), ratingOf(deps.db, ticket.projectId, ticket.playerId)]);
  await deps.temporal.workflow.signalWithStart(MATCHMAKING_WORKFLOWS.matcher, {
    taskQueue: deps.taskQueue,
    workflowId: matcherWorkflowId(ticket.projectId, ticket.bucketId),
    args: [matcherInputFor(project, ticket, settings)],
    typedSearchAttributes: [{ key: ProjectId, value: ticket.projectId }, { key: QueueBucket, value: queueBucketLabel(ticket) }],
    signal: enqueueTicketSignal,
    signalArgs: [{ ticketId: ticket.ticketId, playerId: ticket.playerId, rating, enqueuedAt: 0, deadline, groupingRule: project && ruleOf(project) }],
  });
}

/** A bucket's matcher, as the project's grouping rule and this deployment's settings make it. */
export function matcherInputFor(project: Project | undefined, ticket: TicketInput, settings: MatchmakingSettings): MatcherInput {
  return {
    projectId: ticket.projectId, bucketId: ticket.bucketId, bucketKey: ticket.bucketKey, teamSizes: ticket.teamSizes,
    matchTag: ticket.matchTag, serverTag: ticket.serverTag, rule: project?.groupingRule ?? ARRIVAL_ORDER, ruleRevision: project?.revision,
    serverRetryMs: settings.serverRetryMs, sessionResultDeadlineSeconds: settings.sessionResultDeadlineSeconds, idleSeconds: settings.matcherIdleSeconds,
  };
}

export const ruleOf = (p: Project): RuleRevision => ({ rule: p.groupingRule, revision: p.revision });

/** A replaced ticket that already ended has nothing left to cancel. */
async function cancelReplacedTicket(deps: CoreDeps, projectId: string, ticketId: string): Promise<void> {
  await signalIfRunning(deps.temporal.workflow.getHandle(ticketWorkflowId(projectId, ticketId)), cancelTicketSignal, { reason: 'replaced' });
}
