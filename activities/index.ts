import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { Db } from '../db/create-db';
import { claimPlayerTicket, type ClaimTicketResult } from '../db/player-tickets';
import { ticketWorkflowId } from '../domain/ids';
import { cancelTicketSignal } from '../domain/messages';
import { removeHost, upsertHost, type HostRow } from '../db/hosts';
import { findProject } from '../db/projects';
import { findAvailableServers, upsertServer, type ServerRow } from '../db/servers';
import { recordTicketStatuses } from '../db/ticket-statuses';
import { ratingOf, recordSessionStarted, recordSettlement } from '../db/sessions';
import { ARRIVAL_ORDER } from '../domain/grouping';
import type { Logger } from '../domain/log';
import {
  claimServerUpdate, enqueueTicketSignal, matcherWorkflowId, serverWorkflowId, sessionWorkflowId, ticketMatchedSignal, ticketWithdrawnSignal,
  type Assignment, type ClaimedServer, type MatcherInput, type SessionInput,
} from '../domain/matchmaking';
import { ProjectId, QueueBucket, SessionState } from '../domain/search-attributes';
import type { Settlement } from '../domain/settlement';
import type { FailureReason, TicketInput } from '../domain/tickets';
import { isNoSuchUpdateTarget, signalIfRunning } from '../domain/temporal-errors';
import type { PlatformKeys } from '../domain/platform-keys';
import { createPlatformActivities } from './platform';

export interface MatchmakingSettings {
  serverRetryMs: number;
  sessionResultDeadlineSeconds: number;
}

export interface ActivityDeps {
  db: Db;
  log: Logger;
  temporal: Client;
  taskQueue: string;
  matchmaking: MatchmakingSettings;
  /** Signs the paid matches' webhook calls; absent when PLATFORM_SIGNING_KEY is unset. */
  platformKeys?: PlatformKeys;
}

/** Side effects for workflows; built from injected dependencies, never from module-level singletons. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPlatformActivities(deps),

    /**
     * Puts the ticket in line, in one step (a local activity, so no extra workflow task): takes the player's
     * place (or learns a newer request holds it), cancels the ticket it replaces, and hands itself to its
     * bucket's matcher with signal-with-start, which a workflow cannot do itself. Every step is idempotent: a
     * replay after a crash repeats them harmlessly (the matcher ignores a repeated enqueue).
     */
    async joinQueue(input: { ticket: TicketInput; ticketWorkflowId: string }): Promise<ClaimTicketResult> {
      const { ticket } = input;
      const claim = await claimPlayerTicket(deps.db, ticket);
      if (claim.supersededBy) {
        await recordTicketStatuses(deps.db, [{ ticketId: ticket.ticketId, projectId: ticket.projectId, status: { status: 'failed', reason: 'cancelled' } }]);
        return claim;
      }
      if (claim.previousTicketId) await cancelReplacedTicket(deps.temporal, ticket.projectId, claim.previousTicketId);
      const [project, rating] = await Promise.all([findProject(deps.db, ticket.projectId), ratingOf(deps.db, ticket.projectId, ticket.playerId)]);
      const matcher: MatcherInput = {
        projectId: ticket.projectId, bucketId: ticket.bucketId, bucketKey: ticket.bucketKey, teamSizes: ticket.teamSizes,
        matchTag: ticket.matchTag, serverTag: ticket.serverTag, rule: project?.groupingRule ?? ARRIVAL_ORDER,
        serverRetryMs: deps.matchmaking.serverRetryMs, sessionResultDeadlineSeconds: deps.matchmaking.sessionResultDeadlineSeconds,
      };
      await deps.temporal.workflow.signalWithStart('matcherWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: matcherWorkflowId(ticket.projectId, ticket.bucketId),
        args: [matcher],
        typedSearchAttributes: [{ key: ProjectId, value: ticket.projectId }, { key: QueueBucket, value: ticket.bucketKey }],
        signal: enqueueTicketSignal,
        signalArgs: [{ ticketId: ticket.ticketId, ticketWorkflowId: input.ticketWorkflowId, playerId: ticket.playerId, rating, info: ticket.info, enqueuedAt: 0 }],
      });
      return claim;
    },

    async findAvailableServers(input: { projectId: string; serverTag: string; limit: number }): Promise<string[]> {
      return findAvailableServers(deps.db, input.projectId, input.serverTag, input.limit);
    },

    /**
     * Asks one server registration to take the session. The update id is the session's, so a retried activity
     * gets the first answer again instead of claiming twice. undefined: the server is gone, taken or expired.
     */
    async claimServer(input: { projectId: string; name: string; sessionId: string }): Promise<ClaimedServer | undefined> {
      try {
        return await deps.temporal.workflow.getHandle(serverWorkflowId(input.projectId, input.name))
          .executeUpdate(claimServerUpdate, { args: [{ sessionId: input.sessionId }], updateId: `claim-${input.sessionId}` });
      } catch (err) {
        if (isNoSuchUpdateTarget(err)) return undefined;
        throw err;
      }
    },

    /**
     * Everything a matcher does once groups are decided, in one local activity inside the matcher's own task:
     * records and starts each session, makes every verdict readable, then tells the tickets. Each step is
     * idempotent (a started session, a recorded status or a repeated verdict is left as it is), so a replay
     * after a crash repeats them harmlessly. Sessions exist before anyone can read `matched`.
     */
    async announce(input: Announcement): Promise<void> {
      await Promise.all(input.sessions.map((s) => recordSessionStarted(deps.db, s.session)));
      await Promise.all(input.sessions.map((s) => startSession(deps, s.session)));
      const matched = input.sessions.flatMap((s) => s.matched);
      await recordTicketStatuses(deps.db, [
        ...matched.map((m) => ({ ticketId: m.ticketId, projectId: input.projectId, status: { status: 'matched' as const, assignment: m.assignment } })),
        ...input.withdrawals.map((w) => ({ ticketId: w.ticketId, projectId: input.projectId, status: { status: 'failed' as const, reason: w.reason } })),
      ]);
      await Promise.all([
        ...matched.map((m) => signalTicket(deps.temporal, m.ticketWorkflowId, ticketMatchedSignal, m.assignment)),
        ...input.withdrawals.map((w) => signalTicket(deps.temporal, w.ticketWorkflowId, ticketWithdrawnSignal, { reason: w.reason })),
      ]);
    },

    async recordHost(row: HostRow): Promise<void> {
      await upsertHost(deps.db, row);
    },

    async forgetHost(input: { projectId: string; endpoint: string }): Promise<void> {
      await removeHost(deps.db, input.projectId, input.endpoint);
    },

    async recordServer(row: ServerRow): Promise<void> {
      await upsertServer(deps.db, row);
    },

    /** Ends the session and rates its players, once, whatever the retries. */
    async recordSettlement(input: { projectId: string; sessionId: string; settlement: Settlement }): Promise<{ rated: boolean }> {
      return recordSettlement(deps.db, input.projectId, input.sessionId, input.settlement);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

export interface Announcement {
  projectId: string;
  sessions: { session: SessionInput; matched: { ticketId: string; ticketWorkflowId: string; assignment: Assignment }[] }[];
  withdrawals: { ticketId: string; ticketWorkflowId: string; reason: FailureReason }[];
}

async function startSession(deps: ActivityDeps, session: SessionInput): Promise<void> {
  try {
    await deps.temporal.workflow.start('sessionWorkflow', {
      taskQueue: deps.taskQueue,
      workflowId: sessionWorkflowId(session.projectId, session.sessionId),
      args: [session],
      typedSearchAttributes: [{ key: ProjectId, value: session.projectId }, { key: SessionState, value: 'live' }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** A ticket only ends after its verdict; one that is gone was terminated by an operator. */
async function signalTicket<T>(temporal: Client, workflowId: string, signal: SignalDefinition<[T]>, arg: T): Promise<void> {
  await signalIfRunning(temporal.workflow.getHandle(workflowId), signal, arg);
}

/** A replaced ticket that already ended has nothing left to cancel. */
async function cancelReplacedTicket(temporal: Client, projectId: string, ticketId: string): Promise<void> {
  await signalIfRunning(temporal.workflow.getHandle(ticketWorkflowId(projectId, ticketId)), cancelTicketSignal, { reason: 'replaced' });
}
