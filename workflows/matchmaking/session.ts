import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { condition, log, ParentClosePolicy, patched, proxyLocalActivities, setHandler, startChild, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  REPORT_REFUSAL, reportResultSignal, sessionViewQuery, submitReportUpdate, type SessionInput, type SessionState as State, type SessionView,
} from '../../domain/matchmaking/contract';
import { failureMessage, refuse, refusedForGood } from '../../domain/failures';
import { patiently } from '../../domain/patience';
import { ProjectId, SessionState } from '../../domain/search-attributes';
import { settle, validRanks, type ResultReport, type Settlement } from '../../domain/matchmaking/settlement';
import { SESSION_WEBHOOK_WORKFLOW, sessionEventKey, sessionWebhookWorkflowId, type SessionWebhookDue } from '../../domain/matchmaking/session-webhooks';
import type { sessionWebhookWorkflow } from './session-webhook';

const { recordSettlement } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds', maximumAttempts: 4 },
});

/**
 * Reports can reach a session in its very first task (players who read `matched` and report at once): they are
 * weighed before the session waits. Runs started before this waited for one more report or the deadline.
 */
const SETTLE_ON_FIRST_REPORTS = 'settle-on-first-reports';

/** Sessions of projects with a session webhook hand their events on to be delivered; earlier runs sent none. */
const SESSION_WEBHOOKS = 'session-webhooks';

/** Waits between tries to record a settlement the database did not take: a day in all, then `unrecorded`. */
const RECORD_BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 3600_000, 6 * 3600_000, 14 * 3600_000];

/** The reports a session has counted; the rules for one more live here (the validator and the handler). */
class Reports {
  readonly counted: ResultReport[] = [];

  constructor(private readonly input: SessionInput, private readonly isLive: () => boolean) {}

  /** Synchronous validator: nothing it refuses reaches the history. */
  assertCountable(r: ResultReport): void {
    if (!this.isLive()) refuse(REPORT_REFUSAL.ended, 'the session has ended');
    const reporters = this.input.server ? ['server', ...this.players()] : this.players();
    if (!reporters.includes(r.from)) refuse(REPORT_REFUSAL.notInSession, 'not in this session');
    if (!validRanks(r.ranks, this.input.teamSizes.length)) refuse(REPORT_REFUSAL.invalid, `ranks must hold one place per team (${this.input.teamSizes.length})`);
    const earlier = this.counted.find((c) => c.from === r.from);
    if (earlier && earlier.status === r.status && JSON.stringify(earlier.ranks) === JSON.stringify(r.ranks)) refuse(REPORT_REFUSAL.repeated, 'already reported');
    if (earlier) refuse(REPORT_REFUSAL.conflict, 'a different result was already reported by you; the first one counts');
  }

  count(r: ResultReport): void {
    this.counted.push(r);
  }

  players(): string[] {
    return this.input.teams.flat().map((m) => m.playerId);
  }
}

/**
 * A game session: collects results from its players and server until the settlement rules decide or the
 * deadline forces them, then records the outcome and the rating change (exactly once, in the database).
 */
export async function sessionWorkflow(input: SessionInput): Promise<SessionView> {
  let view: SessionView = { state: 'live' };
  const reports = new Reports(input, () => view.state === 'live');
  setHandler(sessionViewQuery, () => view);
  setHandler(submitReportUpdate, (r) => reports.count(r), { validator: (r) => reports.assertCountable(r) });
  setHandler(reportResultSignal, (r) => {
    if (view.state === 'live' && validRanks(r.ranks, input.teamSizes.length)) reports.count(r);
  });

  // The matcher recorded this session before starting it (so its server lists it at once).
  const players = reports.players();
  const deadline = Date.now() + input.resultDeadlineSeconds * 1000;
  if (input.startedWebhook) await handOn(input, input.startedWebhook);
  // Reports that came with the session's first task are weighed before waiting for more (older runs waited).
  const weighFirstReports = reports.counted.length > 0 && patched(SETTLE_ON_FIRST_REPORTS);
  const weigh = (deadlinePassed: boolean) => settle({ hasServer: input.server !== null, players, reports: reports.counted, deadlinePassed });
  let settlement = weighFirstReports ? weigh(false) : undefined;
  while (!settlement) {
    const seen = reports.counted.length;
    const remaining = deadline - Date.now();
    const gotReport = remaining > 0 && (await condition(() => reports.counted.length > seen, remaining));
    settlement = weigh(!gotReport && Date.now() >= deadline);
  }

  view = { state: stateOf(settlement), settlement };
  const recorded = await recordPatiently(input, settlement);
  upsertSearchAttributes([{ key: SessionState, value: recorded ? view.state : 'unrecorded' }]);
  if (recorded?.endedWebhook) await handOn(input, recorded.endedWebhook);
  return view;
}

/**
 * Hands a queued event to a workflow of its own, a child the session abandons when it closes: a receiver that is
 * down for hours keeps its delivery retrying, never the session open (an awaited activity would). Awaited until the
 * child has started only, so no command of the session depends on how a delivery goes. Projects without a webhook
 * never get here: their sessions do no more work than before.
 */
async function handOn(input: SessionInput, due: SessionWebhookDue): Promise<void> {
  if (!patched(SESSION_WEBHOOKS)) return;
  // Derived, so every try, and any run of this session, sends the same key.
  const idempotencyKey = sessionEventKey(input.sessionId, due.event);
  try {
    await startChild<typeof sessionWebhookWorkflow>(SESSION_WEBHOOK_WORKFLOW, {
      workflowId: sessionWebhookWorkflowId(input.projectId, idempotencyKey),
      args: [{ projectId: input.projectId, sessionId: input.sessionId, due, idempotencyKey }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [{ key: ProjectId, value: input.projectId }],
    });
  } catch (err) {
    // A run of this session before (an operator's reset) started it already: that one delivers, under the same key.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

type Recorded = Awaited<ReturnType<Activities['recordSettlement']>>;

/**
 * Records the settlement (ratings included), waiting out a database that does not answer; undefined when it never
 * took it. Operators find such a session by `SessionState = 'unrecorded'`; its settlement is the workflow's result.
 */
async function recordPatiently(input: SessionInput, settlement: Settlement): Promise<Recorded | undefined> {
  let recorded: Recorded | undefined;
  await patiently(async () => {
    try {
      recorded = await recordSettlement({ projectId: input.projectId, sessionId: input.sessionId, settlement });
      return 'done';
    } catch (err) {
      log.error('the settlement could not be recorded', { sessionId: input.sessionId, error: failureMessage(err) });
      return refusedForGood(err) ? 'stop' : 'again';
    }
  }, RECORD_BACKOFF_MS);
  return recorded;
}

function stateOf(s: Settlement): State {
  if (s.outcome !== 'settled') return s.outcome;
  return s.status === 'cancelled' ? 'cancelled' : 'settled';
}
