import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../../worker/create-worker';
import { historyFromText, RECORDED_HISTORIES_DIR } from './export-histories';

/** Every workflow family Matchflow runs; each must have histories to replay. */
const FAMILIES = ['ticketWorkflow', 'matcherWorkflow', 'serverWorkflow', 'sessionWorkflow', 'hostWorkflow', 'paidMatchWorkflow', 'versusTokenWorkflow', 'retentionWorkflow', 'sessionWebhookWorkflow'];
/** Families earlier releases ran under names since changed (the worker still registers them for their runs). */
const RENAMED_FAMILIES = ['platformMatchWorkflow'];

/** Histories recorded by earlier releases (committed): today's code must still replay what they left running. */
const RELEASED_DIR = join(__dirname, 'histories');

interface Recorded {
  family: string;
  file: string;
}

function historiesIn(dir: string): Recorded[] {
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
async function replay(recorded: Recorded[]): Promise<string[]> {
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
function takenOver(file: string): boolean {
  return new Set(eventsOf(file).map((e) => e.workflowTaskCompletedEventAttributes?.identity).filter(Boolean)).size > 1;
}

function continuedAsNew(file: string): boolean {
  return eventsOf(file).some((e) => e.workflowExecutionContinuedAsNewEventAttributes);
}

describe('recorded histories replay against today\'s workflow code', () => {
  const released = readdirSync(RELEASED_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())
    .map((d) => ({ version: d.name, histories: historiesIn(join(RELEASED_DIR, d.name)) }));

  it.each(released.map((r) => [r.version, r.histories] as const))('when histories recorded by release %s are replayed, then every one replays without a nondeterminism', async (_version, histories) => {
    expect(histories.length).toBeGreaterThan(0);
    expect(await replay(histories)).toEqual([]);
  });

  const recorded = historiesIn(RECORDED_HISTORIES_DIR);
  (recorded.length ? it : it.skip)('when the histories this test run recorded are replayed, then every family replays, crashed and continued-as-new runs included', async () => {
    expect(new Set(recorded.map((h) => h.family))).toEqual(new Set(FAMILIES));
    expect(recorded.filter((r) => takenOver(r.file)).length).toBeGreaterThan(0);
    const continued = new Set(recorded.filter((r) => continuedAsNew(r.file)).map((r) => r.family));
    expect([...continued]).toEqual(expect.arrayContaining(['matcherWorkflow', 'hostWorkflow', 'serverWorkflow', 'paidMatchWorkflow']));
    expect(await replay(recorded)).toEqual([]);
  });
});
