import { randomUUID } from 'node:crypto';
import { createMatchmakingActivities } from '../../activities/matchmaking';
import { matchmakingSettings } from '../../core/matchmaking/queue';
import { createLogger } from '../../core/log';
import { recordSessionStarted } from '../../db/matchmaking/sessions';
import { MATCHMAKING_WORKFLOWS, sessionWorkflowId, submitReportUpdate, type SessionInput } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { eventually } from '../helpers/http';
import { pauseWorker, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(() => stack.stop());

function sessionInput(players: string[]): SessionInput {
  return {
    projectId: project.id, sessionId: randomUUID(), teamSizes: [1, 1], server: null, resultDeadlineSeconds: 3600,
    teams: players.map((playerId) => [{ playerId, ticketId: randomUUID() }]),
  };
}

describe('session workflow', () => {
  it('when both players\' reports reach a session before its first workflow task, then it settles at once by agreement, not at its result deadline', async () => {
    const players = [`test:${randomUUID()}`, `test:${randomUUID()}`];
    const input = sessionInput(players);
    await recordSessionStarted(stack.db, input);
    // No worker: the start and both reports wait on the server for one and the same first workflow task.
    const resume = await pauseWorker(stack);
    const handle = await stack.temporal.workflow.start(MATCHMAKING_WORKFLOWS.session, {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: sessionWorkflowId(project.id, input.sessionId), args: [input],
    });
    const reports = players.map((from) => handle.executeUpdate(submitReportUpdate, { args: [{ from, status: 'finished', ranks: [0, 1] }] }));
    // The first task is pending on the server (protobuf leaves an absent field null); the reports join it meanwhile.
    expect(await eventually(async () => (await handle.describe()).raw.pendingWorkflowTask != null, Boolean, 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    await resume();
    await Promise.all(reports);

    expect(await handle.result()).toMatchObject({ state: 'settled', settlement: { outcome: 'settled', decidedBy: 'agreement', ranks: [0, 1] } });
    const events = (await handle.fetchHistory()).events!;
    expect(events.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(2);
    expect(events.some((e) => e.timerStartedEventAttributes)).toBe(false);
  });

  it('when a matcher\'s announce is repeated after its session settled, then the session is not started again', async () => {
    const players = [`test:${randomUUID()}`, `test:${randomUUID()}`];
    const input = sessionInput(players);
    const activities = createMatchmakingActivities({
      db: stack.db, temporal: stack.temporal, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, log: createLogger('silent'), matchmaking: matchmakingSettings(stack.config),
    });
    const verdicts = { projectId: project.id, sessions: [{ session: input, matched: [] }], withdrawals: [] };
    await activities.announceVerdicts(verdicts);
    const handle = stack.temporal.workflow.getHandle(sessionWorkflowId(project.id, input.sessionId));
    for (const from of players) await handle.executeUpdate(submitReportUpdate, { args: [{ from, status: 'finished', ranks: [1, 0] }] });
    expect(await handle.result()).toMatchObject({ state: 'settled' });
    const firstRun = (await handle.describe()).runId;

    await activities.announceVerdicts(verdicts);
    // Described, not listed: visibility may not show a second run yet, the workflow's latest run is read directly.
    const latest = await stack.temporal.workflow.getHandle(handle.workflowId).describe();
    expect([latest.runId, latest.status.name]).toEqual([firstRun, 'COMPLETED']);
  });
});
