import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../../worker/create-worker';
import { historyFromText } from './export-histories';

/** Recorded histories on disk, and replaying them: shared by the replay steps of npm test. */

/** Every workflow family Matchflow runs; each must have histories to replay. */
export const FAMILIES = ['ticketWorkflow', 'matcherWorkflow', 'serverWorkflow', 'sessionWorkflow', 'hostWorkflow', 'paidMatchWorkflow', 'versusTokenWorkflow', 'retentionWorkflow', 'sessionWebhookWorkflow'];
/** Families earlier releases ran under names since changed (the worker still registers them for their runs). */
const RENAMED_FAMILIES = ['platformMatchWorkflow'];

export interface Recorded {
  family: string;
  file: string;
}

export function historiesIn(dir: string): Recorded[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() && [...FAMILIES, ...RENAMED_FAMILIES].includes(d.name) ? readdirSync(join(dir, d.name)).map((f) => ({ family: d.name, file: join(dir, d.name, f) })) : [],
  );
}

/**
 * Replays each history; answers the ones that failed (nondeterminism or a failing workflow task) with why. A
 * history recorded before its first workflow task completed holds nothing to replay (and the replayer would wait
 * for that task forever), so it is left out.
 */
export async function replay(recorded: Recorded[]): Promise<string[]> {
  const failures: string[] = [];
  const histories = recorded.filter((r) => eventsOf(r.file).some((e) => e.workflowTaskCompletedEventAttributes))
    .map((r) => ({ workflowId: r.file, history: historyFromText(readFileSync(r.file, 'utf8')) }));
  for await (const result of Worker.runReplayHistories({ workflowsPath: workflowsPath(), replayName: 'matchflow-replay' }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message.split('\n')[0]}`);
  }
  return failures;
}

interface RecordedEvent {
  workflowTaskCompletedEventAttributes?: { identity?: string };
  workflowExecutionContinuedAsNewEventAttributes?: unknown;
}

const eventsOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')).events as RecordedEvent[];

/** A history in which a second worker finished what a first one started: a crash mid-flight, or a restart. */
export function takenOver(file: string): boolean {
  return new Set(eventsOf(file).map((e) => e.workflowTaskCompletedEventAttributes?.identity).filter(Boolean)).size > 1;
}

export function continuedAsNew(file: string): boolean {
  return eventsOf(file).some((e) => e.workflowExecutionContinuedAsNewEventAttributes);
}

