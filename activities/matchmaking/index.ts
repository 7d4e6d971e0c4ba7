import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { claimPlayerTicket, type ClaimTicketResult } from '../../db/matchmaking/player-tickets';
import { findProject } from '../../db/projects';
import { findAvailableServers, serversClaimedBy, upsertServer, type ServerRow } from '../../db/matchmaking/servers';
import { ratingOf, recordSessionStarted, recordSettlement } from '../../db/matchmaking/sessions';
import { recordTicketInfo, recordTicketStatuses } from '../../db/matchmaking/ticket-statuses';
import { ARRIVAL_ORDER } from '../../domain/matchmaking/grouping';
import {
  type Assignment, cancelTicketSignal, type ClaimedServer, claimServerUpdate, enqueueTicketSignal, type MatcherInput, matcherWorkflowId, type ServerCandidates, serverWorkflowId, type SessionInput, sessionWorkflowId, type TicketInput, ticketMatchedSignal, type TicketStatus, ticketWithdrawnSignal, ticketWorkflowId, type Verdicts,
} from '../../domain/matchmaking/contract';
import { ProjectId, QueueBucket, SessionState } from '../../domain/search-attributes';
import type { Settlement } from '../../domain/matchmaking/settlement';
import { isGone, refusalOf, signalIfRunning } from '../../core/temporal';
import type { FailureReason } from '../../domain/matchmaking/match-request';
import type { LegacyAnnouncement } from '../../workflows/matchmaking/legacy/matcher-v0-types';
import type { ActivityDeps } from '../../activities';

/** Tickets, matchers, servers and sessions: the side effects of matchmaking (COMPAT.md §1). */
export function createMatchmakingActivities(deps: ActivityDeps) {
  return {
    /**
     * Puts the ticket in line, in one step (a local activity, so no extra workflow task): takes the player's
     * place (or learns a newer request holds it), cancels the ticket it replaces, keeps the ticket's info where
     * sessions will read it, and hands the ticket to its bucket's matcher with signal-with-start, which a
     * workflow cannot do itself. Every step is idempotent: a retry repeats them harmlessly (the matcher ignores
     * a repeated enqueue, and one that arrives after the deadline).
     */
    async joinQueue(input: { ticket: TicketInput; ticketWorkflowId: string; deadline?: number }): Promise<ClaimTicketResult> {
      const { ticket } = input;
      const claim = await claimPlayerTicket(deps.db, ticket);
      if (claim.supersededBy) {
        await recordTicketStatuses(deps.db, [{ ticketId: ticket.ticketId, projectId: ticket.projectId, status: { status: 'failed', reason: 'cancelled' } }]);
        return claim;
      }
      if (claim.previousTicketId) await cancelReplacedTicket(deps.temporal, ticket.projectId, claim.previousTicketId);
      await recordTicketInfo(deps.db, ticket);
      const [project, rating] = await Promise.all([findProject(deps.db, ticket.projectId), ratingOf(deps.db, ticket.projectId, ticket.playerId)]);
      const matcher: MatcherInput = {
        projectId: ticket.projectId, bucketId: ticket.bucketId, bucketKey: ticket.bucketKey, teamSizes: ticket.teamSizes,
        matchTag: ticket.matchTag, serverTag: ticket.serverTag, rule: project?.groupingRule ?? ARRIVAL_ORDER,
        serverRetryMs: deps.matchmaking.serverRetryMs, sessionResultDeadlineSeconds: deps.matchmaking.sessionResultDeadlineSeconds,
        idleSeconds: deps.matchmaking.matcherIdleSeconds,
      };
      await deps.temporal.workflow.signalWithStart('matcherWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: matcherWorkflowId(ticket.projectId, ticket.bucketId),
        args: [matcher],
        typedSearchAttributes: [{ key: ProjectId, value: ticket.projectId }, { key: QueueBucket, value: ticket.bucketKey }],
        signal: enqueueTicketSignal,
        signalArgs: [{ ticketId: ticket.ticketId, playerId: ticket.playerId, rating, enqueuedAt: 0, deadline: input.deadline }],
      });
      return claim;
    },

    /** A ticket's own verdict, when its matcher could not give one (the first recorded verdict stands). */
    async recordTicketVerdict(input: { projectId: string; ticketId: string; status: TicketStatus }): Promise<void> {
      await recordTicketStatuses(deps.db, [input]);
    },

    /** v0.1.0's look-up, for its matcher runs (workflows/legacy/matcher-v0.ts). */
    async findAvailableServers(input: { projectId: string; serverTag: string; limit: number }): Promise<string[]> {
      return findAvailableServers(deps.db, input.projectId, input.serverTag, input.limit);
    },

    /** Candidates for the groups waiting (longest-waiting servers first), and any server one of them already took. */
    async findServersForGroups(input: { projectId: string; serverTag: string; sessionIds: string[]; limit: number }): Promise<ServerCandidates> {
      const [claimed, available] = await Promise.all([
        serversClaimedBy(deps.db, input.projectId, input.sessionIds),
        findAvailableServers(deps.db, input.projectId, input.serverTag, input.limit),
      ]);
      return { claimed, available };
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
        // Refused (taken, cancelled or expired: SERVER_REFUSAL), or the offer has ended: the matcher tries another.
        if (refusalOf(err) || isGone(err)) return undefined;
        throw err;
      }
    },

    /**
     * Everything a matcher does once groups are decided, in one local activity inside the matcher's own task:
     * records and starts each session, makes every verdict readable, then tells the tickets. Each step is
     * idempotent (a started session, a recorded status or a repeated verdict is left as it is), so a replay
     * after a crash repeats them harmlessly. Sessions exist before anyone can read `matched`.
     */
    async announceVerdicts(input: Verdicts & { projectId: string }): Promise<void> {
      const ticket = (ticketId: string) => ticketWorkflowId(input.projectId, ticketId);
      await announce(deps, input.projectId, {
        sessions: input.sessions.map((s) => s.session),
        matched: input.sessions.flatMap((s) => s.matched).map((m) => ({ ...m, ticketWorkflowId: ticket(m.ticketId) })),
        withdrawals: input.withdrawals.map((w) => ({ ...w, ticketWorkflowId: ticket(w.ticketId) })),
      });
    },

    /** v0.1.0's announce, for matcher runs it started (workflows/legacy/matcher-v0.ts) until they continue as new. */
    async announce(input: LegacyAnnouncement): Promise<void> {
      await announce(deps, input.projectId, {
        sessions: input.sessions.map((s) => s.session),
        matched: input.sessions.flatMap((s) => s.matched).map(({ ticketId, ticketWorkflowId, assignment: a }) => ({
          ticketId, ticketWorkflowId, assignment: { sessionId: a.sessionId, teamIndex: a.teamIndex, mateIndex: a.mateIndex },
        })),
        withdrawals: input.withdrawals,
      });
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

interface Announcement {
  sessions: SessionInput[];
  matched: { ticketId: string; ticketWorkflowId: string; assignment: Assignment }[];
  withdrawals: { ticketId: string; ticketWorkflowId: string; reason: FailureReason }[];
}

async function announce(deps: ActivityDeps, projectId: string, a: Announcement): Promise<void> {
  await Promise.all(a.sessions.map((s) => recordSessionStarted(deps.db, s)));
  await Promise.all(a.sessions.map((s) => startSession(deps, s)));
  await recordTicketStatuses(deps.db, [
    ...a.matched.map((m) => ({ ticketId: m.ticketId, projectId, status: { status: 'matched' as const, assignment: m.assignment } })),
    ...a.withdrawals.map((w) => ({ ticketId: w.ticketId, projectId, status: { status: 'failed' as const, reason: w.reason } })),
  ]);
  await Promise.all([
    ...a.matched.map((m) => signalTicket(deps.temporal, m.ticketWorkflowId, ticketMatchedSignal, m.assignment)),
    ...a.withdrawals.map((w) => signalTicket(deps.temporal, w.ticketWorkflowId, ticketWithdrawnSignal, { reason: w.reason })),
  ]);
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
