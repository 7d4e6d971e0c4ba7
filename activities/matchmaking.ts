import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { joinQueue } from '../core/matchmaking/queue';
import { recordSettlement } from '../core/matchmaking/settlements';
import { queueSessionsStarted } from '../core/matchmaking/session-webhooks';
import { recordVerdicts } from '../core/matchmaking/verdicts';
import { refusalOf, signalIfRunning, unanswered } from '../core/temporal';
import type { ClaimTicketResult } from '../db/matchmaking/player-tickets';
import {
  findAvailableServers, forgetServerClaim, recordClaimAnswer, recordServerClaim, serversClaimedBy, upsertServer, type ServerRow,
} from '../db/matchmaking/servers';
import { recordSessionStarted } from '../db/matchmaking/sessions';
import {
  claimServerUpdate, MATCHMAKING_WORKFLOWS, serverWorkflowId, sessionWorkflowId, ticketMatchedSignal, ticketWithdrawnSignal, ticketWorkflowId,
  type Assignment, type ClaimedServer, type ServerCandidates, type SessionInput, type TicketInput, type TicketStatus, type Verdicts,
} from '../domain/matchmaking/contract';
import type { FailureReason } from '../domain/matchmaking/match-request';
import type { Settlement } from '../domain/matchmaking/settlement';
import { SESSION_EVENTS, type SessionWebhookDue } from '../domain/matchmaking/session-webhooks';
import { ProjectId, SessionState } from '../domain/search-attributes';
import type { LegacyAnnouncement } from '../workflows/matchmaking/legacy/matcher-v0-types';
import type { ActivityDeps } from './deps';

/** Tickets, matchers, servers and sessions: the side effects of matchmaking (COMPAT.md §1). */
export function createMatchmakingActivities(deps: ActivityDeps) {
  return {
    /** Puts the ticket in line in one step (a local activity, so no extra workflow task); see core/matchmaking/queue.ts. */
    async joinQueue(input: { ticket: TicketInput; ticketWorkflowId: string; deadline?: number }): Promise<ClaimTicketResult> {
      return joinQueue(deps, deps.matchmaking, input.ticket, input.deadline);
    },

    /** A ticket's own verdict, when its matcher could not give one (the first recorded verdict stands). */
    async recordTicketVerdict(input: { projectId: string; ticketId: string; status: TicketStatus }): Promise<void> {
      await recordVerdicts(deps.db, [input]);
    },

    /** v0.1.0's look-up, for its matcher runs (workflows/matchmaking/legacy/matcher-v0.ts). */
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
     * gets the first answer again instead of claiming twice. The ask is recorded first, so a matcher that lost the
     * answer with its worker asks this server again (findServersForGroups). That ask is answered from the recorded
     * yes (written here when heard, and by the consumed offer itself before its run ends): the server may have
     * posted its next offer meanwhile, a new run that must not be taken too. undefined: gone, taken or expired.
     */
    async claimServer(input: { projectId: string; name: string; sessionId: string }): Promise<ClaimedServer | undefined> {
      const given = await recordServerClaim(deps.db, input.projectId, input.sessionId, input.name);
      if (given) return given;
      try {
        const answer = await deps.temporal.workflow.getHandle(serverWorkflowId(input.projectId, input.name))
          .executeUpdate(claimServerUpdate, { args: [{ sessionId: input.sessionId }], updateId: `claim-${input.sessionId}` });
        await recordClaimAnswer(deps.db, input.projectId, input.sessionId, input.name, answer);
        return answer;
      } catch (err) {
        // Refused (taken, cancelled or expired: SERVER_REFUSAL), or the offer has ended: the matcher tries another.
        if (refusalOf(err) || unanswered(err)) {
          await forgetServerClaim(deps.db, input.projectId, input.sessionId, input.name);
          return undefined;
        }
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

    /** v0.1.0's announce, for matcher runs it started (workflows/matchmaking/legacy/matcher-v0.ts) until they continue as new. */
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

    /** Ends the session and rates its players, once, whatever the retries; with it, `session.ended` is queued if the project has a webhook. */
    async recordSettlement(input: { projectId: string; sessionId: string; settlement: Settlement }): Promise<{ rated: boolean; endedWebhook?: SessionWebhookDue }> {
      const { rated, endedDelivery } = await recordSettlement(deps.db, input.projectId, input.sessionId, input.settlement);
      if (!endedDelivery) return { rated };
      return { rated, endedWebhook: { deliveryId: endedDelivery, event: SESSION_EVENTS.ended, ...deps.matchmaking.sessionWebhooks } };
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
  // Each session learns from its input whether it has a `session.started` to hand on: none costs it nothing.
  const started = await queueSessionsStarted(deps.db, projectId, a.sessions, deps.matchmaking.sessionWebhooks);
  await Promise.all(a.sessions.map((s) => startSession(deps, started[s.sessionId] ? { ...s, startedWebhook: started[s.sessionId] } : s)));
  await recordVerdicts(deps.db, [
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
    await deps.temporal.workflow.start(MATCHMAKING_WORKFLOWS.session, {
      taskQueue: deps.taskQueue,
      workflowId: sessionWorkflowId(session.projectId, session.sessionId),
      // An announce repeated after its session settled (a matcher task retried) must not start it over.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
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
