import {  } from '../../scripts/dev-server';
import { freeListenPort } from '../../scripts/ports';
import { eventually } from '../helpers/http';
import { startTicket, ticketInput } from '../helpers/matchmaking';
import { countOf, sampleOf } from '../helpers/metrics';
import { startStack, type Stack } from '../helpers/stack';
import { killHard, spawnWorkerProcess } from '../helpers/worker-process';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());

describe('worker metrics for operators', () => {
  it('when METRICS_ADDRESS is set, then the worker serves Temporal\'s Prometheus metrics there, with Matchflow\'s own counted by its activities', async () => {
    const port = await freeListenPort();
    const worker = spawnWorkerProcess({
      TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS, DATABASE_URL: stack.config.DATABASE_URL!, TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      ADMIN_TOKEN: stack.config.ADMIN_TOKEN, TOKEN_KEY: stack.config.TOKEN_KEY, METRICS_ADDRESS: `127.0.0.1:${port}`,
    });
    try {
      const project = await stack.createProject();
      await stack.temporal.workflow.execute('noopWorkflow', { taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: `metrics-${port}` });
      // A ticket alone in its bucket: the worker's matcher withdraws it at its deadline, and the worker counts that.
      const ticket = await startTicket(stack, ticketInput(project, { maxMatchTimeSeconds: 1 }));
      expect(await ticket.result()).toEqual({ status: 'failed', reason: 'timedOut' });
      const timedOut = { project: project.id, outcome: 'timedOut' };
      const text = await eventually(
        () => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => ''),
        (t) => t.includes('workflow_completed') && countOf(t, 'matchflow_tickets_total', timedOut) === 1,
        30_000,
      );
      expect(text).toMatch(/temporal_workflow_completed\{[^}]*workflow_type="noopWorkflow"/);
      expect(countOf(text, 'matchflow_tickets_total', timedOut)).toBe(1);
      expect(sampleOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(404);
    } finally {
      await killHard(worker);
    }
  });

  it('when METRICS_TOKEN is set, then the worker\'s metrics answer only its bearer, as the API\'s do', async () => {
    const port = await freeListenPort();
    const token = 'worker-metrics-token-0123456789';
    const worker = spawnWorkerProcess({
      TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS, DATABASE_URL: stack.config.DATABASE_URL!, TEMPORAL_TASK_QUEUE: `${stack.config.TEMPORAL_TASK_QUEUE}-token`,
      ADMIN_TOKEN: stack.config.ADMIN_TOKEN, TOKEN_KEY: stack.config.TOKEN_KEY, METRICS_ADDRESS: `127.0.0.1:${port}`, METRICS_TOKEN: token,
    });
    try {
      const scrape = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${port}/metrics`, { headers }).then((r) => r.status).catch(() => 0);
      expect(await eventually(() => scrape({ authorization: `Bearer ${token}` }), (status) => status === 200, 30_000)).toBe(200);
      expect(await scrape({})).toBe(401);
      expect(await scrape({ authorization: 'Bearer not-the-token-at-all-0000' })).toBe(401);
    } finally {
      await killHard(worker);
    }
  });
});
