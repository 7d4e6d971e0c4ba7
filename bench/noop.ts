import { Client, Connection } from '@temporalio/client';
import type { Logger } from '../core/log';
import { progressBar } from './progress';

/** Start-and-complete of a workflow that does nothing, 64 at a time, for `seconds`: what this machine and server allow. */
export async function noopCeiling(address: string, taskQueue: string, seconds: number, log: Logger): Promise<number> {
  log.info({ seconds }, 'measuring the no-op workflow ceiling');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const bar = progressBar('no-op   ', seconds * 1000, () => `${done} workflows`);
  let n = 0;
  const run = `${Date.now()}`;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (Date.now() < end) {
      await client.workflow.execute('noopWorkflow', { taskQueue, workflowId: `noop-${run}-${n++}` });
      done++;
    }
  }));
  bar.stop();
  await connection.close();
  return done / seconds;
}
