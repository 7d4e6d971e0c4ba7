import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Where a test run leaves the histories its workflows wrote, for the replay step that follows it (npm test). */
export const RECORDED_HISTORIES_DIR = join(__dirname, '..', '..', 'test-output', 'histories');
/** Where the cluster run (npm run test:cluster) leaves the histories the Temporal cluster recorded. */
export const CLUSTER_HISTORIES_DIR = join(__dirname, '..', '..', 'test-output', 'cluster-histories');

/**
 * Downloads every workflow history the run's dev server holds (open and closed, every task queue, the fault
 * tests' crashed runs included) into `dir/<workflowType>/`. The replay step replays each with today's code.
 */
export async function exportHistories(address: string, dir: string): Promise<number> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    let count = 0;
    for await (const { workflowId, history: h } of client.workflow.list().intoHistories({ concurrency: 8 })) {
      const history = h as temporal.api.history.v1.IHistory;
      // The first event names the run and its workflow type.
      const started = history?.events?.[0]?.workflowExecutionStartedEventAttributes;
      const runId = started?.originalExecutionRunId ?? String(count);
      const type = started?.workflowType?.name ?? 'unknown';
      const folder = join(dir, type);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${workflowId.replace(/[^\w.-]+/g, '_')}-${runId}.json`), historyText(history));
      count++;
    }
    return count;
  } finally {
    await connection.close();
  }
}

const History = temporal.api.history.v1.History;

/** protobufjs's own JSON form (the SDK's historyToJSON trips over two copies of protobufjs); read back by historyFromText. */
export function historyText(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }));
}

export function historyFromText(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}
