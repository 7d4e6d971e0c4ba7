import { freePort } from '../../scripts/dev-server';
import { eventually } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';
import { killHard, spawnWorkerProcess } from '../helpers/worker-process';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());

describe('worker metrics for operators', () => {
  it('when METRICS_ADDRESS is set, then the worker serves Temporal\'s Prometheus metrics there', async () => {
    const port = await freePort();
    const worker = spawnWorkerProcess({
      TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS, DATABASE_URL: stack.config.DATABASE_URL!, TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      ADMIN_TOKEN: stack.config.ADMIN_TOKEN, TOKEN_KEY: stack.config.TOKEN_KEY, METRICS_ADDRESS: `127.0.0.1:${port}`,
    });
    try {
      await stack.temporal.workflow.execute('noopWorkflow', { taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: `metrics-${port}` });
      const text = await eventually(
        () => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => ''),
        (t) => t.includes('workflow_completed'),
        30_000,
      );
      expect(text).toMatch(/temporal_workflow_completed\{[^}]*workflow_type="noopWorkflow"/);
    } finally {
      await killHard(worker);
    }
  });
});
