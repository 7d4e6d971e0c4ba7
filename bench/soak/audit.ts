import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { sql } from 'kysely';
import type { Db } from '../../db/create-db';
import { checkLedger } from '../../db/paid-matches/ledger';
import { FINAL_STATES } from '../../domain/paid-matches/contract';
import type { Soak } from './context';

/** The entities whose workflows must all reach a final state once the soak stops. */
export const ENTITIES = {
  tickets: 'ticketWorkflow', sessions: 'sessionWorkflow', hosts: 'hostWorkflow', paidMatches: 'paidMatchWorkflow', serverOffers: 'serverWorkflow', versusSessions: 'versusTokenWorkflow',
  sessionWebhooks: 'sessionWebhookWorkflow',
} as const;

/** Workflows of each kind still running: what the drain waits to see at zero. */
export async function stillRunning(client: Client): Promise<Record<keyof typeof ENTITIES, number>> {
  const counts = await Promise.all(Object.values(ENTITIES).map(async (type) => (await client.workflow.count(`WorkflowType = '${type}' AND ExecutionStatus = 'Running'`)).count));
  return Object.fromEntries(Object.keys(ENTITIES).map((k, i) => [k, counts[i]!])) as Record<keyof typeof ENTITIES, number>;
}

export interface Findings {
  notFinal: Record<string, number>;
  ticketsStillSearching: number;
  paidMatchesNotFinal: number;
  sessionsStillLive: number;
  workflowsFailed: number;
  workflowTasksNondeterministic: number;
  workflowTasksFailedOther: number;
  ticketsInTwoSessions: number;
  playersTwiceInASession: number;
  serversTakenForNoSession: number;
  moneyMovedTwice: number;
  matchesPaidAndRefunded: number;
  ledgerCheck: 'ok' | string;
}

/** Everything that must hold after the soak, each as a count that should be zero (the ledger check: ok). */
export async function audit(soak: Soak, client: Client, db: Db): Promise<Findings> {
  const notFinal = await stillRunning(client);
  const statuses = await Promise.all(soak.made.tickets.map((t) => soak.traffic.send('v1a', `/v1a/client/match/${t.matchToken}`, { ip: t.ip, token: t.token })));
  const one = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(db)).rows[0]?.n ?? 0);
  const ledger = await checkLedger(db);
  return {
    notFinal,
    ticketsStillSearching: statuses.filter((s) => !s || s.status !== 200 || s.body.status === 'inProgress').length,
    paidMatchesNotFinal: await one(sql`select count(*) as n from paid_matches where state not in (${sql.join(FINAL_STATES)})`),
    sessionsStillLive: await one(sql`select count(*) as n from sessions where state = 'live'`),
    workflowsFailed: (await client.workflow.count(`ExecutionStatus = 'Failed' OR ExecutionStatus = 'Terminated' OR ExecutionStatus = 'TimedOut'`)).count,
    ...(await failedWorkflowTasks(client).then((f) => ({ workflowTasksNondeterministic: f.nondeterministic, workflowTasksFailedOther: f.other }))),
    ticketsInTwoSessions: await one(sql`select count(*) as n from (select m->>'ticketId' from sessions, jsonb_array_elements(teams) t, jsonb_array_elements(t) m group by 1 having count(*) > 1) d`),
    playersTwiceInASession: await one(sql`select count(*) as n from (select id, m->>'playerId' from sessions, jsonb_array_elements(teams) t, jsonb_array_elements(t) m group by 1, 2 having count(*) > 1) d`),
    // A claim whose answer a kill lost, then a second server taken for the same group, leaves one of them here.
    serversTakenForNoSession: await one(sql`select count(*) as n from servers s where s.state = 'consumed' and not exists (select 1 from sessions x where x.id = s.session_id)`),
    moneyMovedTwice: await one(sql`select count(*) as n from (select match_id, kind, player_id from ledger_transactions where kind in ('entryFee', 'payout', 'refund') group by 1, 2, 3 having count(*) > 1) d`),
    matchesPaidAndRefunded: await one(sql`select count(*) as n from (select match_id from ledger_transactions where kind in ('payout', 'refund') group by 1 having count(distinct kind) > 1) d`),
    ledgerCheck: ledger.ok ? 'ok' : JSON.stringify(ledger),
  };
}

/**
 * Workflow tasks that failed, over every history the run made: a nondeterminism after a crash would show here,
 * as would a workflow throwing. A completion refused because a signal arrived meanwhile is Temporal's normal
 * way of handing the workflow that signal, and is not counted.
 */
async function failedWorkflowTasks(client: Client): Promise<{ nondeterministic: number; other: number }> {
  const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
  const found = { nondeterministic: 0, other: 0 };
  for await (const { history } of client.workflow.list().intoHistories({ concurrency: 8 })) {
    for (const e of (history as temporal.api.history.v1.IHistory | undefined)?.events ?? []) {
      const failed = e.workflowTaskFailedEventAttributes;
      if (!failed || failed.cause === Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) continue;
      if (failed.cause === Cause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR || /TMPRL1100|[Nn]ondeterminism/.test(failed.failure?.message ?? '')) found.nondeterministic++;
      else found.other++;
    }
  }
  return found;
}
