import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ProjectId } from '../domain/search-attributes';

const EventType = temporal.api.enums.v1.EventType;

/** What Temporal did for a set of workflows: the same on any machine for the same code and load. */
export interface TemporalWork {
  workflows: number;
  workflowTasks: number;
  historyEvents: number;
  stateTransitions: number;
}

export type WorkByType = Record<string, TemporalWork>;

const none = (): TemporalWork => ({ workflows: 0, workflowTasks: 0, historyEvents: 0, stateTransitions: 0 });

/**
 * Every run (continued-as-new runs included) of a project's workflows, by workflow type: workflow tasks
 * completed (from each history), history events and state transitions (from describe). Each benchmark scenario
 * uses a project of its own, so its workflows are exactly this project's.
 */
export async function temporalWorkOf(client: Client, projectId: string, concurrency = 16): Promise<WorkByType> {
  const runs: { workflowId: string; runId: string; type: string }[] = [];
  for await (const w of client.workflow.list({ query: `${ProjectId.name} = '${projectId}'` })) {
    runs.push({ workflowId: w.workflowId, runId: w.runId, type: w.type });
  }
  const byType: WorkByType = {};
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < runs.length) {
      const run = runs[next++]!;
      const handle = client.workflow.getHandle(run.workflowId, run.runId);
      const [described, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
      const work = (byType[run.type] ??= none());
      work.workflows++;
      work.historyEvents += described.historyLength;
      work.stateTransitions += Number(described.raw.workflowExecutionInfo?.stateTransitionCount ?? 0);
      work.workflowTasks += (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
    }
  }));
  return byType;
}

/** The sum over the given types (all when none given). */
export function totalWork(byType: WorkByType, types = Object.keys(byType)): TemporalWork {
  const total = none();
  for (const t of types) {
    const w = byType[t];
    if (!w) continue;
    total.workflows += w.workflows;
    total.workflowTasks += w.workflowTasks;
    total.historyEvents += w.historyEvents;
    total.stateTransitions += w.stateTransitions;
  }
  return total;
}

/** One line per type, each figure divided by `perTickets`. */
export function describeWork(byType: WorkByType, perTickets: number): string[] {
  const fmt = (n: number) => (n / perTickets).toFixed(2).padStart(7);
  return Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)).map(([type, w]) =>
    `      ${type.padEnd(22)} ${String(w.workflows).padStart(6)} runs  tasks ${fmt(w.workflowTasks)}  events ${fmt(w.historyEvents)}  transitions ${fmt(w.stateTransitions)}`);
}
